//! IPC for the exec trust prompt: what a type's connector runs on this machine,
//! and the administrator's decision to trust it or withdraw trust.

use std::sync::Arc;

use pb_connector::exec_trust::ExecFingerprint;
use pb_registry::exec_trust::ExecTrustState;
use tauri::State;
use tracing::instrument;

use crate::commands::run;
use crate::context::AppContext;
use crate::error::AppError;

type Ctx<'a> = State<'a, Arc<AppContext>>;

/// The program a type's exec connector runs and whether this machine trusts it;
/// None for types whose connector is not an exec connector.
#[tauri::command]
#[instrument(skip_all, fields(identifier = %identifier))]
pub async fn get_exec_trust(
    ctx: Ctx<'_>,
    identifier: String,
) -> Result<Option<ExecTrustState>, AppError> {
    run(&ctx, "get_exec_trust", move |c| {
        Ok(c.registry()?.exec_trust_state(&identifier)?)
    })
    .await
}

/// Trusts the program as the prompt showed it (`key`): if it changed since, the
/// trust is refused and the prompt shows it again.
#[tauri::command]
#[instrument(skip_all, fields(identifier = %identifier))]
pub async fn set_exec_trust(
    ctx: Ctx<'_>,
    identifier: String,
    key: String,
) -> Result<ExecFingerprint, AppError> {
    run(&ctx, "set_exec_trust", move |c| {
        Ok(c.registry()?.trust_exec(&identifier, Some(&key))?)
    })
    .await
}

/// Withdraws this machine's trust in the type's program.
#[tauri::command]
#[instrument(skip_all, fields(identifier = %identifier))]
pub async fn remove_exec_trust(ctx: Ctx<'_>, identifier: String) -> Result<u32, AppError> {
    run(&ctx, "remove_exec_trust", move |c| {
        Ok(c.registry()?.revoke_exec_trust(&identifier)? as u32)
    })
    .await
}
