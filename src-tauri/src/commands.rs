//! Thin IPC commands: each delegates to the registry on a blocking thread (SQLite and
//! the keyring block; the keyring for up to its timeout) and records its reply.

use std::sync::Arc;

use pb_registry::{
    Instance, InstanceInput, Platform, PlatformInput, PlatformType, PlatformTypeInput,
};
use pb_secrets::Sensitive;
use serde::Serialize;
use tauri::State;
use tracing::instrument;

use crate::context::{AppContext, AppStatus};
use crate::error::AppError;

type Ctx<'a> = State<'a, Arc<AppContext>>;

/// Runs blocking work (SQLite, the keyring) off the async runtime.
pub(crate) async fn blocking<T, F>(
    ctx: &Arc<AppContext>,
    command: &'static str,
    f: F,
) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&AppContext) -> Result<T, AppError> + Send + 'static,
{
    let shared = Arc::clone(ctx);
    tauri::async_runtime::spawn_blocking(move || f(&shared))
        .await
        .map_err(|e| AppError::Internal(format!("command {command} did not finish: {e}")))
        .and_then(|r| r)
}

pub(crate) async fn run<T, F>(
    ctx: &Arc<AppContext>,
    command: &'static str,
    f: F,
) -> Result<T, AppError>
where
    T: Serialize + Send + 'static,
    F: FnOnce(&AppContext) -> Result<T, AppError> + Send + 'static,
{
    let started = std::time::Instant::now();
    let result = blocking(ctx, command, f).await;
    finish(ctx, command, started, result)
}

/// Logs and audits a command's reply.
pub(crate) fn finish<T: Serialize>(
    ctx: &AppContext,
    command: &'static str,
    started: std::time::Instant,
    result: Result<T, AppError>,
) -> Result<T, AppError> {
    let elapsed_ms = started.elapsed().as_millis() as u64;
    match &result {
        // Changes are worth a line in the default log; reads only at debug level.
        Ok(_) if is_change(command) => tracing::info!(command, elapsed_ms, "done"),
        Ok(_) => tracing::debug!(command, elapsed_ms, "command finished"),
        // Messages are built without secret values, so they are safe to log.
        Err(e) => tracing::warn!(command, elapsed_ms, code = %e.to_ipc().code, "{e}"),
    }
    ctx.audit(command, &result);
    result
}

fn is_change(command: &str) -> bool {
    [
        "create_", "update_", "delete_", "set_", "remove_", "run_", "cancel_", "test_", "discard_",
    ]
    .iter()
    .any(|prefix| command.starts_with(prefix))
}

#[tauri::command]
#[instrument(skip_all)]
pub async fn app_status(ctx: Ctx<'_>) -> Result<AppStatus, AppError> {
    run(&ctx, "app_status", |c| Ok(c.status())).await
}

