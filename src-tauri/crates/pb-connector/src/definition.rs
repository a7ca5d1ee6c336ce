//! The connector definition: data (YAML or JSON), not code. See docs/connectors.md.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

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
}

impl Operation {
    pub const ALL: [Operation; 10] = [
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

/// How requests authenticate. `secret` names an entry of the instance's secrets
/// (resolved from the OS keyring at call time).
#[derive(
    Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema, ts_rs::TS,
)]
#[ts(export)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Auth {
    #[default]
    None,
    ApiKey {
        /// Send in this header (e.g. `X-API-Key`) ...
        #[serde(default)]
        header: Option<String>,
        /// ... or in this query parameter.
        #[serde(default)]
        query: Option<String>,
        secret: String,
    },
    Bearer {
        secret: String,
    },
    Basic {
        /// Template, e.g. `{{ fields.username }}`.
        username: String,
        secret: String,
    },
    #[serde(rename_all = "camelCase")]
    Oauth2ClientCredentials {
        /// Template; relative to the instance endpoint or absolute.
        token_url: String,
        client_id: String,
        secret: String,
        #[serde(default)]
        scope: Option<String>,
    },
    /// The instance's client certificate is the credential (mutual TLS). The
    /// certificate is part of the instance's TLS settings; its private key is kept
    /// in the OS keyring. Any other scheme can be combined with a client
    /// certificate too; this one says the certificate alone authenticates.
    MutualTls,
    /// Signed requests, as webhook receivers expect: `timestampHeader` carries the
    /// Unix time in seconds, `signatureHeader` carries
    /// `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`, so a receiver can
    /// check both who sent the request and that it is fresh.
    /// A session login, as Keystone, Rancher, Proxmox, vCenter or Harbor expect: a
    /// login request (which may use the secret and custom fields) issues a token,
    /// taken from a response header or from the body, and sent with every request
    /// in the headers of `send` (`X-Auth-Token: "{{ token }}"`). The token is cached
    /// per instance until it expires; a 401 answered to a cached token triggers one
    /// fresh login.
    #[serde(rename_all = "camelCase")]
    Login {
        /// The instance's secret the login request uses (`{{ secrets.<name> }}`).
        secret: String,
        request: Box<RequestSpec>,
        token: TokenSource,
        /// JSON Pointer or JMESPath to the token's expiry in the login response
        /// body: an RFC 3339 time or Unix seconds.
        #[serde(default)]
        expires_at: Option<String>,
        /// How long a token lives when the response does not say (default 3600,
        /// at most a day).
        #[serde(default)]
        lifetime_seconds: Option<u64>,
        /// Headers that carry the token: name → template with `{{ token }}`.
        send: BTreeMap<String, String>,
    },
    #[serde(rename_all = "camelCase")]
    HmacSignature {
        secret: String,
        #[serde(default = "default_signature_header")]
        signature_header: String,
        #[serde(default = "default_timestamp_header")]
        timestamp_header: String,
    },
}

/// Where a login response carries the token: exactly one of a response header or a
/// JSON Pointer / JMESPath into the body.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TokenSource {
    #[serde(default)]
    pub header: Option<String>,
    #[serde(default)]
    pub pointer: Option<String>,
}

fn default_signature_header() -> String {
    "X-Signature".into()
}

