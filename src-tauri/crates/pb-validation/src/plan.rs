//! What a platform defines that the suite exercises: its naming convention, its role
//! mappings and its quota definitions.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How tenant names are made: a template with `{prefix}`, `{purpose}`, `{suffix}`
/// (and `{environment}`), and the regex every name must match.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NamingConvention {
    pub template: String,
    pub pattern: String,
    pub prefix: String,
}

impl Default for NamingConvention {
    fn default() -> Self {
        Self {
            template: "{prefix}-{purpose}-{suffix}".into(),
            pattern: "^[a-z][a-z0-9-]{2,62}$".into(),
            prefix: "pb".into(),
        }
    }
}

impl NamingConvention {
    /// Checks the template and the pattern; messages are for the field they name.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        regex::Regex::new(&self.pattern)
            .map_err(|e| ("pattern", format!("The pattern is not a valid regex: {e}")))?;
        if !self.template.contains("{suffix}") {
            return Err((
                "template",
                "The template needs {suffix}, so that every generated name is unique".into(),
            ));
        }
        let example = self.example();
        if !self.matches(&example) {
            return Err((
                "template",
                format!("The template gives '{example}', which the pattern does not accept"),
            ));
        }
        Ok(())
    }

    /// The name shown as this convention's example: what the suite would create
    /// (purpose `validation`, a six-character suffix like its random one) in `dev`.
    /// `check` refuses a pattern that rejects it, so a saved convention's example
    /// always matches. The window shows the same name (ui/src/pages/validation/
    /// settingsForm.ts `EXAMPLE`), and so does the generated documentation.
    pub fn example(&self) -> String {
        self.render("validation", "a1b2c3", "dev")
    }

    pub fn render(&self, purpose: &str, suffix: &str, environment: &str) -> String {
        self.template
            .replace("{prefix}", &self.prefix)
            .replace("{purpose}", purpose)
            .replace("{suffix}", suffix)
            .replace("{environment}", environment)
    }

    pub fn matches(&self, name: &str) -> bool {
        regex::Regex::new(&self.pattern).is_ok_and(|r| r.is_match(name))
    }
}

/// Project role (reader / member / admin) → the platform's own role name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RoleMapping {
    pub project_role: String,
    pub platform_role: String,
}

/// A quota the platform enforces per tenant.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QuotaDefinition {
    pub key: String,
    pub label: String,
    pub unit: String,
    pub min: f64,
    pub max: f64,
    pub default: f64,
    /// What the quota limits, in words application teams read in the docs.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[ts(optional, as = "Option<String>")]
    pub description: String,
    /// Requests up to this value are approved at once; above it an operator
    /// decides. Absent: every request above the landing zone's value is reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub auto_approval_threshold: Option<f64>,
}

impl QuotaDefinition {
    /// The value the suite sets: the default, kept within [min, max].
    pub fn test_value(&self) -> f64 {
        self.default.clamp(self.min, self.max.max(self.min))
    }
}

/// How the suite judges a platform's known, documented deviations.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Strictness {
    /// Every declared expectation must hold.
    #[default]
    Strict,
    /// A failed step the platform lists as a known deviation is a warning.
    Lenient,
}

impl Strictness {
    pub fn as_str(self) -> &'static str {
        match self {
            Strictness::Strict => "strict",
            Strictness::Lenient => "lenient",
        }
    }
}

/// A step a platform is known to fail, and why (documented, so the lenient mode
/// can tell it from a new failure).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct KnownDeviation {
    /// One of [`DEVIATION_STEPS`]; a quota step covers every quota.
    pub step: String,
    pub reason: String,
}

/// The steps that may be declared known deviations: the strict checks, whose
/// failure does not stop what follows from being meaningful. `check`, creating and
/// deleting a tenant, and adding or removing a user are never softened.
pub const DEVIATION_STEPS: [&str; 8] = [
    "credential refused",
    "read tenant back",
    "duplicate create",
    "user listed",
    "user gone",
    "read quota",
    "quota enforced",
    "tenant gone",
];

