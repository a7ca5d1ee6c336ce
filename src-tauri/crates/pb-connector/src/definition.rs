//! The connector definition: data (YAML or JSON), not code. See docs/connectors.md.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

mod auth;
mod parse;
pub use auth::{Auth, TokenSource};
pub use parse::parse;

/// The definition format version this build reads.
pub const API_VERSION: &str = "platformbuilder.dev/connector/v1";

// No `deny_unknown_fields` here or on HttpConnector: serde cannot combine it with
// `flatten`; `parse` checks the top-level keys itself.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ConnectorDefinition {
    pub api_version: String,
    #[serde(flatten)]
    #[ts(flatten)]
    pub connector: Connector,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema, ts_rs::TS)]
#[ts(export)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Connector {
    Http(HttpConnector),
    Exec(ExecConnector),
}

impl Connector {
    pub fn as_http(&self) -> Option<&HttpConnector> {
        match self {
            Connector::Http(h) => Some(h),
            Connector::Exec(_) => None,
        }
    }

    /// The secret names the connector reads; the instance's credential is offered
    /// under each of them.
    pub fn secret_names(&self) -> Vec<&str> {
        match self {
            Connector::Http(h) => match &h.auth {
                Auth::None | Auth::MutualTls => vec![],
                Auth::ApiKey { secret, .. }
                | Auth::Bearer { secret }
                | Auth::Basic { secret, .. }
                | Auth::Oauth2ClientCredentials { secret, .. }
                | Auth::HmacSignature { secret, .. }
                | Auth::Login { secret, .. } => vec![secret.as_str()],
            },
            Connector::Exec(e) => e.secret_env.values().map(String::as_str).collect(),
        }
    }

    /// Why the connector leaves `op` out: its own reason, or that it is not defined.
    pub fn why_not_defined(&self, op: Operation) -> String {
        let own = match self {
            Connector::Http(h) => h.unsupported.get(&op),
            Connector::Exec(e) => e.unsupported.get(&op),
        };
        match own {
            Some(reason) => format!("not supported by this connector: {reason}"),
            None => format!("the connector does not define {}", op.as_str()),
        }
    }

    pub fn defines(&self, op: Operation) -> bool {
        match self {
            Connector::Http(h) => h.operations.contains_key(&op),
            Connector::Exec(e) => e.operations.contains(&op),
        }
    }
}

/// The escape hatch for platforms HTTP alone cannot express (CLIs, Terraform,
/// scripts): a program that gets the operation and its values as JSON on stdin and
/// answers with JSON on stdout. Secrets reach it only through environment variables,
/// never argv (which any local user can read in /proc).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ExecConnector {
    /// Program and fixed arguments. Not templates, so no value can leak into argv.
    pub command: Vec<String>,
    #[serde(default = "default_exec_timeout_ms")]
    pub timeout_ms: u64,
    /// Extra environment variables (templates; values only, no secrets).
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    /// Environment variable → secret name.
    #[serde(default)]
    pub secret_env: BTreeMap<String, String>,
    /// The operations the program implements.
    pub operations: Vec<Operation>,
    /// What a second create of the same tenant does, as on `create_tenant` of an
    /// HTTP connector: `{conflict: 409}` when the program answers with the error
    /// class `conflict` (counted as 409), or `adopt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub duplicate: Option<Duplicate>,
    /// Operations deliberately left out, with the reason the validation suite shows
    /// when it skips them ("not supported" is not "unhealthy").
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub unsupported: BTreeMap<Operation, String>,
}

fn default_exec_timeout_ms() -> u64 {
    30_000
}

/// The operations a connector may implement; `check` is the only required one.
#[derive(
    Clone,
    Copy,
    Debug,
    Serialize,
    Deserialize,
    PartialEq,
    schemars::JsonSchema,
    ts_rs::TS,
    Eq,
    PartialOrd,
    Ord,
    Hash,
)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Operation {
    Check,
    CreateTenant,
    GetTenant,
    DeleteTenant,
    AddUser,
    RemoveUser,
    ListUsers,
    SetQuota,
    GetQuota,
    ProbeQuota,
    /// Every tenant the platform has, with name and id (paged; see `paging`).
    ListTenants,
}

impl Operation {
    pub const ALL: [Operation; 11] = [
        Operation::Check,
        Operation::CreateTenant,
        Operation::GetTenant,
        Operation::DeleteTenant,
        Operation::AddUser,
        Operation::RemoveUser,
        Operation::ListUsers,
        Operation::SetQuota,
        Operation::GetQuota,
        Operation::ProbeQuota,
        Operation::ListTenants,
    ];