fn default_timestamp_header() -> String {
    "X-Timestamp".into()
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OperationSpec {
    /// Run in order; outputs of earlier requests are available to later ones.
    pub requests: Vec<RequestSpec>,
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

/// Parses a definition from YAML (JSON is YAML too).
pub fn parse(text: &str) -> Result<ConnectorDefinition, String> {
    const HTTP_KEYS: &[&str] = &[
        "apiVersion",
        "kind",
        "headers",
        "timeouts",
        "retries",
        "auth",
        "operations",
        "unsupported",
    ];
    const EXEC_KEYS: &[&str] = &[
        "apiVersion",
        "kind",
        "command",
        "timeoutMs",
        "env",
        "secretEnv",
        "operations",
        "unsupported",
    ];
    let raw: serde_norway::Value = serde_norway::from_str(text).map_err(|e| e.to_string())?;
    let kind = raw.get("kind").and_then(|k| k.as_str()).unwrap_or_default();
    let allowed = match kind {
        "http" => HTTP_KEYS,
        "exec" => EXEC_KEYS,
        other => return Err(format!("kind must be 'http' or 'exec', not '{other}'")),
    };
    if let Some(map) = raw.as_mapping() {
        for key in map.keys() {
            let key = key.as_str().unwrap_or_default();
            if !allowed.contains(&key) {
                return Err(format!(
                    "unknown field `{key}`; expected one of {}",
                    allowed.join(", ")
                ));
            }
        }
    }
    let def: ConnectorDefinition = serde_norway::from_value(raw).map_err(|e| e.to_string())?;
    if def.api_version != API_VERSION {
        return Err(format!(
            "apiVersion '{}' is not supported; this build reads '{API_VERSION}'",
            def.api_version
        ));
    }
    crate::template::check_syntax(&serde_json::to_value(&def).map_err(|e| e.to_string())?)?;
    if !def.connector.defines(Operation::Check) {
        return Err("every connector needs a 'check' operation".into());
    }
    // Secret names are identifiers (`secrets.api_key` in templates); this also keeps
    // them apart from names the engine reserves, such as `user.password`.
    for name in def.connector.secret_names() {
        let mut chars = name.chars();
        let valid = chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Err(format!(
                "secret name '{name}' must be an identifier (letters, digits, '_'), e.g. api_key"
            ));
        }
    }
    match &def.connector {
        Connector::Http(http) => {
            if let Auth::Login { token, send, .. } = &http.auth {
                if token.header.is_some() == token.pointer.is_some() {
                    return Err("login auth: `token` needs exactly one of `header` (a response header) or `pointer` (into the response body)".into());
                }
                if send.is_empty() || !send.values().any(|v| v.contains("token")) {
                    return Err("login auth: `send` needs a header that carries the token, e.g. `X-Auth-Token: \"{{ token }}\"`".into());
                }
            }
            if let Some(op) = http
                .unsupported
                .keys()
                .find(|op| http.operations.contains_key(op))
            {
                return Err(format!(
                    "operation {} is both defined and listed as unsupported",
                    op.as_str()
                ));
            }
            if let Auth::Login { request, .. } = &http.auth {
                if request.when.is_some() {
                    return Err("login auth: the login request cannot have `when`: every operation needs the token".into());
                }
            }
            for (op, spec) in &http.operations {
                if spec.requests.is_empty() {
                    return Err(format!("operation {} has no requests", op.as_str()));
                }
                for (i, request) in spec.requests.iter().enumerate() {
                    if let Some(when) = &request.when {
                        crate::template::check_expression(when).map_err(|e| {
                            format!("operations.{}.requests.{i}.when: {e}", op.as_str())
                        })?;
                    }
                }
            }
        }
        Connector::Exec(exec) => {
            if exec.command.first().is_none_or(|p| p.trim().is_empty()) {
                return Err("an exec connector needs a command (the program to run)".into());
            }
            if exec.command.iter().any(|a| a.contains("{{")) {
                return Err("command arguments cannot be templates: values and secrets must not reach argv; use env or stdin".into());
            }
        }
    }
    Ok(def)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "apiVersion: platformbuilder.dev/connector/v1
kind: http
operations:
  check:
    requests:
      - method: GET
        path: /health
";

    #[test]
    fn minimal_definition_parses_with_defaults() {
        let def = parse(MINIMAL).unwrap();
        let http = def.connector.as_http().unwrap();
        assert_eq!(http.timeouts, Timeouts::default());
        assert_eq!(http.auth, Auth::None);
    }

    #[test]
    fn exec_definitions_keep_values_out_of_argv() {
        let exec = "apiVersion: platformbuilder.dev/connector/v1
kind: exec
command: [/usr/bin/platform-cli, --json]
secretEnv: {PLATFORM_TOKEN: token}
operations: [check, create_tenant]
";
        let def = parse(exec).unwrap();
        assert_eq!(def.connector.secret_names(), ["token"]);
        let templated = exec.replace("--json", "'--token={{ secrets.token }}'");
        assert!(parse(&templated).unwrap_err().contains("argv"));
        let http_key = exec.replace("operations:", "retries: {max: 1}\noperations:");
        assert!(parse(&http_key)
            .unwrap_err()
            .contains("unknown field `retries`"));
    }

    #[test]
    fn mistakes_are_reported_precisely() {
        let typo = MINIMAL.replace("operations:", "operatoins:");
        assert!(parse(&typo)
            .unwrap_err()
            .contains("unknown field `operatoins`"));
        let bad_field = MINIMAL.replace("path: /health", "path: /health\n        exepct: [200]");
        assert!(parse(&bad_field).unwrap_err().contains("exepct"));
        let version = MINIMAL.replace("/v1", "/v9");
        assert!(parse(&version).unwrap_err().contains("not supported"));
        let no_check = MINIMAL.replace("check:", "get_tenant:");
        assert!(parse(&no_check).unwrap_err().contains("'check'"));
        let when = MINIMAL.replace(
            "path: /health",
            "path: /health\n        when: fields.mode ==",
        );
        assert!(parse(&when).unwrap_err().contains("requests.0.when"));
        let braces = MINIMAL.replace(
            "path: /health",
            "path: /health\n        when: \"{{ fields.on }}\"",
        );
        assert!(parse(&braces).unwrap_err().contains("without braces"));
        let bad_secret = MINIMAL.replace(
            "operations:",
            "auth: {type: bearer, secret: user.password}\noperations:",
        );
        assert!(parse(&bad_secret).unwrap_err().contains("identifier"));
    }
}
