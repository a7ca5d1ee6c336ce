//! Session logins (`auth: {type: login}`): the login request issues a token, taken
//! from a response header (Keystone's `X-Subject-Token`) or from the body, which is
//! then sent in the connector's `send` headers. Tokens are cached per instance (the
//! endpoint, the rendered login request and its secret, as a digest) until shortly
//! before they expire; a cached token that the platform refuses with 401 is
//! replaced by one fresh login (see `Run::execute`).

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use pb_secrets::Sensitive;
use serde_json::Value;

use super::send::{sent_headers, url_with_query};
use super::{CallContext, Run};
use crate::definition::{Auth, TokenSource};
use crate::error::ConnectorError;

/// How the recorded login exchange and its errors are named.
pub const LOGIN_REQUEST: &str = "login";
/// Without an expiry in the response nor `lifetimeSeconds`: an hour, which most
/// session APIs grant (Keystone's default), renewed early on a 401 anyway.
const DEFAULT_LIFETIME_SECS: u64 = 3600;
/// Refresh this long before the expiry, so a token never expires mid-operation.
const EARLY_SECS: u64 = 30;
/// A login response body is read up to this many bytes: a platform answering with
/// an endless body must not exhaust memory before the total timeout hits.
const LOGIN_BODY_LIMIT: usize = 1 << 20;

impl Run<'_> {
    /// Sets the token headers from the cached token, or logs in first (always when
    /// `fresh`). Records the login exchange when one is sent.
    pub(super) async fn login(
        &mut self,
        ctx: &CallContext,
        fresh: bool,
    ) -> Result<(), ConnectorError> {
        let Auth::Login {
            secret,
            request,
            token,
            expires_at,
            lifetime_seconds,
            send,
        } = &self.connector.auth
        else {
            return Ok(());
        };
        // A missing secret fails before anything is sent.
        self.secret(ctx, secret)?;
        let rendered = self.render_request_at("auth.request", request)?;
        let url = url_with_query(&rendered.url, &rendered.query);
        let body = rendered.body.as_ref().map(super::send::body_text);
        let cache_key = format!(
            "login\n{}",
            hex(&super::client::digest(&[
                &ctx.base_url,
                request.method.as_str(),
                &url,
                body.as_deref().unwrap_or_default(),
            ]))
        );
        if !fresh {
            let cached = self.engine.tokens.lock().await.get(&cache_key).cloned();
            if let Some((token, expires)) = cached {
                if Instant::now() < expires {
                    self.redactor.add(&token);
                    self.login_cached = true;
                    return self.send_token(&token, send);
                }
            }
        }
        self.login_cached = false;

        let built = match self.build(request.method, &rendered).build() {
            Ok(r) => r,
            Err(e) => return Err(self.transport_error(LOGIN_REQUEST, &rendered.url, &e)),
        };
        let sent = sent_headers(&built, None);
        let mut exchange = self.exchange(
            LOGIN_REQUEST,
            0,
            request.method.as_str(),
            &url,
            &sent,
            body.as_deref(),
        );
        let started = Instant::now();
        let response = match self.client.execute(built).await {
            Ok(r) => r,
            Err(e) => {
                exchange.duration_ms = started.elapsed().as_millis() as u64;
                exchange.error = Some(self.redactor.text(&e.to_string()));
                self.exchanges.push(exchange);
                return Err(self.transport_error(LOGIN_REQUEST, &rendered.url, &e));
            }
        };
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("<binary>").to_owned()))
            .collect();
        let text = match read_capped(response).await {
            Ok(t) => t,
            Err(e) => {
                exchange.duration_ms = started.elapsed().as_millis() as u64;
                exchange.error = Some(self.redactor.text(&e.to_string()));
                self.exchanges.push(exchange);
                return Err(self.transport_error(LOGIN_REQUEST, &rendered.url, &e));
            }
        };
        exchange.duration_ms = started.elapsed().as_millis() as u64;
        let parsed: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        let issued = find_token(token, &headers, &parsed);
        // The token is in this response: learn it before anything is recorded.
        if let Some(t) = &issued {
            self.redactor.add(&Sensitive::new(t.clone()));
        }
        exchange.status = Some(status);
        exchange.response_headers = headers
            .iter()
            .map(|(k, v)| (k.clone(), self.redactor.header(k, v)))
            .collect();
        exchange.response_body = Some(self.redactor.body(&text));
        self.exchanges.push(exchange);

        if !request.accepts(status) {
            if let Some(e) = self.redirected(LOGIN_REQUEST, &rendered.url, status, &headers) {
                return Err(e);
            }
            // A login refused is a refused credential, whatever status the
            // platform picked for it (400 for a malformed one is common).
            return Err(self.refusal(LOGIN_REQUEST, request, status, &text, &[400, 401, 403]));
        }
        let issued = issued.ok_or_else(|| ConnectorError::Extraction {
            request: LOGIN_REQUEST.into(),
            output: "token".into(),
            pointer: match (&token.header, &token.pointer) {
                (Some(h), _) => format!("the response header {h}"),
                (None, Some(p)) => p.clone(),
                (None, None) => "nowhere (no token source)".into(),
            },
        })?;
        let lifetime = expires_at
            .as_deref()
            .and_then(|p| crate::extract::find(&parsed, p).ok().flatten())
            .and_then(|v| seconds_until(&v))
            .or(*lifetime_seconds)
            .unwrap_or(DEFAULT_LIFETIME_SECS)
            .min(86_400);
        let expires = Instant::now() + Duration::from_secs(lifetime.saturating_sub(EARLY_SECS));
        let issued = Sensitive::new(issued);
        self.engine
            .tokens
            .lock()
            .await
            .insert(cache_key, (issued.clone(), expires));
        self.send_token(&issued, send)
    }

    /// Renders the `send` headers with `{{ token }}` and makes them the run's
    /// credential headers.
    fn send_token(
        &mut self,
        token: &Sensitive<String>,
        send: &std::collections::BTreeMap<String, String>,
    ) -> Result<(), ConnectorError> {
        let mut context = self.context.clone();
        context["token"] = Value::String(token.expose().clone());
        self.auth_headers.clear();
        for (header, template) in send {
            let value = self
                .engine
                .templates
                .render(template, &context)
                .map_err(|message| ConnectorError::Template {
                    operation: self.op(),
                    field: format!("auth.send.{header}"),
                    message: self.redactor.text(&message),
                })?;
            self.auth_headers.push((header.clone(), value));
        }
        Ok(())
    }
}

