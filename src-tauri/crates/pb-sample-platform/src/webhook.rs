//! A signed-webhook receiver, like the event endpoints of chat tools and CI systems:
//! one URL receiving JSON events, each signed with HMAC-SHA256 over
//! `"<timestamp>.<body>"` using a shared secret. Deliveries with a bad signature, or a
//! timestamp more than five minutes away (a replay), are refused.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use bytes::Bytes;
use serde_json::{json, Value};

use crate::Shared;

pub const SIGNATURE_HEADER: &str = "x-signature";
pub const TIMESTAMP_HEADER: &str = "x-timestamp";
/// How far a delivery's timestamp may be from the receiver's clock.
pub const TOLERANCE_SECS: u64 = 300;

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/webhook/events", post(receive))
        .route("/_admin/webhook-events", get(received))
}

fn refuse(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({"error": code, "message": message}))).into_response()
}

fn signed_message(timestamp: &str, body: &[u8]) -> Vec<u8> {
    let mut message = format!("{timestamp}.").into_bytes();
    message.extend_from_slice(body);
    message
}

/// `sha256=<hex>` of HMAC-SHA256(secret, "<timestamp>.<body>").
pub fn signature(secret: &str, timestamp: &str, body: &[u8]) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
    let tag = ring::hmac::sign(&key, &signed_message(timestamp, body));
    let hex: String = tag.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

/// Checks a `sha256=<hex>` signature in constant time (ring's verify), as a real
/// receiver must, so timing does not reveal how much of a forgery was right.
fn verify(secret: &str, timestamp: &str, body: &[u8], given: &str) -> bool {
    let Some(hex) = given.strip_prefix("sha256=") else {
        return false;
    };
    let tag: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect();
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
    tag.is_some_and(|tag| ring::hmac::verify(&key, &signed_message(timestamp, body), &tag).is_ok())
}

async fn receive(State(s): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(secret) = &s.auth.webhook_secret else {
        return refuse(
            StatusCode::NOT_FOUND,
            "not_found",
            "webhooks are not enabled",
        );
    };
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let (Some(timestamp), Some(given)) = (header(TIMESTAMP_HEADER), header(SIGNATURE_HEADER))
    else {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "unsigned",
            "the delivery has no timestamp or signature header",
        );
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    match timestamp.parse::<u64>() {
        Ok(t) if t.abs_diff(now) <= TOLERANCE_SECS => {}
        _ => {
            return refuse(
                StatusCode::UNAUTHORIZED,
                "stale",
                "the delivery's timestamp is missing or more than 5 minutes away",
            )
        }
    }
    if !verify(secret, timestamp, &body, given) {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "bad_signature",
            "the signature does not match",
        );
    }
    let Ok(event) = serde_json::from_slice::<Value>(&body) else {
        return refuse(StatusCode::BAD_REQUEST, "invalid", "the body is not JSON");
    };
    let mut events = s.webhook_events.lock().await;
    events.push(event);
    (
        StatusCode::ACCEPTED,
        Json(json!({"received": events.len(), "receiver": "sample-webhook"})),
    )
        .into_response()
}

async fn received(State(s): State<Arc<Shared>>) -> Json<Vec<Value>> {
    Json(s.webhook_events.lock().await.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_and_forgeries_do_not() {
        let good = signature("s3cret", "1700000000", b"{}");
        assert!(good.starts_with("sha256=") && good.len() == 7 + 64);
        assert!(verify("s3cret", "1700000000", b"{}", &good));
        assert!(!verify("other", "1700000000", b"{}", &good));
        assert!(!verify("s3cret", "1700000001", b"{}", &good));
        assert!(!verify("s3cret", "1700000000", b"{ }", &good));
        assert!(!verify("s3cret", "1700000000", b"{}", "sha256=zz"));
        assert!(!verify("s3cret", "1700000000", b"{}", &good[7..]));
    }
}
