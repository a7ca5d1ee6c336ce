//! Connection tests and validation runs from the command line. Each run is stored
//! in the instance's history, as if started in the app, so the app shows it too.

use std::path::Path;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use pb_connector::diagnose::{self, ConnectionTest, StageName, StageStatus};
use pb_connector::Engine;
use pb_registry::history::NewTestRun;
use pb_registry::pb_health_checks::{Health, Transition};
use pb_registry::Instance;
use pb_secrets::APP_KEYRING_SERVICE;
use pb_validation::junit::{self, Case};
use pb_validation::StepStatus;
use serde_json::{json, Value};

use crate::output::{self, registry_failure, Exit, Failure};
use crate::Context;

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Runtime::new()
        .map_err(|e| Failure::new(Exit::Unusable, format!("cannot start: {e}")))
}

fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis() as u64
}

fn write_junit(path: Option<&Path>, suite: &str, cases: &[Case]) -> Result<(), Failure> {
    let Some(path) = path else { return Ok(()) };
    let timestamp = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    std::fs::write(path, junit::render(suite, &timestamp, cases)).map_err(|e| {
        Failure::new(
            Exit::Invalid,
            format!("cannot write {}: {e}", path.display()),
        )
    })
}

/// Failed before the platform answered (name, connection, TLS): unreachable.
fn exit_of(test: &ConnectionTest) -> Exit {
    let failed = test.stages.iter().find(|s| s.status == StageStatus::Failed);
    match failed.map(|s| s.name) {
        None => Exit::Ok,
        Some(StageName::Dns | StageName::Tcp | StageName::Tls) => Exit::Unreachable,
        Some(_) => Exit::TestFailed,
    }
}

struct Outcome {
    instance: Instance,
    status: &'static str,
    summary: String,
    test: Option<ConnectionTest>,
    duration_ms: u64,
    /// The change of health since the instance's previous connection test; a
    /// first check that fails counts as going down.
    change: Option<Transition>,
}

/// One connection test, stored in history; a connector that cannot be prepared
/// (no credential, no connector) is a failed outcome, not an error, so one broken
/// instance does not stop `test --all`.
async fn connection_test(ctx: &Context, engine: &Engine, instance: Instance) -> Outcome {
    let started = Instant::now();
    let started_at_ms = unix_ms();
    let prepared =
        ctx.registry
            .connector_for_instance(&ctx.secrets, APP_KEYRING_SERVICE, &instance.id);
    let connector_version = ctx
        .registry
        .instance_connector_version(&instance.id)
        .ok()
        .flatten();
    let (status, summary, test) = match prepared {
        Ok((connector, call)) => {
            let test = diagnose::test_connector(engine, &connector, &call).await;
            let (status, summary) = diagnose::summary(&test);
            (status, summary, Some(test))
        }
        Err(e) => ("failed", e.to_string(), None),
    };
    let duration_ms = started.elapsed().as_millis() as u64;
    let mut change = None;
    // A connector that cannot be prepared (no credential, a locked keyring) is a
    // failed check too, stored like one: under cron nobody would see it otherwise.
    {
        let report = test
            .as_ref()
            .and_then(|t| serde_json::to_value(t).ok())
            .unwrap_or(Value::Null);
        let known_before = ctx.registry.health_state(&instance.id).ok().flatten();
        let run = NewTestRun {
            instance_id: &instance.id,
            kind: "connection_test",
            status,
            started_at_ms,
            duration_ms,
            summary: summary.clone(),
            report: &report,
            connector_version,
        };
        if let Ok((_, update)) = ctx.registry.record_check(run, false) {
            change = update.transition;
        }
        if known_before.is_none() && status == "failed" {
            change = Some(Transition {
                from: Health::Up,
                to: Health::Down,
            });
        }
    }
    Outcome {
        instance,
        status,
        summary,
        test,
        duration_ms,
        change,
    }
}

pub fn check(ctx: &Context, name: &str, junit_path: Option<&Path>) -> Result<Exit, Failure> {
    let instance = output::instance(ctx, name)?;
    let engine = Engine::new();
    let outcome = runtime()?.block_on(connection_test(ctx, &engine, instance));
    let Some(test) = &outcome.test else {
        return Err(Failure::new(Exit::Invalid, outcome.summary));
    };
    write_junit(
        junit_path,
        &format!("{name}: connection test"),
        &junit::connection_cases(test),
    )?;
    if ctx.json {
        println!(
            "{}",
            json!({ "instance": name, "status": outcome.status, "summary": outcome.summary, "test": test })
        );
    } else {
        for s in &test.stages {
            let status = serde_json::to_value(s.status).unwrap_or(Value::Null);
            let stage = serde_json::to_value(s.name).unwrap_or(Value::Null);
            println!(
                "{:<6} {:<8} {:>5} ms  {}",
                stage.as_str().unwrap_or("?"),
                status.as_str().unwrap_or("?"),
                s.duration_ms,
                s.message
            );
        }
        println!("{name}: {}", outcome.summary);
    }
    Ok(exit_of(test))
}

