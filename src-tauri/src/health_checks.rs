//! Scheduled health checks in the app: the scheduler of `pb-health-checks` driven
//! by the registry and the connector engine, off the UI thread; desktop
//! notifications on a change of health; and IPC for Settings, the platform page
//! (the interval) and the instance page (uptime).

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use pb_registry::health_checks::{InstanceUptime, PlatformSchedule};
use pb_registry::history::NewTestRun;
use pb_registry::pb_health_checks::{
    CheckFuture, CheckOutcome, Checks, HealthCheckSettings, Notice, Scheduled, Scheduler,
    SchedulerStatus,
};
use serde::Serialize;
use serde_json::Value;
use tauri::State;
use tracing::instrument;
use ts_rs::TS;

use crate::commands::{blocking, run};
use crate::context::AppContext;
use crate::error::AppError;

type Ctx<'a> = State<'a, Arc<AppContext>>;

/// How often the scheduler looks for due checks: the shortest interval is five
/// minutes, so a check starts at most half a minute late.
pub const TICK: Duration = Duration::from_secs(30);

/// Shows a notice on the desktop; set by the app at start (tests leave it unset,
/// and notices are only logged).
pub type Notifier = Arc<dyn Fn(&Notice) + Send + Sync>;

/// The scheduler and how it reaches the desktop.
pub struct HealthRuntime {
    pub scheduler: Arc<Scheduler>,
    pub notifier: OnceLock<Notifier>,
}

impl Default for HealthRuntime {
    fn default() -> Self {
        Self {
            scheduler: Scheduler::new(Arc::new(pb_registry::pb_health_checks::SystemClock)),
            notifier: OnceLock::new(),
        }
    }
}

/// The registry, engine and desktop, as the scheduler sees them.
pub struct AppChecks {
    pub ctx: Arc<AppContext>,
}

impl Checks for AppChecks {
    fn scheduled(&self) -> Vec<Scheduled> {
        match self.ctx.registry().map(|r| r.scheduled_instances()) {
            Ok(Ok(list)) => list,
            Ok(Err(e)) => {
                tracing::warn!("cannot read the health-check schedule: {e}");
                Vec::new()
            }
            Err(_) => Vec::new(),
        }
    }

    fn settings(&self) -> HealthCheckSettings {
        self.ctx
            .registry()
            .ok()
            .and_then(|r| r.health_check_settings().ok())
            .unwrap_or_default()
    }

    fn check(self: Arc<Self>, instance: Scheduled) -> CheckFuture {
        Box::pin(async move { check_instance(&self.ctx, &instance.instance_id, true).await })
    }

    fn notify(&self, notice: &Notice) {
        tracing::info!(title = %notice.title(), "health-check notice");
        if let Some(notify) = self.ctx.health.notifier.get() {
            notify(notice);
        }
    }

    fn abandoned(&self, instance: &Scheduled) -> Option<pb_registry::pb_health_checks::Transition> {
        let registry = self.ctx.registry().ok()?;
        let run = NewTestRun {
            instance_id: &instance.instance_id,
            kind: "connection_test",
            status: "failed",
            started_at_ms: crate::history::unix_ms(),
            duration_ms: pb_registry::pb_health_checks::CHECK_DEADLINE.as_millis() as u64,
            summary: format!(
                "the check did not finish within {} s",
                pb_registry::pb_health_checks::CHECK_DEADLINE.as_secs()
            ),
            report: &Value::Null,
            connector_version: None,
        };
        match registry.record_check(run, true) {
            Ok((_, update)) => update.transition,
            Err(e) => {
                tracing::warn!(instance = %instance.instance_id, "cannot store the abandoned check: {e}");
                None
            }
        }
    }

    fn certificate_warned(&self, instance_id: &str, day: &str) {
        if let Ok(r) = self.ctx.registry() {
            if let Err(e) = r.mark_certificate_warned(instance_id, day) {
                tracing::warn!(instance = instance_id, "cannot remember the warning: {e}");
            }
        }
    }
}

