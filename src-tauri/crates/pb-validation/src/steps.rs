//! The user, quota and deletion parts of the lifecycle.

use std::time::{Duration, Instant};

use pb_connector::Operation;
use serde_json::{json, Value};

use crate::plan::{QuotaDefinition, ValidationPlan};
use crate::recognise::{listed_roles, listed_user, lists_user};
use crate::report::SuiteEvent;
use crate::suite::{same_value, Fail, Suite};

impl<F: FnMut(SuiteEvent)> Suite<'_, F> {
    pub(crate) async fn user_steps(&mut self, plan: &ValidationPlan, suffix: &str) {
        let Some(role) = plan
            .role_mappings
            .iter()
            .find(|m| m.project_role == "member")
            .or(plan.role_mappings.first())
        else {
            for name in ["add user", "user listed", "remove user", "user gone"] {
                self.record_skip(
                    name,
                    None,
                    "the platform has no role mapping to give a test user a role",
                );
            }
            return;
        };
        if !self.connector.defines(Operation::AddUser) {
            for name in ["add user", "user listed", "remove user", "user gone"] {
                self.record_skip(
                    name,
                    Some(Operation::AddUser),
                    &self.connector.why_not_defined(Operation::AddUser),
                );
            }
            return;
        }
        let user = format!("pb-validation-{suffix}");
        self.ctx.values.insert(
            "user".into(),
            json!({
                "name": user,
                "email": format!("{user}@validation.invalid"),
                "role": role.platform_role,
            }),
        );
        let message = format!("added as '{}' ({})", role.platform_role, role.project_role);
        let added = self
            .step(
                "add user",
                Operation::AddUser,
                Box::new(move |_, _| Ok(message)),
            )
            .await;
        self.user_added = added.is_some() || self.last_step_accepted();
        // Recognised by name or by the id add_user extracted: many platforms list
        // members by id only.
        let user_id = self.ctx.values["outputs"].get("user_id").cloned();
        let (name, id) = (user.clone(), user_id.clone());
        let mapped = role.platform_role.clone();
        self.step(
            "user listed",
            Operation::ListUsers,
            Box::new(move |_, outputs| {
                let users = outputs.get("users");
                if let Some(entry) = listed_user(users, &name, id.as_ref()) {
                    // The user round trip: the role it was added with reads back.
                    match listed_roles(entry) {
                        None => Ok(format!(
                            "'{name}' is listed (the connector extracts no role to compare)"
                        )),
                        Some(roles) if roles.contains(&mapped) => Ok(format!(
                            "'{name}' is listed with the mapped role '{mapped}'"
                        )),
                        Some(roles) => Err(Fail::one(
                            format!("'{name}' is listed, but not with the mapped role '{mapped}'"),
                            format!("role of '{name}'"),
                            format!("'{mapped}'"),
                            if roles.is_empty() {
                                "no role".to_owned()
                            } else {
                                roles.join(", ")
                            },
                        )),
                    }
                } else {
                    Err(Fail::one(
                        format!("'{name}' is not in the list of users"),
                        "users",
                        format!("a list with '{name}'"),
                        crate::recognise::shown_users(outputs.get("users")),
                    ))
                }
            }),
        )
        .await;
        let removed = self
            .step(
                "remove user",
                Operation::RemoveUser,
                Box::new(|_, _| Ok("removed".into())),
            )
            .await;
        if removed.is_some() {
            self.user_added = false;
        }
        let name = user;
        self.step(
            "user gone",
            Operation::ListUsers,
            Box::new(move |_, outputs| {
                if lists_user(outputs.get("users"), &name, user_id.as_ref()) {
                    Err(Fail::one(
                        format!("'{name}' is still listed after removal"),
                        "users",
                        format!("a list without '{name}'"),
                        format!("'{name}' still listed"),
                    ))
                } else {
                    Ok(format!("'{name}' is no longer listed"))
                }
            }),
        )
        .await;
    }

    pub(crate) async fn quota_steps(&mut self, quota: &QuotaDefinition) {
        let value = quota.test_value();
        let number = serde_json::Number::from_f64(value)
            .map(|n| {
                if value.fract() == 0.0 {
                    json!(value as i64)
                } else {
                    Value::Number(n)
                }
            })
            .unwrap_or(Value::Null);
        self.ctx.values.insert(
            "quota".into(),
            json!({"key": quota.key, "value": number, "label": quota.label, "unit": quota.unit}),
        );
        let label = format!("{} ({})", quota.label, quota.key);
        if !self.connector.defines(Operation::SetQuota) {
            for step in ["set quota", "read quota", "quota enforced"] {
                self.record_skip(
                    &format!("{step} {label}"),
                    Some(Operation::SetQuota),
                    &self.connector.why_not_defined(Operation::SetQuota),
                );
            }
            return;
        }
        let shown = format!("{} {}", number, quota.unit);
        let set_message = format!("set to {shown}");
        self.step(
            &format!("set quota {label}"),
            Operation::SetQuota,
            Box::new(move |_, _| Ok(set_message)),
        )
        .await;
        let expected = number.clone();
        self.step(
            &format!("read quota {label}"),
            Operation::GetQuota,
            Box::new(move |_, outputs| match outputs.get("quota_value") {
                Some(v) if same_value(v, &expected) => Ok(format!("reads {shown}")),
                Some(v) => Err(Fail::one(
                    format!("reads {v}, expected {expected}"),
                    "quota_value",
                    expected.to_string(),
                    v.to_string(),
                )),
                None => Ok("read (the connector extracts no quota_value to compare)".into()),
            }),
        )
        .await;
        if !self.connector.defines(Operation::ProbeQuota) {
            self.record_skip(
                &format!("quota enforced {label}"),
                Some(Operation::ProbeQuota),
                &self.connector.why_not_defined(Operation::ProbeQuota),
            );
            return;
        }
        self.step(
            &format!("quota enforced {label}"),
            Operation::ProbeQuota,
            Box::new(|_, _| Ok("enforced: the platform refused going over the quota".into())),
        )
        .await;
    }

    /// After a successful delete: `get_tenant` must answer "not found", polling for
    /// platforms that delete asynchronously.
    pub(crate) async fn verify_gone(&mut self, wait: Duration) {
        if !self.connector.defines(Operation::GetTenant) {
            self.record_skip(
                "tenant gone",
                Some(Operation::GetTenant),
                &self.connector.why_not_defined(Operation::GetTenant),
            );
            return;
        }
        let deadline = Instant::now() + wait;
        loop {
            let last_chance = Instant::now() >= deadline;
            let waited = wait.as_secs();
            let outcome = self
                .step_quiet(
                    "tenant gone",
                    Operation::GetTenant,
                    Box::new(move |not_found, _| {
                        if not_found {
                            Ok("the platform no longer finds the tenant".into())
                        } else {
                            Err(Fail::one(
                                format!("the tenant still exists {waited} s after deletion"),
                                "get_tenant after deletion",
                                "not found",
                                format!("still found after {waited} s"),
                            ))
                        }
                    }),
                    !last_chance,
                )
                .await;
            if outcome || last_chance {
                return;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
}
