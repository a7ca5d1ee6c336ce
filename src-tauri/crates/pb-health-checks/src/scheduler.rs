//! The background scheduler: every tick it starts the checks that are due, at most
//! `concurrency` at a time, never the same instance twice at once.
//!
//! An instance is due when its interval has passed since its last connection test
//! (by hand or scheduled), so a machine waking from a night's sleep runs each
//! instance once, not once per missed interval, and a manual test counts as a
//! check. A check that hangs is abandoned after [`CHECK_DEADLINE`]; the next tick
//! skips the instance while its check still runs.

use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;
use tokio::sync::Semaphore;
use ts_rs::TS;

use crate::model::{HealthCheckSettings, Notice, Transition};

/// A check never takes longer than this (the connection test has its own,
/// shorter timeouts; this bounds whatever they miss).
pub const CHECK_DEADLINE: Duration = Duration::from_secs(120);

/// The time, injectable so tests can move it.
pub trait Clock: Send + Sync {
    fn now_ms(&self) -> u64;
}

/// The wall clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> u64 {
        chrono::Utc::now().timestamp_millis().max(0) as u64
    }
}

/// An instance on a schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scheduled {
    pub instance_id: String,
    pub instance: String,
    pub interval_ms: u64,
    /// The start of its newest connection test, if any.
    pub last_check_ms: Option<u64>,
}

impl Scheduled {
    pub fn next_due_ms(&self) -> u64 {
        self.last_check_ms
            .map_or(0, |last| last.saturating_add(self.interval_ms))
    }
}

/// What one check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckOutcome {
    /// `ok` / `warning` / `failed`.
    pub status: String,
    pub summary: String,
    pub transition: Option<Transition>,
    /// Days until the TLS certificate expires, when the check saw one.
    pub certificate_days_left: Option<i64>,
    /// The day (UTC, YYYY-MM-DD) the certificate warning was last given.
    pub certificate_warned_on: Option<String>,
}

pub type CheckFuture = Pin<Box<dyn Future<Output = CheckOutcome> + Send>>;

/// What the scheduler works on: the registry, the connector engine and the
/// desktop, provided by the app (and by fakes in tests).
pub trait Checks: Send + Sync + 'static {
    /// The instances on a schedule now, with their last check.
    fn scheduled(&self) -> Vec<Scheduled>;
    fn settings(&self) -> HealthCheckSettings;
    /// Runs and stores one connection test.
    fn check(self: Arc<Self>, instance: Scheduled) -> CheckFuture;
    /// Shows a notice (the app: a desktop notification and an event to the UI).
    fn notify(&self, notice: &Notice);
    /// Remembers that the certificate warning was given on `day`.
    fn certificate_warned(&self, instance_id: &str, day: &str);
    /// Stores a check abandoned at the deadline as a failed one; the change of
    /// health that makes, if any.
    fn abandoned(&self, instance: &Scheduled) -> Option<Transition>;
    /// A check finished (or was abandoned): the UI refreshes what it shows.
    fn finished(&self, instance_id: &str) {
        let _ = instance_id;
    }
}

/// The scheduler's own record, for Settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SchedulerStatus {
    /// When the newest check started and finished.
    #[ts(type = "number | null")]
    pub last_started_at_ms: Option<u64>,
    #[ts(type = "number | null")]
    pub last_finished_at_ms: Option<u64>,
    pub running: u32,
    /// Since the app started.
    pub checks_run: u32,
    pub checks_failed: u32,
    /// Abandoned at the deadline.
    pub checks_abandoned: u32,
}

/// The notices one check raises: a change of health, and a certificate warning
/// at most once a day while it is within the warning days.
pub fn notices(
    instance: &Scheduled,
    outcome: &CheckOutcome,
    settings: &HealthCheckSettings,
    today: &str,
) -> Vec<Notice> {
    let mut out = Vec::new();
    if let Some(transition) = outcome.transition {
        out.push(Notice::HealthChanged {
            instance_id: instance.instance_id.clone(),
            instance: instance.instance.clone(),
            transition,
            summary: outcome.summary.clone(),
        });
    }
    if let Some(days_left) = outcome.certificate_days_left {
        let within = days_left <= i64::from(settings.certificate_warning_days);
        if within && outcome.certificate_warned_on.as_deref() != Some(today) {
            out.push(Notice::CertificateExpiring {
                instance_id: instance.instance_id.clone(),
                instance: instance.instance.clone(),
                days_left,
            });
        }
    }
    out
}

/// The UTC day of a time, as the certificate warning remembers it.
pub fn day_of(ms: u64) -> String {
    chrono::DateTime::from_timestamp_millis(ms as i64)
        .unwrap_or_default()
        .format("%Y-%m-%d")
        .to_string()
}

