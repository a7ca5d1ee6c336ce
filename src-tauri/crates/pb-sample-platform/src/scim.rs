//! A SCIM 2.0 (RFC 7643/7644) slice of the platform: Users and Groups with members,
//! and ServiceProviderConfig for `check`. Enough for the SCIM preset's lifecycle.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::Shared;

const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const LIST_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

#[derive(Default)]
pub struct ScimStore {
    users: BTreeMap<String, Value>,
    groups: BTreeMap<String, (String, Vec<String>)>,
}

fn scim_error(status: StatusCode, scim_type: Option<&str>, detail: &str) -> Response {
    let mut body =
        json!({"schemas": [ERROR_SCHEMA], "status": status.as_u16().to_string(), "detail": detail});
    if let Some(t) = scim_type {
        body["scimType"] = json!(t);
    }
    (status, Json(body)).into_response()
}

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/scim/v2/ServiceProviderConfig", get(config))
        .route("/scim/v2/Users", get(list_users).post(create_user))
        .route("/scim/v2/Users/{id}", get(get_user).delete(delete_user))
        .route("/scim/v2/Groups", get(list_groups).post(create_group))
        .route(
            "/scim/v2/Groups/{id}",
            get(get_group).delete(delete_group).patch(patch_group),
        )
}

async fn config() -> Json<Value> {
    Json(json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "patch": {"supported": true},
        "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": true, "maxResults": 100},
        "changePassword": {"supported": false},
        "sort": {"supported": false},
        "etag": {"supported": false},
        "authenticationSchemes": [{"type": "oauthbearertoken", "name": "Bearer token", "description": "Authorization: Bearer"}]
    }))
}

#[derive(Deserialize)]
struct Filter {
    filter: Option<String>,
}

async fn list_users(State(s): State<Arc<Shared>>, Query(f): Query<Filter>) -> Json<Value> {
    let store = s.scim.lock().await;
    // Only `userName eq "x"`, the filter provisioning clients use.
    let wanted = f.filter.as_deref().and_then(|f| {
        f.strip_prefix("userName eq ")
            .map(|v| v.trim_matches('"').to_owned())
    });
    let users: Vec<&Value> = store
        .users
        .values()
        .filter(|u| wanted.as_deref().is_none_or(|w| u["userName"] == w))
        .collect();
    Json(json!({"schemas": [LIST_SCHEMA], "totalResults": users.len(), "Resources": users}))
}

/// RFC 7644 §3.4.2.4 paging: `startIndex` (1-based) and `count`. Like many real
/// servers it sends at most 20 per page whatever `count` asks, so a client that
/// stops at the first short page misses groups.
#[derive(Deserialize)]
struct Page {
    #[serde(rename = "startIndex")]
    start_index: Option<usize>,
    count: Option<usize>,
}

const MAX_GROUPS_PER_PAGE: usize = 20;

async fn list_groups(State(s): State<Arc<Shared>>, Query(p): Query<Page>) -> Json<Value> {
    let store = s.scim.lock().await;
    let start = p.start_index.unwrap_or(1).max(1);
    let count = p
        .count
        .unwrap_or(MAX_GROUPS_PER_PAGE)
        .min(MAX_GROUPS_PER_PAGE);
    let groups: Vec<Value> = store
        .groups
        .iter()
        .skip(start - 1)
        .take(count)
        .map(|(id, (name, members))| group_json(id, name, members, &store))
        .collect();
    Json(json!({
        "schemas": [LIST_SCHEMA],
        "totalResults": store.groups.len(),
        "startIndex": start,
        "itemsPerPage": groups.len(),
        "Resources": groups,
    }))
}

async fn create_user(State(s): State<Arc<Shared>>, Json(body): Json<Value>) -> Response {
    let Some(name) = body["userName"].as_str().filter(|n| !n.is_empty()) else {
        return scim_error(
            StatusCode::BAD_REQUEST,
            Some("invalidValue"),
            "userName is required",
        );
    };
    let mut store = s.scim.lock().await;
    if store.users.values().any(|u| u["userName"] == name) {
        return scim_error(
            StatusCode::CONFLICT,
            Some("uniqueness"),
            "userName already exists",
        );
    }
    let id = uuid::Uuid::new_v4().to_string();
    let user = json!({
        "schemas": [USER_SCHEMA],
        "id": id,
        "userName": name,
        "emails": body["emails"].clone(),
        "active": body["active"].as_bool().unwrap_or(true),
        "meta": {"resourceType": "User", "location": format!("/scim/v2/Users/{id}")},
    });
    store.users.insert(id, user.clone());
    (StatusCode::CREATED, Json(user)).into_response()
}