fn find_token(source: &TokenSource, headers: &[(String, String)], body: &Value) -> Option<String> {
    let found = match (&source.header, &source.pointer) {
        (Some(name), _) => headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_owned()),
        (None, Some(pointer)) => crate::extract::find(body, pointer)
            .ok()
            .flatten()
            .and_then(|v| v.as_str().map(str::to_owned)),
        (None, None) => None,
    };
    found.filter(|t| !t.is_empty())
}

/// Seconds from now until an expiry given as an RFC 3339 time or Unix seconds;
/// `None` when unreadable, zero when already past.
pub(crate) fn seconds_until(expiry: &Value) -> Option<u64> {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs() as i64;
    let at = match expiry {
        Value::Number(n) => n.as_i64()?,
        Value::String(s) => match s.trim().parse::<i64>() {
            Ok(secs) => secs,
            Err(_) => chrono::DateTime::parse_from_rfc3339(s.trim())
                .ok()?
                .timestamp(),
        },
        _ => return None,
    };
    Some(at.saturating_sub(now).max(0) as u64)
}

pub(super) async fn read_capped(response: reqwest::Response) -> Result<String, reqwest::Error> {
    Ok(super::send::read_limited(response, LOGIN_BODY_LIMIT)
        .await?
        .0)
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn expiries_are_read_as_rfc3339_or_unix_seconds() {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let in_an_hour = chrono::DateTime::from_timestamp(now + 3600, 0).unwrap();
        // Keystone's form: microseconds and a Z.
        let keystone = in_an_hour.format("%Y-%m-%dT%H:%M:%S.000000Z").to_string();
        let secs = seconds_until(&json!(keystone)).unwrap();
        assert!((3590..=3600).contains(&secs), "{secs}");
        assert!(seconds_until(&json!(now + 60)).unwrap() <= 60);
        assert_eq!(
            seconds_until(&json!((now + 60).to_string())).map(|s| s > 50),
            Some(true)
        );
        assert_eq!(seconds_until(&json!(now - 10)), Some(0));
        assert_eq!(seconds_until(&json!("next tuesday")), None);
        assert_eq!(seconds_until(&json!({"at": 1})), None);
    }

    #[test]
    fn tokens_come_from_a_header_or_the_body() {
        let headers = vec![("x-subject-token".to_owned(), " gAAAA ".to_owned())];
        let header = TokenSource {
            header: Some("X-Subject-Token".into()),
            pointer: None,
        };
        assert_eq!(
            find_token(&header, &headers, &Value::Null).as_deref(),
            Some("gAAAA")
        );
        let body = TokenSource {
            header: None,
            pointer: Some("/data/token".into()),
        };
        let value = json!({"data": {"token": "abc123"}});
        assert_eq!(find_token(&body, &[], &value).as_deref(), Some("abc123"));
        // An empty or non-string token is no token.
        assert_eq!(
            find_token(&body, &[], &json!({"data": {"token": ""}})),
            None
        );
        assert_eq!(find_token(&body, &[], &json!({"data": {"token": 5}})), None);
        assert_eq!(find_token(&header, &[], &value), None);
    }
}
