//! Runs one operation of an HTTP connector: renders each request, authenticates,
//! sends it with timeouts and bounded retries, checks the status, extracts outputs,
//! and records every exchange (redacted).

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use pb_secrets::Sensitive;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tokio::sync::Mutex;

use std::sync::Arc;

use crate::definition::{HttpConnector, Operation};
use crate::error::ConnectorError;
use crate::redact::Redactor;
use crate::resolve::{HostResolver, SystemResolver};
use crate::template::Templates;

/// What an operation runs with: the instance endpoint, values for templates
/// (`fields`, `tenant`, `user`, `quota`, `outputs` of earlier operations, ...) and
/// the instance's secrets, resolved from the keyring by the caller.
#[derive(Clone, Debug, Default)]
pub struct CallContext {
    pub base_url: String,
    pub values: Map<String, Value>,
    pub secrets: BTreeMap<String, Sensitive<String>>,
    pub tls: crate::tls::TlsOptions,
    /// Which exec connectors may run (none unless the caller says).
    pub exec_trust: crate::exec_trust::ExecTrust,
}

/// One request and its response as recorded, with secrets masked.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Exchange {
    pub request: String,
    pub attempt: u32,
    pub method: String,
    pub url: String,
    pub request_headers: Vec<(String, String)>,
    pub request_body: Option<String>,
    pub status: Option<u16>,
    pub response_headers: Vec<(String, String)>,
    pub response_body: Option<String>,
    // JSON numbers: durations never approach 2^53 ms.
    #[ts(type = "number")]
    pub duration_ms: u64,
    pub error: Option<String>,
}

#[derive(Debug)]
pub struct OperationRun {
    pub operation: Operation,
    /// Named outputs extracted from responses.
    pub outcome: Result<Map<String, Value>, ConnectorError>,
    /// True when a request answered with its `notFound` status.
    pub not_found: bool,
    pub exchanges: Vec<Exchange>,
    pub duration_ms: u64,
    /// The outputs as they may be shown: secret values masked.
    pub shown_outputs: Map<String, Value>,
}

/// An operation's result as the UI and history see it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OperationReport {
    pub operation: String,
    pub ok: bool,
    pub not_found: bool,
    #[ts(type = "Record<string, unknown>")]
    pub outputs: Map<String, Value>,
    pub error: Option<OperationError>,
    pub exchanges: Vec<Exchange>,
    // JSON numbers: durations never approach 2^53 ms.
    #[ts(type = "number")]
    pub duration_ms: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OperationError {
    pub code: String,
    pub class: crate::error::ErrorClass,
    pub message: String,
    pub remediation: String,
    /// Expected against actual (absent in runs stored before it was recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub difference: Option<crate::error::Difference>,
    /// The status the error stands for: the HTTP status, or 409 for an exec
    /// program's `conflict` answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub status: Option<u16>,
}

impl OperationError {
    pub fn of(e: &ConnectorError) -> Self {
        OperationError {
            code: e.code().to_owned(),
            class: e.class(),
            message: e.to_string(),
            remediation: e.remediation().to_owned(),
            difference: Some(e.difference()),
            status: match e {
                ConnectorError::Status { status, .. }
                | ConnectorError::Unauthorized { status, .. }
                    if *status != 0 =>
                {
                    Some(*status)
                }
                _ => None,
            },
        }
    }
}

impl From<OperationRun> for OperationReport {
    fn from(run: OperationRun) -> Self {
        let error = run.outcome.as_ref().err().map(OperationError::of);
        OperationReport {
            operation: run.operation.as_str().to_owned(),
            ok: run.outcome.is_ok(),
            not_found: run.not_found,
            outputs: run.shown_outputs,
            error,
            exchanges: run.exchanges,
            duration_ms: run.duration_ms,
        }
    }
}

