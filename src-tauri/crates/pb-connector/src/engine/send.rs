//! Sending one request of an operation: render, send with retries, judge, extract.

use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use super::{join_url, Run};
use crate::definition::{Body, Method, RequestSpec};
use crate::error::ConnectorError;

/// Statuses worth retrying for an idempotent request.
const RETRY_STATUSES: &[u16] = &[429, 502, 503, 504];

pub(super) struct Rendered {
    pub url: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Option<RenderedBody>,
}

pub(super) enum RenderedBody {
    Json(Value),
    Form(Vec<(String, String)>),
}

impl RenderedBody {
    /// As JSON for display: a form as an object of its fields.
    pub fn as_json(&self) -> Value {
        match self {
            RenderedBody::Json(v) => v.clone(),
            RenderedBody::Form(f) => Value::Object(
                f.iter()
                    .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                    .collect(),
            ),
        }
    }
}

impl Run<'_> {
    pub(super) fn render_request(
        &self,
        index: usize,
        spec: &RequestSpec,
    ) -> Result<Rendered, ConnectorError> {
        self.render_request_at(&format!("requests[{index}]"), spec)
    }

    /// Renders a request whose fields errors name as `<at>.<field>`.
    pub(super) fn render_request_at(
        &self,
        at: &str,
        spec: &RequestSpec,
    ) -> Result<Rendered, ConnectorError> {
        let field = |f: &str| format!("{at}.{f}");
        let path = self.render(&field("path"), &spec.path)?;
        let mut query = self.auth_query.clone();
        for (k, v) in &spec.query {
            query.push((k.clone(), self.render(&field(&format!("query.{k}")), v)?));
        }
        // A request's own header replaces the connector's header of the same name
        // (names compare case-insensitively, as HTTP does): some APIs answer 406 to
        // the connector-wide `Accept` on particular routes.
        let mut headers = Vec::new();
        for (k, v) in &self.connector.headers {
            if !spec.headers.keys().any(|own| own.eq_ignore_ascii_case(k)) {
                headers.push((k.clone(), self.render(&field(&format!("headers.{k}")), v)?));
            }
        }
        for (k, v) in &spec.headers {
            headers.push((k.clone(), self.render(&field(&format!("headers.{k}")), v)?));
        }
        // The credential replaces a template header of the same name: a template
        // cannot send a stale or foreign credential beside the real one.
        headers.retain(|(k, _)| {
            !self
                .auth_headers
                .iter()
                .any(|(a, _)| a.eq_ignore_ascii_case(k))
        });
        headers.extend(self.auth_headers.iter().cloned());
        let body = match &spec.body {
            None => None,
            Some(Body::Json(v)) => Some(RenderedBody::Json(
                self.engine
                    .templates
                    .render_value(v, &self.context)
                    .map_err(|message| ConnectorError::Template {
                        operation: self.op(),
                        field: field("body.json"),
                        message: self.redactor.text(&message),
                    })?,
            )),
            Some(Body::Form(f)) => Some(RenderedBody::Form(
                f.iter()
                    .map(|(k, v)| {
                        Ok((
                            k.clone(),
                            self.render(&field(&format!("body.form.{k}")), v)?,
                        ))
                    })
                    .collect::<Result<_, ConnectorError>>()?,
            )),
        };
        let url = join_url(self.context["endpoint"].as_str().unwrap_or_default(), &path);
        self.guard_origin(at, &url)?;
        Ok(Rendered {
            url,
            query,
            headers,
            body,
        })
    }

    /// Sends request `index` of the operation; returns its extracted outputs.
    pub(super) async fn send(
        &mut self,
        index: usize,
        spec: &RequestSpec,
        not_found: &mut bool,
    ) -> Result<Map<String, Value>, ConnectorError> {
        let rendered = self.render_request(index, spec)?;
        let name = spec.display_name();
        let retries = self.connector.retries.clone();
        let max_attempts = if spec.method.is_idempotent() {
            retries.max + 1
        } else {
            1
        };

        let mut attempt = 0;
        let (status, body) = loop {
            let started = Instant::now();
            let request = match self.build(spec.method, &rendered).build() {
                Ok(r) => r,
                Err(e) => return Err(self.transport_error(&name, &rendered.url, &e)),
            };
            // The record shows the headers of the request that leaves, not of the
            // template: Content-Type, User-Agent, the signature (masked) and what
            // hyper adds on the wire (Host, Content-Length).
            let sent = sent_headers(&request, self.signer.as_ref());
            let mut exchange = self.exchange(
                &name,
                attempt,
                spec.method.as_str(),
                &url_with_query(&rendered.url, &rendered.query),
                &sent,
                rendered.body.as_ref().map(body_text).as_deref(),
            );
            let result = self.client.execute(request).await;
            let outcome = match result {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let headers: Vec<(String, String)> = response
                        .headers()
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("<binary>").to_owned()))
                        .collect();
                    match read_limited(response, RESPONSE_LIMIT).await {
                        Ok((body, truncated)) => Ok((status, headers, body, truncated)),
                        Err(e) => Err(e),
                    }
                }
                Err(e) => Err(e),
            };
            exchange.duration_ms = started.elapsed().as_millis() as u64;
            let can_retry = attempt + 1 < max_attempts;
            match outcome {
                Ok((status, headers, body, truncated)) => {
                    exchange.status = Some(status);
                    exchange.response_headers = headers
                        .iter()
                        .map(|(k, v)| (k.clone(), self.redactor.header(k, v)))
                        .collect();
                    exchange.response_body = Some(self.redactor.body(&body));
                    self.exchanges.push(exchange);
                    if truncated {
                        return Err(ConnectorError::InvalidBody {
                            request: name,
                            message: format!(
                                "the response is larger than {} MiB, more than any connector reads",
                                RESPONSE_LIMIT / (1024 * 1024)
                            ),
                        });
                    }
                    if !spec.accepts(status) {
                        if let Some(e) = self.redirected(&name, &rendered.url, status, &headers) {
                            return Err(e);
                        }
                    }
                    if can_retry && RETRY_STATUSES.contains(&status) {
                        let wait = retry_after(&headers)
                            .unwrap_or_else(|| backoff(retries.backoff_ms, attempt));
                        if wait <= Duration::from_millis(retries.max_wait_ms) {
                            tokio::time::sleep(wait).await;
                            attempt += 1;
                            continue;
                        }
                    }
                    break (status, body);
                }
                Err(e) => {
                    exchange.error = Some(self.redactor.text(&e.to_string()));
                    self.exchanges.push(exchange);
                    // Only failures to connect are retried (a connect timeout
                    // included). A request that timed out after connecting is not:
                    // the platform may be hanging, and waiting again multiplies the
                    // administrator's wait. Nor is a TLS failure: a certificate does
                    // not fix itself.
                    if can_retry && e.is_connect() && !super::is_tls_error(&e) {
                        tokio::time::sleep(backoff(retries.backoff_ms, attempt)).await;
                        attempt += 1;
                        continue;
                    }
                    return Err(self.transport_error(&name, &rendered.url, &e));
                }
            }
        };
        self.judge(&name, spec, status, &body, not_found)
    }

    pub(super) fn build(&self, method: Method, r: &Rendered) -> reqwest::RequestBuilder {
        let m = reqwest::Method::from_bytes(method.as_str().as_bytes()).expect("known method");
        let mut req = self.client.request(m, &r.url);
        if !r.query.is_empty() {
            req = req.query(&r.query);
        }
        let has = |name: &str| r.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name));
        // Set here rather than as client defaults, so the request itself carries
        // them and the record shows them; a template's own value wins.
        if !has("user-agent") {
            req = req.header("user-agent", USER_AGENT);
        }
        if !has("accept") {
            req = req.header("accept", "*/*");
        }
        for (k, v) in &r.headers {
            req = req.header(k, v);
        }
        // The body is serialised here, once, so that a signature covers exactly the
        // bytes sent; an explicit Content-Type (e.g. Kubernetes' apply-patch) wins.
        let (bytes, content_type) = match &r.body {
            Some(RenderedBody::Json(v)) => (v.to_string(), "application/json"),
            Some(RenderedBody::Form(f)) => (
                url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(f)
                    .finish(),
                "application/x-www-form-urlencoded",
            ),
            None => (String::new(), ""),
        };
        if let Some(signer) = &self.signer {
            let timestamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default()
                .as_secs()
                .to_string();
            req = req
                .header(&signer.timestamp_header, &timestamp)
                .header(&signer.signature_header, sign(signer, &timestamp, &bytes));
        }
        if r.body.is_none() {
            return req;
        }
        if !r
            .headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            req = req.header("content-type", content_type);
        }
        req.body(bytes)
    }

    /// The error for a response `spec` does not accept: `unauthorized` for the
    /// `refused` statuses (the credential was refused), else `unexpected_status`.
    /// The message is the platform's own (`errorMessage`), else the body, masked
    /// before it is cut to one line so a secret across the cut cannot show in part.
    pub(super) fn refusal(
        &self,
        name: &str,
        spec: &RequestSpec,
        status: u16,
        body: &str,
        refused: &[u16],
    ) -> ConnectorError {
        let message = spec
            .error_message
            .as_deref()
            .and_then(|p| {
                let parsed: Value = serde_json::from_str(body).ok()?;
                crate::extract::find(&parsed, p).ok()?
            })
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| v.to_string())
            })
            .unwrap_or_else(|| body.to_owned());
        let message = excerpt(&self.redactor.text(&message));
        let request = name.to_owned();
        if refused.contains(&status) {
            ConnectorError::Unauthorized {
                request,
                status,
                message,
            }
        } else {
            ConnectorError::Status {
                request,
                status,
                message,
            }
        }
    }

    /// For a paged `list_tenants`: what this page's body says about the pages
    /// after it (the next link, or the total), as the outputs `next` and `total`.
    /// Optional, unlike an `extract`: the last page has no next link.
    fn paging_outputs(&self, body: &Value) -> Option<(&'static str, Value)> {
        use crate::definition::Paging;
        if self.operation != crate::definition::Operation::ListTenants {
            return None;
        }
        let spec = self.connector.operations.get(&self.operation)?;
        let (name, expression) = match spec.paging.as_ref()? {
            Paging::Next(expression) => ("next", expression),
            Paging::Offset(offset) => ("total", offset.total.as_ref()?),
        };
        let found = crate::extract::find(body, expression).ok().flatten()?;
        match (name, found) {
            ("next", Value::String(link)) => Some((name, Value::String(link))),
            ("total", Value::Number(n)) => Some((name, Value::Number(n))),
            ("total", Value::String(text)) => text
                .trim()
                .parse::<u64>()
                .ok()
                .map(|n| (name, Value::from(n))),
            _ => None,
        }
    }

    fn judge(
        &self,
        name: &str,
        spec: &RequestSpec,
        status: u16,
        body: &str,
        not_found: &mut bool,
    ) -> Result<Map<String, Value>, ConnectorError> {
        if spec.not_found == Some(status) {
            *not_found = true;
            return Ok(Map::new());
        }
        let parsed = || -> Result<Value, ConnectorError> {
            if body.trim().is_empty() {
                return Ok(Value::Null);
            }
            serde_json::from_str(body).map_err(|e| ConnectorError::InvalidBody {
                request: name.to_owned(),
                message: e.to_string(),
            })
        };
        if !spec.accepts(status) {
            return Err(self.refusal(name, spec, status, body, &[401, 403]));
        }
        let mut outputs = Map::new();
        if spec.extract.is_empty() && spec.success.is_empty() {
            return Ok(outputs);
        }
        let value = parsed()?;
        for (output, pointer) in &spec.extract {
            let pointer = self.render(&format!("extract.{output}"), pointer)?;
            let found = crate::extract::find(&value, &pointer)
                .map_err(|message| ConnectorError::Template {
                    operation: self.op(),
                    field: format!("extract.{output}"),
                    message: self.redactor.text(&message),
                })?
                .ok_or_else(|| ConnectorError::Extraction {
                    request: name.to_owned(),
                    output: output.clone(),
                    pointer: self.redactor.text(&pointer),
                })?;
            outputs.insert(output.clone(), found);
        }
        if let Some((name, value)) = self.paging_outputs(&value) {
            outputs.insert(name.into(), value);
        }
        for rule in &spec.success {
            let expected = self
                .engine
                .templates
                .render_value(&rule.equals, &self.context)
                .map_err(|message| ConnectorError::Template {
                    operation: self.op(),
                    field: format!("success.{}", rule.pointer),
                    message: self.redactor.text(&message),
                })?;
            let actual = value.pointer(&rule.pointer).cloned().unwrap_or(Value::Null);
            if actual != expected {
                return Err(ConnectorError::Rule {
                    request: name.to_owned(),
                    pointer: rule.pointer.clone(),
                    expected: self.redactor.text(&expected.to_string()),
                    actual: self.redactor.text(&actual.to_string()),
                });
            }
        }
        Ok(outputs)
    }
}

