//! The `stellantis-sim` binary: serves the simulated Stellantis API until Ctrl-C.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use stellantis_sim::{Faults, SimConfig, TlsMode};

/// A simulator of the Stellantis Connected Vehicles API (demo fleet and test server).
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// TCP port on 127.0.0.1 (0 = ephemeral).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Number of vehicles in the fleet.
    #[arg(long, default_value_t = 25)]
    vehicles: usize,
    /// Seed of the deterministic fleet.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// 1 = realistic seconds, 0 = no delays.
    #[arg(long, default_value_t = 1.0)]
    time_scale: f64,
    /// OAuth2 client id.
    #[arg(long, default_value = "demo-client")]
    client_id: String,
    /// OAuth2 client secret.
    #[arg(long, default_value = "demo-secret")]
    client_secret: String,
    /// Bearer token lifetime in seconds.
    #[arg(long, default_value_t = 3600)]
    token_lifetime: u64,
    /// Requests per second before 429.
    #[arg(long, default_value_t = 100)]
    burst: u32,
    /// Requests per day before 429.
    #[arg(long, default_value_t = 100_000)]
    day_quota: u32,
    /// Webhook retry interval in seconds (scaled by --time-scale).
    #[arg(long, default_value_t = 10)]
    webhook_retry_secs: u64,
    /// Serve HTTPS with generated certificates and a required client certificate; the PEMs are
    /// written to this directory (ca.pem, client.pem, client-key.pem).
    #[arg(long, value_name = "DIR", conflicts_with = "tls_cert")]
    tls_generate: Option<PathBuf>,
    /// Serve HTTPS with this server certificate chain (PEM); needs --tls-key and --tls-client-ca.
    #[arg(long, requires_all = ["tls_key", "tls_client_ca"])]
    tls_cert: Option<PathBuf>,
    /// Server private key (PEM).
    #[arg(long)]
    tls_key: Option<PathBuf>,
    /// CA certificate(s) a client certificate must chain to (PEM).
    #[arg(long)]
    tls_client_ca: Option<PathBuf>,
    /// Share (0..1) of API requests answered 503.
    #[arg(long, default_value_t = 0.0)]
    fault_5xx: f64,
    /// Share (0..1) of API requests answered 429.
    #[arg(long, default_value_t = 0.0)]
    fault_429: f64,
    /// Milliseconds added to every API response.
    #[arg(long, default_value_t = 0)]
    fault_latency_ms: u64,
    /// The next N remote POSTs create the remote and then drop the connection.
    #[arg(long, default_value_t = 0)]
    fault_drop_after_create: u32,
    /// The next N remote POSTs create the remote (it runs as usual), then answer 504 Gateway Timeout.
    #[arg(long, default_value_t = 0, alias = "fault-store-then-504")]
    fault_gateway_timeout_after_create: u32,
    /// The next N remote POSTs create the remote (it runs as usual), then answer 202 with a
    /// truncated body that is not valid JSON and holds no remote id.
    #[arg(long, default_value_t = 0, alias = "fault-unreadable-accept")]
    fault_unreadable_accept_after_create: u32,
    /// Send every webhook twice.
    #[arg(long)]
    fault_duplicate_webhooks: bool,
    /// Deliver a remote's last pending event after its Done event.
    #[arg(long)]
    fault_reorder_webhooks: bool,
    /// Delay every webhook by this many milliseconds.
    #[arg(long, default_value_t = 0)]
    fault_late_webhooks_ms: u64,
    /// Fail every webhook delivery as if the target were down.
    #[arg(long)]
    fault_webhook_unreachable: bool,
    /// Use platform-notification.yaml's RemoteType names in webhooks (Doors, WakeUp...).
    #[arg(long)]
    legacy_remote_type_names: bool,
}

fn write_material(
    dir: &std::path::Path,
    material: &stellantis_sim::TlsMaterial,
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("ca.pem"), &material.ca_cert_pem)?;
    std::fs::write(dir.join("client.pem"), &material.client_cert_pem)?;
    std::fs::write(dir.join("client-key.pem"), &material.client_key_pem)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let tls = match (
        &args.tls_generate,
        &args.tls_cert,
        &args.tls_key,
        &args.tls_client_ca,
    ) {
        (Some(_), _, _, _) => TlsMode::Generated,
        (None, Some(cert), Some(key), Some(client_ca)) => TlsMode::Files {
            cert: cert.clone(),
            key: key.clone(),
            client_ca: client_ca.clone(),
        },
        _ => TlsMode::None,
    };
    let config = SimConfig {
        vehicles: args.vehicles,
        seed: args.seed,
        time_scale: args.time_scale,
        client_id: args.client_id.clone(),
        client_secret: args.client_secret.clone(),
        token_lifetime: Duration::from_secs(args.token_lifetime),
        burst_per_second: args.burst,
        day_quota: args.day_quota,
        webhook_retry_interval: Duration::from_secs(args.webhook_retry_secs),
        tls,
        faults: Faults {
            error_5xx_share: args.fault_5xx,
            rate_429_share: args.fault_429,
            latency_ms: args.fault_latency_ms,
            drop_after_remote_create: args.fault_drop_after_create,
            gateway_timeout_after_remote_create: args.fault_gateway_timeout_after_create,
            unreadable_accept_after_remote_create: args.fault_unreadable_accept_after_create,
            duplicate_webhooks: args.fault_duplicate_webhooks,
            reorder_webhooks: args.fault_reorder_webhooks,
            late_webhooks_ms: args.fault_late_webhooks_ms,
            webhook_unreachable: args.fault_webhook_unreachable,
            legacy_remote_type_names: args.legacy_remote_type_names,
        },
        port: args.port,
        ..SimConfig::default()
    };
    let sim = match stellantis_sim::start(config).await {
        Ok(sim) => sim,
        Err(error) => {
            eprintln!("stellantis-sim: {error}");
            return ExitCode::FAILURE;
        }
    };
    if let (Some(dir), Some(material)) = (&args.tls_generate, sim.tls_material()) {
        if let Err(error) = write_material(dir, material) {
            eprintln!(
                "stellantis-sim: cannot write TLS material to {}: {error}",
                dir.display()
            );
            return ExitCode::FAILURE;
        }
        println!(
            "TLS material (CA, client certificate and key): {}",
            dir.display()
        );
    }
    println!(
        "stellantis-sim: {} vehicles, seed {}, time scale {}",
        args.vehicles, args.seed, args.time_scale
    );
    println!("API base URL:   {}", sim.base_url());
    println!("token URL:      {}", sim.token_url());
    println!("client id:      {}", sim.client_id());
    println!(
        "vehicles:       {}/accounts/vehicles?client_id={}",
        sim.base_url(),
        sim.client_id()
    );
    println!(
        "admin:          {0}/admin/faults  {0}/admin/stats  {0}/admin/fleet",
        sim.admin_url()
    );
    println!("Ctrl-C to stop.");
    // A failure to install the handler leaves only SIGKILL; then just serve forever.
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
    ExitCode::SUCCESS
}