/// Holds what lives across operations: templates, cached OAuth2 tokens, the host
/// resolver, and one HTTP client per distinct set of timeouts and TLS settings (so
/// connections are reused between operations, as a hand-written script would).
pub struct Engine {
    templates: Templates,
    tokens: Mutex<HashMap<String, (Sensitive<String>, Instant)>>,
    pub(crate) resolver: Arc<dyn HostResolver>,
    clients: std::sync::Mutex<HashMap<client::ClientKey, reqwest::Client>>,
}

impl Default for Engine {
    fn default() -> Self {
        Self::with_resolver(Arc::new(SystemResolver))
    }
}

struct Run<'a> {
    engine: &'a Engine,
    connector: &'a HttpConnector,
    operation: Operation,
    client: reqwest::Client,
    redactor: Redactor,
    context: Value,
    exchanges: Vec<Exchange>,
    auth_headers: Vec<(String, String)>,
    auth_query: Vec<(String, String)>,
    /// For `hmac_signature` auth: signs each request's body as it is sent.
    signer: Option<Signer>,
    /// Where this run's requests may go: the endpoint's origin and `allowedOrigins`.
    origins: crate::origin::Origins,
    /// For `login` auth: whether the token came from the cache (so a 401 is worth
    /// one fresh login).
    login_cached: bool,
}

pub(crate) struct Signer {
    pub key: Sensitive<String>,
    pub signature_header: String,
    pub timestamp_header: String,
}

impl Engine {
    pub fn new() -> Self {
        Self::default()
    }

    /// An engine that resolves host names with `resolver` (tests use a
    /// [`crate::resolve::StaticResolver`]).
    pub fn with_resolver(resolver: Arc<dyn HostResolver>) -> Self {
        crate::tls::install_crypto_provider();
        Self {
            templates: Templates::default(),
            tokens: Mutex::default(),
            resolver,
            clients: std::sync::Mutex::default(),
        }
    }

    /// Runs an operation of any kind of connector.
    pub async fn run_connector(
        &self,
        connector: &crate::definition::Connector,
        operation: Operation,
        ctx: &CallContext,
    ) -> OperationRun {
        match connector {
            crate::definition::Connector::Http(http) => self.run(http, operation, ctx).await,
            crate::definition::Connector::Exec(exec) => {
                let started = Instant::now();
                let ctx = match crate::password::with_user_password(ctx, operation) {
                    Ok(ctx) => ctx,
                    Err(e) => return failed_run(operation, started, ConnectorError::Definition(e)),
                };
                let out = crate::exec::run(&self.templates, exec, operation, &ctx).await;
                let shown_outputs = shown(&out.outcome, &out.redactor);
                OperationRun {
                    operation,
                    outcome: out.outcome,
                    not_found: out.not_found,
                    exchanges: out.exchange.into_iter().collect(),
                    duration_ms: started.elapsed().as_millis() as u64,
                    shown_outputs,
                }
            }
        }
    }

    pub async fn run(
        &self,
        connector: &HttpConnector,
        operation: Operation,
        ctx: &CallContext,
    ) -> OperationRun {
        let started = Instant::now();
        let ctx = match crate::password::with_user_password(ctx, operation) {
            Ok(ctx) => ctx,
            Err(e) => return failed_run(operation, started, ConnectorError::Definition(e)),
        };
        let ctx = ctx.as_ref();
        let client = match self.client(&connector.timeouts, &ctx.tls) {
            Ok(c) => c,
            Err(e) => {
                let e = ConnectorError::Definition(format!("TLS settings of this instance: {e}"));
                return failed_run(operation, started, e);
            }
        };
        let mut run = Run::new(self, connector, operation, client, ctx);
        let mut not_found = false;
        let outcome = run.execute(ctx, &mut not_found).await;
        let shown_outputs = shown(&outcome, &run.redactor);
        OperationRun {
            operation,
            outcome,
            not_found,
            exchanges: run.exchanges,
            duration_ms: started.elapsed().as_millis() as u64,
            shown_outputs,
        }
    }
}

