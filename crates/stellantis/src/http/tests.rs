//! The transport against real loopback servers: retries, 429 waits, at-most-once POSTs, URLs.

use super::*;
use crate::auth::Credentials;
use axum::Router;
use axum::http::StatusCode as S;
use axum::routing::{get, post};
use std::sync::atomic::AtomicUsize;

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
    (serve(app).await, gets, posts)
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
async fn remote_post_is_never_repeated_and_a_gateway_error_is_unknown_not_refused() {
    let (base, _, posts) = server(0, S::OK, S::SERVICE_UNAVAILABLE).await;
    let delivery = http(&base)
        .send_at_most_once(Method::POST, "/remote", Some(&serde_json::json!({})), None)
        .await
        .expect("a 503 after sending may have been acted on");
    assert!(
        matches!(&delivery, Delivery::Lost(reason) if reason.contains("503")),
        "{delivery:?}"
    );
    assert_eq!(posts.load(Ordering::SeqCst), 1);

    let (base, _, posts) = server(0, S::OK, S::NOT_IMPLEMENTED).await;
    let err = http(&base)
        .send_at_most_once(Method::POST, "/remote", None, None)
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
        .send_at_most_once(Method::POST, "/remote", None, None)
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

/// Serves `app` on a loopback port; returns its origin (`http://127.0.0.1:port`).
async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed_with_the_token() {
    // The other origin records every request and whether it carried a bearer token.
    let reached = Arc::new(AtomicUsize::new(0));
    let r = reached.clone();
    let elsewhere = serve(Router::new().route(
        "/steal",
        get(move |headers: axum::http::HeaderMap| {
            let r = r.clone();
            async move {
                r.fetch_add(1, Ordering::SeqCst);
                assert!(headers.get("authorization").is_none());
                "{}"
            }
        }),
    ))
    .await;
    let target = format!("{elsewhere}/steal");
    let api = serve(
        Router::new()
            .route(
                "/token",
                post(|| async { r#"{"access_token":"t","expires_in":3600}"# }),
            )
            .route(
                "/api/moved",
                get(move || {
                    let target = target.clone();
                    async move { (S::TEMPORARY_REDIRECT, [("location", target)], "") }
                }),
            )
            .route(
                "/api/here",
                get(|| async { (S::FOUND, [("location", "/api/thing")], "") }),
            )
            .route("/api/thing", get(|| async { r#"{"ok":true}"# })),
    )
    .await;
    let h = http(&api);
    let err = h.get("/moved").await.expect_err("not followed");
    assert_eq!(err.kind(), crate::error::ErrorKind::Unexpected, "{err}");
    assert_eq!(
        reached.load(Ordering::SeqCst),
        0,
        "the other origin was called"
    );
    // Within the same origin a redirect is followed.
    assert_eq!(h.get("/here").await.expect("followed"), br#"{"ok":true}"#);
}

#[tokio::test]
async fn a_post_that_429s_would_hold_past_its_send_by_time_is_not_sent() {
    let posts = Arc::new(AtomicUsize::new(0));
    let p = posts.clone();
    let api = serve(
        Router::new()
            .route(
                "/token",
                post(|| async { r#"{"access_token":"t","expires_in":3600}"# }),
            )
            .route(
                "/api/remote",
                post(move || {
                    let p = p.clone();
                    async move {
                        p.fetch_add(1, Ordering::SeqCst);
                        (S::TOO_MANY_REQUESTS, [("retry-after", "30")], "{}")
                    }
                }),
            ),
    )
    .await;
    let h = http(&api);
    let started = Instant::now();
    let send_by = started + Duration::from_secs(2);
    let err = h
        .send_at_most_once(Method::POST, "/remote", None, Some(send_by))
        .await
        .expect_err("held past its send-by time");
    assert_eq!(err.kind(), crate::error::ErrorKind::RateLimited);
    // One POST was refused with a 429 (nothing created); it was not tried again 30 s later.
    assert_eq!(posts.load(Ordering::SeqCst), 1);
    assert!(started.elapsed() < Duration::from_secs(2), "it waited");
}
