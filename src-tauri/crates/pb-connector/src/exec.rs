//! Runs an operation of an `exec` connector: the program gets
//! `{"apiVersion", "operation", "endpoint", "values"}` as JSON on stdin and the
//! secrets in the environment variables the connector names, and answers on stdout
//! with `{"ok": bool, "outputs": {...}, "notFound": bool, "error": {"class", "message"}}`.
//! A non-zero exit without such an answer is a failure whose message carries an
//! excerpt of stderr; the run is bounded by `timeoutMs` and the program is killed
//! when it overruns.

use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};
use tokio::io::AsyncWriteExt;

use crate::definition::{ExecConnector, Operation, API_VERSION};
use crate::engine::{CallContext, Exchange};
use crate::error::ConnectorError;
use crate::redact::Redactor;
use crate::template::Templates;

/// Environment variables passed through from the app's environment; everything else
/// is dropped so the program sees only what the connector gives it.
const PASSED_THROUGH: &[&str] = &["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ"];

/// What a program may write on stdout or on stderr, each: a reply is a small JSON
/// object, and memory is not the program's to take.
pub const OUTPUT_LIMIT: usize = 4 * 1024 * 1024;

/// A pipe's bytes up to one past [`OUTPUT_LIMIT`] (so "more" can be told).
async fn read_bounded<R: tokio::io::AsyncRead + Unpin>(pipe: Option<R>) -> Vec<u8> {
    use tokio::io::AsyncReadExt;
    let mut buf = Vec::new();
    if let Some(pipe) = pipe {
        let _ = pipe
            .take(OUTPUT_LIMIT as u64 + 1)
            .read_to_end(&mut buf)
            .await;
    }
    buf
}

pub struct ExecOutcome {
    pub outcome: Result<Map<String, Value>, ConnectorError>,
    pub not_found: bool,
    pub exchange: Option<Exchange>,
    pub redactor: Redactor,
}