    pub fn parse(name: &str) -> Option<Operation> {
        Self::ALL.into_iter().find(|o| o.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Check => "check",
            Operation::CreateTenant => "create_tenant",
            Operation::GetTenant => "get_tenant",
            Operation::DeleteTenant => "delete_tenant",
            Operation::AddUser => "add_user",
            Operation::RemoveUser => "remove_user",
            Operation::ListUsers => "list_users",
            Operation::SetQuota => "set_quota",
            Operation::GetQuota => "get_quota",
            Operation::ProbeQuota => "probe_quota",
            Operation::ListTenants => "list_tenants",
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct HttpConnector {
    /// Headers sent with every request (templates).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    pub timeouts: Timeouts,
    #[serde(default)]
    pub retries: Retries,
    #[serde(default)]
    pub auth: Auth,
    /// Origins besides the instance endpoint's that requests may go to (an
    /// identity provider's token endpoint, say), as `https://host[:port]`. Every
    /// request may carry the instance's credentials, so no other origin is sent to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_origins: Vec<String>,
    pub operations: BTreeMap<Operation, OperationSpec>,
    /// Operations deliberately left out, with the reason the validation suite shows
    /// when it skips them ("not supported" is not "unhealthy").
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub unsupported: BTreeMap<Operation, String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Timeouts {
    pub connect_ms: u64,
    /// The whole request, including reading the body.
    pub total_ms: u64,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect_ms: 5_000,
            total_ms: 30_000,
        }
    }
}

/// Retries apply only to idempotent methods (GET, HEAD, PUT, DELETE), on connection
/// failures and on 429/502/503/504; `Retry-After` is honoured up to `maxWaitMs`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Retries {
    pub max: u32,
    pub backoff_ms: u64,
    pub max_wait_ms: u64,
}

impl Default for Retries {
    fn default() -> Self {
        Self {
            max: 2,
            backoff_ms: 200,
            max_wait_ms: 10_000,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OperationSpec {
    /// Run in order; outputs of earlier requests are available to later ones.
    pub requests: Vec<RequestSpec>,
    /// `create_tenant` only: what the platform does when asked to create a tenant
    /// whose name it already has. The validation suite's "duplicate create" step
    /// holds the platform to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub duplicate: Option<Duplicate>,
    /// `list_tenants` only: how its last request asks for the following pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub paging: Option<Paging>,
}

/// How `list_tenants` walks through pages. Each page's `tenants` output (a list of
/// `{name, id}`) is collected; the walk stops at the last page, and in any case
/// after `crate::listing::MAX_PAGES` pages, so a platform that pages forever
/// cannot stall the app.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Paging {
    /// `paging: {next: /links/next}`: where in each page's body the next page's URL
    /// is (JSON Pointer or JMESPath); no value, `null` or "" means the last page.
    /// The link is fetched as it is (an absolute URL or a path on the endpoint),
    /// and only from the origins the connector may talk to.
    Next(String),
    /// `paging: {offset: {size: 100}}`: templates of the last request see
    /// `page.offset` (how many tenants the pages before held: 0, then 100, ...)
    /// and `page.size`. The last page is an empty one, or, with `total`, the one
    /// that reaches the total, else one with fewer than `size` tenants.
    Offset(OffsetPaging),
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OffsetPaging {
    #[schemars(range(min = 1, max = 1000))]
    pub size: u32,
    /// Where each page's body says how many tenants there are in all (SCIM's
    /// `/totalResults`). Lets a server return fewer than `size` per page (RFC
    /// 7644 allows it) without the listing stopping early.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub total: Option<String>,
}

/// A platform's answer to a second create of the same tenant.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema, ts_rs::TS)]
#[ts(export)]
#[serde(untagged)]
pub enum Duplicate {
    /// `duplicate: adopt`: it returns the tenant it already has (same id).
    Adopt(Adopt),
    /// `duplicate: {conflict: 409}`: it refuses with this status.
    Conflict {
        #[schemars(range(min = 400, max = 499))]
        conflict: u16,
    },
}

#[derive(
    Clone, Copy, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema, ts_rs::TS,
)]
#[ts(export)]
#[serde(rename_all = "lowercase")]
pub enum Adopt {
    Adopt,
}

#[derive(
    Clone, Copy, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema, ts_rs::TS, Eq,
)]
#[ts(export)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Head,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn is_idempotent(self) -> bool {
        matches!(
            self,
            Method::Get | Method::Head | Method::Put | Method::Delete
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RequestSpec {
    /// Shown in test output; defaults to "METHOD path".
    #[serde(default)]
    pub name: Option<String>,
    pub method: Method,
    /// Template. Relative to the instance endpoint, or an absolute URL. Use the
    /// `path` filter for values inside a path: `/tenants/{{ tenant.name | path }}`.
    pub path: String,
    /// Name → template; encoded by the engine.
    #[serde(default)]
    pub query: BTreeMap<String, String>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    pub body: Option<Body>,
    /// Statuses that mean success. Default: any 2xx.
    #[serde(default)]
    pub expect: Vec<u16>,
    /// The status that means "does not exist" (e.g. 404), so reads and deletions can
    /// be verified.
    #[serde(default)]
    pub not_found: Option<u16>,
    /// Output name → where to find it in the response body: a JSON Pointer
    /// (`/metadata/name`) or a JMESPath expression (`items[].subjects[0].name`).
    /// A template, so it may use e.g. the quota key.
    #[serde(default)]
    pub extract: BTreeMap<String, String>,
    /// Conditions on the response body that must hold for success.
    #[serde(default)]
    pub success: Vec<SuccessRule>,
    /// JSON Pointer or JMESPath to a human-readable error in failure responses.
    #[serde(default)]
    pub error_message: Option<String>,
    /// An expression (template syntax, without braces) over the same values as
    /// templates: the request is sent only when it is true, e.g.
    /// `fields.deprovision == 'deactivate'`. Lets one operation choose between
    /// requests (deactivate or delete a user) by a custom field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub when: Option<String>,
}

impl RequestSpec {
    /// Whether `status` means success: one of `expect`, else any 2xx.
    pub fn accepts(&self, status: u16) -> bool {
        if self.expect.is_empty() {
            (200..300).contains(&status)
        } else {
            self.expect.contains(&status)
        }
    }

    /// How results name the request: its `name`, or "METHOD path".
    pub fn display_name(&self) -> String {
        self.name
            .clone()
            .unwrap_or_else(|| format!("{} {}", self.method.as_str(), self.path))
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Body {
    /// Any JSON; every string inside is a template.
    Json(#[ts(type = "unknown")] Value),
    /// Form fields (templates), sent as application/x-www-form-urlencoded.
    Form(BTreeMap<String, String>),
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SuccessRule {
    /// JSON Pointer into the response body.
    pub pointer: String,
    /// The value it must equal (strings are templates).
    #[ts(type = "unknown")]
    pub equals: Value,
}
