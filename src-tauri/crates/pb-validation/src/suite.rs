//! Running the suite: each step is one connector operation plus a judgement of its
//! result. After a failure or a cancel the remaining lifecycle steps are not run,
//! but cleanup always is: the user is removed and the tenant deleted if the suite
//! created them, and whatever cleanup could not remove is reported as a leftover
//! with its exact identifiers.

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use pb_connector::definition::Connector;
use pb_connector::{CallContext, Engine, Operation};
use serde_json::{json, Map, Value};

use crate::plan::{Strictness, ValidationPlan};
use crate::report::{Cancel, Leftover, StepReport, StepStatus, SuiteEvent, TestRun};
pub(crate) use crate::verdict::{same_value, Fail};

/// Why the lifecycle stopped early.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Halt {
    Failed,
    Cancelled,
    /// Nothing failed, but there is no tenant to work on (the connector does not
    /// define create_tenant).
    NoTenant,
}

pub(crate) struct Suite<'a, F: FnMut(SuiteEvent)> {
    pub(crate) engine: &'a Engine,
    pub(crate) connector: &'a Connector,
    pub(crate) ctx: CallContext,
    pub(crate) cancel: &'a Cancel,
    pub(crate) on_event: F,
    pub(crate) steps: Vec<StepReport>,
    pub(crate) halted: Option<Halt>,
    pub(crate) tenant_created: bool,
    pub(crate) user_added: bool,
    /// What steps other than cleanup know they left behind (a duplicate tenant).
    pub(crate) leftovers: Vec<Leftover>,
    /// The platform's known deviations, when the run is lenient (else none).
    pub(crate) deviations: Vec<crate::plan::KnownDeviation>,
}

/// How a step judges a successful operation: a message, or why it failed.
/// The first argument is whether the platform answered "not found".
type Judge<'j> = Box<dyn FnOnce(bool, &Map<String, Value>) -> Result<String, Fail> + Send + 'j>;

pub async fn run_suite(
    engine: &Engine,
    connector: &Connector,
    ctx: &CallContext,
    plan: &ValidationPlan,
    cancel: &Cancel,
    on_event: impl FnMut(SuiteEvent) + Send,
) -> TestRun {
    let started = Instant::now();
    let started_at_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis() as u64;
    let mut suite = Suite {
        engine,
        connector,
        ctx: ctx.clone(),
        cancel,
        on_event,
        steps: Vec::new(),
        halted: None,
        tenant_created: false,
        user_added: false,
        leftovers: Vec::new(),
        deviations: match plan.strictness {
            Strictness::Lenient => plan.known_deviations.clone(),
            Strictness::Strict => Vec::new(),
        },
    };
    suite
        .ctx
        .values
        .entry("outputs")
        .or_insert_with(|| json!({}));
    let suffix = unique_suffix();
    let tenant_name = plan.naming.render("validation", &suffix, &plan.environment);

    suite.lifecycle(plan, &tenant_name, &suffix).await;
    let leftovers = suite.clean_up(&tenant_name).await;

    let status = match suite.halted {
        Some(Halt::Cancelled) => StepStatus::Cancelled,
        Some(Halt::Failed) => StepStatus::Failed,
        _ if suite.steps.iter().any(|s| s.status == StepStatus::Failed) => StepStatus::Failed,
        _ if !leftovers.is_empty() => StepStatus::Failed,
        _ => StepStatus::Passed,
    };
    TestRun {
        status,
        started_at_ms,
        duration_ms: started.elapsed().as_millis() as u64,
        tenant_name: Some(tenant_name),
        steps: suite.steps,
        leftovers,
        strictness: plan.strictness,
        landing_zone: plan.landing_zone.clone(),
    }
}

/// Six random lower-case letters and digits: unique enough for throw-away tenants.
fn unique_suffix() -> String {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 6];
    // A failing system RNG leaves zeros; the time below still varies the suffix.
    let _ = ring::rand::SystemRandom::new().fill(&mut bytes);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .subsec_nanos();
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    bytes
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let mixed = (*b as usize) ^ ((nanos as usize) >> (i * 4));
            ALPHABET[mixed % ALPHABET.len()] as char
        })
        .collect()
}

