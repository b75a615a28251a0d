//! The HTTP side: routes, the API gate (auth, limits, faults), and the accept loop (plain or mTLS).

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

use crate::api_error::ApiError;
use crate::sim::{API_PATH, Counters, Sim, TOKEN_PATH};
use crate::{admin, channels, remotes, vehicles};

/// Closes the connection a request came on without answering (the drop-after-create fault).
#[derive(Clone, Debug)]
pub(crate) struct ConnectionKill(Arc<Notify>);

impl ConnectionKill {
    pub fn trigger(&self) {
        self.0.notify_one();
    }
}

/// Decode a query string into pairs.
pub(crate) fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    query
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default()
}

async fn token(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    let response = sim.tokens.issue(&headers, &body);
    if response.status().is_success() {
        Counters::bump(&sim.counters.tokens_issued);
    }
    response
}

async fn api_not_found() -> ApiError {
    ApiError::not_found("no such resource in the simulated API")
}

/// Latency, remote POST counting, auth, rate limits and error faults, in the order a gateway applies them.
async fn api_gate(State(sim): State<Arc<Sim>>, request: Request, next: Next) -> Response {
    let faults = sim.faults();
    if request.method() == Method::POST && request.uri().path().ends_with("/remotes") {
        Counters::bump(&sim.counters.remote_posts);
    }
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    let pairs = query_pairs(request.uri().query());
    let client_ids: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == "client_id")
        .map(|(_, v)| v.as_str())
        .collect();
    if let Err(error) = sim.tokens.check(request.headers(), &client_ids) {
        return error.into_response();
    }
    Counters::bump(&sim.counters.api_requests);
    let remaining = match sim.limits.take() {
        Ok(remaining) => remaining,
        Err((error, remaining)) => {
            let mut response = error.into_response();
            remaining.write(response.headers_mut());
            return response;
        }
    };
    let mut response = if sim.roll(faults.rate_429_share) {
        ApiError::too_many(
            1,
            "too many requests (injected fault); retry after Retry-After seconds",
        )
        .into_response()
    } else if sim.roll(faults.error_5xx_share) {
        ApiError::unavailable(
            "the service is temporarily unavailable (injected fault); retry later",
        )
        .into_response()
    } else {
        next.run(request).await
    };
    remaining.write(response.headers_mut());
    if response.status().is_success()
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes() == b"application/json")
    {
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/hal+json"),
        );
    }
    response
}

/// All routes: the API under `/api/connectedcar/v1`, the token endpoint, the admin endpoints.
pub(crate) fn router(sim: Arc<Sim>) -> Router {
    let api = Router::new()
        .route("/accounts/vehicles", get(vehicles::list))
        .route("/accounts/vehicles/{id}", get(vehicles::read))
        .route(
            "/accounts/vehicles/{id}/capability",
            get(vehicles::capability),
        )
        .route(
            "/accounts/vehicles/{id}/telemetries/latest",
            get(vehicles::telemetry),
        )
        .route(
            "/accounts/channels",
            get(channels::list).post(channels::create),
        )
        .route(
            "/accounts/channels/{ch_id}",
            get(channels::read)
                .put(channels::update)
                .delete(channels::delete),
        )
        .route(
            "/accounts/channels/{ch_id}/status",
            put(channels::set_status),
        )
        .route(
            "/accounts/vehicles/{id}/channels/{ch_id}/remotes",
            get(remotes::list).post(remotes::create),
        )
        .route(
            "/accounts/vehicles/{id}/channels/{ch_id}/remotes/{rid}",
            get(remotes::read),
        )
        .fallback(api_not_found)
        .layer(middleware::from_fn_with_state(sim.clone(), api_gate));
    Router::new()
        .nest(API_PATH, api)
        .route(TOKEN_PATH, post(token))
        .route(
            "/admin/faults",
            get(admin::get_faults).put(admin::put_faults),
        )
        .route("/admin/stats", get(admin::stats))
        .route("/admin/fleet", get(admin::fleet))
        .route("/admin/vehicles/{id}", get(admin::vehicle))
        .fallback(api_not_found)
        .with_state(sim)
}

async fn serve_connection<S>(io: S, router: Router, mut shutdown: watch::Receiver<bool>)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let kill = ConnectionKill(Arc::new(Notify::new()));
    let for_requests = kill.clone();
    let service =
        hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
            request.extensions_mut().insert(for_requests.clone());
            router.clone().oneshot(request)
        });
    let connection =
        hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(io), service);
    tokio::select! {
        _ = connection => {}
        _ = kill.0.notified() => {}
        _ = shutdown.wait_for(|stop| *stop) => {}
    }
}

/// Accept connections until shutdown.
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    tls: Option<TlsAcceptor>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = shutdown.wait_for(|stop| *stop) => return,
        };
        let Ok((tcp, _)) = accepted else {
            // Out of file descriptors or similar: back off instead of spinning.
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        };
        let _ = tcp.set_nodelay(true);
        let router = router.clone();
        let shutdown = shutdown.clone();
        let tls = tls.clone();
        tokio::spawn(async move {
            match tls {
                None => serve_connection(tcp, router, shutdown).await,
                Some(acceptor) => {
                    // A failed handshake (e.g. no client certificate) just closes the connection.
                    if let Ok(Ok(stream)) =
                        tokio::time::timeout(Duration::from_secs(10), acceptor.accept(tcp)).await
                    {
                        serve_connection(stream, router, shutdown).await;
                    }
                }
            }
        });
    }
}
