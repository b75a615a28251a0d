//! HTTP discipline: rustls (ring) with optional mTLS identity and extra CA, connect and total
//! timeouts, pacing under the burst quota read from `X-RateLimit-*`, `429` waits `Retry-After`,
//! GETs retried with jittered backoff, and remote POSTs sent **at most once**.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode, Url};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

use crate::auth::{Secret, TokenSource};
use crate::error::{Error, Result};

/// A client certificate and its private key, both PEM, for mutual TLS.
#[derive(Clone, Debug)]
pub struct ClientIdentity {
    /// The certificate chain, PEM.
    pub cert_pem: String,
    /// The private key, PEM (PKCS#8, PKCS#1 or SEC1).
    pub key_pem: Secret,
}

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
        .connect_timeout(config.connect_timeout)
        .timeout(config.request_timeout)
        .user_agent(concat!("car-remote-stellantis/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| Error::Config(format!("HTTP client: {e}")))
}

/// The delay before retry number `attempt` (0-based): `base * 2^attempt`, capped at `max`,
/// then jittered uniformly into its upper half so that clients do not retry in lockstep.
pub fn backoff_delay(
    attempt: u32,
    base: Duration,
    max: Duration,
    rng: &mut fastrand::Rng,
) -> Duration {
    let full = base.saturating_mul(1u32 << attempt.min(20)).min(max);
    let half = full / 2;
    half + full.mul_f64(rng.f64()) / 2
}

/// Reads `Retry-After` (seconds; an HTTP date is not worth parsing here, so it counts as 1 s).
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    Some(match v.parse::<f64>() {
        Ok(s) if s.is_finite() && s >= 0.0 => Duration::from_secs_f64(s),
        _ => Duration::from_secs(1),
    })
}

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// Paces requests under the per-second burst quota the server reports.
///
/// At most `limit` sends (`X-RateLimit-Limit-2`) in any window of [`BURST_WINDOW`]: a sliding
/// log of send times, which also keeps under a server that counts in fixed one-second windows.
/// When the server says nothing is left (`X-RateLimit-Remaining-2: 0`) although this client has
/// not used the quota up (another client of the account has), everyone waits a window. A `429`
/// blocks everyone until its `Retry-After` has passed. Until a limit is known, nothing is paced.
#[derive(Debug, Default)]
pub struct Pacer {
    state: Mutex<PacerState>,
}

/// One second plus a margin for the jitter between sending and the server's clock.
pub const BURST_WINDOW: Duration = Duration::from_millis(1050);

#[derive(Debug, Default)]
struct PacerState {
    limit: Option<usize>,
    sends: VecDeque<Instant>,
    blocked_until: Option<Instant>,
    day_remaining: Option<u64>,
}

impl PacerState {
    fn sends_within_window(&self, now: Instant) -> usize {
        self.sends
            .iter()
            .filter(|t| now.saturating_duration_since(**t) < BURST_WINDOW && **t <= now)
            .count()
    }
}

impl Pacer {
    /// Reserves one send at `now` or later; returns how long to wait before sending.
    pub fn reserve(&self, now: Instant) -> Duration {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let mut at = now;
        if let Some(until) = s.blocked_until {
            if until > now {
                at = until;
            } else {
                s.blocked_until = None;
            }
        }
        let Some(limit) = s.limit.filter(|l| *l > 0) else {
            return at - now;
        };
        if s.sends.len() >= limit {
            at = at.max(s.sends[s.sends.len() - limit] + BURST_WINDOW);
        }
        if let Some(last) = s.sends.back() {
            at = at.max(*last);
        }
        s.sends.push_back(at);
        while s.sends.len() > limit {
            s.sends.pop_front();
        }
        at - now
    }

    /// Learns the limits from an answer's `X-RateLimit-*` headers.
    pub fn observe(&self, headers: &HeaderMap) {
        self.observe_at(headers, Instant::now());
    }

