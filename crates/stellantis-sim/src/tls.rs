//! HTTPS with a required client certificate (mTLS): from PEM files, or generated at start.

use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use rustls::ServerConfig;
use rustls::server::WebPkiClientVerifier;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

use crate::config::TlsMode;
use crate::error::SimError;

/// PEMs a client needs to talk to a simulator started with `TlsMode::Generated`.
#[derive(Clone)]
pub struct TlsMaterial {
    /// The CA certificate that signed the server certificate (trust it).
    pub ca_cert_pem: String,
    /// A client certificate signed by the CA the server requires.
    pub client_cert_pem: String,
    /// The private key of `client_cert_pem` (a secret: never logged).
    pub client_key_pem: String,
}

impl std::fmt::Debug for TlsMaterial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsMaterial")
            .field("ca_cert_pem", &self.ca_cert_pem)
            .field("client_cert_pem", &self.client_cert_pem)
            .field("client_key_pem", &"<redacted>")
            .finish()
    }
}

fn tls_err(what: &str, e: impl std::fmt::Display) -> SimError {
    SimError::Tls(format!("{what}: {e}"))
}

fn ca(name: &str) -> Result<CertifiedIssuer<'static, KeyPair>, SimError> {
    let mut params =
        CertificateParams::new(Vec::<String>::new()).map_err(|e| tls_err("CA parameters", e))?;
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let key = KeyPair::generate().map_err(|e| tls_err("CA key", e))?;
    CertifiedIssuer::self_signed(params, key).map_err(|e| tls_err("CA certificate", e))
}

fn leaf(
    names: Vec<String>,
    common_name: &str,
    usage: ExtendedKeyUsagePurpose,
    issuer: &CertifiedIssuer<'static, KeyPair>,
) -> Result<(String, String), SimError> {
    let mut params =
        CertificateParams::new(names).map_err(|e| tls_err("certificate parameters", e))?;
    params
        .distinguished_name
        .push(DnType::CommonName, common_name);
    params.extended_key_usages = vec![usage];
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    let key = KeyPair::generate().map_err(|e| tls_err("key", e))?;
    let cert = params
        .signed_by(&key, issuer)
        .map_err(|e| tls_err("certificate", e))?;
    Ok((cert.pem(), key.serialize_pem()))
}

fn certs(pem: &[u8], what: &str) -> Result<Vec<CertificateDer<'static>>, SimError> {
    let list: Vec<CertificateDer<'static>> = rustls_pemfile::certs(&mut &pem[..])
        .collect::<Result<_, _>>()
        .map_err(|e| tls_err(what, e))?;
    if list.is_empty() {
        return Err(SimError::Tls(format!("{what}: no CERTIFICATE block found")));
    }
    Ok(list)
}

fn key(pem: &[u8]) -> Result<PrivateKeyDer<'static>, SimError> {
    rustls_pemfile::private_key(&mut &pem[..])
        .map_err(|e| tls_err("server key", e))?
        .ok_or_else(|| SimError::Tls("server key: no PRIVATE KEY block found".to_owned()))
}

fn server_config(
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
    client_cas: Vec<CertificateDer<'static>>,
) -> Result<Arc<ServerConfig>, SimError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    for ca in client_cas {
        roots.add(ca).map_err(|e| tls_err("client CA", e))?;
    }
    let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| tls_err("client verifier", e))?;
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_err("protocol versions", e))?
        .with_client_cert_verifier(verifier)
        .with_single_cert(chain, key)
        .map_err(|e| tls_err("server certificate", e))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// A server TLS configuration, with the generated PEMs when they were generated.
pub(crate) type TlsSetup = (Arc<ServerConfig>, Option<TlsMaterial>);

/// The server TLS configuration for a mode, and generated material when there is some.
pub(crate) fn setup(mode: &TlsMode) -> Result<Option<TlsSetup>, SimError> {
    match mode {
        TlsMode::None => Ok(None),
        TlsMode::Generated => {
            let server_ca = ca("stellantis-sim server CA")?;
            let client_ca = ca("stellantis-sim client CA")?;
            let (server_pem, server_key_pem) = leaf(
                vec!["localhost".to_owned(), "127.0.0.1".to_owned()],
                "stellantis-sim",
                ExtendedKeyUsagePurpose::ServerAuth,
                &server_ca,
            )?;
            let (client_cert_pem, client_key_pem) = leaf(
                Vec::new(),
                "stellantis-sim client",
                ExtendedKeyUsagePurpose::ClientAuth,
                &client_ca,
            )?;
            let config = server_config(
                certs(server_pem.as_bytes(), "server certificate")?,
                key(server_key_pem.as_bytes())?,
                certs(client_ca.pem().as_bytes(), "client CA")?,
            )?;
            let material = TlsMaterial {
                ca_cert_pem: server_ca.pem(),
                client_cert_pem,
                client_key_pem,
            };
            Ok(Some((config, Some(material))))
        }
        TlsMode::Files {
            cert,
            key: key_path,
            client_ca,
        } => {
            let read = |path: &std::path::Path| {
                std::fs::read(path)
                    .map_err(|e| SimError::Tls(format!("cannot read {}: {e}", path.display())))
            };
            let config = server_config(
                certs(&read(cert)?, "server certificate")?,
                key(&read(key_path)?)?,
                certs(&read(client_ca)?, "client CA")?,
            )?;
            Ok(Some((config, None)))
        }
    }
}