/// One connection test of an instance, stored in its history as a health sample;
/// a problem preparing it (no credential, no connector) is a failed check.
pub async fn check_instance(
    ctx: &Arc<AppContext>,
    instance_id: &str,
    scheduled: bool,
) -> CheckOutcome {
    let started = std::time::Instant::now();
    let started_at_ms = crate::history::unix_ms();
    let id = instance_id.to_owned();
    let prepared = blocking(ctx, "health_check", move |c| {
        let registry = c.registry()?;
        let (connector, call) =
            registry.connector_for_instance(c.secrets.as_ref(), &c.keyring_service, &id)?;
        Ok((connector, call, registry.instance_connector_version(&id)?))
    })
    .await;
    let (status, summary, report, version, days_left) = match prepared {
        Ok((connector, call, version)) => {
            let test = pb_connector::diagnose::test_connector(&ctx.engine, &connector, &call).await;
            let (status, summary) = pb_connector::diagnose::summary(&test);
            let days_left = test
                .stages
                .iter()
                .find_map(|s| s.certificate.as_ref().map(|c| c.days_to_expiry));
            let report = serde_json::to_value(&test).unwrap_or(Value::Null);
            (status, summary, report, version, days_left)
        }
        Err(e) => ("failed", e.to_string(), Value::Null, None, None),
    };
    let duration_ms = started.elapsed().as_millis() as u64;
    let id = instance_id.to_owned();
    let summary_kept = summary.clone();
    let stored = blocking(ctx, "health_check", move |c| {
        Ok(c.registry()?.record_check(
            NewTestRun {
                instance_id: &id,
                kind: "connection_test",
                status,
                started_at_ms,
                duration_ms,
                summary: summary_kept,
                report: &report,
                connector_version: version,
            },
            scheduled,
        )?)
    })
    .await;
    let update = match stored {
        Ok((_, update)) => update,
        Err(e) => {
            tracing::warn!(instance = instance_id, "cannot store the health check: {e}");
            Default::default()
        }
    };
    CheckOutcome {
        status: status.to_owned(),
        summary,
        transition: update.transition,
        certificate_days_left: days_left,
        certificate_warned_on: update.certificate_warned_on,
    }
}

/// Starts the scheduler on the async runtime; it runs while the app does.
pub fn start(ctx: &Arc<AppContext>) {
    let checks = Arc::new(AppChecks {
        ctx: Arc::clone(ctx),
    });
    let scheduler = Arc::clone(&ctx.health.scheduler);
    tauri::async_runtime::spawn(scheduler.run(checks, TICK));
}

/// What Settings shows: the settings, the scheduler and every platform's schedule.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HealthChecksOverview {
    pub settings: HealthCheckSettings,
    pub scheduler: SchedulerStatus,
    pub platforms: Vec<PlatformSchedule>,
}

#[tauri::command]
#[instrument(skip_all)]
pub async fn get_health_checks(ctx: Ctx<'_>) -> Result<HealthChecksOverview, AppError> {
    run(&ctx, "get_health_checks", |c| {
        let registry = c.registry()?;
        Ok(HealthChecksOverview {
            settings: registry.health_check_settings()?,
            scheduler: c.health.scheduler.status(),
            platforms: registry.health_check_schedules()?,
        })
    })
    .await
}

#[tauri::command]
#[instrument(skip_all)]
pub async fn set_health_check_settings(
    ctx: Ctx<'_>,
    settings: HealthCheckSettings,
) -> Result<HealthCheckSettings, AppError> {
    run(&ctx, "set_health_check_settings", move |c| {
        Ok(c.registry()?.set_health_check_settings(settings)?)
    })
    .await
}

