//! "credential refused": the platform must turn away a wrong credential. Right
//! after `check` proved the instance's own credential works (so a refusal means
//! something), `check` runs again with every secret the connector sends replaced
//! by a made-up one, before anything is created. The expectation is the engine's
//! classification: the platform's refusal (HTTP 401 or 403, a refused login, an
//! exec program's `authentication` class) is `unauthorized`; anything else fails
//! the step, and an accepted request fails it loudest.

use pb_connector::Operation;
use pb_secrets::Sensitive;

use crate::report::SuiteEvent;
use crate::suite::{Fail, Suite};

pub(crate) const STEP: &str = "credential refused";

impl<F: FnMut(SuiteEvent)> Suite<'_, F> {
    pub(crate) async fn credential_refused(&mut self, suffix: &str) {
        let names: Vec<String> = self
            .connector
            .secret_names()
            .into_iter()
            .filter(|n| self.ctx.secrets.contains_key(*n))
            .map(str::to_owned)
            .collect();
        if names.is_empty() {
            self.record_skip(
                STEP,
                Some(Operation::Check),
                "the connector sends no secret (no authentication, or a client certificate), so there is no wrong one to try",
            );
            return;
        }
        if !self.may_run(STEP, Operation::Check) {
            return;
        }
        let mut wrong = self.ctx.clone();
        for name in &names {
            // Not a secret, but masked like one in the records: it is what the
            // platform was sent in the credential's place.
            wrong.secrets.insert(
                name.clone(),
                Sensitive::new(format!("pb-wrong-credential-{suffix}")),
            );
        }
        let report = self.run_apart(STEP, Operation::Check, &wrong).await;
        let verdict = match &report.error {
            Some(e) if e.code == "unauthorized" => {
                Ok(format!("a wrong credential was refused: {}", e.message))
            }
            Some(e) => Err(Fail::one(
                format!(
                    "expected: the platform refuses a wrong credential (unauthorized); actual: {} ({})",
                    e.code, e.message
                ),
                "check with a wrong credential",
                "refused (unauthorized)",
                format!("{}: {}", e.code, e.message),
            )),
            None => Err(Fail::one(
                "NOT protected: a wrong credential was accepted (check passed with it)",
                "check with a wrong credential",
                "refused (unauthorized)",
                "accepted",
            )),
        };
        // Independent of the lifecycle: a platform that lets anyone in still has
        // its tenants, users and quotas validated, and the run fails.
        self.push_judged(STEP, Operation::Check, report, verdict, false);
    }
}