/// A run that failed before sending anything.
fn failed_run(operation: Operation, started: Instant, error: ConnectorError) -> OperationRun {
    OperationRun {
        operation,
        outcome: Err(error),
        not_found: false,
        exchanges: Vec::new(),
        duration_ms: started.elapsed().as_millis() as u64,
        shown_outputs: Map::new(),
    }
}

/// Outputs as they may be shown: every secret value masked.
fn shown(
    outcome: &Result<Map<String, Value>, ConnectorError>,
    redactor: &Redactor,
) -> Map<String, Value> {
    match outcome {
        Ok(outputs) => {
            let text = redactor.text(&Value::Object(outputs.clone()).to_string());
            serde_json::from_str(&text).unwrap_or_default()
        }
        Err(_) => Map::new(),
    }
}

fn template_context(ctx: &CallContext) -> Value {
    let mut values = ctx.values.clone();
    let secrets: Map<String, Value> = ctx
        .secrets
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.expose().clone())))
        .collect();
    values.insert("secrets".into(), Value::Object(secrets));
    values
        .entry("outputs")
        .or_insert_with(|| Value::Object(Map::new()));
    values.insert("endpoint".into(), Value::String(ctx.base_url.clone()));
    Value::Object(values)
}

/// Whether a transport error happened in TLS (certificate, handshake, alert).
pub(crate) fn is_tls_error(e: &reqwest::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let boxed_rustls = s
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .is_some_and(|inner| inner.is::<rustls::Error>());
        // The text backs the type check: hyper's connector may box the rustls
        // error in a type the chain walk cannot see through.
        let text = s.to_string();
        if s.is::<rustls::Error>()
            || boxed_rustls
            || [
                "invalid peer certificate",
                "fatal alert",
                "peer sent no certificates",
            ]
            .iter()
            .any(|m| text.contains(m))
        {
            return true;
        }
        source = s.source();
    }
    false
}

fn join_url(base: &str, path: &str) -> String {
    if path.starts_with("http://") || path.starts_with("https://") {
        path.to_owned()
    } else {
        format!(
            "{}/{}",
            base.trim_end_matches('/'),
            path.trim_start_matches('/')
        )
    }
}

impl<'a> Run<'a> {
    fn new(
        engine: &'a Engine,
        connector: &'a HttpConnector,
        operation: Operation,
        client: reqwest::Client,
        ctx: &CallContext,
    ) -> Self {
        Run {
            engine,
            connector,
            operation,
            client,
            // The client key is masked too, though no request should ever carry it.
            redactor: Redactor::new(
                ctx.secrets
                    .values()
                    .chain(ctx.tls.client_identity.as_ref().map(|i| &i.key_pem)),
            ),
            context: template_context(ctx),
            exchanges: Vec::new(),
            auth_headers: Vec::new(),
            auth_query: Vec::new(),
            signer: None,
            origins: crate::origin::Origins::new(&ctx.base_url, &connector.allowed_origins),
            login_cached: false,
        }
    }
}

impl Signer {
    /// The signature headers as a record shows them: computed at send time, the
    /// signature masked.
    fn recorded_headers(&self) -> [(String, String); 2] {
        [
            (self.timestamp_header.clone(), "<time of sending>".into()),
            (self.signature_header.clone(), crate::redact::MASK.into()),
        ]
    }
}