/// Sent with every request unless a template sets its own.
pub(super) const USER_AGENT: &str = concat!("platform-builder/", env!("CARGO_PKG_VERSION"));

/// The headers of a built request as they go on the wire: its own headers (the
/// signature masked; other credentials are masked by the redactor), plus the Host
/// and Content-Length that hyper adds from the URL and the body.
pub(super) fn sent_headers(
    request: &reqwest::Request,
    signer: Option<&super::Signer>,
) -> Vec<(String, String)> {
    let url = request.url();
    let mut headers = Vec::new();
    if let Some(host) = url.host_str() {
        let host = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        headers.push(("host".to_owned(), host));
    }
    for (k, v) in request.headers() {
        let value = if signer.is_some_and(|s| k.as_str().eq_ignore_ascii_case(&s.signature_header))
        {
            crate::redact::MASK.to_owned()
        } else {
            v.to_str().unwrap_or("<binary>").to_owned()
        };
        headers.push((k.as_str().to_owned(), value));
    }
    if let Some(len) = request.body().and_then(|b| b.as_bytes()).map(<[u8]>::len) {
        headers.push(("content-length".to_owned(), len.to_string()));
    }
    headers
}

/// `sha256=<hex HMAC-SHA256(key, "<timestamp>.<body>")>`: the timestamp is signed
/// too, so a receiver can refuse replayed requests.
fn sign(signer: &super::Signer, timestamp: &str, body: &str) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, signer.key.expose().as_bytes());
    let tag = ring::hmac::sign(&key, format!("{timestamp}.{body}").as_bytes());
    let hex: String = tag.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

