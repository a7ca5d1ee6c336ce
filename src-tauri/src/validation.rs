//! IPC commands for the validation suite and test-run history: a platform's
//! validation settings, running (with progress streamed over a channel) and
//! cancelling a validation run, and reading and exporting stored runs.

use std::sync::Arc;

use pb_registry::draft::DraftInstance;
use pb_registry::history::{HistoryRetention, TestRunRecord};
use pb_registry::validation_settings::ValidationSettings;
use pb_registry::RegistryError;
use pb_validation::{Cancel, SuiteEvent, TestRun};
use serde::Serialize;
use serde_json::Value;
use tauri::ipc::Channel;
use tauri::State;
use tracing::instrument;
use ts_rs::TS;

use crate::commands::{blocking, finish, run};
use crate::context::AppContext;
use crate::error::AppError;
use crate::history::{store, FinishedTest};

type Ctx<'a> = State<'a, Arc<AppContext>>;

#[tauri::command]
#[instrument(skip_all, fields(platform_id = %platform_id))]
pub async fn get_validation_settings(
    ctx: Ctx<'_>,
    platform_id: String,
) -> Result<ValidationSettings, AppError> {
    run(&ctx, "get_validation_settings", move |c| {
        Ok(c.registry()?.validation_settings(&platform_id)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(platform_id = %platform_id))]
pub async fn set_validation_settings(
    ctx: Ctx<'_>,
    platform_id: String,
    settings: ValidationSettings,
) -> Result<ValidationSettings, AppError> {
    run(&ctx, "set_validation_settings", move |c| {
        Ok(c.registry()?
            .set_validation_settings(&platform_id, &settings)?)
    })
    .await
}

/// A finished validation run and the history record it was stored under.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ValidationResult {
    pub record: TestRunRecord,
    pub run: TestRun,
}

/// Runs the validation suite against a saved instance with its stored secrets;
/// each step's start and finish go to `on_event` as they happen. The run is stored
/// in the instance's history.
#[tauri::command]
#[instrument(skip_all, fields(id = %id))]
pub async fn run_validation(
    ctx: Ctx<'_>,
    id: String,
    landing_zone: Option<String>,
    on_event: Channel<SuiteEvent>,
) -> Result<ValidationResult, AppError> {
    let started = std::time::Instant::now();
    let shared = Arc::clone(&ctx);
    let result = async {
        let instance = id.clone();
        let (connector, call, plan, version) = blocking(&shared, "run_validation", move |c| {
            let registry = c.registry()?;
            let (connector, call) = registry.connector_for_instance(
                c.secrets.as_ref(),
                &c.keyring_service,
                &instance,
            )?;
            let version = registry.instance_connector_version(&instance)?;
            Ok((
                connector,
                call,
                registry.validation_plan_with_zone(&instance, landing_zone.as_deref())?,
                version,
            ))
        })
        .await?;
        let run = suite(&shared, &id, &connector, &call, &plan, &on_event).await?;
        let report = serde_json::to_value(&run).unwrap_or(Value::Null);
        let finished = FinishedTest {
            kind: "validation",
            status: run.status.as_str(),
            started_at_ms: run.started_at_ms,
            duration_ms: run.duration_ms,
            summary: run.summary(),
            report,
            connector_version: version,
        };
        let record = store(&shared, "run_validation", id, finished).await?;
        Ok(ValidationResult { record, run })
    }
    .await;
    finish(&ctx, "run_validation", started, result)
}

/// Runs the suite, registered under `key` so `cancel_validation(key)` can stop it.
async fn suite(
    shared: &Arc<AppContext>,
    key: &str,
    connector: &pb_connector::definition::Connector,
    call: &pb_connector::CallContext,
    plan: &pb_validation::ValidationPlan,
    on_event: &Channel<SuiteEvent>,
) -> Result<TestRun, AppError> {
    let cancel = Cancel::default();
    {
        let mut running = shared.running.lock().unwrap_or_else(|e| e.into_inner());
        if running.contains_key(key) {
            return Err(AppError::from(RegistryError::InUse(
                "a validation run of this instance is already in progress".into(),
            )));
        }
        running.insert(key.to_owned(), cancel.clone());
    }
    // Removes the entry however the run ends (even a panic or a dropped future),
    // so a later run is never refused as "already in progress".
    struct Registered<'a>(&'a AppContext, &'a str);
    impl Drop for Registered<'_> {
        fn drop(&mut self) {
            self.0
                .running
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(self.1);
        }
    }
    let _registered = Registered(shared, key);
    let run = pb_validation::run_suite(&shared.engine, connector, call, plan, &cancel, |e| {
        // A closed window is not a reason to stop the run (cleanup must happen).
        let _ = on_event.send(e);
    })
    .await;
    Ok(run)
}

