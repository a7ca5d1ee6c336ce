//! IPC commands for an instance's tenants as the platform lists them
//! (`list_tenants`), with validation leftovers marked, and the sweep that removes
//! those leftovers once the administrator has confirmed each one.

use std::sync::Arc;

use pb_connector::definition::Connector;
use pb_connector::engine::OperationError;
use pb_connector::{CallContext, ConnectorError, Exchange, Operation};
use pb_registry::RegistryError;
use pb_validation::sweep::{mark, LeftoverPattern, MarkedTenant, SweepReport};
use serde::Serialize;
use tauri::State;
use tracing::instrument;
use ts_rs::TS;

use crate::commands::{blocking, finish};
use crate::context::AppContext;
use crate::error::AppError;

type Ctx<'a> = State<'a, Arc<AppContext>>;

/// The platform's tenants, each marked when the validation convention named it.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TenantList {
    pub tenants: Vec<MarkedTenant>,
    /// The convention's names as shown: `pb-validation-??????`.
    pub pattern: String,
    pub pages: u32,
    /// Why the listing stopped early; `tenants` is then what it had read.
    pub error: Option<OperationError>,
    /// Redacted, the first pages and the last.
    pub exchanges: Vec<Exchange>,
    #[ts(type = "number")]
    pub duration_ms: u64,
}

/// The instance's connector, call context and leftover pattern; refuses a
/// connector without list_tenants before anything is sent.
async fn prepare(
    shared: &Arc<AppContext>,
    command: &'static str,
    id: String,
) -> Result<(Connector, CallContext, LeftoverPattern), AppError> {
    let (connector, call, pattern) = blocking(shared, command, move |c| {
        let registry = c.registry()?;
        let (connector, call) =
            registry.connector_for_instance(c.secrets.as_ref(), &c.keyring_service, &id)?;
        let plan = registry.validation_plan(&id)?;
        let pattern = LeftoverPattern::new(&plan.naming, &plan.environment);
        Ok((connector, call, pattern))
    })
    .await?;
    if !connector.defines(Operation::ListTenants) {
        return Err(AppError::Connector(ConnectorError::NotDefined(
            Operation::ListTenants.as_str().to_owned(),
        )));
    }
    Ok((connector, call, pattern))
}

#[tauri::command]
#[instrument(skip_all, fields(id = %id))]
pub async fn list_instance_tenants(ctx: Ctx<'_>, id: String) -> Result<TenantList, AppError> {
    let started = std::time::Instant::now();
    let shared = Arc::clone(&ctx);
    let result = async {
        let (connector, call, pattern) = prepare(&shared, "list_instance_tenants", id).await?;
        let listing = pb_connector::listing::list_tenants(&shared.engine, &connector, &call).await;
        Ok(TenantList {
            tenants: mark(&listing.tenants, &pattern),
            pattern: pattern.shown().to_owned(),
            pages: listing.pages,
            error: listing.error,
            exchanges: listing.exchanges,
            duration_ms: listing.duration_ms,
        })
    }
    .await;
    finish(&ctx, "list_instance_tenants", started, result)
}

/// Deletes the confirmed leftovers (`tenant_ids`) of the instance. The platform is
/// listed again first, and only tenants it still lists under a name the convention
/// makes are deleted: an id that names anything else is left alone. Refused while
/// a validation run of the instance is going, whose own tenant would be swept.
#[tauri::command]
#[instrument(skip_all, fields(id = %id, tenants = tenant_ids.len()))]
pub async fn sweep_leftovers(
    ctx: Ctx<'_>,
    id: String,
    tenant_ids: Vec<String>,
) -> Result<SweepReport, AppError> {
    let started = std::time::Instant::now();
    let shared = Arc::clone(&ctx);
    let result = async {
        let running = shared
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains_key(&id);
        if running {
            return Err(AppError::from(RegistryError::InUse(
                "a validation run of this instance is in progress, and its tenant is named like a leftover; remove leftovers when it has finished".into(),
            )));
        }
        let (connector, call, pattern) = prepare(&shared, "sweep_leftovers", id).await?;
        let report = pb_validation::sweep::sweep(
            &shared.engine,
            &connector,
            &call,
            &pattern,
            Some(&tenant_ids),
            false,
        )
        .await;
        tracing::info!(
            deleted = report.deleted.len(),
            failed = report.failed.len(),
            "validation leftovers swept"
        );
        Ok(report)
    }
    .await;
    finish(&ctx, "sweep_leftovers", started, result)
}
