//! HTTPS with a required client certificate (mTLS), certificates generated at start.

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, ExtendedKeyUsagePurpose, IsCa, KeyPair,
};
use serde_json::Value;
use stellantis_sim::{SimConfig, TlsMaterial, TlsMode};

fn client(material: &TlsMaterial, with_cert: bool) -> reqwest::Client {
    let ca = reqwest::Certificate::from_pem(material.ca_cert_pem.as_bytes()).expect("CA PEM");
    let mut builder = reqwest::Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(false)
        .add_root_certificate(ca);
    if with_cert {
        let pem = format!("{}\n{}", material.client_cert_pem, material.client_key_pem);
        builder = builder.identity(reqwest::Identity::from_pem(pem.as_bytes()).expect("identity"));
    }
    builder.build().expect("client")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_requires_a_client_certificate() {
    let sim = stellantis_sim::start(SimConfig {
        tls: TlsMode::Generated,
        ..SimConfig::for_tests()
    })
    .await
    .unwrap();
    assert!(sim.base_url().starts_with("https://127.0.0.1:"));
    let material = sim.tls_material().expect("generated material").clone();
    assert!(
        !format!("{material:?}").contains("PRIVATE KEY"),
        "the key is not in Debug"
    );

    let good = client(&material, true);
    let token: Value = good
        .post(sim.token_url())
        .basic_auth(sim.client_id(), Some(sim.client_secret()))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .expect("mTLS request")
        .json()
        .await
        .unwrap();
    let token = token["access_token"].as_str().unwrap();
    let vehicles = good
        .get(format!(
            "{}/accounts/vehicles?client_id={}",
            sim.base_url(),
            sim.client_id()
        ))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(vehicles.status(), 200);

    let anonymous = client(&material, false);
    let refused = anonymous
        .post(sim.token_url())
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await;
    assert!(refused.is_err(), "no client certificate, no connection");
    let plain = reqwest::Client::new()
        .get(sim.token_url().replace("https://", "http://"))
        .send()
        .await;
    assert!(plain.is_err() || !plain.unwrap().status().is_success());
}

fn issuer() -> CertifiedIssuer<'static, KeyPair> {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap()
}

fn leaf(
    names: Vec<String>,
    usage: ExtendedKeyUsagePurpose,
    issuer: &CertifiedIssuer<'static, KeyPair>,
) -> (String, String) {
    let mut params = CertificateParams::new(names).unwrap();
    params.extended_key_usages = vec![usage];
    let key = KeyPair::generate().unwrap();
    (
        params.signed_by(&key, issuer).unwrap().pem(),
        key.serialize_pem(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_from_pem_files() {
    let dir = std::env::temp_dir().join(format!("stellantis-sim-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let server_ca = issuer();
    let client_ca = issuer();
    let (server_cert, server_key) = leaf(
        vec!["127.0.0.1".into()],
        ExtendedKeyUsagePurpose::ServerAuth,
        &server_ca,
    );
    let (client_cert, client_key) =
        leaf(Vec::new(), ExtendedKeyUsagePurpose::ClientAuth, &client_ca);
    for (name, pem) in [
        ("cert.pem", &server_cert),
        ("key.pem", &server_key),
        ("client-ca.pem", &client_ca.pem()),
    ] {
        std::fs::write(dir.join(name), pem).unwrap();
    }
    let tls = TlsMode::Files {
        cert: dir.join("cert.pem"),
        key: dir.join("key.pem"),
        client_ca: dir.join("client-ca.pem"),
    };
    let sim = stellantis_sim::start(SimConfig {
        tls,
        ..SimConfig::for_tests()
    })
    .await
    .unwrap();
    assert!(sim.tls_material().is_none());
    let material = TlsMaterial {
        ca_cert_pem: server_ca.pem(),
        client_cert_pem: client_cert,
        client_key_pem: client_key,
    };
    let response = client(&material, true)
        .post(sim.token_url())
        .basic_auth(sim.client_id(), Some(sim.client_secret()))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .expect("mTLS with file certificates");
    assert_eq!(response.status(), 200);
    assert!(
        client(&material, false)
            .post(sim.token_url())
            .send()
            .await
            .is_err()
    );
    // A missing file is a clear TLS error.
    let missing = TlsMode::Files {
        cert: dir.join("nope.pem"),
        key: dir.join("key.pem"),
        client_ca: dir.join("client-ca.pem"),
    };
    let error = stellantis_sim::start(SimConfig {
        tls: missing,
        ..SimConfig::for_tests()
    })
    .await
    .unwrap_err();
    assert_eq!(error.kind(), stellantis_sim::SimErrorKind::Tls);
    std::fs::remove_dir_all(&dir).ok();
}
