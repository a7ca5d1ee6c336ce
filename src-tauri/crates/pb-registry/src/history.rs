//! Test-run history: every connection test and validation run of an instance, kept
//! (redacted) in SQLite and pruned by a retention of count and age. The newest run
//! is the instance's status.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::db::Registry;
use crate::error::{RegistryError, Result};
use crate::ops::fetch_instance;
use crate::queries::test_runs;

/// One stored run, without its report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TestRunRecord {
    pub id: String,
    pub instance_id: String,
    /// `connection_test` or `validation`.
    pub kind: String,
    /// `ok` / `warning` / `failed` for connection tests; `passed` / `failed` /
    /// `cancelled` for validation runs.
    pub status: String,
    pub started_at: String,
    pub finished_at: String,
    #[ts(type = "number")]
    pub duration_ms: i64,
    /// One line: the failing step or stage, or how many steps passed.
    pub summary: String,
    /// The connector version the run ran against (none for a built-in preset).
    #[ts(optional)]
    pub connector_version: Option<u32>,
}

/// How much history is kept per instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HistoryRetention {
    /// The newest this many runs of each kind (connection tests, validations).
    pub keep: u32,
    /// And none older than this.
    pub max_age_days: u32,
}

impl Default for HistoryRetention {
    fn default() -> Self {
        Self {
            keep: 50,
            max_age_days: 90,
        }
    }
}

/// A run to store; `report` is the serialised ConnectionTest or TestRun, which is
/// already redacted.
pub struct NewTestRun<'a> {
    pub instance_id: &'a str,
    pub kind: &'a str,
    pub status: &'a str,
    pub started_at_ms: u64,
    pub duration_ms: u64,
    pub summary: String,
    pub report: &'a Value,
    /// From [`Registry::instance_connector_version`] when the run started.
    pub connector_version: Option<u32>,
}

fn timestamp(ms: u64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms as i64)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}

const RETENTION_KEY: &str = "history.retention";

/// Runs that started before this are pruned.
fn oldest_kept(retention: HistoryRetention) -> String {
    timestamp(
        (Utc::now().timestamp_millis() as u64)
            .saturating_sub(u64::from(retention.max_age_days) * 86_400_000),
    )
}

impl Registry {
    /// Stores a run and prunes the instance's history, in one transaction; a
    /// connection test also becomes a health sample (see [`crate::health_checks`]).
    pub fn record_test_run(&self, run: NewTestRun<'_>) -> Result<TestRunRecord> {
        Ok(self.record_run(run, false)?.0)
    }

    pub(crate) fn record_run(
        &self,
        run: NewTestRun<'_>,
        scheduled: bool,
    ) -> Result<(TestRunRecord, crate::health_checks::HealthUpdate)> {
        let retention = self.history_retention()?;
        let record = TestRunRecord {
            id: uuid::Uuid::new_v4().to_string(),
            instance_id: run.instance_id.to_owned(),
            kind: run.kind.to_owned(),
            status: run.status.to_owned(),
            started_at: timestamp(run.started_at_ms),
            finished_at: timestamp(run.started_at_ms + run.duration_ms),
            duration_ms: run.duration_ms as i64,
            summary: run.summary,
            connector_version: run.connector_version,
        };
        let report = run.report.to_string();
        let oldest = oldest_kept(retention);
        self.with_tx(|tx| {
            fetch_instance(tx, run.instance_id)?;
            test_runs::insert(tx, &record, &report)?;
            test_runs::prune(tx, run.instance_id, retention.keep, &oldest)?;
            let update = if run.kind == "connection_test" {
                crate::health_checks::record_sample(tx, &record, run.started_at_ms, scheduled)?
            } else {
                Default::default()
            };
            Ok((record, update))
        })
    }

    pub fn list_test_runs(&self, instance_id: &str, limit: u32) -> Result<Vec<TestRunRecord>> {
        self.read(|c| {
            fetch_instance(c, instance_id)?;
            test_runs::list_for_instance(c, instance_id, limit)
        })
    }

    /// A stored run with its full (redacted) report.
    pub fn test_run(&self, id: &str) -> Result<(TestRunRecord, Value)> {
        let (record, report) =
            self.read(|c| test_runs::get(c, id))?
                .ok_or_else(|| RegistryError::NotFound {
                    what: "test run",
                    id: id.to_owned(),
                })?;
        let report = serde_json::from_str(&report).unwrap_or(Value::Null);
        Ok((record, report))
    }

    pub fn history_retention(&self) -> Result<HistoryRetention> {
        self.setting(RETENTION_KEY)
    }

    pub fn set_history_retention(&self, retention: HistoryRetention) -> Result<HistoryRetention> {
        let mut errors = Vec::new();
        if !(1..=10_000).contains(&retention.keep) {
            errors.push(crate::FieldError::new(
                "keep",
                "Keep between 1 and 10000 runs per instance",
            ));
        }
        if !(1..=3650).contains(&retention.max_age_days) {
            errors.push(crate::FieldError::new(
                "maxAgeDays",
                "Keep runs between 1 and 3650 days",
            ));
        }
        if !errors.is_empty() {
            return Err(RegistryError::Validation(errors));
        }
        let oldest = oldest_kept(retention);
        self.with_tx(|tx| {
            crate::db::put_setting(tx, RETENTION_KEY, &retention)?;
            // A shorter retention applies at once, not only to instances tested again.
            test_runs::prune_all(tx, retention.keep, &oldest)?;
            Ok(())
        })?;
        Ok(retention)
    }
}
