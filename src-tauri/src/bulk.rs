//! Testing many instances at once: connection tests with bounded concurrency,
//! progress per finished instance, each result stored in its instance's history.

use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;
use tauri::ipc::Channel;
use tauri::State;
use tracing::instrument;
use ts_rs::TS;

use crate::commands::{blocking, finish};
use crate::context::AppContext;
use crate::error::AppError;
use crate::history::{store, FinishedTest};

type Ctx<'a> = State<'a, Arc<AppContext>>;

/// One instance's result in a bulk test.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BulkResult {
    pub instance_id: String,
    pub instance_name: String,
    pub platform_id: String,
    /// `ok` / `warning` / `failed`.
    pub status: String,
    pub summary: String,
    #[ts(type = "number")]
    pub duration_ms: u64,
}

/// Progress of a bulk test, one message per finished instance.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BulkProgress {
    pub done: usize,
    pub total: usize,
    pub result: BulkResult,
}

/// Connection-tests every instance (or those in `ids`), `concurrency` at a time
/// (default 8), reporting each result on `on_progress` as it finishes and storing
/// each in its instance's history.
#[tauri::command]
#[instrument(skip_all)]
pub async fn test_instances(
    ctx: Ctx<'_>,
    ids: Option<Vec<String>>,
    concurrency: Option<u32>,
    on_progress: Channel<BulkProgress>,
) -> Result<Vec<BulkResult>, AppError> {
    let started = std::time::Instant::now();
    let shared = Arc::clone(&ctx);
    let result = async {
        let instances = blocking(&shared, "test_instances", move |c| {
            let all = c.registry()?.list_all_instances()?;
            Ok(match ids {
                Some(ids) => all.into_iter().filter(|i| ids.contains(&i.id)).collect(),
                None => all,
            })
        })
        .await?;
        let total = instances.len();
        let mut done = 0;
        let concurrency = concurrency.unwrap_or(8).clamp(1, 64) as usize;
        let results = pb_validation::bulk::run_bulk(
            instances,
            concurrency,
            |instance| test_one(&shared, instance),
            |_, result: &BulkResult| {
                done += 1;
                let _ = on_progress.send(BulkProgress {
                    done,
                    total,
                    result: result.clone(),
                });
            },
        )
        .await;
        Ok(results)
    }
    .await;
    finish(&ctx, "test_instances", started, result)
}

/// One instance of a bulk test; problems become a failed result, not an error, so
/// one broken instance does not end the whole run.
async fn test_one(shared: &Arc<AppContext>, instance: pb_registry::Instance) -> BulkResult {
    let started = std::time::Instant::now();
    let started_at_ms = crate::history::unix_ms();
    let id = instance.id.clone();
    let prepared = blocking(shared, "test_instances", move |c| {
        let registry = c.registry()?;
        let (connector, call) =
            registry.connector_for_instance(c.secrets.as_ref(), &c.keyring_service, &id)?;
        Ok((connector, call, registry.instance_connector_version(&id)?))
    })
    .await;
    let mut connector_version = None;
    let (status, summary, report) = match prepared {
        Ok((connector, call, version)) => {
            connector_version = version;
            let test =
                pb_connector::diagnose::test_connector(&shared.engine, &connector, &call).await;
            let (status, summary) = pb_connector::diagnose::summary(&test);
            (
                status,
                summary,
                serde_json::to_value(&test).unwrap_or(Value::Null),
            )
        }
        Err(e) => ("failed", e.to_string(), Value::Null),
    };
    let duration_ms = started.elapsed().as_millis() as u64;
    if !report.is_null() {
        let test = FinishedTest {
            kind: "connection_test",
            status,
            started_at_ms,
            duration_ms,
            summary: summary.clone(),
            report,
            connector_version,
        };
        if let Err(e) = store(shared, "test_instances", instance.id.clone(), test).await {
            tracing::warn!(instance = %instance.id, "could not store the test result: {e}");
        }
    }
    BulkResult {
        instance_id: instance.id,
        instance_name: instance.name,
        platform_id: instance.platform_id,
        status: status.to_owned(),
        summary,
        duration_ms,
    }
}
