//! TLS for the transport: rustls with the ring provider, the web PKI roots plus any extra CA,
//! and an optional client identity for mutual TLS.

use std::sync::Arc;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

use super::HttpConfig;
use crate::auth::Secret;
use crate::error::{Error, Result};

/// A client certificate and its private key, both PEM, for mutual TLS.
#[derive(Clone, Debug)]
pub struct ClientIdentity {
    /// The certificate chain, PEM.
    pub cert_pem: String,
    /// The private key, PEM (PKCS#8, PKCS#1 or SEC1).
    pub key_pem: Secret,
}

/// Builds the reqwest client: rustls with the ring provider, the web PKI roots plus any extra CA,
/// and the mTLS identity when given.
pub fn build_client(config: &HttpConfig) -> Result<reqwest::Client> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(pem) = &config.extra_ca_pem {
        let mut added = 0;
        for cert in CertificateDer::pem_slice_iter(pem.as_bytes()) {
            let cert = cert.map_err(|e| Error::Config(format!("extra CA certificate: {e}")))?;
            roots
                .add(cert)
                .map_err(|e| Error::Config(format!("extra CA certificate: {e}")))?;
            added += 1;
        }
        if added == 0 {
            return Err(Error::Config(
                "the extra CA file holds no PEM certificate".into(),
            ));
        }
    }
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Config(format!("TLS: {e}")))?
        .with_root_certificates(roots);
    let tls = match &config.identity {
        Some(id) => {
            let certs = CertificateDer::pem_slice_iter(id.cert_pem.as_bytes())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| Error::Config(format!("client certificate: {e}")))?;
            if certs.is_empty() {
                return Err(Error::Config(
                    "the client certificate file holds no PEM certificate".into(),
                ));
            }
            // The key's parse error could quote key material: say only that it failed.
            let key =
                PrivateKeyDer::from_pem_slice(id.key_pem.expose().as_bytes()).map_err(|_| {
                    Error::Config("the client key is not a readable PEM private key".into())
                })?;
            builder
                .with_client_auth_cert(certs, key)
                .map_err(|e| Error::Config(format!("client certificate and key: {e}")))?
        }
        None => builder.with_no_client_auth(),
    };
    reqwest::Client::builder()
        .use_preconfigured_tls(tls)
        .redirect(same_origin_redirects())
        .connect_timeout(config.connect_timeout)
        .timeout(config.request_timeout)
        .user_agent(concat!("car-remote-stellantis/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| Error::Config(format!("HTTP client: {e}")))
}

/// Follows a redirect only within the origin it started from (at most 5 hops): a redirect to
/// another scheme, host or port could take the bearer token, or the client secret of a token
/// request, elsewhere, so it is not followed and its 3xx answer is returned as it is.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if same_origin && attempt.previous().len() <= 5 {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_pem_is_a_config_error_without_key_material() {
        let config = HttpConfig {
            identity: Some(ClientIdentity {
                cert_pem: "nope".into(),
                key_pem: Secret::new(
                    "-----BEGIN PRIVATE KEY-----\nSECRETSTUFF\n-----END PRIVATE KEY-----\n",
                ),
            }),
            ..HttpConfig::default()
        };
        let err = build_client(&config).expect_err("no certificate");
        assert_eq!(err.kind(), crate::error::ErrorKind::Config);
        assert!(!err.to_string().contains("SECRETSTUFF"));
        assert!(!format!("{config:?}").contains("SECRETSTUFF"));
        let ca = HttpConfig {
            extra_ca_pem: Some("not a pem".into()),
            ..HttpConfig::default()
        };
        assert_eq!(
            build_client(&ca).expect_err("no CA").kind(),
            crate::error::ErrorKind::Config
        );
    }
}