/// A platform's interval in minutes; `None` turns its scheduled checks off.
#[tauri::command]
#[instrument(skip_all, fields(platform_id = %platform_id))]
pub async fn set_health_check_interval(
    ctx: Ctx<'_>,
    platform_id: String,
    interval_minutes: Option<u32>,
) -> Result<PlatformSchedule, AppError> {
    run(&ctx, "set_health_check_interval", move |c| {
        Ok(c.registry()?
            .set_health_check_interval(&platform_id, interval_minutes)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(platform_id = %platform_id))]
pub async fn get_platform_health_schedule(
    ctx: Ctx<'_>,
    platform_id: String,
) -> Result<PlatformSchedule, AppError> {
    run(&ctx, "get_platform_health_schedule", move |c| {
        Ok(c.registry()?.platform_health_schedule(&platform_id)?)
    })
    .await
}

/// The instance's health, uptime over 24 h / 7 d / 30 d and its checks.
#[tauri::command]
#[instrument(skip_all, fields(id = %id))]
pub async fn get_instance_uptime(ctx: Ctx<'_>, id: String) -> Result<InstanceUptime, AppError> {
    run(&ctx, "get_instance_uptime", move |c| {
        Ok(c.registry()?
            .instance_uptime(&id, crate::history::unix_ms())?)
    })
    .await
}

/// Starts the due checks now (Settings → "Check due now") rather than at the next
/// tick; returns how many started. With `wait` (scripts, tests) it returns when
/// they have finished; the window does not wait, a round can take minutes.
#[tauri::command]
#[instrument(skip_all)]
pub async fn run_due_health_checks(ctx: Ctx<'_>, wait: Option<bool>) -> Result<u32, AppError> {
    let started = std::time::Instant::now();
    let shared = Arc::clone(&ctx);
    let result = async {
        let checks = Arc::new(AppChecks {
            ctx: Arc::clone(&shared),
        });
        let reader = Arc::clone(&checks);
        let (scheduled, settings) = blocking(&shared, "run_due_health_checks", move |_| {
            Ok((reader.scheduled(), reader.settings()))
        })
        .await?;
        let tasks = shared
            .health
            .scheduler
            .start_due(&checks, scheduled, settings);
        let count = tasks.len() as u32;
        if wait.unwrap_or(false) {
            for task in tasks {
                let _ = task.await;
            }
        }
        Ok(count)
    }
    .await;
    crate::commands::finish(&ctx, "run_due_health_checks", started, result)
}

/// How many notices may wait for the notification service; beyond that (the
/// service hangs during an outage of many instances) they are only logged.
const NOTICE_QUEUE: usize = 64;

/// Notices become desktop notifications, shown by one thread of their own: the
/// D-Bus round trip to the notification service may be slow or hang, and must
/// hold up neither the scheduler nor the app's blocking pool. The pages that show
/// health (instance, platform, Settings) refresh it every 30 s.
pub fn notify_on_desktop<R: tauri::Runtime>(app: &tauri::AppHandle<R>, ctx: &Arc<AppContext>) {
    use tauri_plugin_notification::NotificationExt;
    let (queue, shown) = std::sync::mpsc::sync_channel::<(String, String)>(NOTICE_QUEUE);
    let handle = app.clone();
    let started = std::thread::Builder::new()
        .name("notifications".into())
        .spawn(move || {
            for (title, body) in shown {
                if let Err(e) = handle
                    .notification()
                    .builder()
                    .title(title)
                    .body(body)
                    .show()
                {
                    tracing::warn!("cannot show a desktop notification: {e}");
                }
            }
        });
    if let Err(e) = started {
        tracing::warn!("no desktop notifications: {e}");
        return;
    }
    let notifier: Notifier = Arc::new(move |notice: &Notice| {
        if queue.try_send((notice.title(), notice.body())).is_err() {
            tracing::warn!(title = %notice.title(), "notification queue full: not shown");
        }
    });
    let _ = ctx.health.notifier.set(notifier);
}