impl<'a, F: FnMut(SuiteEvent)> Suite<'a, F> {
    async fn lifecycle(&mut self, plan: &ValidationPlan, tenant_name: &str, suffix: &str) {
        let checked = self
            .step(
                "check",
                Operation::Check,
                Box::new(|_, outputs| {
                    Ok(match outputs.get("identity") {
                        Some(who) => format!(
                            "connected as {}",
                            who.as_str()
                                .map(str::to_owned)
                                .unwrap_or_else(|| who.to_string())
                        ),
                        None => "the platform answered".into(),
                    })
                }),
            )
            .await;
        if checked.is_none() && self.halted.is_none() {
            // `check` is required by every connector; if it could not run there is
            // nothing more to learn.
            self.halted = Some(Halt::Failed);
        }
        self.credential_refused(suffix).await;

        // Tenant
        if !plan.naming.matches(tenant_name) {
            self.record_failure(
                "tenant name",
                Fail::one(
                    format!(
                        "the naming convention gives '{tenant_name}', which its pattern {} does not accept",
                        plan.naming.pattern
                    ),
                    "tenant name",
                    format!("a name matching {}", plan.naming.pattern),
                    format!("'{tenant_name}'"),
                ),
            );
        }
        self.ctx.values.insert(
            "tenant".into(),
            json!({
                "name": tenant_name,
                "identifier": tenant_name,
                "description": "Platform Builder validation tenant: safe to delete",
                "tags": {"platformbuilder.dev/validation": "true"},
            }),
        );
        crate::plan::add_landing_zone(plan, &mut self.ctx.values);
        let created = self
            .step(
                "create tenant",
                Operation::CreateTenant,
                Box::new(|_, _| Ok("created".into())),
            )
            .await;
        // A create that failed after the platform accepted it (a timeout after the
        // write, an output it did not return) may still have made the tenant:
        // cleanup tries, and a failure to remove it is reported.
        self.tenant_created = created.is_some() || self.last_step_accepted();
        if created.is_none() && self.halted.is_none() {
            self.halted = Some(Halt::NoTenant);
        }
        // Everything create sent, compared field by field as far as get_tenant
        // extracts it (the round trip).
        let sent = self.ctx.values["tenant"].clone();
        self.step(
            "read tenant back",
            Operation::GetTenant,
            Box::new(move |not_found, outputs| {
                if not_found {
                    return Err(Fail::one(
                        "the platform does not find the tenant it just created",
                        "get_tenant",
                        "the tenant found",
                        "not found",
                    ));
                }
                crate::roundtrip::compare_tenant(&sent, outputs)
            }),
        )
        .await;

        self.duplicate_create(tenant_name).await;

        // User
        self.user_steps(plan, suffix).await;

        // Quotas
        for quota in &plan.quotas {
            self.quota_steps(quota).await;
        }

        // Deletion
        let deleted = self
            .step(
                "delete tenant",
                Operation::DeleteTenant,
                Box::new(|_, _| Ok("deleted".into())),
            )
            .await;
        if deleted.is_some() {
            self.tenant_created = false;
            self.verify_gone(plan.delete_wait).await;
        } else {
            self.not_run(
                "tenant gone",
                Operation::GetTenant,
                "not run: the tenant was not deleted",
            );
        }
    }

