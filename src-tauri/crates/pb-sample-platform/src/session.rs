//! Session logins, as Keystone-like APIs issue them: `POST /api/sessions` with the
//! basic-auth user and password as JSON answers 201 with the token in the
//! `X-Subject-Token` response header (and its expiry, Unix seconds, in the body);
//! API requests then carry it in `X-Auth-Token`. `DELETE /_admin/sessions` revokes
//! every session, so tests can see a client log in again after a 401.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use crate::Shared;

/// Issued session tokens are kept with this prefix on their holder, so they are
/// accepted only in `X-Auth-Token`, never as an OAuth2 bearer token.
pub const HOLDER_PREFIX: &str = "session:";

#[derive(Deserialize)]
struct Login {
    username: String,
    password: String,
}

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/sessions", post(login))
        .route("/_admin/sessions", delete(revoke_all))
}

async fn login(State(s): State<Arc<Shared>>, Json(l): Json<Login>) -> Response {
    let accepted = s
        .auth
        .basic
        .as_ref()
        .is_some_and(|(user, pass)| *user == l.username && *pass == l.password);
    if !accepted {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "invalid_credentials", "message": "wrong user name or password"})),
        )
            .into_response();
    }
    let lifetime = s.auth.token_lifetime;
    let token = s
        .tokens
        .lock()
        .await
        .issue(&format!("{HOLDER_PREFIX}{}", l.username), lifetime);
    let expires_at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
        + lifetime.as_secs();
    let mut r = (
        StatusCode::CREATED,
        Json(json!({"session": {"user": l.username, "expiresAt": expires_at}})),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&token) {
        r.headers_mut().insert("x-subject-token", v);
    }
    r
}

async fn revoke_all(State(s): State<Arc<Shared>>) -> StatusCode {
    s.tokens.lock().await.revoke_all();
    StatusCode::NO_CONTENT
}
