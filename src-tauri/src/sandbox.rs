//! The first-run sandbox: the sample platform started in this process on
//! 127.0.0.1, so a new administrator can walk the whole wizard without a real
//! system. Its API key is random per start and goes from here straight to the
//! instance's keyring entry; the UI never sees it.

use std::sync::Arc;

use pb_registry::Instance;
use pb_sample_platform::{AuthConfig, SamplePlatform};
use pb_secrets::Sensitive;
use serde::Serialize;
use tauri::State;
use tracing::instrument;
use ts_rs::TS;

use crate::commands::{blocking, finish};
use crate::context::AppContext;
use crate::error::AppError;

type Ctx<'a> = State<'a, Arc<AppContext>>;

/// A running sandbox and the key it accepts.
pub struct Sandbox {
    platform: SamplePlatform,
    api_key: Sensitive<String>,
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SandboxInfo {
    /// The endpoint to register, e.g. `http://127.0.0.1:41234`.
    pub endpoint: String,
    /// The connector preset that matches it.
    pub preset: String,
    /// Where its API key goes (the generic REST preset's header).
    pub api_key_header: String,
}

fn info(sandbox: &Sandbox) -> SandboxInfo {
    SandboxInfo {
        endpoint: sandbox.platform.base_url(),
        preset: "generic-rest".into(),
        api_key_header: "X-API-Key".into(),
    }
}

/// Starts the sandbox, or returns the one already running.
#[tauri::command]
#[instrument(skip_all)]
pub async fn start_sandbox(ctx: Ctx<'_>) -> Result<SandboxInfo, AppError> {
    let started = std::time::Instant::now();
    let result = async {
        let mut slot = ctx.sandbox.lock().await;
        if let Some(running) = slot.as_ref() {
            return Ok(info(running));
        }
        let api_key = format!("sandbox-{}", uuid::Uuid::new_v4().simple());
        let auth = AuthConfig {
            api_key: Some(api_key.clone()),
            ..AuthConfig::default()
        };
        let platform = SamplePlatform::start(auth, 0)
            .await
            .map_err(|e| AppError::Internal(format!("the sandbox could not start: {e}")))?;
        let sandbox = Sandbox {
            platform,
            api_key: Sensitive::new(api_key),
        };
        let reply = info(&sandbox);
        tracing::info!(endpoint = %reply.endpoint, "sandbox started");
        *slot = Some(sandbox);
        Ok(reply)
    }
    .await;
    finish(&ctx, "start_sandbox", started, result)
}

/// Stores the running sandbox's API key as the instance's credential.
#[tauri::command]
#[instrument(skip_all, fields(id = %id))]
pub async fn use_sandbox_credential(ctx: Ctx<'_>, id: String) -> Result<Instance, AppError> {
    let started = std::time::Instant::now();
    let key = ctx.sandbox.lock().await.as_ref().map(|s| s.api_key.clone());
    let result = match key {
        None => Err(AppError::from(pb_registry::RegistryError::InUse(
            "the sandbox is not running; start it first".into(),
        ))),
        Some(key) => {
            blocking(&ctx, "use_sandbox_credential", move |c| {
                Ok(c.registry()?.set_credential(
                    c.secrets.as_ref(),
                    &c.keyring_service,
                    &id,
                    &key,
                )?)
            })
            .await
        }
    };
    finish(&ctx, "use_sandbox_credential", started, result)
}
