//! Storing finished tests in an instance's history, shared by the connection test,
//! the validation run and the bulk test.

use std::sync::Arc;

use pb_registry::history::{NewTestRun, TestRunRecord};
use serde_json::Value;

use crate::commands::blocking;
use crate::context::AppContext;
use crate::error::AppError;

/// A finished test, as history keeps it.
pub(crate) struct FinishedTest {
    /// `connection_test` or `validation`.
    pub kind: &'static str,
    pub status: &'static str,
    pub started_at_ms: u64,
    pub duration_ms: u64,
    pub summary: String,
    /// The ConnectionTest or TestRun, already redacted.
    pub report: Value,
    /// The connector version it ran against, read when the connector was loaded.
    pub connector_version: Option<u32>,
}

/// Stores it (off the async runtime: SQLite is blocking).
pub(crate) async fn store(
    shared: &Arc<AppContext>,
    command: &'static str,
    instance_id: String,
    test: FinishedTest,
) -> Result<TestRunRecord, AppError> {
    blocking(shared, command, move |c| {
        Ok(c.registry()?.record_test_run(NewTestRun {
            instance_id: &instance_id,
            kind: test.kind,
            status: test.status,
            started_at_ms: test.started_at_ms,
            duration_ms: test.duration_ms,
            summary: test.summary,
            report: &test.report,
            connector_version: test.connector_version,
        })?)
    })
    .await
}

/// Milliseconds since the Unix epoch, for a test's start time.
pub(crate) fn unix_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis() as u64
}
