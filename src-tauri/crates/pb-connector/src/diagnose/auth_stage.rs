//! The auth and probe stages of the connection test, both read from one run of
//! `check`: the token exchange or login (if any) is the auth stage, the rest the
//! probe. The auth stage claims success only from a response that proves it.

use std::time::Instant;

use super::{finish, probe_stage, ConnectionTest, Stage, StageName, StageStatus, Stages};
use crate::definition::{Auth, HttpConnector, Operation};
use crate::engine::{CallContext, Engine, Exchange, OperationRun};
use crate::error::ErrorClass;

/// Authentication and probe both come from running `check`.
pub(super) async fn auth_and_probe_stages(
    engine: &Engine,
    connector: &HttpConnector,
    ctx: &CallContext,
    mut stages: Stages<'_>,
) -> ConnectionTest {
    // Authentication and probe both come from running `check`: the token exchange (if
    // any: an OAuth2 token request or a session login) is the auth stage, the rest
    // is the probe.
    let started = Instant::now();
    let run = engine.run(connector, Operation::Check, ctx).await;
    let token_exchange = run
        .exchanges
        .iter()
        .find(|e| e.request == "token request" || e.request == crate::engine::LOGIN_REQUEST);
    match &run.outcome {
        // A refused client certificate shows only after the handshake (TLS 1.3 sends
        // the alert with the first read), and the certificate is the credential.
        Err(e) if matches!(e.class(), ErrorClass::Authentication | ErrorClass::Tls) => {
            let mut stage = Stage::from_error(StageName::Auth, started, e);
            stage.detail = token_exchange.map(exchange_detail);
            stages.push(stage);
            return finish(stages, run.exchanges);
        }
        // Nothing was sent (e.g. the instance has no credential, or its TLS
        // settings are unusable): the credential was never offered, so the auth
        // stage is where it failed.
        // A token request that failed, alone, is the auth stage too.
        Err(e)
            if run.exchanges.is_empty()
                || (token_exchange.is_some() && run.exchanges.len() == 1) =>
        {
            let mut stage = Stage::from_error(StageName::Auth, started, e);
            stage.detail = token_exchange.map(exchange_detail);
            stages.push(stage);
            return finish(stages, run.exchanges);
        }
        _ => stages.push(auth_stage(connector, &run, token_exchange, started)),
    }
    let started = Instant::now();
    let status = run
        .exchanges
        .last()
        .and_then(|e| e.status)
        .unwrap_or_default();
    let mut probe = probe_stage(&run, started, format!("HTTP {status}"));
    if probe.status == StageStatus::Failed {
        // The cause is in the response: show it where the failure is read.
        probe.detail = run.exchanges.last().map(exchange_detail);
    }
    stages.push(probe);
    finish(stages, run.exchanges)
}

/// The auth stage of a `check` the platform did not refuse. It claims success only
/// from a response that proves it: a passing `check`, or an issued token; a check
/// that failed otherwise (a 404, a 406) leaves the credential unconfirmed.
fn auth_stage(
    connector: &HttpConnector,
    run: &OperationRun,
    token_exchange: Option<&Exchange>,
    started: Instant,
) -> Stage {
    let how = match &connector.auth {
        Auth::None => "no authentication configured",
        Auth::ApiKey { .. } => "API key accepted",
        Auth::Bearer { .. } => "bearer token accepted",
        Auth::Basic { .. } => "user and password accepted",
        Auth::Oauth2ClientCredentials { .. } => "OAuth2 token issued and accepted",
        Auth::Login { .. } => "logged in: token issued and accepted",
        Auth::MutualTls => "client certificate accepted",
        Auth::HmacSignature { .. } => "signed request accepted",
    };
    let token_issued = token_exchange
        .and_then(|e| e.status)
        .is_some_and(|s| (200..300).contains(&s));
    let mut stage = match (&run.outcome, &connector.auth) {
        (Ok(_), _) | (_, Auth::None) => Stage::new(StageName::Auth, StageStatus::Ok, started, how),
        (Err(_), _) if token_issued => Stage::new(
            StageName::Auth,
            StageStatus::Ok,
            started,
            "token issued (the probe failed, see below)",
        ),
        (Err(_), _) => {
            let status = run
                .exchanges
                .last()
                .and_then(|e| e.status)
                .map(|s| format!("HTTP {s}"))
                .unwrap_or_else(|| "no response".into());
            Stage::new(
                StageName::Auth,
                StageStatus::Warning,
                started,
                format!("not confirmed: the probe answered {status}, which does not show whether the credential was accepted"),
            )
        }
    };
    stage.detail = token_exchange.map(exchange_detail);
    stage
}

/// One exchange in a few lines for a stage's detail: request, status, the
/// response headers and an excerpt of the body (all already redacted).
fn exchange_detail(e: &Exchange) -> String {
    let status = e
        .status
        .map(|s| format!("HTTP {s}"))
        .or_else(|| e.error.clone())
        .unwrap_or_else(|| "no response".into());
    let mut out = format!("{} {} → {status} in {} ms", e.method, e.url, e.duration_ms);
    for (k, v) in &e.response_headers {
        out.push_str(&format!("\n{k}: {v}"));
    }
    if let Some(body) = e.response_body.as_deref().filter(|b| !b.trim().is_empty()) {
        let excerpt: String = body.chars().take(600).collect();
        let more = if body.chars().count() > 600 {
            "…"
        } else {
            ""
        };
        out.push_str(&format!("\n\n{excerpt}{more}"));
    }
    out
}
