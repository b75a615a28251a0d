//! HTTP discipline: rustls (ring) with optional mTLS identity and extra CA (`tls.rs`), connect
//! and total timeouts, pacing under the burst quota read from `X-RateLimit-*` (`pacer.rs`),
//! `429` waits `Retry-After`, GETs retried with jittered backoff (`retry.rs`), and remote POSTs
//! sent **at most once** (the transport, here).

mod pacer;
mod retry;
mod tls;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode, Url};

pub use pacer::{BURST_WINDOW, Pacer};
use retry::Settling;
pub use retry::{RETRY_AFTER_CAP, backoff_delay, retry_after};
pub use tls::{ClientIdentity, build_client};

use crate::auth::{Secret, TokenSource};
use crate::error::{Error, Result};

/// Timeouts, retry limits and TLS settings of the transport.
#[derive(Clone, Debug)]
pub struct HttpConfig {
    /// Time allowed to open a connection.
    pub connect_timeout: Duration,
    /// Time allowed for a whole request and its answer.
    pub request_timeout: Duration,
    /// How many times a GET is tried in all on network errors and 5xx.
    pub get_attempts: u32,
    /// First backoff delay between GET attempts (doubles each time, jittered).
    pub backoff_base: Duration,
    /// Longest backoff delay.
    pub backoff_max: Duration,
    /// How many `429` answers one call waits through before giving up.
    pub max_rate_limited_waits: u32,
    /// The longest `Retry-After` worth waiting for; a longer one is returned as an error.
    pub max_retry_after: Duration,
    /// Optional client identity for mTLS.
    pub identity: Option<ClientIdentity>,
    /// Optional extra trusted CA certificate(s), PEM (e.g. the simulator's).
    pub extra_ca_pem: Option<String>,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            get_attempts: 4,
            backoff_base: Duration::from_millis(200),
            backoff_max: Duration::from_secs(10),
            max_rate_limited_waits: 20,
            max_retry_after: Duration::from_secs(120),
            identity: None,
            extra_ca_pem: None,
        }
    }
}

/// Counters of what the transport did (for tests, the CLI's `--verbose` and the benchmark).
#[derive(Debug, Default)]
pub struct HttpStats {
    /// Requests that went out (every attempt).
    pub requests: AtomicU64,
    /// `429` answers received.
    pub rate_limited: AtomicU64,
    /// GET retries after a network error or 5xx.
    pub retries: AtomicU64,
    /// Calls repeated after a `401` with a fresh token.
    pub reauthorised: AtomicU64,
}

/// What became of a request that must not be repeated blindly.
#[derive(Debug)]
pub enum Delivery {
    /// The server answered 2xx with this body.
    Answered(Vec<u8>),
    /// The request may have reached the server but the answer was lost (timeout, connection
    /// dropped): whether it was carried out is unknown.
    Lost(String),
}

/// The transport: base URL, token, pacing, retries.
#[derive(Debug)]
pub struct Http {
    client: reqwest::Client,
    base: Url,
    tokens: Arc<TokenSource>,
    pacer: Pacer,
    config: HttpConfig,
    stats: HttpStats,
}

enum Attempt {
    Done(StatusCode, HeaderMap, Vec<u8>),
    NotSent(String),
    Lost(String),
}