impl KnownDeviation {
    /// Whether this deviation covers the step named `name` (a quota step's name
    /// carries the quota after the kind: "read quota CPU (cpu)").
    pub fn covers(&self, name: &str) -> bool {
        name == self.step
            || (self.step.contains("quota")
                && name
                    .strip_prefix(self.step.as_str())
                    .is_some_and(|rest| rest.starts_with(' ')))
    }
}

/// Everything the suite needs besides the connector and the instance.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ValidationPlan {
    pub naming: NamingConvention,
    pub role_mappings: Vec<RoleMapping>,
    pub quotas: Vec<QuotaDefinition>,
    pub environment: String,
    /// How long to wait for a deleted tenant to disappear (some platforms delete
    /// asynchronously, e.g. Kubernetes namespaces).
    pub delete_wait: std::time::Duration,
    pub strictness: Strictness,
    /// Softened to warnings only when lenient.
    pub known_deviations: Vec<KnownDeviation>,
    /// The landing zone the tenant is created from: its identifier is offered to
    /// the connector as `tenant.landingZone`, and `quotas` already carry its values.
    pub landing_zone: Option<String>,
}

/// With a landing zone chosen, the tenant's values say which and carry its quota
/// values (`tenant.landingZone`, `tenant.quotas.<key>`), for connectors whose
/// create request takes them; without one the tenant is sent as before.
pub(crate) fn add_landing_zone(
    plan: &ValidationPlan,
    values: &mut serde_json::Map<String, serde_json::Value>,
) {
    let (Some(zone), Some(tenant)) = (
        &plan.landing_zone,
        values.get_mut("tenant").and_then(|t| t.as_object_mut()),
    ) else {
        return;
    };
    tenant.insert("landingZone".into(), zone.clone().into());
    let quotas: serde_json::Map<String, serde_json::Value> = plan
        .quotas
        .iter()
        .map(|q| (q.key.clone(), serde_json::json!(q.test_value())))
        .collect();
    tenant.insert("quotas".into(), quotas.into());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_chosen_landing_zone_adds_to_the_tenant() {
        let tenant = || {
            let mut m = serde_json::Map::new();
            m.insert("tenant".into(), serde_json::json!({"name": "t"}));
            m
        };
        let mut plan = ValidationPlan {
            quotas: vec![QuotaDefinition {
                key: "requests.cpu".into(),
                min: 1.0,
                max: 16.0,
                default: 2.0,
                ..Default::default()
            }],
            ..Default::default()
        };
        let mut values = tenant();
        add_landing_zone(&plan, &mut values);
        assert_eq!(values, tenant(), "sent as before without a zone");
        plan.landing_zone = Some("small".into());
        add_landing_zone(&plan, &mut values);
        assert_eq!(
            values["tenant"],
            serde_json::json!({"name": "t", "landingZone": "small", "quotas": {"requests.cpu": 2.0}})
        );
    }

    #[test]
    fn naming_conventions_are_checked_with_an_example() {
        let n = NamingConvention::default();
        n.check().unwrap();
        assert_eq!(n.render("validation", "x1", "dev"), "pb-validation-x1");
        let no_suffix = NamingConvention {
            template: "{prefix}-fixed".into(),
            ..n.clone()
        };
        assert_eq!(no_suffix.check().unwrap_err().0, "template");
        let upper = NamingConvention {
            prefix: "PB".into(),
            ..n.clone()
        };
        assert!(upper
            .check()
            .unwrap_err()
            .1
            .contains("'PB-validation-a1b2c3'"));
        let bad = NamingConvention {
            pattern: "([".into(),
            ..n
        };
        assert_eq!(bad.check().unwrap_err().0, "pattern");
    }

    #[test]
    fn quota_test_values_stay_in_range() {
        let q = |min, max, default| QuotaDefinition {
            key: "cpu".into(),
            label: "CPU".into(),
            unit: "cores".into(),
            min,
            max,
            default,
            ..Default::default()
        };
        assert_eq!(q(1.0, 8.0, 4.0).test_value(), 4.0);
        assert_eq!(q(1.0, 8.0, 20.0).test_value(), 8.0);
        assert_eq!(q(2.0, 8.0, 0.0).test_value(), 2.0);
    }
}