/// The suite against an instance's unsaved form values, with the secrets stored
/// for the saved instance (if any). Not stored in history: the values are not the
/// instance's. Cancel it with `cancel_validation` and the instance id, or
/// `draft:<platformId>` for a new instance.
#[tauri::command]
#[instrument(skip_all, fields(platform_id = %draft.platform_id))]
pub async fn run_validation_draft(
    ctx: Ctx<'_>,
    draft: DraftInstance,
    on_event: Channel<SuiteEvent>,
) -> Result<TestRun, AppError> {
    let started = std::time::Instant::now();
    let shared = Arc::clone(&ctx);
    let result = async {
        let key = draft
            .instance_id
            .clone()
            .unwrap_or_else(|| format!("draft:{}", draft.platform_id));
        let (connector, call, plan) = blocking(&shared, "run_validation_draft", move |c| {
            let registry = c.registry()?;
            let (connector, call) =
                registry.connector_for_draft(c.secrets.as_ref(), &c.keyring_service, &draft)?;
            let plan =
                registry.validation_plan_for(&draft.platform_id, draft.input.environment.trim())?;
            Ok((connector, call, plan))
        })
        .await?;
        suite(&shared, &key, &connector, &call, &plan, &on_event).await
    }
    .await;
    finish(&ctx, "run_validation_draft", started, result)
}

/// Asks the instance's running validation to stop at the next step; it then cleans
/// up and finishes as cancelled. False when nothing was running.
#[tauri::command]
#[instrument(skip_all, fields(id = %id))]
pub async fn cancel_validation(ctx: Ctx<'_>, id: String) -> Result<bool, AppError> {
    run(&ctx, "cancel_validation", move |c| {
        let running = c.running.lock().unwrap_or_else(|e| e.into_inner());
        Ok(running.get(&id).map(Cancel::cancel).is_some())
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(instance_id = %instance_id))]
pub async fn list_test_runs(
    ctx: Ctx<'_>,
    instance_id: String,
    limit: Option<u32>,
) -> Result<Vec<TestRunRecord>, AppError> {
    run(&ctx, "list_test_runs", move |c| {
        Ok(c.registry()?
            .list_test_runs(&instance_id, limit.unwrap_or(50).min(1000))?)
    })
    .await
}

/// A stored run and its report (redacted exchanges included).
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StoredTestRun {
    pub record: TestRunRecord,
    #[ts(type = "unknown")]
    pub report: Value,
}

#[tauri::command]
#[instrument(skip_all, fields(id = %id))]
pub async fn get_test_run(ctx: Ctx<'_>, id: String) -> Result<StoredTestRun, AppError> {
    run(&ctx, "get_test_run", move |c| {
        let (record, report) = c.registry()?.test_run(&id)?;
        Ok(StoredTestRun { record, report })
    })
    .await
}

/// A stored run as JSON or JUnit XML (`format`: `json` or `junit`).
#[tauri::command]
#[instrument(skip_all, fields(id = %id, format = %format))]
pub async fn export_test_run(ctx: Ctx<'_>, id: String, format: String) -> Result<String, AppError> {
    run(&ctx, "export_test_run", move |c| {
        let registry = c.registry()?;
        let (record, report) = registry.test_run(&id)?;
        match format.as_str() {
            "json" => Ok(serde_json::to_string_pretty(
                &serde_json::json!({"record": record, "report": report}),
            )
            .unwrap_or_default()),
            "junit" => {
                let instance = registry
                    .instance(&record.instance_id)
                    .map(|i| i.name)
                    .unwrap_or_else(|_| record.instance_id.clone());
                let cases = if record.kind == "validation" {
                    let run: TestRun = serde_json::from_value(report).map_err(|e| {
                        AppError::Internal(format!("stored run is unreadable: {e}"))
                    })?;
                    pb_validation::junit::validation_cases(&run)
                } else {
                    let test: pb_connector::diagnose::ConnectionTest =
                        serde_json::from_value(report).map_err(|e| {
                            AppError::Internal(format!("stored test is unreadable: {e}"))
                        })?;
                    pb_validation::junit::connection_cases(&test)
                };
                let suite = format!("{instance}: {}", record.kind.replace('_', " "));
                Ok(pb_validation::junit::render(
                    &suite,
                    &record.started_at,
                    &cases,
                ))
            }
            other => Err(AppError::from(RegistryError::field(
                "format",
                format!("'{other}' is not an export format; use json or junit"),
            ))),
        }
    })
    .await
}

#[tauri::command]
#[instrument(skip_all)]
pub async fn get_history_retention(ctx: Ctx<'_>) -> Result<HistoryRetention, AppError> {
    run(&ctx, "get_history_retention", |c| {
        Ok(c.registry()?.history_retention()?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all)]
pub async fn set_history_retention(
    ctx: Ctx<'_>,
    retention: HistoryRetention,
) -> Result<HistoryRetention, AppError> {
    run(&ctx, "set_history_retention", move |c| {
        Ok(c.registry()?.set_history_retention(retention)?)
    })
    .await
}
