//! The authentication modes a real internal platform offers. Every API route needs
//! one of them; `/api/health` and the token endpoint do not.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use base64::Engine;

#[derive(Clone, Debug, Default)]
pub struct AuthConfig {
    /// Accepted in the `X-API-Key` header or the `api_key` query parameter.
    pub api_key: Option<String>,
    /// A static bearer token.
    pub bearer_token: Option<String>,
    /// HTTP basic user and password.
    pub basic: Option<(String, String)>,
    /// OAuth2 client credentials: client id and secret for `POST /oauth/token`.
    pub oauth_client: Option<(String, String)>,
    /// Lifetime of issued OAuth2 tokens.
    pub token_lifetime: Duration,
    /// Shared secret for signed deliveries to `POST /webhook/events`.
    pub webhook_secret: Option<String>,
}

impl AuthConfig {
    /// Every mode enabled with fixed demo credentials (for `make sample-platform`).
    pub fn demo() -> Self {
        Self {
            api_key: Some("demo-api-key".into()),
            bearer_token: Some("demo-bearer-token".into()),
            basic: Some(("demo".into(), "demo-password".into())),
            oauth_client: Some(("demo-client".into(), "demo-client-secret".into())),
            token_lifetime: Duration::from_secs(3600),
            webhook_secret: Some("demo-webhook-secret".into()),
        }
    }
}

/// Who made a request, as the platform sees it (`GET /api/whoami`).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Principal {
    pub name: String,
    pub auth: &'static str,
}

#[derive(Default)]
pub struct IssuedTokens {
    tokens: HashMap<String, (String, Instant)>,
}

impl IssuedTokens {
    pub fn issue(&mut self, client: &str, lifetime: Duration) -> String {
        let token = format!("tok-{}", uuid::Uuid::new_v4().simple());
        self.tokens.insert(
            token.clone(),
            (client.to_owned(), Instant::now() + lifetime),
        );
        token
    }

    fn client_for(&self, token: &str) -> Option<&str> {
        self.tokens
            .get(token)
            .filter(|(_, expires)| Instant::now() < *expires)
            .map(|(client, _)| client.as_str())
    }

    /// Every token issued and not revoked (tests grep records for them).
    pub fn all(&self) -> Vec<String> {
        self.tokens.keys().cloned().collect()
    }

    pub fn revoke_all(&mut self) {
        self.tokens.clear();
    }

    pub fn issued(&self) -> usize {
        self.tokens.len()
    }
}

pub fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get("authorization")?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, pass) = text.split_once(':')?;
    Some((user.to_owned(), pass.to_owned()))
}

pub fn authenticate(
    config: &AuthConfig,
    tokens: &IssuedTokens,
    headers: &HeaderMap,
    query_api_key: Option<&str>,
) -> Option<Principal> {
    if let Some(key) = &config.api_key {
        let header = headers.get("x-api-key").and_then(|v| v.to_str().ok());
        if header == Some(key.as_str()) || query_api_key == Some(key.as_str()) {
            return Some(Principal {
                name: "api-key-client".into(),
                auth: "api_key",
            });
        }
    }
    let authorization = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if let Some(token) = authorization.strip_prefix("Bearer ") {
        if config.bearer_token.as_deref() == Some(token) {
            return Some(Principal {
                name: "bearer-client".into(),
                auth: "bearer",
            });
        }
        if let Some(client) = tokens
            .client_for(token)
            .filter(|c| !c.starts_with(crate::session::HOLDER_PREFIX))
        {
            return Some(Principal {
                name: client.to_owned(),
                auth: "oauth2",
            });
        }
    }
    let session = headers.get("x-auth-token").and_then(|v| v.to_str().ok());
    if let Some(user) = session
        .and_then(|t| tokens.client_for(t))
        .and_then(|c| c.strip_prefix(crate::session::HOLDER_PREFIX))
    {
        return Some(Principal {
            name: user.to_owned(),
            auth: "session",
        });
    }
    if let (Some((user, pass)), Some(expected)) = (basic_credentials(headers), &config.basic) {
        if (&user, &pass) == (&expected.0, &expected.1) {
            return Some(Principal {
                name: user,
                auth: "basic",
            });
        }
    }
    None
}
