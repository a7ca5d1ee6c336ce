//! Definitions as code in the app (issue 6): the provisioning folder, applied at
//! every start and on demand, and each platform's generated documentation.

use std::path::PathBuf;
use std::sync::Arc;

use pb_registry::definitions::{self, ProvisioningReport, ProvisioningSetting, SecretTarget};
use pb_registry::platform_docs::PlatformDocs;
use pb_registry::{Registry, RegistryError};
use serde::Serialize;
use tauri::State;
use tracing::instrument;
use ts_rs::TS;

use crate::commands::run;
use crate::context::{AppContext, StartupOptions};
use crate::error::AppError;

type Ctx<'a> = State<'a, Arc<AppContext>>;

/// Which provisioning folder applies, where that choice came from, and what the
/// last application did.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProvisioningStatus {
    pub folder: String,
    pub prune: bool,
    /// `flag`, `environment` or `settings`: a flag or variable overrides Settings.
    pub source: String,
    pub report: Option<ProvisioningReport>,
    /// What Settings saved (it differs from `folder` when a flag or environment
    /// variable overrides it).
    pub setting: ProvisioningSetting,
    /// Being applied now (at start it runs beside the window); `report` follows.
    pub running: bool,
}

impl ProvisioningStatus {
    pub(crate) fn running(folder: &std::path::Path, prune: bool, source: &str) -> Self {
        ProvisioningStatus {
            folder: folder.display().to_string(),
            prune,
            source: source.to_owned(),
            report: None,
            setting: ProvisioningSetting::default(),
            running: true,
        }
    }
}

/// The folder to apply: `--provisioning-dir` / `PB_PROVISIONING_DIR` when given,
/// else the one chosen in Settings.
pub(crate) fn choose(
    options: &StartupOptions,
    registry: &Registry,
) -> Option<(PathBuf, bool, String)> {
    if let Some((folder, source)) = &options.provisioning_dir {
        return Some((
            folder.clone(),
            options.provisioning_prune,
            (*source).to_owned(),
        ));
    }
    let setting = registry.provisioning_setting().ok()?;
    (!setting.folder.is_empty()).then(|| {
        (
            PathBuf::from(setting.folder),
            setting.prune,
            "settings".to_owned(),
        )
    })
}

/// Applies the chosen folder and logs what it did (problems as warnings: the app
/// still starts, and Settings shows them).
pub(crate) fn apply(
    ctx: &AppContext,
    folder: PathBuf,
    prune: bool,
    source: String,
) -> ProvisioningStatus {
    let report = match ctx.registry() {
        Ok(registry) => {
            let target = SecretTarget {
                store: ctx.secrets.as_ref(),
                service: &ctx.keyring_service,
            };
            definitions::provision(registry, &target, &folder, prune)
        }
        Err(e) => ProvisioningReport {
            folder: folder.display().to_string(),
            problems: vec![definitions::Problem {
                file: folder.display().to_string(),
                line: None,
                path: String::new(),
                message: e.to_string(),
            }],
            ..Default::default()
        },
    };
    tracing::info!(
        folder = %folder.display(),
        changes = report.changes.iter().filter(|c| c.action != definitions::Action::Unchanged).count(),
        pruned = report.pruned.len(),
        problems = report.problems.len(),
        "provisioning folder applied"
    );
    for problem in &report.problems {
        tracing::warn!("provisioning: {problem}");
    }
    let setting = ctx
        .registry()
        .ok()
        .and_then(|r| r.provisioning_setting().ok())
        .unwrap_or_default();
    ProvisioningStatus {
        folder: folder.display().to_string(),
        prune,
        source,
        report: Some(report),
        setting,
        running: false,
    }
}

#[tauri::command]
#[instrument(skip_all, fields(platform_id = %platform_id))]
pub async fn get_platform_docs(
    ctx: Ctx<'_>,
    platform_id: String,
) -> Result<PlatformDocs, AppError> {
    run(&ctx, "get_platform_docs", move |c| {
        let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
        Ok(c.registry()?.platform_docs(&platform_id, &today)?)
    })
    .await
}

/// Writes the documentation to `path` (chosen in the save dialog) as `markdown` or
/// `html`.
#[tauri::command]
#[instrument(skip_all, fields(platform_id = %platform_id))]
pub async fn save_platform_docs(
    ctx: Ctx<'_>,
    platform_id: String,
    path: String,
    format: String,
) -> Result<(), AppError> {
    run(&ctx, "save_platform_docs", move |c| {
        let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
        let docs = c.registry()?.platform_docs(&platform_id, &today)?;
        let text = match format.as_str() {
            "markdown" => docs.markdown,
            "html" => docs.html,
            _ => return Err(RegistryError::field("format", "Choose markdown or html").into()),
        };
        std::fs::write(&path, text).map_err(|e| {
            AppError::from(RegistryError::field(
                "path",
                format!("Cannot write {path}: {e}"),
            ))
        })?;
        tracing::info!(%path, %format, "platform documentation saved");
        Ok(())
    })
    .await
}

/// Saves the folder chosen in Settings and applies it now (unless a flag or
/// environment variable chose another one, which then stays in force).
#[tauri::command]
#[instrument(skip_all)]
pub async fn set_provisioning_settings(
    ctx: Ctx<'_>,
    setting: ProvisioningSetting,
) -> Result<Option<ProvisioningStatus>, AppError> {
    run(&ctx, "set_provisioning_settings", move |c| {
        c.registry()?.set_provisioning_setting(&setting)?;
        Ok(c.reprovision())
    })
    .await
}

/// Applies the provisioning folder again, e.g. after its files changed.
#[tauri::command]
#[instrument(skip_all)]
pub async fn run_provisioning(ctx: Ctx<'_>) -> Result<Option<ProvisioningStatus>, AppError> {
    run(&ctx, "run_provisioning", |c| Ok(c.reprovision())).await
}