/// The UI calls this once, when its first screen is rendered with data. The log line
/// is how start-up time is measured: `elapsed_ms` from `main`, and the wall clock
/// `at_unix_ms`, which `make bench` subtracts its launch time from so that loading
/// the binary and its libraries counts too, as for the empty-window baseline.
#[tauri::command]
#[instrument(skip_all)]
pub async fn ui_ready(ctx: Ctx<'_>) -> Result<u64, AppError> {
    run(&ctx, "ui_ready", |_| {
        let elapsed_ms = crate::context::since_process_start();
        let at_unix_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        tracing::info!(elapsed_ms, at_unix_ms, "UI ready");
        Ok(elapsed_ms)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all)]
pub async fn list_platform_types(ctx: Ctx<'_>) -> Result<Vec<PlatformType>, AppError> {
    run(&ctx, "list_platform_types", |c| {
        Ok(c.registry()?.list_platform_types()?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(identifier = %input.identifier))]
pub async fn create_platform_type(
    ctx: Ctx<'_>,
    input: PlatformTypeInput,
) -> Result<PlatformType, AppError> {
    run(&ctx, "create_platform_type", move |c| {
        Ok(c.registry()?.create_platform_type(&input)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(identifier = %input.identifier))]
pub async fn update_platform_type(
    ctx: Ctx<'_>,
    input: PlatformTypeInput,
) -> Result<PlatformType, AppError> {
    run(&ctx, "update_platform_type", move |c| {
        Ok(c.registry()?.update_platform_type(&input)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(identifier = %identifier))]
pub async fn delete_platform_type(ctx: Ctx<'_>, identifier: String) -> Result<(), AppError> {
    run(&ctx, "delete_platform_type", move |c| {
        Ok(c.registry()?.delete_platform_type(&identifier)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all)]
pub async fn list_platforms(ctx: Ctx<'_>) -> Result<Vec<Platform>, AppError> {
    run(&ctx, "list_platforms", |c| {
        Ok(c.registry()?.list_platforms()?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(id = %id))]
pub async fn get_platform(ctx: Ctx<'_>, id: String) -> Result<Platform, AppError> {
    run(&ctx, "get_platform", move |c| {
        Ok(c.registry()?.get_platform(&id)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(name = %input.name))]
pub async fn create_platform(ctx: Ctx<'_>, input: PlatformInput) -> Result<Platform, AppError> {
    run(&ctx, "create_platform", move |c| {
        Ok(c.registry()?.create_platform(&input)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(id = %id))]
pub async fn update_platform(
    ctx: Ctx<'_>,
    id: String,
    input: PlatformInput,
) -> Result<Platform, AppError> {
    run(&ctx, "update_platform", move |c| {
        Ok(c.registry()?.update_platform(&id, &input)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(id = %id))]
pub async fn delete_platform(ctx: Ctx<'_>, id: String) -> Result<(), AppError> {
    run(&ctx, "delete_platform", move |c| {
        Ok(c.registry()?
            .delete_platform(c.secrets.as_ref(), &c.keyring_service, &id)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(platform_id = %platform_id))]
pub async fn list_instances(ctx: Ctx<'_>, platform_id: String) -> Result<Vec<Instance>, AppError> {
    run(&ctx, "list_instances", move |c| {
        Ok(c.registry()?.list_instances(&platform_id)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(platform_id = %platform_id, name = %input.name))]
pub async fn create_instance(
    ctx: Ctx<'_>,
    platform_id: String,
    input: InstanceInput,
) -> Result<Instance, AppError> {
    run(&ctx, "create_instance", move |c| {
        Ok(c.registry()?.create_instance(&platform_id, &input)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(id = %id))]
pub async fn update_instance(
    ctx: Ctx<'_>,
    id: String,
    input: InstanceInput,
) -> Result<Instance, AppError> {
    run(&ctx, "update_instance", move |c| {
        Ok(c.registry()?.update_instance(&id, &input)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(id = %id))]
pub async fn delete_instance(ctx: Ctx<'_>, id: String) -> Result<(), AppError> {
    run(&ctx, "delete_instance", move |c| {
        Ok(c.registry()?
            .delete_instance(c.secrets.as_ref(), &c.keyring_service, &id)?)
    })
    .await
}

/// The secret arrives once and goes straight to the keyring; the reply is the
/// instance, whose credential part says only "configured" and a version.
#[tauri::command]
#[instrument(skip_all, fields(id = %id))]
pub async fn set_instance_credential(
    ctx: Ctx<'_>,
    id: String,
    secret: Sensitive<String>,
) -> Result<Instance, AppError> {
    run(&ctx, "set_instance_credential", move |c| {
        Ok(c.registry()?
            .set_credential(c.secrets.as_ref(), &c.keyring_service, &id, &secret)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(id = %id))]
pub async fn remove_instance_credential(ctx: Ctx<'_>, id: String) -> Result<Instance, AppError> {
    run(&ctx, "remove_instance_credential", move |c| {
        Ok(c.registry()?
            .remove_credential(c.secrets.as_ref(), &c.keyring_service, &id)?)
    })
    .await
}

/// The mutual-TLS client key (PEM) arrives once and goes straight to the keyring,
/// after it is checked against the instance's client certificate; the reply says
/// only that a key is configured.
#[tauri::command]
#[instrument(skip_all, fields(id = %id))]
pub async fn set_instance_client_key(
    ctx: Ctx<'_>,
    id: String,
    secret: Sensitive<String>,
) -> Result<Instance, AppError> {
    run(&ctx, "set_instance_client_key", move |c| {
        Ok(c.registry()?
            .set_client_key(c.secrets.as_ref(), &c.keyring_service, &id, &secret)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(id = %id))]
pub async fn remove_instance_client_key(ctx: Ctx<'_>, id: String) -> Result<Instance, AppError> {
    run(&ctx, "remove_instance_client_key", move |c| {
        Ok(c.registry()?
            .remove_client_key(c.secrets.as_ref(), &c.keyring_service, &id)?)
    })
    .await
}
