//! The platform's HTTP API (JSON). Errors are `{"error": code, "message": text}`.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Extension, Form, Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::{self, Principal};
use crate::faults::{self, Fault, FaultKind};
use crate::store::{StoreError, User};
use crate::Shared;

type AppState = Arc<Shared>;

fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    (
        status,
        Json(json!({"error": code, "message": message.into()})),
    )
        .into_response()
}

impl IntoResponse for StoreError {
    fn into_response(self) -> Response {
        match self {
            StoreError::Conflict(m) => error(StatusCode::CONFLICT, "conflict", m),
            StoreError::NotFound(m) => error(StatusCode::NOT_FOUND, "not_found", m),
            StoreError::Invalid(m) => error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", m),
            StoreError::QuotaExceeded {
                key,
                limit,
                requested,
            } => error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "quota_exceeded",
                format!("quota '{key}' exceeded: {requested} requested, limit {limit}"),
            ),
        }
    }
}

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/api/whoami", get(whoami))
        .route("/api/tenants", post(create_tenant).get(list_tenants))
        .route("/api/tenants/by-name/{name}", get(tenant_by_name))
        .route("/api/tenants/{id}", get(get_tenant).delete(delete_tenant))
        .route("/api/tenants/{id}/users", get(list_users))
        .route(
            "/api/tenants/{id}/users/{user}",
            put(put_user).delete(remove_user),
        )
        .route(
            "/api/tenants/{id}/quotas/{key}",
            put(set_quota).get(get_quota),
        )
        .route("/api/tenants/{id}/allocations", post(allocate))
        .merge(crate::scim::routes())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            require_auth,
        ));
    Router::new()
        .merge(api)
        .route(
            "/api/health",
            get(|| async { Json(json!({"status": "ok"})) }),
        )
        // Public, like most APIs' documents, so it can be imported before a
        // credential is set.
        .route(
            "/openapi.yaml",
            get(|| async {
                (
                    [(axum::http::header::CONTENT_TYPE, "application/yaml")],
                    include_str!("../openapi.yaml"),
                )
            }),
        )
        .route("/oauth/token", post(token))
        .merge(crate::session::routes())
        .merge(crate::webhook::routes())
        .route("/_admin/faults", put(put_faults))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            record_and_inject,
        ))
        .with_state(state)
}

/// Records every request and applies the first matching fault.
/// The role an `IgnoreRole` fault stores an added user with.
#[derive(Clone)]
struct ForcedRole(String);

/// Marks a request the `AcceptAnyCredential` fault lets in unchecked.
#[derive(Clone)]
struct AnyCredential;

async fn record_and_inject(State(s): State<AppState>, mut req: Request, next: Next) -> Response {
    let method = req.method().to_string();
    let path = req.uri().path().to_owned();
    s.requests.lock().await.push(format!("{method} {path}"));
    if path.starts_with("/_admin") {
        return next.run(req).await;
    }
    let fault = faults::take(&mut *s.faults.lock().await, &method, &path);
    match fault {
        None => next.run(req).await,
        Some(FaultKind::DuplicateNames) => {
            s.store.lock().await.duplicate_names = true;
            let response = next.run(req).await;
            s.store.lock().await.duplicate_names = false;
            response
        }
        Some(FaultKind::IgnoreRole { role }) => {
            req.extensions_mut().insert(ForcedRole(role));
            next.run(req).await
        }
        Some(FaultKind::AcceptAnyCredential) => {
            req.extensions_mut().insert(AnyCredential);
            next.run(req).await
        }
        Some(FaultKind::Latency { ms }) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            next.run(req).await
        }
        Some(FaultKind::Status { code }) => error(
            StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            "injected",
            format!("injected status {code}"),
        ),
        Some(FaultKind::RateLimited { retry_after_secs }) => {
            let mut r = error(StatusCode::TOO_MANY_REQUESTS, "rate_limited", "slow down");
            r.headers_mut().insert(
                "retry-after",
                HeaderValue::from_str(&retry_after_secs.to_string()).expect("digits"),
            );
            r
        }
        Some(FaultKind::Redirect { status, location }) => (
            StatusCode::from_u16(status).unwrap_or(StatusCode::FOUND),
            [("location", location)],
            "",
        )
            .into_response(),
        Some(FaultKind::InvalidJson) => (
            StatusCode::OK,
            [("content-type", "application/json")],
            "{\"broken\": ",
        )
            .into_response(),
        Some(FaultKind::ResetMidBody) => {
            // Promise 1000 bytes, send a few, then fail the body: the server closes
            // the connection mid-response, as a crashing proxy or backend would.
            // The pause lets the headers and the first bytes reach the client
            // before the failure, as in a real reset.
            let chunks = futures_util::stream::unfold(0u8, |step| async move {
                match step {
                    0 => Some((Ok(bytes::Bytes::from_static(b"{\"tenants\": [")), 1)),
                    1 => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        let reset = std::io::Error::new(
                            std::io::ErrorKind::ConnectionReset,
                            "injected reset",
                        );
                        Some((Err(reset), 2))
                    }
                    _ => None,
                }
            });
            let mut r = axum::body::Body::from_stream(chunks).into_response();
            r.headers_mut()
                .insert("content-type", HeaderValue::from_static("application/json"));
            r.headers_mut()
                .insert("content-length", HeaderValue::from_static("1000"));
            r
        }
        Some(FaultKind::Hang) => {
            // Longer than any sane client timeout; the client must give up first.
            tokio::time::sleep(Duration::from_secs(3600)).await;
            error(StatusCode::GATEWAY_TIMEOUT, "hang", "hung")
        }
    }
}

