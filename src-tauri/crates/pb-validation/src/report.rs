//! What a validation run produces: steps, leftovers, the run itself, and the
//! progress events sent while it runs.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use pb_connector::engine::OperationError;
use pb_connector::{Difference, Exchange, Operation};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StepStatus {
    Passed,
    Failed,
    Skipped,
    Cancelled,
    /// Failed, but a known deviation of the platform, and the run is lenient.
    Warning,
}

impl StepStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            StepStatus::Passed => "passed",
            StepStatus::Failed => "failed",
            StepStatus::Skipped => "skipped",
            StepStatus::Cancelled => "cancelled",
            StepStatus::Warning => "warning",
        }
    }
}

/// One step as recorded and shown.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StepReport {
    pub name: String,
    pub operation: Option<String>,
    pub status: StepStatus,
    #[ts(type = "number")]
    pub duration_ms: u64,
    pub message: String,
    pub error: Option<OperationError>,
    /// Redacted requests and responses.
    pub exchanges: Vec<Exchange>,
    /// Part of cleanup, not of the lifecycle.
    pub cleanup: bool,
    /// A failed step's expectations against what happened (status, field, value),
    /// shown above the exchanges. Empty in runs stored before it was recorded.
    #[serde(default)]
    pub differences: Vec<Difference>,
}

/// Something the suite created and could not remove.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Leftover {
    /// `tenant` or `user`.
    pub kind: String,
    /// The exact name to look for on the platform.
    pub identifier: String,
    /// Ids the platform returned (e.g. the tenant id), and why removal failed.
    pub detail: String,
}

/// A validation run's result.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TestRun {
    /// Passed (no step failed), failed, or cancelled.
    pub status: StepStatus,
    #[ts(type = "number")]
    pub started_at_ms: u64,
    #[ts(type = "number")]
    pub duration_ms: u64,
    pub tenant_name: Option<String>,
    pub steps: Vec<StepReport>,
    pub leftovers: Vec<Leftover>,
    /// How the run judged known deviations (strict in runs stored before).
    #[serde(default)]
    pub strictness: crate::plan::Strictness,
    /// The landing zone the run's tenant was created from (None: the quota
    /// definitions' defaults).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub landing_zone: Option<String>,
}

/// Progress, in order, as the steps run.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, TS)]
#[serde(tag = "event", rename_all = "snake_case")]
#[ts(export)]
pub enum SuiteEvent {
    StepStarted { index: usize, name: String },
    // Boxed: a step report is large next to a start.
    StepFinished { index: usize, step: Box<StepReport> },
}

/// Asks a running suite to stop at the next step; cleanup still runs.
#[derive(Clone, Default, Debug)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

impl StepReport {
    pub(crate) fn without_run(
        name: &str,
        op: Option<Operation>,
        status: StepStatus,
        message: &str,
    ) -> Self {
        StepReport {
            name: name.to_owned(),
            operation: op.map(|o| o.as_str().to_owned()),
            status,
            duration_ms: 0,
            message: message.to_owned(),
            error: None,
            exchanges: Vec::new(),
            cleanup: false,
            differences: Vec::new(),
        }
    }

    /// The step's message with its differences, for one-line reports (JUnit).
    pub fn explained(&self) -> String {
        if self.differences.is_empty() {
            return self.message.clone();
        }
        let lines: Vec<String> = self.differences.iter().map(Difference::line).collect();
        format!("{} ({})", self.message, lines.join("; "))
    }
}

impl TestRun {
    /// One line for history and the CLI: `11 of 12 steps passed, 1 skipped`, or
    /// `5 of 7 steps passed, 2 skipped; create_tenant failed: ...`.
    pub fn summary(&self) -> String {
        let passed = self
            .steps
            .iter()
            .filter(|s| s.status == StepStatus::Passed)
            .count();
        let lifecycle = self.steps.iter().filter(|s| !s.cleanup).count();
        // Said apart: "11 of 12 passed" alone reads like a failure when the
        // twelfth was skipped as not supported.
        let skipped = match self
            .steps
            .iter()
            .filter(|s| !s.cleanup && s.status == StepStatus::Skipped)
            .count()
        {
            0 => String::new(),
            n => format!(", {n} skipped"),
        };
        let first_failure = self
            .steps
            .iter()
            .find(|s| s.status == StepStatus::Failed)
            .map(|s| format!("; {} failed: {}", s.name, s.message))
            .unwrap_or_default();
        let warnings = match self
            .steps
            .iter()
            .filter(|s| s.status == StepStatus::Warning)
            .count()
        {
            0 => String::new(),
            1 => ", 1 known deviation".to_owned(),
            n => format!(", {n} known deviations"),
        };
        let leftovers = match self.leftovers.len() {
            0 => String::new(),
            n => format!("; {n} left behind"),
        };
        format!("{passed} of {lifecycle} steps passed{skipped}{warnings}{first_failure}{leftovers}")
    }
}