impl Run<'_> {
    fn op(&self) -> String {
        self.operation.as_str().to_owned()
    }

    fn render(&self, field: &str, template: &str) -> Result<String, ConnectorError> {
        self.engine
            .templates
            .render(template, &self.context)
            .map_err(|message| ConnectorError::Template {
                operation: self.op(),
                field: field.to_owned(),
                message: self.redactor.text(&message),
            })
    }

    /// Whether request `index` is to be sent: its `when` condition, if any.
    pub(crate) fn wanted(
        &self,
        index: usize,
        request: &crate::definition::RequestSpec,
    ) -> Result<bool, ConnectorError> {
        let Some(when) = &request.when else {
            return Ok(true);
        };
        self.engine
            .templates
            .condition(when, &self.context)
            .map_err(|message| ConnectorError::Template {
                operation: self.op(),
                field: format!("requests[{index}].when"),
                message: self.redactor.text(&message),
            })
    }

    fn secret(&self, ctx: &CallContext, name: &str) -> Result<Sensitive<String>, ConnectorError> {
        ctx.secrets
            .get(name)
            .cloned()
            .ok_or_else(|| ConnectorError::MissingSecret {
                operation: self.op(),
                secret: name.to_owned(),
            })
    }

    async fn execute(
        &mut self,
        ctx: &CallContext,
        not_found: &mut bool,
    ) -> Result<Map<String, Value>, ConnectorError> {
        // Borrowed from the definition, not from `self`, so no copy is needed.
        let connector = self.connector;
        let spec = connector
            .operations
            .get(&self.operation)
            .ok_or_else(|| ConnectorError::NotDefined(self.op()))?;
        self.authenticate(ctx).await?;

        let mut outputs = Map::new();
        for (index, request) in spec.requests.iter().enumerate() {
            if !self.wanted(index, request)? {
                continue;
            }
            let mut result = self.send(index, request, not_found).await;
            // A cached session token may have been revoked or expired early on
            // the platform's side: one fresh login, then the request once more.
            if self.login_cached
                && matches!(
                    result,
                    Err(ConnectorError::Unauthorized { status: 401, .. })
                )
            {
                self.login(ctx, true).await?;
                result = self.send(index, request, not_found).await;
            }
            let extracted = result?;
            if *not_found {
                break;
            }
            for (k, v) in extracted {
                outputs.insert(k.clone(), v.clone());
                if let Some(Value::Object(o)) = self.context.get_mut("outputs") {
                    o.insert(k, v);
                }
            }
        }
        Ok(outputs)
    }

    fn exchange(
        &self,
        request: &str,
        attempt: u32,
        method: &str,
        url: &str,
        headers: &[(String, String)],
        body: Option<&str>,
    ) -> Exchange {
        Exchange {
            request: request.to_owned(),
            attempt,
            method: method.to_owned(),
            url: self.redactor.text(url),
            request_headers: headers
                .iter()
                .map(|(k, v)| (k.clone(), self.redactor.header(k, v)))
                .collect(),
            request_body: body.map(|b| self.redactor.body(b)),
            status: None,
            response_headers: Vec::new(),
            response_body: None,
            duration_ms: 0,
            error: None,
        }
    }

    fn transport_error(&self, request: &str, url: &str, e: &reqwest::Error) -> ConnectorError {
        if e.is_timeout() {
            return ConnectorError::Timeout {
                request: request.to_owned(),
                ms: self.connector.timeouts.total_ms,
            };
        }
        // The source chain holds the useful part ("Connection refused").
        let mut message = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            message = s.to_string();
            source = s.source();
        }
        let tls = is_tls_error(e);
        if tls {
            return ConnectorError::Tls {
                request: request.to_owned(),
                message: self
                    .redactor
                    .text(&crate::tls::explain(&std::io::Error::other(message))),
            };
        }
        if e.is_body() || e.is_decode() {
            return ConnectorError::Connect {
                request: request.to_owned(),
                url: self.redactor.text(url),
                message: format!(
                    "the connection broke while reading the response ({})",
                    self.redactor.text(&message)
                ),
            };
        }
        ConnectorError::Connect {
            request: request.to_owned(),
            url: self.redactor.text(url),
            message: self.redactor.text(&message),
        }
    }
}

mod auth;
mod client;
mod dry_run;
mod guard;
mod login;
mod send;

pub use dry_run::RenderedRequest;
pub use login::LOGIN_REQUEST;