pub struct Scheduler {
    clock: Arc<dyn Clock>,
    running: Mutex<HashSet<String>>,
    permits: Arc<Semaphore>,
    permits_total: Mutex<u32>,
    status: Mutex<SchedulerStatus>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic elsewhere must not stop the scheduler: the data stays usable.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Scheduler {
    pub fn new(clock: Arc<dyn Clock>) -> Arc<Self> {
        Arc::new(Self {
            clock,
            running: Mutex::new(HashSet::new()),
            permits: Arc::new(Semaphore::new(0)),
            permits_total: Mutex::new(0),
            status: Mutex::new(SchedulerStatus::default()),
        })
    }

    pub fn status(&self) -> SchedulerStatus {
        let mut status = lock(&self.status).clone();
        status.running = lock(&self.running).len() as u32;
        status
    }

    /// Grows or shrinks the permits to the configured concurrency. Permits held
    /// by running checks cannot be taken back: shrinking takes the idle ones now
    /// and the rest at later ticks, so the count never drifts above the setting.
    fn resize(&self, concurrency: u32) {
        let mut total = lock(&self.permits_total);
        let wanted = concurrency.clamp(1, 32);
        if wanted > *total {
            self.permits.add_permits((wanted - *total) as usize);
            *total = wanted;
        } else if wanted < *total {
            let taken = self.permits.forget_permits((*total - wanted) as usize);
            *total -= taken as u32;
        }
    }

    /// Starts every due check that is not already running; they queue for a
    /// permit, so at most `concurrency` run at once. Returns their tasks.
    pub fn tick<C: Checks>(self: &Arc<Self>, checks: &Arc<C>) -> Vec<tokio::task::JoinHandle<()>> {
        let (scheduled, settings) = (checks.scheduled(), checks.settings());
        self.start_due(checks, scheduled, settings)
    }

    /// [`Scheduler::tick`] with the schedule and settings already read.
    pub fn start_due<C: Checks>(
        self: &Arc<Self>,
        checks: &Arc<C>,
        scheduled: Vec<Scheduled>,
        settings: HealthCheckSettings,
    ) -> Vec<tokio::task::JoinHandle<()>> {
        self.resize(settings.concurrency);
        let now = self.clock.now_ms();
        let mut started = Vec::new();
        for instance in scheduled {
            if instance.next_due_ms() > now {
                continue;
            }
            if !lock(&self.running).insert(instance.instance_id.clone()) {
                continue;
            }
            let (me, checks) = (Arc::clone(self), Arc::clone(checks));
            started.push(tokio::spawn(async move {
                me.run_one(checks, instance, settings).await;
            }));
        }
        started
    }

    async fn run_one<C: Checks>(
        &self,
        checks: Arc<C>,
        instance: Scheduled,
        settings: HealthCheckSettings,
    ) {
        // Frees the instance for later ticks however this ends, a panic included.
        let _running = Running(self, instance.instance_id.clone());
        let permit = Arc::clone(&self.permits).acquire_owned().await;
        lock(&self.status).last_started_at_ms = Some(self.clock.now_ms());
        let outcome =
            tokio::time::timeout(CHECK_DEADLINE, Arc::clone(&checks).check(instance.clone())).await;
        drop(permit);
        {
            let mut status = lock(&self.status);
            status.last_finished_at_ms = Some(self.clock.now_ms());
            match &outcome {
                Ok(o) => {
                    status.checks_run += 1;
                    status.checks_failed += u32::from(o.status == "failed");
                }
                Err(_) => status.checks_abandoned += 1,
            }
        }
        let outcome = match outcome {
            Ok(outcome) => outcome,
            Err(_) => {
                tracing::warn!(
                    instance = %instance.instance_id,
                    "scheduled health check abandoned after {} s",
                    CHECK_DEADLINE.as_secs()
                );
                CheckOutcome {
                    status: "failed".into(),
                    summary: format!(
                        "the check did not finish within {} s",
                        CHECK_DEADLINE.as_secs()
                    ),
                    transition: checks.abandoned(&instance),
                    certificate_days_left: None,
                    certificate_warned_on: None,
                }
            }
        };
        if settings.notifications {
            let today = day_of(self.clock.now_ms());
            for notice in notices(&instance, &outcome, &settings, &today) {
                if let Notice::CertificateExpiring { instance_id, .. } = &notice {
                    checks.certificate_warned(instance_id, &today);
                }
                checks.notify(&notice);
            }
        }
        checks.finished(&instance.instance_id);
    }

    /// Ticks every `every` while the app runs. Sleeping through a suspend
    /// resumes with one tick: due checks run once each. The schedule is read off
    /// the async workers (SQLite blocks).
    pub async fn run<C: Checks>(self: Arc<Self>, checks: Arc<C>, every: Duration) {
        let mut ticker = tokio::time::interval(every);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            ticker.tick().await;
            let reader = Arc::clone(&checks);
            let read = tokio::task::spawn_blocking(move || (reader.scheduled(), reader.settings()));
            if let Ok((scheduled, settings)) = read.await {
                drop(self.start_due(&checks, scheduled, settings));
            }
        }
    }
}

/// An instance's check in progress: removed from the running set when dropped.
struct Running<'a>(&'a Scheduler, String);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        lock(&self.0.running).remove(&self.1);
    }
}
