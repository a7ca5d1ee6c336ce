//! Storage of the scheduled health checks: each platform's interval, each
//! instance's health (and when it entered it), a compact sample of every
//! connection test for uptime and the latency chart, and the scheduler's
//! settings. The scheduling itself is in `pb-health-checks`.

use pb_health_checks::{
    check_settings, thin, transition, uptime, Clock, Health, HealthCheckSettings, HealthState,
    Sample, Scheduled, SystemClock, Transition, UptimeWindow, INTERVALS_MINUTES, WINDOWS,
};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::change_snapshot::Subject;
use crate::db::{put_setting, Registry};
use crate::error::{FieldError, RegistryError, Result};
use crate::history::TestRunRecord;
use crate::ops::{fetch_instance, fetch_platform};

const SETTINGS_KEY: &str = "health.settings";

/// Samples are kept for the longest uptime window and a day more.
const SAMPLE_DAYS: u64 = 31;

/// Points per window in the latency chart.
const CHART_POINTS: usize = 240;

/// What storing a connection test did to the instance's health.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HealthUpdate {
    pub transition: Option<Transition>,
    pub certificate_warned_on: Option<String>,
}

/// A platform's schedule, as Settings and the platform page show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PlatformSchedule {
    pub platform_id: String,
    pub platform: String,
    /// None: scheduled checks are off.
    pub interval_minutes: Option<u32>,
    pub instances: u32,
    /// Instances whose newest check failed.
    pub down: u32,
    #[ts(type = "number | null")]
    pub last_check_at_ms: Option<u64>,
    /// When the next check starts (at the latest): the earliest due instance.
    #[ts(type = "number | null")]
    pub next_due_at_ms: Option<u64>,
    /// The next check is due already: it starts within the scheduler's tick.
    pub due_now: bool,
}

/// An instance's health and uptime, for its page.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InstanceUptime {
    /// The time the windows end at.
    #[ts(type = "number")]
    pub as_of_ms: u64,
    pub state: Option<HealthState>,
    pub interval_minutes: Option<u32>,
    pub windows: Vec<UptimeWindow>,
}

/// Stores the sample of a connection test and moves the instance's health, in the
/// caller's transaction; returns the change of health (None on the first check).
pub(crate) fn record_sample(
    conn: &Connection,
    record: &TestRunRecord,
    started_at_ms: u64,
    scheduled: bool,
) -> Result<HealthUpdate> {
    let after = Health::of_status(&record.status);
    conn.execute(
        "INSERT INTO check_samples (instance_id, at_ms, up, duration_ms, scheduled)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            record.instance_id,
            started_at_ms as i64,
            after == Health::Up,
            record.duration_ms,
            scheduled
        ],
    )?;
    let oldest = started_at_ms.saturating_sub(SAMPLE_DAYS * 86_400_000) as i64;
    conn.execute(
        "DELETE FROM check_samples WHERE instance_id = ?1 AND at_ms < ?2",
        params![record.instance_id, oldest],
    )?;
    let before = state(conn, &record.instance_id)?;
    // A test finishing after a newer one (a slow bulk run) does not move the
    // health back: the newest check is the instance's health.
    if let Some(b) = &before {
        if b.state.checked_at_ms > started_at_ms {
            return Ok(HealthUpdate {
                transition: None,
                certificate_warned_on: b.warned_on.clone(),
            });
        }
    }
    let change = transition(before.as_ref().map(|b| b.state.health), after);
    let since = match &before {
        Some(b) if change.is_none() => b.state.since_ms,
        _ => started_at_ms,
    };
    conn.execute(
        "INSERT INTO health_states (instance_id, health, since_ms, checked_at_ms)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (instance_id) DO UPDATE SET health = excluded.health,
             since_ms = excluded.since_ms, checked_at_ms = excluded.checked_at_ms",
        params![
            record.instance_id,
            after.as_str(),
            since as i64,
            started_at_ms as i64
        ],
    )?;
    Ok(HealthUpdate {
        transition: change,
        certificate_warned_on: before.and_then(|b| b.warned_on),
    })
}

struct StoredState {
    state: HealthState,
    warned_on: Option<String>,
}

