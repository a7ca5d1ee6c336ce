use serde::{Deserialize, Serialize};

/// What kind of problem an administrator is looking at, so the UI can say where to
/// look: their configuration, the network, TLS, credentials, or the platform itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorClass {
    Configuration,
    Network,
    Tls,
    Authentication,
    Platform,
}

impl ErrorClass {
    pub fn remediation(self) -> &'static str {
        match self {
            ErrorClass::Configuration => "Fix the connector definition or the instance's settings; nothing was sent that could have worked.",
            ErrorClass::Network => "Check the endpoint URL, that the platform is running, and firewalls or proxies between this machine and it.",
            ErrorClass::Tls => "Check the certificate (host name, expiry, issuing CA) or configure the CA bundle for this instance.",
            ErrorClass::Authentication => "Check the credential stored for this instance (replace it if it was rotated) and the account's permissions.",
            ErrorClass::Platform => "The platform answered but not as the connector expects: see the recorded response.",
        }
    }
}

/// Errors of one operation. Messages name the operation and request and never carry
/// a secret value (response excerpts are redacted before they get here).
#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum ConnectorError {
    #[error("{operation}: template error in {field}: {message}")]
    Template {
        operation: String,
        field: String,
        message: String,
    },
    #[error("{0}")]
    Definition(String),
    /// The connector reads a secret (the credential, or a secret custom field) the
    /// instance has no value for; found before anything is sent.
    #[error(
        "{operation}: the connector needs the secret '{secret}', which this instance does not have"
    )]
    MissingSecret { operation: String, secret: String },
    #[error("operation {0} is not defined by this connector")]
    NotDefined(String),
    #[error("{request}: cannot reach {url}: {message}")]
    Connect {
        request: String,
        url: String,
        message: String,
    },
    #[error("{request}: TLS failed: {message}")]
    Tls { request: String, message: String },
    #[error("{request}: no complete response within {ms} ms")]
    Timeout { request: String, ms: u64 },
    #[error("{request}: the platform refused the credentials (HTTP {status}){}", suffix(.message))]
    Unauthorized {
        request: String,
        status: u16,
        message: String,
    },
    #[error("{request}: HTTP {status}{}", suffix(.message))]
    Status {
        request: String,
        status: u16,
        message: String,
    },
    #[error("{request}: the response is not valid JSON ({message})")]
    InvalidBody { request: String, message: String },
    #[error("{request}: output '{output}' not found at {pointer} in the response")]
    Extraction {
        request: String,
        output: String,
        pointer: String,
    },
    #[error("{request}: expected {pointer} to be {expected}, got {actual}")]
    Rule {
        request: String,
        pointer: String,
        expected: String,
        actual: String,
    },
    #[error("this connector runs a local program this machine has not trusted: {command} (program SHA-256 {sha256}); trust it on the platform's page, or with `platformctl trust add <platform type>`")]
    ExecNotTrusted { command: String, sha256: String },
    #[error("{request}: the platform redirects (HTTP {status}) to {location}, another origin; credentials never follow a redirect there, so set that address as the endpoint if it is the platform")]
    Redirected {
        request: String,
        status: u16,
        location: String,
    },
    /// `list_tenants` answered, but not with a usable list (no `tenants` output,
    /// an entry without a name or id, more pages or tenants than the bounds allow).
    #[error("list_tenants: {0}")]
    Listing(String),
    #[error("{request}: {url} is outside the instance's origin {origin}; requests may carry the instance's credentials, so they go only there or to an origin the connector lists in allowedOrigins")]
    ForeignOrigin {
        request: String,
        url: String,
        origin: String,
    },
}

/// What was expected against what happened, for results that explain themselves:
/// shown above the exchanges, and in a JUnit failure message.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Difference {
    /// What was compared: `status`, `output tenant_id`, `description`, ...
    pub what: String,
    pub expected: String,
    pub actual: String,
}

impl Difference {
    pub fn new(
        what: impl Into<String>,
        expected: impl Into<String>,
        actual: impl Into<String>,
    ) -> Self {
        Self {
            what: what.into(),
            expected: expected.into(),
            actual: actual.into(),
        }
    }

    /// `what: expected E, actual A`.
    pub fn line(&self) -> String {
        format!(
            "{}: expected {}, actual {}",
            self.what, self.expected, self.actual
        )
    }
}

fn suffix(message: &str) -> String {
    if message.is_empty() {
        String::new()
    } else {
        format!(": {message}")
    }
}

