//! OAuth2 client credentials: a token cache that refreshes before expiry and once on a 401, with
//! never more than one refresh in flight however many requests wait for it.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::error::{ApiError, Error, Result};
pub use crate::secret::Secret;

/// Where and as whom to ask for a token.
#[derive(Clone, Debug)]
pub struct Credentials {
    /// The OAuth2 token endpoint (e.g. `https://.../as/token.oauth2`).
    pub token_url: String,
    /// The application's client id (also sent as `client_id` on every API call).
    pub client_id: String,
    /// The application's client secret.
    pub client_secret: Secret,
    /// Scope to ask for, if the account needs one.
    pub scope: Option<String>,
}

/// A bearer token and when it should be replaced.
#[derive(Clone, Debug)]
struct CachedToken {
    value: Arc<Secret>,
    refresh_at: Instant,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
}

/// Default lifetime when the token endpoint does not say (the documented example is ~1 h).
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3599);

/// The longest token lifetime believed; a token is refreshed at least daily.
const MAX_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// When to refresh a token that lives `lifetime`: a fifth of it early, at most one minute.
fn refresh_margin(lifetime: Duration) -> Duration {
    (lifetime / 5).min(Duration::from_secs(60))
}

/// The token cache. Cheap to share behind an `Arc`.
#[derive(Debug)]
pub struct TokenSource {
    credentials: Credentials,
    http: reqwest::Client,
    // An async mutex held across the refresh: waiters queue on it and then find the new token,
    // so there is never a second refresh in flight.
    state: tokio::sync::Mutex<Option<CachedToken>>,
    fetches: AtomicU64,
}

impl TokenSource {
    /// A token source that asks `credentials.token_url` through `http`.
    pub fn new(credentials: Credentials, http: reqwest::Client) -> Self {
        TokenSource {
            credentials,
            http,
            state: tokio::sync::Mutex::new(None),
            fetches: AtomicU64::new(0),
        }
    }

    /// The client id, for the `client_id` query parameter.
    pub fn client_id(&self) -> &str {
        &self.credentials.client_id
    }

    /// How many times a token was fetched from the token endpoint.
    pub fn fetch_count(&self) -> u64 {
        self.fetches.load(Ordering::Relaxed)
    }

    /// A valid token: the cached one, or a new one if it is missing or about to expire.
    pub async fn token(&self) -> Result<Arc<Secret>> {
        let mut state = self.state.lock().await;
        if let Some(t) = state.as_ref()
            && Instant::now() < t.refresh_at
        {
            return Ok(t.value.clone());
        }
        let fresh = self.fetch().await?;
        let value = fresh.value.clone();
        *state = Some(fresh);
        Ok(value)
    }

    /// Forgets `used` after the API refused it (401), unless another caller already replaced it,
    /// so a burst of 401s on the same token leads to one refresh.
    pub async fn invalidate(&self, used: &Arc<Secret>) {
        let mut state = self.state.lock().await;
        if state.as_ref().is_some_and(|t| Arc::ptr_eq(&t.value, used)) {
            *state = None;
        }
    }

