//! The webhook receiver: an axum server (loopback by default) that takes the `Message`s the
//! Stellantis server POSTs to our channel, one or an array at a time.
//!
//! Webhooks are not signed; the only authentication is the secret header attribute registered
//! with the channel. A request without it, or with a wrong one, is refused with 401 and ignored.
//! The same event twice changes nothing: deduplication happens where the events are applied
//! (the tracker), so this receiver only authenticates, bounds and parses.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;

use crate::auth::Secret;
use crate::error::{Error, Result};
use crate::wire::response::Message;

/// Where the receiver listens and how it authenticates.
#[derive(Clone, Debug)]
pub struct WebhookConfig {
    /// Address to bind; `127.0.0.1:0` (loopback, any free port) by default.
    pub bind: SocketAddr,
    /// The path the server POSTs to.
    pub path: String,
    /// The header that carries the secret (registered as a `Header` attribute of the channel).
    pub header: String,
    /// The secret itself.
    pub secret: Secret,
    /// The largest body accepted, in bytes.
    pub body_limit: usize,
}

impl WebhookConfig {
    /// Loopback defaults with the given secret.
    pub fn with_secret(secret: Secret) -> Self {
        WebhookConfig {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            path: "/messages/webhook".into(),
            header: "x-car-remote-secret".into(),
            secret,
            body_limit: 1024 * 1024,
        }
    }
}

/// Where accepted messages go.
pub type MessageSink = Arc<dyn Fn(Vec<Message>) + Send + Sync>;

/// What the receiver has seen.
#[derive(Debug, Default)]
pub struct WebhookStats {
    /// Requests accepted (200).
    pub accepted: AtomicU64,
    /// Requests refused for a missing or wrong secret (401).
    pub refused: AtomicU64,
    /// Requests whose body was not a message (400).
    pub malformed: AtomicU64,
}

#[derive(Clone)]
struct Shared {
    header: String,
    secret: Secret,
    sink: MessageSink,
    stats: Arc<WebhookStats>,
}

/// A running receiver; it stops when dropped.
#[derive(Debug)]
pub struct WebhookReceiver {
    addr: SocketAddr,
    path: String,
    stats: Arc<WebhookStats>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

async fn receive(State(s): State<Shared>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let authentic = headers
        .get(s.header.as_str())
        .is_some_and(|v| s.secret.constant_time_eq(v.as_bytes()));
    if !authentic {
        s.stats.refused.fetch_add(1, Ordering::Relaxed);
        return StatusCode::UNAUTHORIZED;
    }
    match Message::parse_batch(&body) {
        // The good messages of a batch are applied even when some element is not a message;
        // answering an error would make the server send the whole batch again, for nothing.
        Ok(batch) => {
            s.stats
                .malformed
                .fetch_add(batch.malformed as u64, Ordering::Relaxed);
            (s.sink)(batch.messages);
            s.stats.accepted.fetch_add(1, Ordering::Relaxed);
            StatusCode::OK
        }
        Err(_) => {
            s.stats.malformed.fetch_add(1, Ordering::Relaxed);
            StatusCode::BAD_REQUEST
        }
    }
}

impl WebhookReceiver {
    /// Binds and starts serving; messages that pass authentication go to `sink`.
    pub async fn start(config: WebhookConfig, sink: MessageSink) -> Result<Self> {
        let stats = Arc::new(WebhookStats::default());
        let shared = Shared {
            header: config.header.to_ascii_lowercase(),
            secret: config.secret,
            sink,
            stats: stats.clone(),
        };
        let app = Router::new()
            .route(&config.path, post(receive))
            .layer(DefaultBodyLimit::max(config.body_limit))
            .with_state(shared);
        let listener = tokio::net::TcpListener::bind(config.bind)
            .await
            .map_err(|e| Error::Webhook(format!("cannot listen on {}: {e}", config.bind)))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::Webhook(format!("no local address: {e}")))?;
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        Ok(WebhookReceiver {
            addr,
            path: config.path,
            stats,
            shutdown: Some(tx),
        })
    }

    /// The URL to register as the channel's webhook target.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.addr, self.path)
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// What it has seen.
    pub fn stats(&self) -> &WebhookStats {
        &self.stats
    }
}

impl Drop for WebhookReceiver {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    async fn receiver() -> (WebhookReceiver, Arc<Mutex<Vec<Message>>>) {
        let got = Arc::new(Mutex::new(Vec::new()));
        let g = got.clone();
        let mut cfg = WebhookConfig::with_secret(Secret::new("s3cret"));
        cfg.body_limit = 4096;
        let r = WebhookReceiver::start(cfg, Arc::new(move |m| g.lock().expect("lock").extend(m)))
            .await
            .expect("starts");
        (r, got)
    }

    const ONE: &str = r#"{"channelId":"c","type":"Remote","date":"d","remoteEvent":{"remoteActionId":"r1","remoteType":"Horn","eventStatus":{"type":"Pending","status":"Accepted"}}}"#;

    #[tokio::test]
    async fn accepts_one_or_many_with_the_secret_only() {
        let (r, got) = receiver().await;
        assert!(r.local_addr().ip().is_loopback());
        let http = reqwest::Client::new();
        let send = |body: String, secret: Option<&'static str>| {
            let mut req = http
                .post(r.url())
                .body(body)
                .header("content-type", "application/json");
            if let Some(s) = secret {
                req = req.header("X-Car-Remote-Secret", s);
            }
            req.send()
        };
        let status = |r: reqwest::Response| r.status().as_u16();
        assert_eq!(status(send(ONE.into(), None).await.expect("sent")), 401);
        assert_eq!(
            status(send(ONE.into(), Some("wrong!")).await.expect("sent")),
            401
        );
        assert_eq!(
            status(send(ONE.into(), Some("s3cre")).await.expect("sent")),
            401
        );
        assert!(got.lock().expect("lock").is_empty());
        assert_eq!(
            status(send(ONE.into(), Some("s3cret")).await.expect("sent")),
            200
        );
        assert_eq!(
            status(
                send(format!("[{ONE},{ONE}]"), Some("s3cret"))
                    .await
                    .expect("sent")
            ),
            200
        );
        assert_eq!(
            status(send("nope".into(), Some("s3cret")).await.expect("sent")),
            400
        );
        // One bad element of a batch: the good one is applied, and the batch is answered 200.
        assert_eq!(
            status(
                send(format!(r#"[{ONE},"garbage"]"#), Some("s3cret"))
                    .await
                    .expect("sent")
            ),
            200
        );
        let big = format!("[{}]", vec![ONE; 100].join(","));
        assert_eq!(status(send(big, Some("s3cret")).await.expect("sent")), 413);
        assert_eq!(got.lock().expect("lock").len(), 4);
        assert_eq!(r.stats().refused.load(Ordering::Relaxed), 3);
        assert_eq!(r.stats().accepted.load(Ordering::Relaxed), 3);
        assert_eq!(r.stats().malformed.load(Ordering::Relaxed), 2);
        let url = r.url();
        drop(r);
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        assert!(
            reqwest::Client::new()
                .post(url)
                .body(ONE)
                .send()
                .await
                .is_err()
        );
    }
}
