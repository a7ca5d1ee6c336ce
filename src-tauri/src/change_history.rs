//! IPC for the change history (browse, export as JSON lines, retention) and for
//! connector versions (list, read, side-by-side diff, roll back).

use std::sync::Arc;

use pb_registry::connector_versions::{ConnectorVersion, ConnectorVersionDiff};
use pb_registry::pb_change_history::{ChangeRetention, HistoryPage, HistoryQuery};
use tauri::State;
use tracing::instrument;

use crate::commands::run;
use crate::context::AppContext;
use crate::error::AppError;

type Ctx<'a> = State<'a, Arc<AppContext>>;

/// One page of the change history, newest first.
#[tauri::command]
#[instrument(skip_all)]
pub async fn list_change_history(
    ctx: Ctx<'_>,
    query: HistoryQuery,
) -> Result<HistoryPage, AppError> {
    run(&ctx, "list_change_history", move |c| {
        Ok(c.registry()?.change_history(&query)?)
    })
    .await
}

/// Every entry the filters match, oldest first, as JSON lines.
#[tauri::command]
#[instrument(skip_all)]
pub async fn export_change_history(ctx: Ctx<'_>, query: HistoryQuery) -> Result<String, AppError> {
    run(&ctx, "export_change_history", move |c| {
        Ok(c.registry()?.export_change_history(&query)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all)]
pub async fn get_change_retention(ctx: Ctx<'_>) -> Result<ChangeRetention, AppError> {
    run(&ctx, "get_change_retention", |c| {
        Ok(c.registry()?.change_retention()?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all)]
pub async fn set_change_retention(
    ctx: Ctx<'_>,
    retention: ChangeRetention,
) -> Result<ChangeRetention, AppError> {
    run(&ctx, "set_change_retention", move |c| {
        Ok(c.registry()?.set_change_retention(retention)?)
    })
    .await
}

/// Every saved version of a type's connector, newest first.
#[tauri::command]
#[instrument(skip_all, fields(identifier = %identifier))]
pub async fn list_connector_versions(
    ctx: Ctx<'_>,
    identifier: String,
) -> Result<Vec<ConnectorVersion>, AppError> {
    run(&ctx, "list_connector_versions", move |c| {
        Ok(c.registry()?.connector_versions(&identifier)?)
    })
    .await
}

/// The text of one version.
#[tauri::command]
#[instrument(skip_all, fields(identifier = %identifier, version))]
pub async fn get_connector_version(
    ctx: Ctx<'_>,
    identifier: String,
    version: u32,
) -> Result<String, AppError> {
    run(&ctx, "get_connector_version", move |c| {
        Ok(c.registry()?.connector_version_text(&identifier, version)?)
    })
    .await
}

/// Two versions side by side, `from` on the left.
#[tauri::command]
#[instrument(skip_all, fields(identifier = %identifier, from, to))]
pub async fn diff_connector_versions(
    ctx: Ctx<'_>,
    identifier: String,
    from: u32,
    to: u32,
) -> Result<ConnectorVersionDiff, AppError> {
    run(&ctx, "diff_connector_versions", move |c| {
        Ok(c.registry()?
            .diff_connector_versions(&identifier, from, to)?)
    })
    .await
}

/// Saves an old version as the newest one.
#[tauri::command]
#[instrument(skip_all, fields(identifier = %identifier, version))]
pub async fn roll_back_connector(
    ctx: Ctx<'_>,
    identifier: String,
    version: u32,
) -> Result<ConnectorVersion, AppError> {
    run(&ctx, "roll_back_connector", move |c| {
        Ok(c.registry()?.roll_back_connector(&identifier, version)?)
    })
    .await
}