impl ConnectorError {
    pub fn class(&self) -> ErrorClass {
        match self {
            ConnectorError::Template { .. }
            | ConnectorError::Definition(_)
            | ConnectorError::MissingSecret { .. }
            | ConnectorError::NotDefined(_)
            | ConnectorError::ExecNotTrusted { .. }
            | ConnectorError::Redirected { .. }
            | ConnectorError::ForeignOrigin { .. } => ErrorClass::Configuration,
            ConnectorError::Connect { .. } | ConnectorError::Timeout { .. } => ErrorClass::Network,
            ConnectorError::Tls { .. } => ErrorClass::Tls,
            ConnectorError::Unauthorized { .. } => ErrorClass::Authentication,
            ConnectorError::Status { .. }
            | ConnectorError::InvalidBody { .. }
            | ConnectorError::Extraction { .. }
            | ConnectorError::Rule { .. }
            | ConnectorError::Listing(_) => ErrorClass::Platform,
        }
    }

    /// What to do about it: the class's advice, except where the error says more
    /// precisely (a missing secret is the instance's, not the connector's, to fix).
    pub fn remediation(&self) -> &'static str {
        match self {
            ConnectorError::MissingSecret { .. } => "Set the instance's credential (or the secret field the message names), then test again; nothing was sent.",
            _ => self.class().remediation(),
        }
    }

    /// The error as expected against actual. A status's expectation is the
    /// request's to say (see `expect`); the caller may sharpen it.
    pub fn difference(&self) -> Difference {
        use ConnectorError as E;
        match self {
            E::Template { field, message, .. } => {
                Difference::new(format!("template {field}"), "renders", message.clone())
            }
            E::Definition(message) => {
                Difference::new("connector", "a usable definition", message.clone())
            }
            E::MissingSecret { secret, .. } => Difference::new(
                format!("secret {secret}"),
                "set for this instance",
                "missing",
            ),
            E::NotDefined(op) => {
                Difference::new("operation", format!("{op} defined"), "not defined")
            }
            E::Connect { url, message, .. } => Difference::new(
                "connection",
                format!("an answer from {url}"),
                message.clone(),
            ),
            E::Tls { message, .. } => {
                Difference::new("TLS", "a trusted connection", message.clone())
            }
            E::Timeout { ms, .. } => Difference::new(
                "response",
                format!("complete within {ms} ms"),
                format!("none within {ms} ms"),
            ),
            E::Unauthorized { status, .. } => Difference::new(
                "credential",
                "accepted",
                format!("refused with HTTP {status}"),
            ),
            E::Status { status, .. } => Difference::new(
                "status",
                "a status the request accepts",
                format!("HTTP {status}"),
            ),
            E::InvalidBody { message, .. } => {
                Difference::new("response body", "JSON", format!("not JSON ({message})"))
            }
            E::Extraction {
                output, pointer, ..
            } => Difference::new(
                format!("output {output}"),
                format!("a value at {pointer}"),
                "nothing there",
            ),
            E::Rule {
                pointer,
                expected,
                actual,
                ..
            } => Difference::new(
                format!("response {pointer}"),
                expected.clone(),
                actual.clone(),
            ),
            E::ExecNotTrusted { sha256, .. } => Difference::new(
                "program",
                "trusted on this machine",
                format!("not trusted (SHA-256 {sha256})"),
            ),
            E::Redirected { location, .. } => {
                Difference::new("response", "an answer", format!("a redirect to {location}"))
            }
            E::ForeignOrigin { url, origin, .. } => {
                Difference::new("request URL", format!("on {origin}"), url.clone())
            }
            E::Listing(message) => {
                Difference::new("tenants", "a complete list of {name, id}", message.clone())
            }
        }
    }

    /// Stable code for the UI and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            ConnectorError::Template { .. } => "template_error",
            ConnectorError::Definition(_) => "definition_error",
            ConnectorError::MissingSecret { .. } => "secret_missing",
            ConnectorError::NotDefined(_) => "operation_not_defined",
            ConnectorError::Connect { .. } => "connect_failed",
            ConnectorError::Tls { .. } => "tls_failed",
            ConnectorError::Timeout { .. } => "timeout",
            ConnectorError::Unauthorized { .. } => "unauthorized",
            ConnectorError::Status { .. } => "unexpected_status",
            ConnectorError::InvalidBody { .. } => "invalid_body",
            ConnectorError::Extraction { .. } => "extraction_failed",
            ConnectorError::Rule { .. } => "success_rule_failed",
            ConnectorError::ExecNotTrusted { .. } => "exec_not_trusted",
            ConnectorError::Redirected { .. } => "redirected",
            ConnectorError::ForeignOrigin { .. } => "secret_to_foreign_origin",
            ConnectorError::Listing(_) => "invalid_listing",
        }
    }
}
