//! HTTPS with a required client certificate (mTLS), certificates generated at start.

use serde_json::Value;
use stellantis_sim::{SimConfig, TlsMode};

fn client(material: &stellantis_sim::TlsMaterial, with_cert: bool) -> reqwest::Client {
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