    fn observe_at(&self, headers: &HeaderMap, now: Instant) {
        let limit = header_u64(headers, "x-ratelimit-limit-2");
        let remaining = header_u64(headers, "x-ratelimit-remaining-2");
        let day = header_u64(headers, "x-ratelimit-remaining-1");
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(l) = limit {
            s.limit = Some(usize::try_from(l).unwrap_or(usize::MAX));
        }
        if remaining == Some(0)
            && let Some(limit) = s.limit
            && s.sends_within_window(now) < limit
        {
            let until = now + BURST_WINDOW;
            if s.blocked_until.is_none_or(|b| b < until) {
                s.blocked_until = Some(until);
            }
        }
        if day.is_some() {
            s.day_remaining = day;
        }
    }

    /// Holds every request back until `now + wait` (after a `429`).
    pub fn block(&self, now: Instant, wait: Duration) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let until = now + wait;
        if s.blocked_until.is_none_or(|b| b < until) {
            s.blocked_until = Some(until);
        }
    }

    /// What the server last said was left of the day quota.
    pub fn day_remaining(&self) -> Option<u64> {
        self.state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .day_remaining
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
    /// When the answer is lost after sending, the result is [`Delivery::Lost`], never a retry.
    pub async fn send_at_most_once(
        &self,
        method: Method,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<Delivery> {
        let url = self.url(path)?;
        let mut spent = Settling::default();
        loop {
            let token = self.tokens.token().await?;
            match self.attempt(&method, &url, body, &token).await {
                Attempt::Done(status, _, body) if status.is_success() => {
                    return Ok(Delivery::Answered(body));
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

/// What one call has already spent on `401` and `429` answers.
#[derive(Debug, Default)]
struct Settling {
    /// A fresh token was fetched after a `401`.
    reauthorised: bool,
    /// `429` answers waited through.
    waits: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Credentials;
    use axum::Router;
    use axum::http::StatusCode as S;
    use axum::routing::{get, post};
    use std::collections::HashSet;
    use std::sync::atomic::AtomicUsize;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().expect("header value"));
        }
        h
    }

    #[test]
    fn backoff_doubles_jitters_and_caps() {
        let mut rng = fastrand::Rng::with_seed(7);
        let base = Duration::from_millis(100);
        let max = Duration::from_secs(1);
        for attempt in 0..10 {
            let full = (base * 2u32.pow(attempt)).min(max);
            let d = backoff_delay(attempt, base, max, &mut rng);
            assert!(d >= full / 2 && d <= full, "attempt {attempt}: {d:?}");
        }
        let ds: HashSet<_> = (0..20)
            .map(|_| backoff_delay(3, base, max, &mut rng))
            .collect();
        assert!(ds.len() > 10, "jittered");
        assert!(backoff_delay(99, base, max, &mut rng) <= max);
    }
    #[test]
    fn pacer_keeps_at_most_limit_sends_per_window() {
        let p = Pacer::default();
        let t0 = Instant::now();
        assert_eq!(p.reserve(t0), Duration::ZERO, "no limit known yet");
        p.observe_at(
            &headers(&[
                ("x-ratelimit-limit-2", "3"),
                ("x-ratelimit-remaining-2", "2"),
                ("x-ratelimit-remaining-1", "99"),
            ]),
            t0,
        );
        assert_eq!(p.day_remaining(), Some(99));
        // Three now, then each next one a window after the one three sends earlier.
        let waits: Vec<_> = (0..7).map(|_| p.reserve(t0)).collect();
        let w = BURST_WINDOW;
        assert_eq!(
            waits,
            [
                Duration::ZERO,
                Duration::ZERO,
                Duration::ZERO,
                w,
                w,
                w,
                w * 2
            ]
        );
        // Any window of BURST_WINDOW holds at most three sends.
        let times: Vec<_> = waits.iter().map(|d| t0 + *d).collect();
        for (i, t) in times.iter().enumerate() {
            let within = times[i..].iter().filter(|u| **u < *t + w).count();
            assert!(within <= 3, "{waits:?}");
        }

        // The server says nothing is left though this client sent nothing: wait a window.
        let q = Pacer::default();
        q.observe_at(
            &headers(&[
                ("x-ratelimit-limit-2", "10"),
                ("x-ratelimit-remaining-2", "0"),
            ]),
            t0,
        );
        assert_eq!(q.reserve(t0), BURST_WINDOW);

        // A 429 holds everyone back for its Retry-After.
        let r = Pacer::default();
        r.block(t0, Duration::from_secs(2));
        assert_eq!(
            r.reserve(t0 + Duration::from_secs(1)),
            Duration::from_secs(1)
        );
        assert_eq!(r.reserve(t0 + Duration::from_secs(3)), Duration::ZERO);
    }

    #[test]
    fn retry_after_seconds_or_one() {
        assert_eq!(
            retry_after(&headers(&[("retry-after", "3")])),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            retry_after(&headers(&[(
                "retry-after",
                "Wed, 21 Oct 2015 07:28:00 GMT"
            )])),
            Some(Duration::from_secs(1))
        );
        assert_eq!(retry_after(&HeaderMap::new()), None);
    }

    /// A tiny API on loopback: a token endpoint, a GET that fails `fail_first` times with the
    /// given status, and a POST that counts its calls and answers with `post_status`.
    async fn server(
        fail_first: usize,
        fail_status: S,
        post_status: S,
    ) -> (String, Arc<AtomicUsize>, Arc<AtomicUsize>) {
        let gets = Arc::new(AtomicUsize::new(0));
        let posts = Arc::new(AtomicUsize::new(0));
        let (g, p) = (gets.clone(), posts.clone());
        let app = Router::new()
            .route(
                "/token",
                post(|| async { r#"{"access_token":"t","expires_in":3600}"# }),
            )
            .route(
                "/api/thing",
                get(move |q: axum::extract::RawQuery| {
                    let g = g.clone();
                    async move {
                        assert_eq!(q.0.as_deref(), Some("client_id=cid"));
                        let n = g.fetch_add(1, Ordering::SeqCst);
                        if n < fail_first {
                            let mut h = axum::http::HeaderMap::new();
                            h.insert("retry-after", "0".parse().expect("value"));
                            (
                                fail_status,
                                h,
                                r#"{"name":"X","debug":"ERROR_9","message":"m"}"#,
                            )
                        } else {
                            (S::OK, axum::http::HeaderMap::new(), r#"{"ok":true}"#)
                        }
                    }
                }),
            )
            .route(
                "/api/remote",
                post(move || {
                    let p = p.clone();
                    async move {
                        p.fetch_add(1, Ordering::SeqCst);
                        (
                            post_status,
                            r#"{"name":"X","debug":"ERROR_7","message":"m"}"#,
                        )
                    }
                }),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, app).await });
        (format!("http://{addr}"), gets, posts)
    }

    fn http(base: &str) -> Http {
        let config = HttpConfig {
            backoff_base: Duration::from_millis(5),
            backoff_max: Duration::from_millis(20),
            ..HttpConfig::default()
        };
        let client = build_client(&config).expect("client");
        let tokens = Arc::new(TokenSource::new(
            Credentials {
                token_url: format!("{base}/token"),
                client_id: "cid".into(),
                client_secret: Secret::new("s"),
                scope: None,
            },
            client.clone(),
        ));
        Http::new(client, &format!("{base}/api"), tokens, config).expect("http")
    }

    #[tokio::test]
    async fn get_retries_5xx_and_waits_through_429() {
        let (base, gets, _) = server(2, S::SERVICE_UNAVAILABLE, S::ACCEPTED).await;
        let h = http(&base);
        assert_eq!(
            h.get("/thing").await.expect("third try works"),
            br#"{"ok":true}"#
        );
        assert_eq!(gets.load(Ordering::SeqCst), 3);
        assert_eq!(h.stats().retries.load(Ordering::Relaxed), 2);

        let (base, gets, _) = server(5, S::TOO_MANY_REQUESTS, S::ACCEPTED).await;
        let h = http(&base);
        assert!(h.get("/thing").await.is_ok());
        assert_eq!(gets.load(Ordering::SeqCst), 6);
        assert_eq!(h.stats().rate_limited.load(Ordering::Relaxed), 5);

        let (base, gets, _) = server(10, S::SERVICE_UNAVAILABLE, S::ACCEPTED).await;
        let err = http(&base).get("/thing").await.expect_err("gives up");
        assert_eq!(err.support_id(), Some("ERROR_9"));
        assert_eq!(gets.load(Ordering::SeqCst), 4);

        let (base, gets, _) = server(10, S::NOT_FOUND, S::ACCEPTED).await;
        let err = http(&base).get("/thing").await.expect_err("404 is final");
        assert_eq!(err.kind(), crate::error::ErrorKind::NotFound);
        assert_eq!(gets.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn remote_post_is_never_repeated_on_a_server_error() {
        let (base, _, posts) = server(0, S::OK, S::SERVICE_UNAVAILABLE).await;
        let err = http(&base)
            .send_at_most_once(Method::POST, "/remote", Some(&serde_json::json!({})))
            .await
            .expect_err("503");
        assert_eq!(err.kind(), crate::error::ErrorKind::Server);
        assert_eq!(posts.load(Ordering::SeqCst), 1);

        let (base, _, posts) = server(0, S::OK, S::NOT_IMPLEMENTED).await;
        let err = http(&base)
            .send_at_most_once(Method::POST, "/remote", None)
            .await
            .expect_err("501");
        assert_eq!(err.kind(), crate::error::ErrorKind::Unsupported);
        assert_eq!(posts.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_connection_that_cannot_open_is_a_network_error_not_lost() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        drop(listener);
        let (base, _, _) = server(0, S::OK, S::ACCEPTED).await;
        let h = http(&base);
        // Take a token from the live server, then aim the POST at a closed port.
        let config = HttpConfig::default();
        let h2 = Http::new(
            build_client(&config).expect("client"),
            &format!("http://{addr}/api"),
            h.tokens().clone(),
            config,
        )
        .expect("http");
        let err = h2
            .send_at_most_once(Method::POST, "/remote", None)
            .await
            .expect_err("refused");
        assert_eq!(err.kind(), crate::error::ErrorKind::Network);
    }

    #[test]
    fn urls_keep_the_base_and_add_client_id_once() {
        let tokens = Arc::new(TokenSource::new(
            Credentials {
                token_url: "http://h/token".into(),
                client_id: "c i".into(),
                client_secret: Secret::new("s"),
                scope: None,
            },
            reqwest::Client::new(),
        ));
        let h = Http::new(
            reqwest::Client::new(),
            "https://h/api/v1/",
            tokens,
            HttpConfig::default(),
        )
        .expect("http");
        let u = |p: &str| h.url(p).expect("url").to_string();
        assert_eq!(
            u("/accounts/vehicles"),
            "https://h/api/v1/accounts/vehicles?client_id=c+i"
        );
        assert_eq!(
            u("/api/v1/accounts/vehicles?pageToken=x"),
            "https://h/api/v1/accounts/vehicles?pageToken=x&client_id=c+i"
        );
        assert_eq!(
            u("https://h/api/v1/accounts/vehicles?client_id=c&pageToken=y"),
            "https://h/api/v1/accounts/vehicles?client_id=c&pageToken=y"
        );
        assert!(
            Http::new(
                reqwest::Client::new(),
                "ftp://h",
                h.tokens().clone(),
                HttpConfig::default()
            )
            .is_err()
        );
    }

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
