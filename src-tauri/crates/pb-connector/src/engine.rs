//! Runs one operation of an HTTP connector: renders each request, authenticates,
//! sends it with timeouts and bounded retries, checks the status, extracts outputs,
//! and records every exchange (redacted).

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use pb_secrets::Sensitive;
use serde::Serialize;
use serde_json::{Map, Value};
use tokio::sync::Mutex;

use std::sync::Arc;

use crate::definition::{Auth, HttpConnector, Operation, Timeouts};
use crate::error::ConnectorError;
use crate::redact::Redactor;
use crate::resolve::{ForReqwest, HostResolver, SystemResolver};
use crate::template::Templates;
use crate::tls::TlsOptions;

/// What an operation runs with: the instance endpoint, values for templates
/// (`fields`, `tenant`, `user`, `quota`, `outputs` of earlier operations, ...) and
/// the instance's secrets, resolved from the keyring by the caller.
#[derive(Clone, Debug, Default)]
pub struct CallContext {
    pub base_url: String,
    pub values: Map<String, Value>,
    pub secrets: BTreeMap<String, Sensitive<String>>,
    pub tls: crate::tls::TlsOptions,
}

/// One request and its response as recorded, with secrets masked.
#[derive(Clone, Debug, Serialize, PartialEq, ts_rs::TS)]
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
#[derive(Clone, Debug, Serialize, PartialEq, ts_rs::TS)]
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

#[derive(Clone, Debug, Serialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OperationError {
    pub code: String,
    pub class: crate::error::ErrorClass,
    pub message: String,
    pub remediation: String,
}