fn excerpt(text: &str, limit: usize) -> String {
    let trimmed = text.trim();
    if trimmed.chars().count() <= limit {
        trimmed.to_owned()
    } else {
        let tail: String = trimmed
            .chars()
            .rev()
            .take(limit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        format!("…{tail}")
    }
}

pub async fn run(
    templates: &Templates,
    connector: &ExecConnector,
    operation: Operation,
    ctx: &CallContext,
) -> ExecOutcome {
    let redactor = Redactor::new(ctx.secrets.values());
    let fail = |e: ConnectorError, redactor: Redactor| ExecOutcome {
        outcome: Err(e),
        not_found: false,
        exchange: None,
        redactor,
    };
    if !connector.operations.contains(&operation) {
        return fail(
            ConnectorError::NotDefined(operation.as_str().into()),
            redactor,
        );
    }
    // Before anything else: an untrusted program is not even started.
    let program = match ctx.exec_trust.check(connector) {
        Ok(fp) => fp.program,
        Err(e) => return fail(e, redactor),
    };
    let name = format!("exec {}", connector.command[0]);

    let mut values = Value::Object(ctx.values.clone());
    values["endpoint"] = Value::String(ctx.base_url.clone());
    let mut command = tokio::process::Command::new(&program);
    command
        .args(&connector.command[1..])
        .env_clear()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    for var in PASSED_THROUGH {
        if let Some(v) = std::env::var_os(var) {
            command.env(var, v);
        }
    }
    for (var, template) in &connector.env {
        match templates.render(template, &values) {
            Ok(v) => {
                command.env(var, v);
            }
            Err(message) => {
                return fail(
                    ConnectorError::Template {
                        operation: operation.as_str().into(),
                        field: format!("env.{var}"),
                        message: redactor.text(&message),
                    },
                    redactor,
                )
            }
        }
    }
    for (var, secret) in &connector.secret_env {
        let Some(value) = ctx.secrets.get(secret) else {
            return fail(
                ConnectorError::MissingSecret {
                    operation: operation.as_str().to_owned(),
                    secret: secret.clone(),
                },
                redactor,
            );
        };
        command.env(var, value.expose());
    }

    let input = input(operation, ctx).to_string();
    let started = Instant::now();
    let mut exchange = Exchange {
        request: name.clone(),
        attempt: 0,
        method: "EXEC".into(),
        url: program.clone(),
        request_headers: Vec::new(),
        request_body: Some(redactor.body(&input)),
        status: None,
        response_headers: Vec::new(),
        response_body: None,
        duration_ms: 0,
        error: None,
    };
    let mut child = match command.spawn() {
        Ok(c) => c,
        Err(e) => {
            return fail(
                ConnectorError::Definition(format!("cannot start {program}: {e}")),
                redactor,
            )
        }
    };
    if let Some(mut stdin) = child.stdin.take() {
        // A program that exits without reading its input is its own business;
        // its exit status tells what happened.
        let _ = stdin.write_all(input.as_bytes()).await;
    }
    let timeout = Duration::from_millis(connector.timeout_ms);
    let (stdout_pipe, stderr_pipe) = (child.stdout.take(), child.stderr.take());
    let finished = async {
        let (out, err) = tokio::join!(read_bounded(stdout_pipe), read_bounded(stderr_pipe));
        // Past the limit the program is stopped rather than waited for.
        let over = out.len() > OUTPUT_LIMIT || err.len() > OUTPUT_LIMIT;
        if over {
            let _ = child.start_kill();
        }
        (child.wait().await, out, err, over)
    };
    let output = match tokio::time::timeout(timeout, finished).await {
        Ok((Ok(status), stdout, stderr, over)) => {
            if over {
                return fail(
                    ConnectorError::InvalidBody {
                        request: name,
                        message: format!(
                            "the program wrote more than {} MiB; it was stopped",
                            OUTPUT_LIMIT / (1024 * 1024)
                        ),
                    },
                    redactor,
                );
            }
            std::process::Output {
                status,
                stdout,
                stderr,
            }
        }
        Ok((Err(e), ..)) => {
            return fail(
                ConnectorError::Definition(format!("{program} failed to run: {e}")),
                redactor,
            )
        }
        Err(_) => {
            // Dropping the future drops the child, which kill_on_drop terminates.
            exchange.duration_ms = started.elapsed().as_millis() as u64;
            exchange.error = Some(format!("killed after {} ms", connector.timeout_ms));
            return ExecOutcome {
                outcome: Err(ConnectorError::Timeout {
                    request: name,
                    ms: connector.timeout_ms,
                }),
                not_found: false,
                exchange: Some(exchange),
                redactor,
            };
        }
    };
    exchange.duration_ms = started.elapsed().as_millis() as u64;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let code = output.status.code().unwrap_or(-1);
    exchange.status = Some(code.clamp(0, u16::MAX as i32) as u16);
    exchange.response_body = Some(redactor.body(&stdout));
    if !stderr.trim().is_empty() {
        exchange.error = Some(redactor.body(&excerpt(&stderr, 500)));
    }

    let (outcome, not_found) = read_reply(&name, &stdout, code, &stderr, &redactor);
    ExecOutcome {
        outcome,
        not_found,
        exchange: Some(exchange),
        redactor,
    }
}

/// What a program's reply means: its JSON answer on stdout, or else its exit code
/// and an excerpt of stderr. Untrusted text (the program may be anything that
/// answers): bounded by serde_json's nesting limit and the output cap, masked.
pub fn read_reply(
    name: &str,
    stdout: &str,
    code: i32,
    stderr: &str,
    redactor: &Redactor,
) -> (Result<Map<String, Value>, ConnectorError>, bool) {
    let answer: Option<Value> = serde_json::from_str(stdout.trim()).ok();
    let outcome = match &answer {
        Some(a) if a.get("ok").is_some() => interpret(name, a, redactor),
        _ if code != 0 => Err(ConnectorError::Status {
            request: name.to_owned(),
            status: code.clamp(0, u16::MAX as i32) as u16,
            message: redactor.text(&format!(
                "exited with code {code}{}",
                if stderr.trim().is_empty() {
                    String::new()
                } else {
                    format!(": {}", excerpt(stderr, 300))
                }
            )),
        }),
        _ => Err(ConnectorError::InvalidBody {
            request: name.to_owned(),
            message: "the program must print a JSON object with \"ok\" on stdout".into(),
        }),
    };
    let not_found = outcome.is_ok()
        && answer
            .as_ref()
            .and_then(|a| a.get("notFound"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
    (outcome, not_found)
}

fn interpret(
    name: &str,
    answer: &Value,
    redactor: &Redactor,
) -> Result<Map<String, Value>, ConnectorError> {
    if answer["ok"].as_bool() == Some(true) {
        return Ok(answer["outputs"].as_object().cloned().unwrap_or_default());
    }
    let message = redactor.text(
        answer["error"]["message"]
            .as_str()
            .unwrap_or("the program reported a failure"),
    );
    let class = answer["error"]["class"].as_str().unwrap_or("platform");
    Err(match class {
        "authentication" => ConnectorError::Unauthorized {
            request: name.into(),
            status: 401,
            message,
        },
        "configuration" => ConnectorError::Definition(format!("{name}: {message}")),
        "network" => ConnectorError::Connect {
            request: name.into(),
            url: String::new(),
            message,
        },
        // A second create of a name the platform has: what HTTP says with 409, so
        // `duplicate: {conflict: 409}` means the same for both kinds.
        "conflict" => ConnectorError::Status {
            request: name.into(),
            status: CONFLICT,
            message,
        },
        _ => ConnectorError::Status {
            request: name.into(),
            status: 0,
            message,
        },
    })
}

pub use crate::exec_trust::resolve_program;

/// The status an exec program's `conflict` answer counts as.
pub const CONFLICT: u16 = 409;

/// What the program reads on stdin.
pub fn input(operation: Operation, ctx: &CallContext) -> serde_json::Value {
    json!({
        "apiVersion": API_VERSION,
        "operation": operation.as_str(),
        "endpoint": ctx.base_url,
        "values": ctx.values,
    })
}