fn state(conn: &Connection, instance_id: &str) -> Result<Option<StoredState>> {
    Ok(conn
        .query_row(
            "SELECT health, since_ms, checked_at_ms, certificate_warned_on
               FROM health_states WHERE instance_id = ?1",
            [instance_id],
            |r| {
                Ok(StoredState {
                    state: HealthState {
                        health: Health::parse(&r.get::<_, String>(0)?).unwrap_or(Health::Up),
                        since_ms: r.get::<_, i64>(1)?.max(0) as u64,
                        checked_at_ms: r.get::<_, i64>(2)?.max(0) as u64,
                    },
                    warned_on: r.get(3)?,
                })
            },
        )
        .optional()?)
}

/// The platform's interval (also its change-history snapshot's `healthCheckMinutes`).
pub(crate) fn platform_interval(conn: &Connection, platform_id: &str) -> Result<Option<u32>> {
    Ok(conn
        .query_row(
            "SELECT interval_minutes FROM health_check_schedules WHERE platform_id = ?1",
            [platform_id],
            |r| r.get(0),
        )
        .optional()?)
}

fn schedule_of(conn: &Connection, platform_id: &str) -> Result<PlatformSchedule> {
    let platform = fetch_platform(conn, platform_id)?;
    let interval_minutes = platform_interval(conn, platform_id)?;
    let (instances, down, last, earliest): (u32, u32, Option<i64>, Option<i64>) = conn.query_row(
        "SELECT COUNT(*), COALESCE(SUM(h.health = 'down'), 0), MAX(h.checked_at_ms),
                    MIN(COALESCE(h.checked_at_ms, 0))
               FROM instances i LEFT JOIN health_states h ON h.instance_id = i.id
              WHERE i.platform_id = ?1",
        [platform_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let next_due_at_ms = match (interval_minutes, earliest) {
        (Some(minutes), Some(earliest)) if instances > 0 => {
            Some(earliest.max(0) as u64 + u64::from(minutes) * 60_000)
        }
        _ => None,
    };
    Ok(PlatformSchedule {
        platform_id: platform.id,
        platform: platform.name,
        interval_minutes,
        instances,
        down,
        last_check_at_ms: last.map(|l| l.max(0) as u64),
        next_due_at_ms,
        due_now: next_due_at_ms.is_some_and(|due| due <= SystemClock.now_ms()),
    })
}

impl Registry {
    pub fn health_check_settings(&self) -> Result<HealthCheckSettings> {
        self.setting(SETTINGS_KEY)
    }

    pub fn set_health_check_settings(
        &self,
        settings: HealthCheckSettings,
    ) -> Result<HealthCheckSettings> {
        let errors: Vec<FieldError> = check_settings(&settings)
            .into_iter()
            .map(|(field, message)| FieldError::new(field, message))
            .collect();
        if !errors.is_empty() {
            return Err(RegistryError::Validation(errors));
        }
        self.with_tx(|tx| put_setting(tx, SETTINGS_KEY, &settings))?;
        Ok(settings)
    }

    /// Turns a platform's scheduled checks on (every `minutes`) or off (None);
    /// recorded in the change history as a change of the platform.
    pub fn set_health_check_interval(
        &self,
        platform_id: &str,
        minutes: Option<u32>,
    ) -> Result<PlatformSchedule> {
        if let Some(m) = minutes {
            if !INTERVALS_MINUTES.contains(&m) {
                let allowed: Vec<String> = INTERVALS_MINUTES.iter().map(u32::to_string).collect();
                return Err(RegistryError::Validation(vec![FieldError::new(
                    "intervalMinutes",
                    format!("Check every {} minutes, or off", allowed.join(", ")),
                )]));
            }
        }
        self.with_change(Subject::Platform(platform_id), |tx| {
            fetch_platform(tx, platform_id)?;
            match minutes {
                Some(m) => tx.execute(
                    "INSERT INTO health_check_schedules (platform_id, interval_minutes)
                     VALUES (?1, ?2) ON CONFLICT (platform_id)
                     DO UPDATE SET interval_minutes = excluded.interval_minutes",
                    params![platform_id, m],
                )?,
                None => tx.execute(
                    "DELETE FROM health_check_schedules WHERE platform_id = ?1",
                    [platform_id],
                )?,
            };
            schedule_of(tx, platform_id)
        })
    }

    /// Every platform's schedule, scheduled ones first.
    pub fn health_check_schedules(&self) -> Result<Vec<PlatformSchedule>> {
        self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT p.id FROM platforms p
                   LEFT JOIN health_check_schedules s ON s.platform_id = p.id
                  ORDER BY s.platform_id IS NULL, p.name COLLATE NOCASE",
            )?;
            let ids: Vec<String> = stmt
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            ids.iter().map(|id| schedule_of(c, id)).collect()
        })
    }

    pub fn platform_health_schedule(&self, platform_id: &str) -> Result<PlatformSchedule> {
        self.read(|c| schedule_of(c, platform_id))
    }

    /// The instances of every scheduled platform, with their last check.
    pub fn scheduled_instances(&self) -> Result<Vec<Scheduled>> {
        self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT i.id, i.name, p.name, s.interval_minutes, h.checked_at_ms
                   FROM health_check_schedules s
                   JOIN platforms p ON p.id = s.platform_id
                   JOIN instances i ON i.platform_id = p.id
                   LEFT JOIN health_states h ON h.instance_id = i.id
                  ORDER BY h.checked_at_ms IS NOT NULL, h.checked_at_ms, i.id",
            )?;
            let rows = stmt.query_map([], |r| {
                let minutes: u32 = r.get(3)?;
                Ok(Scheduled {
                    instance_id: r.get(0)?,
                    instance: format!("{} ({})", r.get::<_, String>(1)?, r.get::<_, String>(2)?),
                    interval_ms: u64::from(minutes) * 60_000,
                    last_check_ms: r.get::<_, Option<i64>>(4)?.map(|v| v.max(0) as u64),
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Stores a scheduled connection test: [`Registry::record_test_run`] that
    /// also says what it did to the instance's health.
    pub fn record_check(
        &self,
        run: crate::history::NewTestRun<'_>,
        scheduled: bool,
    ) -> Result<(TestRunRecord, HealthUpdate)> {
        self.record_run(run, scheduled)
    }

    /// Remembers the day the certificate warning was given.
    pub fn mark_certificate_warned(&self, instance_id: &str, day: &str) -> Result<()> {
        self.with_tx(|tx| {
            tx.execute(
                "UPDATE health_states SET certificate_warned_on = ?2 WHERE instance_id = ?1",
                params![instance_id, day],
            )?;
            Ok(())
        })
    }

    pub fn health_state(&self, instance_id: &str) -> Result<Option<HealthState>> {
        self.read(|c| Ok(state(c, instance_id)?.map(|s| s.state)))
    }

    /// Uptime over the last 24 h, 7 d and 30 d, with the checks of each window
    /// (thinned, every failure kept) for the latency chart.
    pub fn instance_uptime(&self, instance_id: &str, now_ms: u64) -> Result<InstanceUptime> {
        self.read(|c| {
            let instance = fetch_instance(c, instance_id)?;
            let since = now_ms.saturating_sub(SAMPLE_DAYS * 86_400_000) as i64;
            let mut stmt = c.prepare(
                "SELECT at_ms, up, duration_ms, scheduled FROM check_samples
                  WHERE instance_id = ?1 AND at_ms >= ?2 ORDER BY at_ms, rowid",
            )?;
            let samples: Vec<Sample> = stmt
                .query_map(params![instance_id, since], |r| {
                    Ok(Sample {
                        at_ms: r.get::<_, i64>(0)?.max(0) as u64,
                        up: r.get(1)?,
                        duration_ms: r.get::<_, i64>(2)?.max(0) as u64,
                        scheduled: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let windows = WINDOWS
                .iter()
                .map(|(label, window_ms)| {
                    let mut w = uptime(&samples, now_ms, label, *window_ms);
                    let start = now_ms.saturating_sub(*window_ms);
                    let inside: Vec<Sample> = samples
                        .iter()
                        .filter(|s| s.at_ms >= start && s.at_ms <= now_ms)
                        .copied()
                        .collect();
                    w.samples = thin(&inside, CHART_POINTS);
                    w
                })
                .collect();
            Ok(InstanceUptime {
                as_of_ms: now_ms,
                state: state(c, instance_id)?.map(|s| s.state),
                interval_minutes: platform_interval(c, &instance.platform_id)?,
                windows,
            })
        })
    }
}
