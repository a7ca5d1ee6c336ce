//! "duplicate create": `create_tenant` again with the same name, right after the
//! tenant was created and read back. What the platform must do is what the
//! connector declares on create_tenant (`duplicate: {conflict: 409}` or
//! `duplicate: adopt`); a connector that declares nothing has the step skipped.
//!
//! The second create runs outside the lifecycle's context: its outputs must not
//! replace the first tenant's id, or the rest of the run (and its cleanup) would
//! work on the wrong tenant. A second tenant the platform made anyway is deleted
//! at once, and reported as left behind if that fails.

use pb_connector::definition::{Connector, Duplicate};
use pb_connector::Operation;
use serde_json::Value;

use crate::report::{Leftover, SuiteEvent};
use crate::suite::{Fail, Suite};

const STEP: &str = "duplicate create";
const REMOVE: &str = "cleanup: delete the duplicate tenant";

fn declared(connector: &Connector) -> Option<Duplicate> {
    match connector {
        Connector::Http(h) => h
            .operations
            .get(&Operation::CreateTenant)
            .and_then(|s| s.duplicate.clone()),
        Connector::Exec(e) => e.duplicate.clone(),
    }
}

impl<F: FnMut(SuiteEvent)> Suite<'_, F> {
    pub(crate) async fn duplicate_create(&mut self, tenant_name: &str) {
        if !self.may_run(STEP, Operation::CreateTenant) {
            return;
        }
        let Some(declared) = declared(self.connector) else {
            self.record_skip(
                STEP,
                Some(Operation::CreateTenant),
                "the connector does not say what a second create of the same tenant does: declare `duplicate: {conflict: 409}` or `duplicate: adopt` (on create_tenant, or at the top of an exec connector)",
            );
            return;
        };
        let ctx = self.ctx.clone();
        let report = self.run_apart(STEP, Operation::CreateTenant, &ctx).await;
        let first = self.ctx.values["outputs"].get("tenant_id").cloned();
        let second = report.outputs.get("tenant_id").cloned();
        // The error's own status first: an exec program's exchange records its exit
        // code, its `conflict` answer counts as 409.
        let status = report
            .error
            .as_ref()
            .and_then(|e| e.status)
            .or_else(|| report.exchanges.last().and_then(|e| e.status));
        let answered = status.map_or("no response".to_owned(), |s| format!("HTTP {s}"));
        // A create that succeeded made a second tenant unless it returned the first.
        let made_another = report.error.is_none() && (second.is_none() || second != first);
        let expected = match &declared {
            Duplicate::Conflict { conflict } => format!("HTTP {conflict} (conflict)"),
            Duplicate::Adopt(_) => "the existing tenant back (adopt)".to_owned(),
        };
        let fail = |message: String, actual: String| {
            Err(Fail::one(
                message,
                "second create of the same name",
                expected.clone(),
                actual,
            ))
        };
        let verdict = match (&declared, &report.error) {
            (Duplicate::Conflict { conflict }, Some(_)) if status == Some(*conflict) => {
                Ok(format!("refused with HTTP {conflict}, as declared"))
            }
            (Duplicate::Conflict { conflict }, Some(e)) => fail(
                format!("expected: HTTP {conflict} (conflict); actual: {answered}: {}", e.message),
                format!("{answered}: {}", e.message),
            ),
            (Duplicate::Conflict { conflict }, None) => fail(
                format!("expected: HTTP {conflict} (conflict); actual: {answered}, the platform created '{tenant_name}' a second time"),
                format!("{answered}: a second tenant '{tenant_name}'"),
            ),
            (Duplicate::Adopt(_), Some(e)) => fail(
                format!("expected: the existing tenant back (adopt); actual: {answered}: {}", e.message),
                format!("{answered}: {}", e.message),
            ),
            (Duplicate::Adopt(_), None) if first.is_none() && second.is_none() => {
                Ok("accepted (adopt; the connector extracts no tenant_id to compare)".to_owned())
            }
            (Duplicate::Adopt(_), None) if second == first => {
                Ok("returned the existing tenant (the same tenant_id), as declared".to_owned())
            }
            (Duplicate::Adopt(_), None) => fail(
                format!(
                    "expected: the existing tenant back (adopt); actual: a second tenant, tenant_id {} (the first is {})",
                    shown(second.as_ref()),
                    shown(first.as_ref())
                ),
                format!("a second tenant, tenant_id {}", shown(second.as_ref())),
            ),
        };
        self.push_judged(STEP, Operation::CreateTenant, report, verdict, false);
        // Adopted with nothing to compare: the same name, so the same tenant.
        if made_another && !(matches!(declared, Duplicate::Adopt(_)) && first.is_none()) {
            self.remove_second_tenant(tenant_name, second).await;
        }
    }

    /// Deletes the tenant a second create made, by the id it returned.
    async fn remove_second_tenant(&mut self, tenant_name: &str, id: Option<Value>) {
        let Some(id) = id else {
            self.leftovers.push(Leftover {
                kind: "tenant".into(),
                identifier: tenant_name.to_owned(),
                detail: "a second tenant of this name may exist: the duplicate create succeeded and returned no tenant_id to delete it by".into(),
            });
            return;
        };
        let mut ctx = self.ctx.clone();
        if let Some(Value::Object(outputs)) = ctx.values.get_mut("outputs") {
            outputs.insert("tenant_id".into(), id.clone());
        }
        let report = self.run_apart(REMOVE, Operation::DeleteTenant, &ctx).await;
        let failed = report.error.as_ref().map(|e| e.message.clone());
        let verdict = match &report.error {
            None => Ok("deleted".to_owned()),
            Some(e) => Err(Fail::new(
                e.message.clone(),
                crate::explain::differences(
                    self.connector,
                    Operation::DeleteTenant,
                    e,
                    &report.exchanges,
                ),
            )),
        };
        self.push_judged(REMOVE, Operation::DeleteTenant, report, verdict, true);
        if let Some(error) = failed {
            self.leftovers.push(Leftover {
                kind: "tenant".into(),
                identifier: tenant_name.to_owned(),
                detail: format!("the duplicate, tenant_id {id}; deletion failed: {error}"),
            });
        }
    }
}

fn shown(v: Option<&Value>) -> String {
    v.map_or("none".to_owned(), Value::to_string)
}