/// The URL as sent: the query encoded the way reqwest encodes it
/// (application/x-www-form-urlencoded), so the record matches the wire.
/// Response bodies are read up to this many bytes, and no further: a platform (or
/// something posing as one) cannot make the app hold an unbounded body in memory.
pub const RESPONSE_LIMIT: usize = 16 * 1024 * 1024;

/// The body up to `limit` bytes, and whether there was more.
pub(super) async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<(String, bool), reqwest::Error> {
    let mut bytes = Vec::new();
    let mut truncated = false;
    while let Some(chunk) = response.chunk().await? {
        let room = limit.saturating_sub(bytes.len());
        if chunk.len() > room {
            bytes.extend_from_slice(&chunk[..room]);
            truncated = true;
            break;
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok((String::from_utf8_lossy(&bytes).into_owned(), truncated))
}

pub(super) fn url_with_query(url: &str, query: &[(String, String)]) -> String {
    if query.is_empty() {
        return url.to_owned();
    }
    let encoded = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(query)
        .finish();
    format!("{url}?{encoded}")
}

pub(super) fn body_text(b: &RenderedBody) -> String {
    match b {
        RenderedBody::Json(v) => v.to_string(),
        RenderedBody::Form(f) => f
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&"),
    }
}

fn excerpt(body: &str) -> String {
    let one_line: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 200 {
        format!("{}…", one_line.chars().take(200).collect::<String>())
    } else {
        one_line
    }
}

fn retry_after(headers: &[(String, String)]) -> Option<Duration> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("retry-after"))
        .and_then(|(_, v)| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
}

fn backoff(base_ms: u64, attempt: u32) -> Duration {
    Duration::from_millis(base_ms.saturating_mul(1 << attempt.min(6)))
}