async fn get_user(State(s): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    match s.scim.lock().await.users.get(&id) {
        Some(u) => Json(u.clone()).into_response(),
        None => scim_error(StatusCode::NOT_FOUND, None, "no such user"),
    }
}

async fn delete_user(State(s): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let mut store = s.scim.lock().await;
    if store.users.remove(&id).is_none() {
        return scim_error(StatusCode::NOT_FOUND, None, "no such user");
    }
    for (_, members) in store.groups.values_mut() {
        members.retain(|m| *m != id);
    }
    StatusCode::NO_CONTENT.into_response()
}

fn group_json(id: &str, name: &str, members: &[String], store: &ScimStore) -> Value {
    let members: Vec<Value> = members
        .iter()
        .map(|m| json!({"value": m, "display": store.users.get(m).map(|u| u["userName"].clone())}))
        .collect();
    json!({"schemas": [GROUP_SCHEMA], "id": id, "displayName": name, "members": members})
}

async fn create_group(State(s): State<Arc<Shared>>, Json(body): Json<Value>) -> Response {
    let Some(name) = body["displayName"].as_str().filter(|n| !n.is_empty()) else {
        return scim_error(
            StatusCode::BAD_REQUEST,
            Some("invalidValue"),
            "displayName is required",
        );
    };
    let mut store = s.scim.lock().await;
    if store.groups.values().any(|(n, _)| n == name) {
        return scim_error(
            StatusCode::CONFLICT,
            Some("uniqueness"),
            "displayName already exists",
        );
    }
    let id = uuid::Uuid::new_v4().to_string();
    store
        .groups
        .insert(id.clone(), (name.to_owned(), Vec::new()));
    let g = group_json(&id, name, &[], &store);
    (StatusCode::CREATED, Json(g)).into_response()
}

async fn get_group(State(s): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let store = s.scim.lock().await;
    match store.groups.get(&id) {
        Some((name, members)) => Json(group_json(&id, name, members, &store)).into_response(),
        None => scim_error(StatusCode::NOT_FOUND, None, "no such group"),
    }
}

async fn delete_group(State(s): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    match s.scim.lock().await.groups.remove(&id) {
        Some(_) => StatusCode::NO_CONTENT.into_response(),
        None => scim_error(StatusCode::NOT_FOUND, None, "no such group"),
    }
}

/// PatchOp with `add` / `remove` on `members` (RFC 7644 §3.5.2).
async fn patch_group(
    State(s): State<Arc<Shared>>,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Response {
    let mut store = s.scim.lock().await;
    let known: Vec<String> = store.users.keys().cloned().collect();
    let Some((_, members)) = store.groups.get_mut(&id) else {
        return scim_error(StatusCode::NOT_FOUND, None, "no such group");
    };
    for op in body["Operations"].as_array().cloned().unwrap_or_default() {
        let kind = op["op"].as_str().unwrap_or_default().to_ascii_lowercase();
        match (kind.as_str(), op["path"].as_str()) {
            ("add", Some("members")) => {
                for v in op["value"].as_array().cloned().unwrap_or_default() {
                    let m = v["value"].as_str().unwrap_or_default().to_owned();
                    if !known.contains(&m) {
                        return scim_error(
                            StatusCode::BAD_REQUEST,
                            Some("invalidValue"),
                            "unknown member",
                        );
                    }
                    if !members.contains(&m) {
                        members.push(m);
                    }
                }
            }
            ("remove", Some(path)) if path.starts_with("members[value eq ") => {
                let m = path
                    .trim_start_matches("members[value eq ")
                    .trim_end_matches(']')
                    .trim_matches('"');
                members.retain(|x| x != m);
            }
            _ => {
                return scim_error(
                    StatusCode::BAD_REQUEST,
                    Some("invalidSyntax"),
                    "unsupported patch operation",
                )
            }
        }
    }
    let (name, members) = store.groups.get(&id).cloned().expect("checked above");
    Json(group_json(&id, &name, &members, &store)).into_response()
}
