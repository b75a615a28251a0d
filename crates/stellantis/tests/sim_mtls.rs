//! The same client over HTTPS with mutual TLS: the simulator's generated CA is trusted as an
//! extra CA and the client presents its certificate.

mod common;

use common::*;
use serde_json::json;
use stellantis::{Client, ErrorKind};
use stellantis_sim::TlsMode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remotes_end_over_https_with_a_client_certificate() {
    let sim = sim(|c| c.tls = TlsMode::Generated).await;
    assert!(sim.base_url().starts_with("https://"));
    let client = client(&sim);
    let vehicles = client.vehicles().await.expect("vehicles over mTLS");
    assert_eq!(vehicles.len(), 25);
    let vehicle = vehicles[0].id.clone();
    assert!(client.capability(&vehicle).await.is_ok());
    let session = session_labelled(client, "car-remote-mtls", webhook_only()).await;
    for cmd in [
        json!({"feature":"locking","state":"Locked"}),
        json!({"feature":"vehicleFinder"}),
    ] {
        let outcome = session
            .tracker
            .send_and_wait(&vehicle, command(cmd), WAIT)
            .await;
        assert_succeeded(&outcome);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_client_certificate_or_the_ca_nothing_gets_through() {
    let sim = sim(|c| c.tls = TlsMode::Generated).await;
    let tls = sim.tls_material().expect("generated TLS material");
    let config = |ca: bool| {
        let mut c = config(&sim);
        c.http.get_attempts = 1;
        if ca {
            c.http.extra_ca_pem = Some(tls.ca_cert_pem.clone());
        }
        c
    };
    for ca in [true, false] {
        let err = Client::new(config(ca))
            .expect("builds")
            .vehicles()
            .await
            .expect_err("refused");
        assert_eq!(err.kind(), ErrorKind::Network, "{err}");
    }
}