#[derive(Deserialize)]
struct ApiKeyQuery {
    api_key: Option<String>,
}

async fn require_auth(
    State(s): State<AppState>,
    Query(q): Query<ApiKeyQuery>,
    headers: HeaderMap,
    mut req: Request,
    next: Next,
) -> Response {
    // A client certificate verified during the TLS handshake authenticates by
    // itself (mutual TLS); otherwise the request must carry a credential.
    let from_certificate = req
        .extensions()
        .get::<crate::tls::ClientCertificate>()
        .map(|c| Principal {
            name: c.0.clone(),
            auth: "mutual_tls",
        });
    let principal = match from_certificate {
        Some(p) => Some(p),
        None => {
            let tokens = s.tokens.lock().await;
            auth::authenticate(&s.auth, &tokens, &headers, q.api_key.as_deref())
        }
    }
    .or_else(|| {
        req.extensions().get::<AnyCredential>().map(|_| Principal {
            name: "anyone".into(),
            auth: "unchecked",
        })
    });
    match principal {
        Some(p) => {
            req.extensions_mut().insert(p);
            next.run(req).await
        }
        None => {
            let mut r = error(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "missing or invalid credentials",
            );
            r.headers_mut()
                .insert("www-authenticate", HeaderValue::from_static("Bearer"));
            r
        }
    }
}

async fn whoami(Extension(p): Extension<Principal>) -> Json<Principal> {
    Json(p)
}

#[derive(Deserialize)]
struct TokenRequest {
    grant_type: String,
    client_id: Option<String>,
    client_secret: Option<String>,
}

async fn token(
    State(s): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<TokenRequest>,
) -> Response {
    if f.grant_type != "client_credentials" {
        return error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "use client_credentials",
        );
    }
    let (id, secret) = match (
        auth::basic_credentials(&headers),
        f.client_id,
        f.client_secret,
    ) {
        (Some(pair), _, _) => pair,
        (None, Some(id), Some(secret)) => (id, secret),
        _ => {
            return error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "no client credentials",
            )
        }
    };
    match &s.auth.oauth_client {
        Some((eid, esecret)) if *eid == id && *esecret == secret => {
            let token = s.tokens.lock().await.issue(&id, s.auth.token_lifetime);
            Json(json!({
                "access_token": token,
                "token_type": "Bearer",
                "expires_in": s.auth.token_lifetime.as_secs(),
            }))
            .into_response()
        }
        _ => error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "unknown client or wrong secret",
        ),
    }
}

