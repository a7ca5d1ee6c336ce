//! IPC commands for the wizard's drafts: saved as the administrator types, listed,
//! resumed and discarded.

use std::sync::Arc;

use pb_registry::wizard_drafts::{WizardDraft, WizardDraftInput};
use tauri::State;
use tracing::instrument;

use crate::commands::run;
use crate::context::AppContext;
use crate::error::AppError;

type Ctx<'a> = State<'a, Arc<AppContext>>;

#[tauri::command]
#[instrument(skip_all)]
pub async fn list_wizard_drafts(ctx: Ctx<'_>) -> Result<Vec<WizardDraft>, AppError> {
    run(&ctx, "list_wizard_drafts", |c| {
        Ok(c.registry()?.list_wizard_drafts()?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(id = %id))]
pub async fn get_wizard_draft(ctx: Ctx<'_>, id: String) -> Result<WizardDraft, AppError> {
    run(&ctx, "get_wizard_draft", move |c| {
        Ok(c.registry()?.wizard_draft(&id)?)
    })
    .await
}

/// Creates (no id) or updates a draft; refused if it carries a secret.
#[tauri::command]
#[instrument(skip_all)]
pub async fn save_wizard_draft(
    ctx: Ctx<'_>,
    draft: WizardDraftInput,
) -> Result<WizardDraft, AppError> {
    run(&ctx, "save_wizard_draft", move |c| {
        Ok(c.registry()?.save_wizard_draft(&draft)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(id = %id))]
pub async fn discard_wizard_draft(ctx: Ctx<'_>, id: String) -> Result<(), AppError> {
    run(&ctx, "discard_wizard_draft", move |c| {
        Ok(c.registry()?
            .discard_wizard_draft(c.secrets.as_ref(), &c.keyring_service, &id)?)
    })
    .await
}