pub fn validate(ctx: &Context, name: &str, junit_path: Option<&Path>) -> Result<Exit, Failure> {
    let instance = output::instance(ctx, name)?;
    let (connector, call) = ctx
        .registry
        .connector_for_instance(&ctx.secrets, APP_KEYRING_SERVICE, &instance.id)
        .map_err(registry_failure)?;
    let plan = ctx
        .registry
        .validation_plan(&instance.id)
        .map_err(registry_failure)?;
    let connector_version = ctx
        .registry
        .instance_connector_version(&instance.id)
        .map_err(registry_failure)?;
    let engine = Engine::new();
    let cancel = pb_validation::Cancel::default();
    let json = ctx.json;
    let run = runtime()?.block_on(pb_validation::run_suite(
        &engine,
        &connector,
        &call,
        &plan,
        &cancel,
        |event| {
            if !json {
                if let pb_validation::SuiteEvent::StepFinished { step, .. } = event {
                    println!(
                        "{:<10} {:<24} {:>5} ms  {}",
                        step.status.as_str(),
                        step.name,
                        step.duration_ms,
                        step.message
                    );
                }
            }
        },
    ));
    let report = serde_json::to_value(&run).unwrap_or(Value::Null);
    let _ = ctx.registry.record_test_run(NewTestRun {
        instance_id: &instance.id,
        kind: "validation",
        status: run.status.as_str(),
        started_at_ms: run.started_at_ms,
        duration_ms: run.duration_ms,
        summary: run.summary(),
        report: &report,
        connector_version,
    });
    write_junit(
        junit_path,
        &format!("{name}: validation"),
        &junit::validation_cases(&run),
    )?;
    if json {
        println!(
            "{}",
            json!({ "instance": name, "status": run.status.as_str(), "summary": run.summary(), "run": report })
        );
    } else {
        println!("{name}: {}", run.summary());
    }
    Ok(if run.status == StepStatus::Passed {
        Exit::Ok
    } else {
        Exit::TestFailed
    })
}

pub fn test_all(
    ctx: &Context,
    concurrency: usize,
    junit_path: Option<&Path>,
    changed_only: bool,
) -> Result<Exit, Failure> {
    let instances = ctx
        .registry
        .list_all_instances()
        .map_err(registry_failure)?;
    let platforms = ctx.registry.list_platforms().map_err(registry_failure)?;
    let identifiers: std::collections::HashMap<&str, &str> = platforms
        .iter()
        .map(|p| (p.id.as_str(), p.identifier.as_str()))
        .collect();
    let label = |i: &Instance| {
        let platform = identifiers.get(i.platform_id.as_str()).unwrap_or(&"?");
        format!("{platform}/{}", i.name)
    };
    let engine = Engine::new();
    let json = ctx.json;
    let outcomes = runtime()?.block_on(pb_validation::bulk::run_bulk(
        instances,
        concurrency,
        |instance| connection_test(ctx, &engine, instance),
        |_, o: &Outcome| {
            if !json && !changed_only {
                println!(
                    "{:<8} {:>5} ms  {}  {}",
                    o.status,
                    o.duration_ms,
                    label(&o.instance),
                    o.summary
                );
            }
        },
    ));
    let cases: Vec<Case> = outcomes
        .iter()
        .map(|o| Case {
            name: label(&o.instance),
            time_ms: o.duration_ms,
            outcome: if o.status == "failed" {
                junit::Outcome::Failed(o.summary.clone())
            } else {
                junit::Outcome::Passed
            },
            output: o.summary.clone(),
        })
        .collect();
    write_junit(junit_path, "connection tests", &cases)?;
    if changed_only {
        return Ok(report_changes(&outcomes, json, &label));
    }
    let failed = outcomes.iter().filter(|o| o.status == "failed").count();
    if json {
        let results: Vec<Value> = outcomes
            .iter()
            .map(|o| json!({ "instance": label(&o.instance), "status": o.status, "summary": o.summary, "durationMs": o.duration_ms }))
            .collect();
        println!(
            "{}",
            json!({ "total": outcomes.len(), "failed": failed, "results": results })
        );
    } else {
        println!("{} tested, {failed} failed", outcomes.len());
    }
    let unreachable = outcomes
        .iter()
        .filter_map(|o| o.test.as_ref())
        .any(|t| exit_of(t) == Exit::Unreachable);
    Ok(match (failed, unreachable) {
        (0, _) => Exit::Ok,
        (_, true) => Exit::Unreachable,
        _ => Exit::TestFailed,
    })
}

/// `test --all --changed-only`: only the instances whose health changed since
/// their previous connection test, so a scheduler (cron mails any output) speaks
/// up only when something went down or came back. Exit 1 (3: unreachable) when
/// an instance went down; recoveries and lasting failures exit 0.
fn report_changes(outcomes: &[Outcome], json: bool, label: &dyn Fn(&Instance) -> String) -> Exit {
    let changed: Vec<&Outcome> = outcomes.iter().filter(|o| o.change.is_some()).collect();
    let went_down: Vec<&&Outcome> = changed
        .iter()
        .filter(|o| o.change.is_some_and(|c| c.to == Health::Down))
        .collect();
    if json {
        let changes: Vec<Value> = changed
            .iter()
            .filter_map(|o| {
                let c = o.change?;
                Some(
                    json!({ "instance": label(&o.instance), "from": c.from, "to": c.to,
                             "status": o.status, "summary": o.summary }),
                )
            })
            .collect();
        println!(
            "{}",
            json!({ "total": outcomes.len(), "wentDown": went_down.len(), "changes": changes })
        );
    } else {
        for o in &changed {
            let to = o.change.map_or("?", |c| c.to.as_str());
            println!("{:<5} {}  {}", to, label(&o.instance), o.summary);
        }
    }
    let unreachable = went_down
        .iter()
        .filter_map(|o| o.test.as_ref())
        .any(|t| exit_of(t) == Exit::Unreachable);
    match (went_down.len(), unreachable) {
        (0, _) => Exit::Ok,
        (_, true) => Exit::Unreachable,
        _ => Exit::TestFailed,
    }
}