    async fn fetch(&self) -> Result<CachedToken> {
        self.fetches.fetch_add(1, Ordering::Relaxed);
        let c = &self.credentials;
        let mut form = vec![
            ("grant_type", "client_credentials"),
            ("client_id", c.client_id.as_str()),
            ("client_secret", c.client_secret.expose()),
        ];
        if let Some(scope) = &c.scope {
            form.push(("scope", scope.as_str()));
        }
        let answer = self
            .http
            .post(&c.token_url)
            .form(&form)
            .send()
            .await
            .map_err(|e| {
                Error::Network(format!("token endpoint unreachable: {}", e.without_url()))
            })?;
        let status = answer.status().as_u16();
        let body = answer
            .bytes()
            .await
            .map_err(|e| Error::Network(format!("token answer lost: {}", e.without_url())))?;
        if !(200..300).contains(&status) {
            // The token endpoint says 400/401 for bad client credentials: both mean "signed out".
            return Err(match status {
                400 | 401 | 403 => Error::SignedOut(ApiError::from_body(status, &body)),
                _ => Error::from_status(status, &body, None),
            });
        }
        let parsed: TokenAnswer = serde_json::from_slice(&body)
            .map_err(|e| Error::Protocol(format!("token answer: {e}")))?;
        let lifetime = parsed
            .expires_in
            .and_then(|v| match v {
                serde_json::Value::Number(n) => n.as_f64(),
                serde_json::Value::String(s) => s.trim().parse().ok(),
                _ => None,
            })
            .filter(|s| s.is_finite() && *s > 0.0)
            // A lifetime of any size is taken as at most a day: never an overflow.
            .map(|s| Duration::from_secs_f64(s.min(MAX_LIFETIME.as_secs_f64())))
            .unwrap_or(DEFAULT_LIFETIME);
        Ok(CachedToken {
            value: Arc::new(Secret::new(parsed.access_token)),
            refresh_at: Instant::now() + lifetime - refresh_margin(lifetime),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{Router, routing::post};
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn credentials_never_print_the_secret() {
        let c = Credentials {
            token_url: "http://x".into(),
            client_id: "id".into(),
            client_secret: Secret::new("hunter2"),
            scope: None,
        };
        assert!(!format!("{c:?}").contains("hunter2"));
    }

    #[test]
    fn margin_is_a_fifth_capped_at_a_minute() {
        assert_eq!(
            refresh_margin(Duration::from_secs(3600)),
            Duration::from_secs(60)
        );
        assert_eq!(
            refresh_margin(Duration::from_secs(2)),
            Duration::from_millis(400)
        );
    }

    /// A token endpoint on loopback that counts calls and answers slowly, so concurrent
    /// callers really overlap.
    async fn token_server(lifetime: &'static str) -> (String, Arc<AtomicUsize>) {
        let calls = Arc::new(AtomicUsize::new(0));
        let c = calls.clone();
        let app = Router::new().route(
            "/token",
            post(move |body: String| {
                let c = c.clone();
                async move {
                    assert!(body.contains("grant_type=client_credentials"), "{body}");
                    assert!(body.contains("client_secret=s3cret"), "{body}");
                    let n = c.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    format!(r#"{{"access_token":"tok-{n}","token_type":"Bearer","expires_in":{lifetime}}}"#)
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, app).await });
        (format!("http://{addr}/token"), calls)
    }

    fn source(url: String) -> Arc<TokenSource> {
        Arc::new(TokenSource::new(
            Credentials {
                token_url: url,
                client_id: "id".into(),
                client_secret: Secret::new("s3cret"),
                scope: None,
            },
            reqwest::Client::new(),
        ))
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn one_refresh_for_many_waiters_and_one_per_invalidation() {
        let (url, calls) = token_server("3600").await;
        let src = source(url);
        let tasks: Vec<_> = (0..50)
            .map(|_| {
                let s = src.clone();
                tokio::spawn(async move { s.token().await })
            })
            .collect();
        let mut tokens = Vec::new();
        for t in tasks {
            tokens.push(t.await.expect("join").expect("token"));
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert!(tokens.iter().all(|t| t.expose() == "tok-0"));

        // Fifty requests all saw a 401 with the same token: one refresh, not fifty.
        let stale = tokens[0].clone();
        let tasks: Vec<_> = (0..50)
            .map(|_| {
                let (s, stale) = (src.clone(), stale.clone());
                tokio::spawn(async move {
                    s.invalidate(&stale).await;
                    s.token().await
                })
            })
            .collect();
        for t in tasks {
            assert_eq!(t.await.expect("join").expect("token").expose(), "tok-1");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        assert_eq!(src.fetch_count(), 2);
    }

    #[tokio::test]
    async fn refreshes_before_expiry() {
        let (url, calls) = token_server("\"1\"").await;
        let src = source(url);
        assert_eq!(src.token().await.expect("token").expose(), "tok-0");
        // Lifetime 1 s, margin 0.2 s: after 0.9 s the token is due for replacement.
        tokio::time::sleep(Duration::from_millis(900)).await;
        assert_eq!(src.token().await.expect("token").expose(), "tok-1");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn an_expires_in_of_any_size_is_clamped_never_a_panic() {
        for huge in [
            "1e300",
            "18446744073709551616",
            "\"99999999999999999999999\"",
        ] {
            let (url, calls) = token_server(huge).await;
            let src = source(url);
            assert_eq!(src.token().await.expect("token").expose(), "tok-0");
            // Clamped to a day: the same token is used again, not refetched.
            assert_eq!(src.token().await.expect("token").expose(), "tok-0");
            assert_eq!(calls.load(Ordering::SeqCst), 1, "{huge}");
        }
    }

    #[tokio::test]
    async fn refused_credentials_mean_signed_out() {
        let app = Router::new().route(
            "/token",
            post(|| async {
                (
                    axum::http::StatusCode::UNAUTHORIZED,
                    r#"{"error":"invalid_client","error_description":"bad secret"}"#,
                )
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, app).await });
        let err = source(format!("http://{addr}/token"))
            .token()
            .await
            .expect_err("refused");
        assert_eq!(err.kind(), crate::error::ErrorKind::SignedOut);
        assert!(err.to_string().contains("bad secret"));
        assert!(!err.to_string().contains("s3cret"));
    }
}
