//! IPC commands for the connector engine: a type's connector definition, the staged
//! connection test and single operations against an instance.

use std::sync::Arc;

use pb_connector::definition::Connector;
use pb_connector::diagnose::{self, ConnectionTest, Stage};
use pb_connector::engine::RenderedRequest;
use pb_connector::{CallContext, Operation, OperationReport};
use pb_registry::draft::DraftInstance;
use pb_registry::RegistryError;
use serde_json::{Map, Value};
use tauri::ipc::Channel;
use tauri::State;
use tracing::instrument;

use crate::commands::{blocking, finish};
use crate::context::AppContext;
use crate::error::AppError;
use crate::history::{store, FinishedTest};

type Ctx<'a> = State<'a, Arc<AppContext>>;

/// The type's connector definition (YAML), or the preset a built-in type uses.
#[tauri::command]
#[instrument(skip_all, fields(identifier = %identifier))]
pub async fn get_platform_type_connector(
    ctx: Ctx<'_>,
    identifier: String,
) -> Result<Option<String>, AppError> {
    let started = std::time::Instant::now();
    let result = blocking(&ctx, "get_platform_type_connector", move |c| {
        Ok(c.registry()?.platform_type_connector(&identifier)?)
    })
    .await;
    finish(&ctx, "get_platform_type_connector", started, result)
}

/// Validates and stores a custom type's connector definition; `None` removes it.
#[tauri::command]
#[instrument(skip_all, fields(identifier = %identifier))]
pub async fn set_platform_type_connector(
    ctx: Ctx<'_>,
    identifier: String,
    definition: Option<String>,
) -> Result<(), AppError> {
    let started = std::time::Instant::now();
    let result = blocking(&ctx, "set_platform_type_connector", move |c| {
        Ok(c.registry()?
            .set_platform_type_connector(&identifier, definition.as_deref())?)
    })
    .await;
    finish(&ctx, "set_platform_type_connector", started, result)
}

/// The staged connection test (DNS, TCP, TLS, auth, probe) of a saved instance,
/// using its stored credential from the keyring; `on_stage` receives each stage as
/// it completes.
#[tauri::command]
#[instrument(skip_all, fields(id = %id))]
pub async fn test_connection(
    ctx: Ctx<'_>,
    id: String,
    on_stage: Channel<Stage>,
) -> Result<ConnectionTest, AppError> {
    let started = std::time::Instant::now();
    let shared = Arc::clone(&ctx);
    let result = async {
        let instance = id.clone();
        let (connector, call, version) = blocking(&shared, "test_connection", move |c| {
            let registry = c.registry()?;
            let (connector, call) = registry.connector_for_instance(
                c.secrets.as_ref(),
                &c.keyring_service,
                &instance,
            )?;
            Ok((
                connector,
                call,
                registry.instance_connector_version(&instance)?,
            ))
        })
        .await?;
        let started_at_ms = crate::history::unix_ms();
        // Each stage reaches the UI as it completes (a slow DNS or TLS handshake is
        // visible while it happens); a closed window just stops listening.
        let observer = |stage: &Stage| {
            let _ = on_stage.send(stage.clone());
        };
        let test =
            diagnose::test_connector_observed(&shared.engine, &connector, &call, &observer).await;
        let duration_ms = started.elapsed().as_millis() as u64;
        // Every test is history; the newest is the instance's status.
        let report = serde_json::to_value(&test).unwrap_or(Value::Null);
        let (status, summary) = diagnose::summary(&test);
        let finished = FinishedTest {
            kind: "connection_test",
            status,
            started_at_ms,
            duration_ms,
            summary,
            report,
            connector_version: version,
        };
        store(&shared, "test_connection", id, finished).await?;
        Ok(test)
    }
    .await;
    finish(&ctx, "test_connection", started, result)
}

/// The staged connection test of an instance's unsaved form values, with the
/// secrets stored for the saved instance (if any); not stored in history.
#[tauri::command]
#[instrument(skip_all, fields(platform_id = %draft.platform_id))]
pub async fn test_connection_draft(
    ctx: Ctx<'_>,
    draft: DraftInstance,
) -> Result<ConnectionTest, AppError> {
    let started = std::time::Instant::now();
    let shared = Arc::clone(&ctx);
    let result = async {
        let (connector, call) = blocking(&shared, "test_connection_draft", move |c| {
            Ok(c.registry()?
                .connector_for_draft(c.secrets.as_ref(), &c.keyring_service, &draft)?)
        })
        .await?;
        Ok(diagnose::test_connector(&shared.engine, &connector, &call).await)
    }
    .await;
    finish(&ctx, "test_connection_draft", started, result)
}

/// Runs one operation against a saved instance. `values` supplies the template
/// values the operation needs (`tenant`, `user`, `quota`, `outputs`).
#[tauri::command]
#[instrument(skip_all, fields(id = %id, operation = %operation))]
pub async fn run_operation(
    ctx: Ctx<'_>,
    id: String,
    operation: String,
    values: Map<String, Value>,
) -> Result<OperationReport, AppError> {
    let started = std::time::Instant::now();
    let shared = Arc::clone(&ctx);
    let result = async {
        let op = parse_operation(&operation)?;
        let (connector, call) = operation_call(&shared, "run_operation", id, values).await?;
        Ok(OperationReport::from(
            shared.engine.run_connector(&connector, op, &call).await,
        ))
    }
    .await;
    finish(&ctx, "run_operation", started, result)
}

/// The instance's connector and call context, with the caller's template values
/// added; the instance's own values win over what the caller sends.
async fn operation_call(
    shared: &Arc<AppContext>,
    command: &'static str,
    id: String,
    values: Map<String, Value>,
) -> Result<(Connector, CallContext), AppError> {
    let (connector, mut call) = blocking(shared, command, move |c| {
        Ok(c.registry()?
            .connector_for_instance(c.secrets.as_ref(), &c.keyring_service, &id)?)
    })
    .await?;
    for (k, v) in values {
        call.values.entry(k).or_insert(v);
    }
    // A single run of list_tenants is its first page.
    call.values
        .entry("page")
        .or_insert_with(|| pb_connector::listing::first_page(&connector));
    Ok((connector, call))
}

fn parse_operation(name: &str) -> Result<Operation, AppError> {
    Operation::parse(name).ok_or_else(|| {
        AppError::from(RegistryError::field(
            "operation",
            format!("unknown operation '{name}'"),
        ))
    })
}

/// Renders the requests an operation would send to a saved instance, without
/// sending anything; secrets are masked.
#[tauri::command]
#[instrument(skip_all, fields(id = %id, operation = %operation))]
pub async fn dry_run_operation(
    ctx: Ctx<'_>,
    id: String,
    operation: String,
    values: Map<String, Value>,
) -> Result<Vec<RenderedRequest>, AppError> {
    let started = std::time::Instant::now();
    let shared = Arc::clone(&ctx);
    let result = async {
        let op = parse_operation(&operation)?;
        let (connector, call) = operation_call(&shared, "dry_run_operation", id, values).await?;
        shared
            .engine
            .dry_run(&connector, op, &call)
            .map_err(AppError::from)
    }
    .await;
    finish(&ctx, "dry_run_operation", started, result)
}
