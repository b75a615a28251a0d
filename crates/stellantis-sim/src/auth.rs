//! OAuth2 client-credentials tokens: the token endpoint and the bearer + `client_id` check.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use rand::RngCore;
use serde_json::json;

use crate::api_error::ApiError;

/// Issued bearer tokens and their expiry.
#[derive(Debug)]
pub(crate) struct TokenStore {
    client_id: String,
    client_secret: String,
    lifetime: Duration,
    tokens: Mutex<HashMap<String, Instant>>,
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        axum::Json(json!({ "error": error, "error_description": description })),
    )
        .into_response()
}

impl TokenStore {
    pub fn new(client_id: String, client_secret: String, lifetime: Duration) -> Self {
        Self {
            client_id,
            client_secret,
            lifetime,
            tokens: Mutex::new(HashMap::new()),
        }
    }

    /// `POST /as/token.oauth2`: form-encoded client-credentials grant, client auth by Basic or form.
    pub fn issue(&self, headers: &HeaderMap, body: &[u8]) -> Response {
        let form: HashMap<String, String> = form_urlencoded::parse(body).into_owned().collect();
        match form.get("grant_type").map(String::as_str) {
            Some("client_credentials") => {}
            Some(_) => {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "unsupported_grant_type",
                    "only client_credentials is supported",
                );
            }
            None => {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "grant_type is required",
                );
            }
        }
        let basic = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Basic ")
                    .or_else(|| v.strip_prefix("basic "))
            })
            .and_then(|b64| {
                base64::engine::general_purpose::STANDARD
                    .decode(b64.trim())
                    .ok()
            })
            .and_then(|raw| String::from_utf8(raw).ok())
            .and_then(|pair| {
                pair.split_once(':')
                    .map(|(id, secret)| (id.to_owned(), secret.to_owned()))
            });
        let (id, secret) = match basic {
            Some(pair) => pair,
            None => match (form.get("client_id"), form.get("client_secret")) {
                (Some(id), Some(secret)) => (id.clone(), secret.clone()),
                _ => {
                    return oauth_error(
                        StatusCode::UNAUTHORIZED,
                        "invalid_client",
                        "client authentication is required (HTTP Basic or form fields)",
                    );
                }
            },
        };
        if id != self.client_id || secret != self.client_secret {
            return oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "unknown client or wrong secret",
            );
        }
        let mut raw = [0u8; 24];
        rand::rng().fill_bytes(&mut raw);
        let token: String = raw.iter().map(|b| format!("{b:02x}")).collect();
        let now = Instant::now();
        {
            let mut tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
            tokens.retain(|_, expiry| *expiry > now);
            tokens.insert(token.clone(), now + self.lifetime);
        }
        let mut response = axum::Json(json!({
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": self.lifetime.as_secs().max(1),
            "scope": "remote data:vehicle data:telemetry channel channel:write",
        }))
        .into_response();
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-store"),
        );
        response
    }

    /// Check the bearer token and the `client_id` query parameter of an API call.
    pub fn check(&self, headers: &HeaderMap, client_ids: &[&str]) -> Result<(), ApiError> {
        match client_ids {
            [] => {
                return Err(ApiError::unauthorized(
                    "the client_id query parameter is missing; add ?client_id=<your client id>",
                ));
            }
            ids if ids.iter().any(|id| *id != self.client_id) => {
                return Err(ApiError::unauthorized(
                    "client_id is not known; check the client id setting",
                ));
            }
            _ => {}
        }
        let token = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .ok_or_else(|| {
                ApiError::unauthorized(
                    "a bearer token is required; get one from the token endpoint",
                )
            })?;
        let tokens = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        match tokens.get(token) {
            Some(expiry) if *expiry > Instant::now() => Ok(()),
            Some(_) => Err(ApiError::unauthorized(
                "the bearer token has expired; get a new one from the token endpoint",
            )),
            None => Err(ApiError::unauthorized(
                "the bearer token is not valid; get a new one from the token endpoint",
            )),
        }
    }
}
