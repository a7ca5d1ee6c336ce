//! IPC commands of what makes a platform ready for application teams: locations,
//! landing zones, availability and publication (pb-registry's `offering`), and
//! the export to meshStack (pb-export).

use std::sync::Arc;

use pb_registry::offering::availability::{Availability, Readiness};
use pb_registry::offering::landing_zones::{LandingZone, LandingZoneInput};
use pb_registry::offering::locations::{Location, LocationInput};
use pb_registry::Platform;
use tauri::State;
use tracing::instrument;

use crate::commands::run;
use crate::context::AppContext;
use crate::error::AppError;

type Ctx<'a> = State<'a, Arc<AppContext>>;

#[tauri::command]
#[instrument(skip_all)]
pub async fn list_locations(ctx: Ctx<'_>) -> Result<Vec<Location>, AppError> {
    run(&ctx, "list_locations", |c| {
        Ok(c.registry()?.list_locations()?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(identifier = %input.identifier))]
pub async fn create_location(ctx: Ctx<'_>, input: LocationInput) -> Result<Location, AppError> {
    run(&ctx, "create_location", move |c| {
        Ok(c.registry()?.create_location(&input)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(identifier = %input.identifier))]
pub async fn update_location(ctx: Ctx<'_>, input: LocationInput) -> Result<Location, AppError> {
    run(&ctx, "update_location", move |c| {
        Ok(c.registry()?.update_location(&input)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(identifier = %identifier))]
pub async fn delete_location(ctx: Ctx<'_>, identifier: String) -> Result<(), AppError> {
    run(&ctx, "delete_location", move |c| {
        Ok(c.registry()?.delete_location(&identifier)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(platform_id = %platform_id))]
pub async fn list_landing_zones(
    ctx: Ctx<'_>,
    platform_id: String,
) -> Result<Vec<LandingZone>, AppError> {
    run(&ctx, "list_landing_zones", move |c| {
        Ok(c.registry()?.list_landing_zones(&platform_id)?)
    })
    .await
}

/// Creates a landing zone (`existing` absent) or updates the one named.
#[tauri::command]
#[instrument(skip_all, fields(platform_id = %platform_id, identifier = %input.identifier))]
pub async fn save_landing_zone(
    ctx: Ctx<'_>,
    platform_id: String,
    existing: Option<String>,
    input: LandingZoneInput,
) -> Result<LandingZone, AppError> {
    run(&ctx, "save_landing_zone", move |c| {
        Ok(c.registry()?
            .save_landing_zone(&platform_id, existing.as_deref(), &input)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(identifier = %identifier))]
pub async fn delete_landing_zone(ctx: Ctx<'_>, identifier: String) -> Result<(), AppError> {
    run(&ctx, "delete_landing_zone", move |c| {
        Ok(c.registry()?.delete_landing_zone(&identifier)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(platform_id = %platform_id))]
pub async fn get_publication_readiness(
    ctx: Ctx<'_>,
    platform_id: String,
) -> Result<Readiness, AppError> {
    run(&ctx, "get_publication_readiness", move |c| {
        Ok(c.registry()?.publication_readiness(&platform_id)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(platform_id = %platform_id))]
pub async fn set_availability(
    ctx: Ctx<'_>,
    platform_id: String,
    availability: Availability,
) -> Result<Platform, AppError> {
    run(&ctx, "set_availability", move |c| {
        Ok(c.registry()?
            .set_availability(&platform_id, &availability)?)
    })
    .await
}

/// What an export wrote, for the toast and the summary.
#[derive(serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportSummary {
    pub dir: String,
    pub files: Vec<String>,
}

/// Writes the Terraform for meshStack of `platforms` (identifiers; none: every
/// finished platform) into `dir`, which the administrator chose in a dialog.
#[tauri::command]
#[instrument(skip_all)]
pub async fn export_meshstack(
    ctx: Ctx<'_>,
    dir: String,
    platforms: Vec<String>,
) -> Result<ExportSummary, AppError> {
    run(&ctx, "export_meshstack", move |c| {
        if dir.trim().is_empty() || !std::path::Path::new(&dir).is_absolute() {
            return Err(AppError::from(pb_registry::RegistryError::field(
                "dir",
                "Choose a folder: a full path such as /home/you/meshstack",
            )));
        }
        let options = pb_export::meshstack::Options { platforms };
        let files = pb_export::meshstack::export(c.registry()?, &options)?;
        let path = std::path::PathBuf::from(&dir);
        pb_export::write(&path, &files).map_err(|e| AppError::io(&dir, e))?;
        Ok(ExportSummary {
            dir,
            files: files.iter().map(|f| f.path.display().to_string()).collect(),
        })
    })
    .await
}