    async fn clean_up(&mut self, tenant_name: &str) -> Vec<Leftover> {
        let mut leftovers = std::mem::take(&mut self.leftovers);
        let outputs = self.ctx.values.get("outputs").cloned().unwrap_or_default();
        if self.user_added {
            let user = self.ctx.values["user"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            if let Some(error) = self
                .cleanup_step("cleanup: remove user", Operation::RemoveUser)
                .await
            {
                leftovers.push(Leftover {
                    kind: "user".into(),
                    identifier: user,
                    detail: format!("in tenant '{tenant_name}'; removal failed: {error}"),
                });
            }
        }
        if self.tenant_created {
            if let Some(error) = self
                .cleanup_step("cleanup: delete tenant", Operation::DeleteTenant)
                .await
            {
                let ids = match outputs.get("tenant_id") {
                    Some(id) => format!("tenant_id {id}; "),
                    None => String::new(),
                };
                leftovers.push(Leftover {
                    kind: "tenant".into(),
                    identifier: tenant_name.to_owned(),
                    detail: format!("{ids}deletion failed: {error}"),
                });
            }
        }
        leftovers
    }

    /// Runs a cleanup operation whatever happened before; `Some(error)` if it failed.
    async fn cleanup_step(&mut self, name: &str, op: Operation) -> Option<String> {
        if !self.connector.defines(op) {
            let why = self.connector.why_not_defined(op);
            self.record_skip(name, Some(op), &why);
            return Some(why);
        }
        let (report, _) = self
            .execute(name, op, Box::new(|_, _| Ok("done".into())))
            .await;
        let failed = (report.status == StepStatus::Failed).then(|| report.message.clone());
        let mut report = report;
        report.cleanup = true;
        self.push(report);
        failed
    }

    /// Runs one lifecycle step, unless the run has halted or the connector does not
    /// define the operation. Returns the outputs when it passed.
    pub(crate) async fn step(
        &mut self,
        name: &str,
        op: Operation,
        judge: Judge<'_>,
    ) -> Option<Map<String, Value>> {
        if !self.may_run(name, op) {
            return None;
        }
        if !self.connector.defines(op) {
            self.record_skip(name, Some(op), &self.connector.why_not_defined(op));
            return None;
        }
        let (mut report, outputs) = self.execute(name, op, judge).await;
        let passed = self.passed_or_softened(&mut report);
        if !passed {
            self.halted = Some(Halt::Failed);
        }
        self.push(report);
        passed.then_some(outputs)
    }

    /// False, with the step recorded as not run, when the run has halted or is
    /// being cancelled.
    pub(crate) fn may_run(&mut self, name: &str, op: Operation) -> bool {
        if self.halted.is_some() {
            self.not_run(name, op, "");
            return false;
        }
        if self.cancel.is_cancelled() {
            self.halted = Some(Halt::Cancelled);
            self.push(StepReport::without_run(
                name,
                Some(op),
                StepStatus::Cancelled,
                "not run: the run was cancelled",
            ));
            return false;
        }
        true
    }

    /// Like `step`, for a retried check: a failure is recorded only when `retry` is
    /// false (the last attempt). Returns whether it passed.
    pub(crate) async fn step_quiet(
        &mut self,
        name: &str,
        op: Operation,
        judge: Judge<'_>,
        retry: bool,
    ) -> bool {
        let (mut report, _) = self.execute(name, op, judge).await;
        // Softened only on the last attempt: a retry may still pass.
        let passed =
            report.status == StepStatus::Passed || (!retry && self.passed_or_softened(&mut report));
        if passed || !retry {
            if !passed {
                self.halted = Some(Halt::Failed);
            }
            self.push(report);
        }
        passed
    }

    async fn execute(
        &mut self,
        name: &str,
        op: Operation,
        judge: Judge<'_>,
    ) -> (StepReport, Map<String, Value>) {
        let index = self.steps.len();
        (self.on_event)(SuiteEvent::StepStarted {
            index,
            name: name.to_owned(),
        });
        let run = self
            .engine
            .run_connector(self.connector, op, &self.ctx)
            .await;
        let report = pb_connector::OperationReport::from(run);
        let mut outputs = Map::new();
        let mut differences = Vec::new();
        let (status, message) = match (&report.error, report.ok) {
            (None, true) => {
                outputs = report.outputs.clone();
                // Outputs of this step are values for the next ones (tenant_id ...).
                if let Some(Value::Object(all)) = self.ctx.values.get_mut("outputs") {
                    for (k, v) in &outputs {
                        all.insert(k.clone(), v.clone());
                    }
                }
                match judge(report.not_found, &outputs) {
                    Ok(m) => (StepStatus::Passed, m),
                    Err(fail) => {
                        differences = fail.differences;
                        (StepStatus::Failed, fail.message)
                    }
                }
            }
            (Some(e), _) => {
                differences = crate::explain::differences(self.connector, op, e, &report.exchanges);
                (
                    StepStatus::Failed,
                    crate::explain::probe_message(op, &report.exchanges, &e.message),
                )
            }
            (None, false) => (StepStatus::Failed, "the operation failed".into()),
        };
        let step = StepReport {
            name: name.to_owned(),
            operation: Some(op.as_str().to_owned()),
            status,
            duration_ms: report.duration_ms,
            message,
            error: report.error,
            exchanges: report.exchanges,
            cleanup: false,
            differences,
        };
        (step, outputs)
    }

    /// Whether the newest step's platform answered any request with a 2xx status.
    pub(crate) fn last_step_accepted(&self) -> bool {
        self.steps.last().is_some_and(|s| {
            s.exchanges
                .iter()
                .any(|e| e.status.is_some_and(|c| (200..300).contains(&c)))
        })
    }

    /// Records a step that did not run: why the run halted, else `otherwise`.
    pub(crate) fn not_run(&mut self, name: &str, op: Operation, otherwise: &str) {
        let (status, why) = match self.halted {
            Some(Halt::Failed) => (StepStatus::Skipped, "not run: an earlier step failed"),
            Some(Halt::Cancelled) => (StepStatus::Cancelled, "not run: the run was cancelled"),
            Some(Halt::NoTenant) => (StepStatus::Skipped, "not run: no tenant was created"),
            None => (StepStatus::Skipped, otherwise),
        };
        self.push(StepReport::without_run(name, Some(op), status, why));
    }

    pub(crate) fn record_failure(&mut self, name: &str, fail: Fail) {
        self.halted = Some(Halt::Failed);
        let mut step = StepReport::without_run(name, None, StepStatus::Failed, &fail.message);
        step.differences = fail.differences;
        self.push(step);
    }

    /// Runs `op` with `ctx` outside the lifecycle's context (its outputs are not
    /// kept), announcing the step first; the caller judges the report.
    pub(crate) async fn run_apart(
        &mut self,
        name: &str,
        op: Operation,
        ctx: &CallContext,
    ) -> pb_connector::OperationReport {
        let index = self.steps.len();
        (self.on_event)(SuiteEvent::StepStarted {
            index,
            name: name.to_owned(),
        });
        let run = self.engine.run_connector(self.connector, op, ctx).await;
        pb_connector::OperationReport::from(run)
    }

    /// Records a step judged from a report of `run_apart`: the error is kept only
    /// when the step failed.
    pub(crate) fn push_judged(
        &mut self,
        name: &str,
        op: Operation,
        report: pb_connector::OperationReport,
        verdict: Result<String, Fail>,
        cleanup: bool,
    ) {
        let passed = verdict.is_ok();
        let (message, differences) = match verdict {
            Ok(message) => (message, Vec::new()),
            Err(fail) => (fail.message, fail.differences),
        };
        let mut step = StepReport {
            name: name.to_owned(),
            operation: Some(op.as_str().to_owned()),
            status: if passed {
                StepStatus::Passed
            } else {
                StepStatus::Failed
            },
            duration_ms: report.duration_ms,
            message,
            error: if passed { None } else { report.error },
            exchanges: report.exchanges,
            cleanup,
            differences,
        };
        if !cleanup {
            self.passed_or_softened(&mut step);
        }
        self.push(step);
    }

    /// Whether the step passed, or failed in a way the platform documents as a
    /// known deviation while the run is lenient: then it becomes a warning that
    /// names the deviation, and the lifecycle goes on.
    fn passed_or_softened(&self, step: &mut StepReport) -> bool {
        match step.status {
            StepStatus::Passed | StepStatus::Warning => true,
            StepStatus::Failed => {
                let Some(known) = self.deviations.iter().find(|d| d.covers(&step.name)) else {
                    return false;
                };
                step.status = StepStatus::Warning;
                step.message = format!("known deviation ({}): {}", known.reason, step.message);
                true
            }
            StepStatus::Skipped | StepStatus::Cancelled => false,
        }
    }

    pub(crate) fn record_skip(&mut self, name: &str, op: Option<Operation>, why: &str) {
        self.push(StepReport::without_run(name, op, StepStatus::Skipped, why));
    }

    pub(crate) fn push(&mut self, step: StepReport) {
        let index = self.steps.len();
        (self.on_event)(SuiteEvent::StepFinished {
            index,
            step: Box::new(step.clone()),
        });
        self.steps.push(step);
    }
}