impl Http {
    /// A transport for the API at `base_url` (e.g. `https://host/api/connectedcar/v1`).
    pub fn new(
        client: reqwest::Client,
        base_url: &str,
        tokens: Arc<TokenSource>,
        config: HttpConfig,
    ) -> Result<Self> {
        let base = Url::parse(base_url.trim_end_matches('/'))
            .map_err(|e| Error::Config(format!("API base URL {base_url:?}: {e}")))?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(Error::Config(format!(
                "API base URL {base_url:?} is not http(s)"
            )));
        }
        Ok(Http {
            client,
            base,
            tokens,
            pacer: Pacer::default(),
            config,
            stats: HttpStats::default(),
        })
    }

    /// The counters.
    pub fn stats(&self) -> &HttpStats {
        &self.stats
    }

    /// The token source.
    pub fn tokens(&self) -> &Arc<TokenSource> {
        &self.tokens
    }

    /// The pacer.
    pub fn pacer(&self) -> &Pacer {
        &self.pacer
    }

    /// Resolves a path under the base (`/accounts/vehicles`) or a link the server gave
    /// (absolute, or a path from the host root that already starts with the base path).
    pub fn url(&self, path_or_link: &str) -> Result<Url> {
        let base_path = self.base.path().trim_end_matches('/');
        let joined = if path_or_link.starts_with("http://") || path_or_link.starts_with("https://")
        {
            Url::parse(path_or_link)
        } else if !base_path.is_empty() && path_or_link.starts_with(base_path) {
            self.base.join(path_or_link)
        } else {
            let sep = if path_or_link.starts_with('/') {
                ""
            } else {
                "/"
            };
            Url::parse(&format!(
                "{}{sep}{path_or_link}",
                self.base.as_str().trim_end_matches('/')
            ))
        };
        let mut url =
            joined.map_err(|e| Error::Protocol(format!("bad link {path_or_link:?}: {e}")))?;
        if !url.query_pairs().any(|(k, _)| k == "client_id") {
            url.query_pairs_mut()
                .append_pair("client_id", self.tokens.client_id());
        }
        Ok(url)
    }

    async fn attempt(
        &self,
        method: &Method,
        url: &Url,
        body: Option<&serde_json::Value>,
        token: &Secret,
    ) -> Attempt {
        let wait = self.pacer.reserve(Instant::now());
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        self.stats.requests.fetch_add(1, Ordering::Relaxed);
        let mut req = self
            .client
            .request(method.clone(), url.clone())
            .bearer_auth(token.expose())
            .header(
                reqwest::header::ACCEPT,
                "application/hal+json, application/json",
            );
        if let Some(b) = body {
            req = req.json(b);
        }
        let answer = match req.send().await {
            Ok(a) => a,
            // A connect error means nothing was sent; anything later may have reached the server.
            Err(e) if e.is_connect() => return Attempt::NotSent(e.without_url().to_string()),
            Err(e) => return Attempt::Lost(e.without_url().to_string()),
        };
        let status = answer.status();
        let headers = answer.headers().clone();
        self.pacer.observe(&headers);
        match answer.bytes().await {
            Ok(b) => Attempt::Done(status, headers, b.to_vec()),
            Err(e) => Attempt::Lost(e.without_url().to_string()),
        }
    }

    /// Handles what every call handles alike: one re-authorisation on 401 and waiting through
    /// 429. `Ok(())` asks the caller to repeat the request; an error is final for it.
    async fn settle(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        token: &Arc<Secret>,
        spent: &mut Settling,
    ) -> Result<()> {
        if status == StatusCode::UNAUTHORIZED && !spent.reauthorised {
            spent.reauthorised = true;
            self.stats.reauthorised.fetch_add(1, Ordering::Relaxed);
            self.tokens.invalidate(token).await;
            return Ok(());
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            self.stats.rate_limited.fetch_add(1, Ordering::Relaxed);
            let wait = retry_after(headers).unwrap_or(Duration::from_secs(1));
            if spent.waits >= self.config.max_rate_limited_waits
                || wait > self.config.max_retry_after
            {
                return Err(Error::RateLimited {
                    retry_after: Some(wait),
                });
            }
            spent.waits += 1;
            self.pacer.block(Instant::now(), wait);
            return Ok(());
        }
        Err(Error::from_status(
            status.as_u16(),
            body,
            retry_after(headers),
        ))
    }

    /// GETs a path or link and returns the body of the 2xx answer, retrying transient failures.
    pub async fn get(&self, path_or_link: &str) -> Result<Vec<u8>> {
        let url = self.url(path_or_link)?;
        self.idempotent(Method::GET, &url, None, |status| {
            matches!(status.as_u16(), 500 | 502 | 503 | 504)
        })
        .await
    }

    /// Sends a request that must not happen twice (a remote POST, a channel creation).
    ///
    /// It is repeated only where the server certainly did not act on it: a `401` (once, with a
    /// fresh token), a `429` (after `Retry-After`), or a connection that could not be opened.
    /// When the request may have reached the server but no usable answer came back (the answer
    /// was lost, or a gateway error `500`/`502`/`503`/`504` came instead), the result is
    /// [`Delivery::Lost`], never a retry. With a `send_by` deadline, a request that pacing or
    /// `429`s would hold past it is not sent at all: [`Error::RateLimited`].
    pub async fn send_at_most_once(
        &self,
        method: Method,
        path: &str,
        body: Option<&serde_json::Value>,
        send_by: Option<Instant>,
    ) -> Result<Delivery> {
        let url = self.url(path)?;
        let mut spent = Settling::default();
        loop {
            let token = self.tokens.token().await?;
            if let Some(deadline) = send_by {
                let wait = self.pacer.wait_at(Instant::now());
                if Instant::now() + wait > deadline {
                    return Err(Error::RateLimited {
                        retry_after: Some(wait),
                    });
                }
            }
            match self.attempt(&method, &url, body, &token).await {
                Attempt::Done(status, _, body) if status.is_success() => {
                    return Ok(Delivery::Answered(body));
                }
                Attempt::Done(status, _, _) if matches!(status.as_u16(), 500 | 502 | 503 | 504) => {
                    // A gateway may have passed the request on before failing: unknown, not refused.
                    return Ok(Delivery::Lost(format!(
                        "the server answered {status} after the request was sent"
                    )));
                }
                Attempt::Done(status, headers, body) => {
                    self.settle(status, &headers, &body, &token, &mut spent)
                        .await?;
                    continue;
                }
                Attempt::NotSent(e) => return Err(Error::Network(e)),
                Attempt::Lost(e) => return Ok(Delivery::Lost(e)),
            }
        }
    }

    /// Sends an idempotent change (PUT of a status) with the GET retry rules, returning the body.
    pub async fn put_idempotent(&self, path: &str, body: &serde_json::Value) -> Result<Vec<u8>> {
        let url = self.url(path)?;
        self.idempotent(Method::PUT, &url, Some(body), |status| {
            status.is_server_error() && status.as_u16() != 501
        })
        .await
    }

    /// Sends a request that may safely happen twice, returning the body of the 2xx answer.
    ///
    /// Network failures and the statuses `transient` picks are tried again with backoff, up to
    /// `get_attempts` in all; 401 and 429 are settled as for every call.
    async fn idempotent(
        &self,
        method: Method,
        url: &Url,
        body: Option<&serde_json::Value>,
        transient: fn(StatusCode) -> bool,
    ) -> Result<Vec<u8>> {
        let mut rng = fastrand::Rng::new();
        let (mut spent, mut failures) = (Settling::default(), 0u32);
        loop {
            let token = self.tokens.token().await?;
            let failure = match self.attempt(&method, url, body, &token).await {
                Attempt::Done(status, _, body) if status.is_success() => return Ok(body),
                Attempt::Done(status, _, body) if transient(status) => {
                    Error::from_status(status.as_u16(), &body, None)
                }
                Attempt::Done(status, headers, body) => {
                    self.settle(status, &headers, &body, &token, &mut spent)
                        .await?;
                    continue;
                }
                Attempt::NotSent(e) | Attempt::Lost(e) => Error::Network(e),
            };
            failures += 1;
            if failures >= self.config.get_attempts {
                return Err(failure);
            }
            self.stats.retries.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(backoff_delay(
                failures - 1,
                self.config.backoff_base,
                self.config.backoff_max,
                &mut rng,
            ))
            .await;
        }
    }
}

/// Headers from name/value pairs, for the tests of the transport's parts.
#[cfg(test)]
fn test_headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut h = HeaderMap::new();
    for (k, v) in pairs {
        h.insert(*k, v.parse().expect("header value"));
    }
    h
}

#[cfg(test)]
mod tests;