impl From<OperationRun> for OperationReport {
    fn from(run: OperationRun) -> Self {
        let error = run.outcome.as_ref().err().map(|e| OperationError {
            code: e.code().to_owned(),
            class: e.class(),
            message: e.to_string(),
            remediation: e.class().remediation().to_owned(),
        });
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
    clients: std::sync::Mutex<HashMap<ClientKey, reqwest::Client>>,
}

impl Default for Engine {
    fn default() -> Self {
        Self::with_resolver(Arc::new(SystemResolver))
    }
}

/// What makes two HTTP clients different. PEM text and key material enter only as
/// SHA-256 digests, so a lookup copies no PEM and keeps no key.
#[derive(Clone, PartialEq, Eq, Hash)]
struct ClientKey {
    connect_ms: u64,
    total_ms: u64,
    insecure: bool,
    ca_bundle: Option<[u8; 32]>,
    identity: Option<[u8; 32]>,
}

fn digest(parts: &[&str]) -> [u8; 32] {
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
    for part in parts {
        // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
        ctx.update(&(part.len() as u64).to_le_bytes());
        ctx.update(part.as_bytes());
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(ctx.finish().as_ref());
    out
}

/// Clients kept at most; past it the cache starts again (an administrator testing
/// hundreds of different TLS setups in one session is not worth an LRU).
const MAX_CLIENTS: usize = 64;

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

    /// The HTTP client for these timeouts and TLS settings, built on first use.
    fn client(&self, timeouts: &Timeouts, tls: &TlsOptions) -> Result<reqwest::Client, String> {
        let key = ClientKey {
            connect_ms: timeouts.connect_ms,
            total_ms: timeouts.total_ms,
            insecure: tls.insecure_skip_verify,
            ca_bundle: tls.ca_bundle_pem.as_deref().map(|p| digest(&[p])),
            identity: tls
                .client_identity
                .as_ref()
                .map(|i| digest(&[&i.certificate_pem, i.key_pem.expose()])),
        };
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(client) = clients.get(&key) {
            return Ok(client.clone());
        }
        let mut builder = reqwest::Client::builder()
            .connect_timeout(Duration::from_millis(timeouts.connect_ms))
            .timeout(Duration::from_millis(timeouts.total_ms))
            .dns_resolver(Arc::new(ForReqwest(self.resolver.clone())))
            .danger_accept_invalid_certs(tls.insecure_skip_verify);
        if let Some(pem) = &tls.ca_bundle_pem {
            crate::tls::ca_certificates(pem)?;
            let certs = reqwest::Certificate::from_pem_bundle(pem.as_bytes())
                .map_err(|e| format!("CA bundle: {e}"))?;
            builder = builder.tls_certs_only(certs);
        }
        if let Some(identity) = &tls.client_identity {
            builder = builder.identity(identity.reqwest_identity()?);
        }
        let client = builder.build().map_err(|e| format!("HTTP client: {e}"))?;
        if clients.len() >= MAX_CLIENTS {
            clients.clear();
        }
        clients.insert(key, client.clone());
        Ok(client)
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

    fn secret(&self, ctx: &CallContext, name: &str) -> Result<Sensitive<String>, ConnectorError> {
        ctx.secrets.get(name).cloned().ok_or_else(|| {
            ConnectorError::Definition(format!(
                "{}: the connector needs the secret '{name}', which this instance does not have",
                self.op()
            ))
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
            let extracted = self.send(index, request, not_found).await?;
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

    async fn authenticate(&mut self, ctx: &CallContext) -> Result<(), ConnectorError> {
        let Auth::Oauth2ClientCredentials {
            token_url,
            client_id,
            secret,
            scope,
        } = &self.connector.auth
        else {
            return self.authenticate_without_network(ctx);
        };
        let url = join_url(&ctx.base_url, &self.render("auth.tokenUrl", token_url)?);
        let client_id = self.render("auth.clientId", client_id)?;
        let client_secret = self.secret(ctx, secret)?;
        let token = self
            .oauth_token(&url, &client_id, &client_secret, scope.as_deref())
            .await?;
        self.redactor.add(&token);
        self.auth_headers
            .push(("Authorization".into(), format!("Bearer {}", token.expose())));
        Ok(())
    }

    /// Sets up every scheme except OAuth2's token fetch (shared with the dry run).
    fn authenticate_without_network(&mut self, ctx: &CallContext) -> Result<(), ConnectorError> {
        match &self.connector.auth {
            // OAuth2's token is fetched by `authenticate` (or shown by the dry run).
            Auth::None | Auth::Oauth2ClientCredentials { .. } => {}
            Auth::ApiKey {
                header,
                query,
                secret,
            } => {
                let value = self.secret(ctx, secret)?.expose().clone();
                if let Some(h) = header {
                    self.auth_headers.push((h.clone(), value.clone()));
                }
                if let Some(q) = query {
                    self.auth_query.push((q.clone(), value));
                }
                if header.is_none() && query.is_none() {
                    return Err(ConnectorError::Definition(
                        "api_key auth needs a header or a query parameter name".into(),
                    ));
                }
            }
            Auth::Bearer { secret } => {
                let token = self.secret(ctx, secret)?;
                self.auth_headers
                    .push(("Authorization".into(), format!("Bearer {}", token.expose())));
            }
            Auth::Basic { username, secret } => {
                use base64::Engine as _;
                let user = self.render("auth.username", username)?;
                let password = self.secret(ctx, secret)?;
                let encoded = base64::engine::general_purpose::STANDARD
                    .encode(format!("{user}:{}", password.expose()));
                self.auth_headers
                    .push(("Authorization".into(), format!("Basic {encoded}")));
            }
            Auth::MutualTls => {
                if ctx.tls.client_identity.is_none() {
                    return Err(ConnectorError::Definition(
                        "this connector authenticates with a client certificate (mutual TLS); set the instance's client certificate and key".into(),
                    ));
                }
            }
            Auth::HmacSignature {
                secret,
                signature_header,
                timestamp_header,
            } => {
                self.signer = Some(Signer {
                    key: self.secret(ctx, secret)?,
                    signature_header: signature_header.clone(),
                    timestamp_header: timestamp_header.clone(),
                });
            }
        }
        Ok(())
    }

    /// Fetches a client-credentials token, reusing a cached one until shortly
    /// before it expires.
    async fn oauth_token(
        &mut self,
        url: &str,
        client_id: &str,
        client_secret: &Sensitive<String>,
        scope: Option<&str>,
    ) -> Result<Sensitive<String>, ConnectorError> {
        let cache_key = format!("{url}\n{client_id}");
        if let Some((token, expires)) = self.engine.tokens.lock().await.get(&cache_key) {
            if Instant::now() < *expires {
                return Ok(token.clone());
            }
        }
        let mut form = vec![
            ("grant_type", "client_credentials".to_owned()),
            ("client_id", client_id.to_owned()),
            ("client_secret", client_secret.expose().clone()),
        ];
        if let Some(scope) = scope {
            form.push(("scope", scope.to_owned()));
        }
        let name = "token request".to_owned();
        let started = Instant::now();
        let result = self.client.post(url).form(&form).send().await;
        let mut exchange = self.exchange(
            &name,
            0,
            "POST",
            url,
            &[],
            Some("<form: grant_type=client_credentials>"),
        );
        exchange.duration_ms = started.elapsed().as_millis() as u64;
        let response = match result {
            Ok(r) => r,
            Err(e) => {
                exchange.error = Some(self.redactor.text(&e.to_string()));
                self.exchanges.push(exchange);
                return Err(self.transport_error(&name, url, &e));
            }
        };
        let status = response.status().as_u16();
        let body = response.text().await.unwrap_or_default();
        exchange.status = Some(status);
        exchange.response_body = Some(self.redactor.body(&body));
        // The access token is in this body: learn it before recording anything.
        let parsed: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
        let token = parsed["access_token"].as_str().map(str::to_owned);
        if let Some(t) = &token {
            self.redactor.add(&Sensitive::new(t.clone()));
            exchange.response_body = Some(self.redactor.body(&body));
        }
        self.exchanges.push(exchange);
        if status == 400 || status == 401 || status == 403 {
            return Err(ConnectorError::Unauthorized {
                request: name,
                status,
                message: self
                    .redactor
                    .text(parsed["error"].as_str().unwrap_or_default()),
            });
        }
        let token = token.ok_or_else(|| ConnectorError::Extraction {
            request: name.clone(),
            output: "access_token".into(),
            pointer: "/access_token".into(),
        })?;
        // Capped at a day: a platform answering a huge `expires_in` must not
        // overflow the clock arithmetic, and a day-old token is worth refreshing.
        let lifetime = parsed["expires_in"].as_u64().unwrap_or(300).min(86_400);
        // Refresh a little early so a token never expires mid-operation.
        let expires = Instant::now() + Duration::from_secs(lifetime.saturating_sub(30).max(1));
        let token = Sensitive::new(token);
        self.engine
            .tokens
            .lock()
            .await
            .insert(cache_key, (token.clone(), expires));
        Ok(token)
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

mod dry_run;
mod send;

pub use dry_run::RenderedRequest;