async fn put_faults(State(s): State<AppState>, Json(faults): Json<Vec<Fault>>) -> StatusCode {
    *s.faults.lock().await = faults;
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct NewTenant {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    tags: BTreeMap<String, String>,
}

fn tenant_json(t: &crate::store::Tenant) -> Value {
    json!({
        "id": t.id,
        "name": t.name,
        "description": t.description,
        "tags": t.tags,
        "userCount": t.users.len(),
    })
}

async fn create_tenant(State(s): State<AppState>, Json(n): Json<NewTenant>) -> Response {
    match s
        .store
        .lock()
        .await
        .create_tenant(&n.name, &n.description, n.tags)
    {
        Ok(t) => (StatusCode::CREATED, Json(tenant_json(&t))).into_response(),
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
struct TenantQuery {
    name: Option<String>,
    /// Paging: at most `limit` tenants from `offset` on, with a `next` link while
    /// more remain. Without `limit`, every tenant in one page; with `name`, every
    /// tenant of that name in one page.
    limit: Option<usize>,
    #[serde(default)]
    offset: usize,
}

async fn list_tenants(State(s): State<AppState>, Query(q): Query<TenantQuery>) -> Json<Value> {
    let store = s.store.lock().await;
    let matching: Vec<&crate::store::Tenant> = store
        .tenants
        .values()
        .filter(|t| q.name.as_deref().is_none_or(|n| n == t.name))
        .collect();
    let limit = q.limit.unwrap_or(usize::MAX).max(1);
    let items: Vec<Value> = matching
        .iter()
        .skip(q.offset)
        .take(limit)
        .map(|t| tenant_json(t))
        .collect();
    let end = q.offset.saturating_add(items.len());
    let next = (q.limit.is_some() && q.name.is_none() && end < matching.len())
        .then(|| format!("/api/tenants?offset={end}&limit={limit}"));
    Json(json!({ "items": items, "total": matching.len(), "next": next }))
}

async fn tenant_by_name(State(s): State<AppState>, Path(name): Path<String>) -> Response {
    let store = s.store.lock().await;
    match store.tenants.values().find(|t| t.name == name) {
        Some(t) => Json(tenant_json(t)).into_response(),
        None => StoreError::NotFound(format!("tenant named '{name}' not found")).into_response(),
    }
}

async fn get_tenant(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    match s.store.lock().await.tenant(&id) {
        Ok(t) => Json(tenant_json(t)).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn delete_tenant(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    match s.store.lock().await.delete_tenant(&id) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => e.into_response(),
    }
}

async fn list_users(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    match s.store.lock().await.tenant(&id) {
        Ok(t) => Json(json!({ "users": t.users.values().collect::<Vec<_>>() })).into_response(),
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
struct UserBody {
    #[serde(default)]
    email: String,
    role: String,
    #[serde(default)]
    password: Option<String>,
}

async fn put_user(
    State(s): State<AppState>,
    Path((id, name)): Path<(String, String)>,
    forced: Option<Extension<ForcedRole>>,
    Json(b): Json<UserBody>,
) -> Response {
    // Like a real platform: an initial password must meet a minimum length.
    if b.password.as_ref().is_some_and(|p| p.len() < 12) {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "weak_password",
            "the initial password must have at least 12 characters",
        );
    }
    let user = User {
        name,
        email: b.email,
        role: forced.map_or(b.role, |Extension(ForcedRole(role))| role),
        has_password: b.password.is_some(),
    };
    match s.store.lock().await.put_user(&id, user.clone()) {
        Ok(true) => (StatusCode::CREATED, Json(user)).into_response(),
        Ok(false) => Json(user).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn remove_user(
    State(s): State<AppState>,
    Path((id, name)): Path<(String, String)>,
) -> Response {
    match s.store.lock().await.remove_user(&id, &name) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
struct QuotaBody {
    limit: i64,
}

async fn set_quota(
    State(s): State<AppState>,
    Path((id, key)): Path<(String, String)>,
    Json(b): Json<QuotaBody>,
) -> Response {
    match s.store.lock().await.set_quota(&id, &key, b.limit) {
        Ok(q) => Json(json!({"key": key, "limit": q.limit, "used": q.used})).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn get_quota(State(s): State<AppState>, Path((id, key)): Path<(String, String)>) -> Response {
    let store = s.store.lock().await;
    match store.tenant(&id).map(|t| t.quotas.get(&key)) {
        Ok(Some(q)) => Json(json!({"key": key, "limit": q.limit, "used": q.used})).into_response(),
        Ok(None) => StoreError::NotFound(format!("no quota '{key}'")).into_response(),
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
struct Allocation {
    key: String,
    amount: i64,
}

async fn allocate(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Json(a): Json<Allocation>,
) -> Response {
    match s.store.lock().await.allocate(&id, &a.key, a.amount) {
        Ok(q) => (
            StatusCode::CREATED,
            Json(json!({"key": a.key, "limit": q.limit, "used": q.used})),
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}
