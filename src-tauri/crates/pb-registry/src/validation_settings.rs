//! A platform's validation settings: naming convention, role mappings and quota
//! definitions, which the validation suite exercises.

use pb_validation::{
    KnownDeviation, NamingConvention, QuotaDefinition, RoleMapping, Strictness, DEVIATION_STEPS,
};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::change_snapshot::Subject;
use crate::db::{now, Registry};
use crate::error::{FieldError, RegistryError, Result};
use crate::ops::fetch_platform;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ValidationSettings {
    pub naming: NamingConvention,
    pub role_mappings: Vec<RoleMapping>,
    pub quotas: Vec<QuotaDefinition>,
    /// Strict: every declared expectation must hold. Lenient: the failed steps
    /// listed in `known_deviations` are warnings.
    #[serde(default)]
    pub strictness: Strictness,
    #[serde(default)]
    pub known_deviations: Vec<KnownDeviation>,
}

/// The project roles a role mapping starts from.
pub const PROJECT_ROLES: [&str; 3] = ["reader", "member", "admin"];

pub(crate) fn check(s: &ValidationSettings) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if let Err((field, message)) = s.naming.check() {
        errors.push(FieldError::new(&format!("naming.{field}"), message));
    }
    if s.naming.prefix.trim().is_empty() && s.naming.template.contains("{prefix}") {
        errors.push(FieldError::new(
            "naming.prefix",
            "Enter the prefix the template uses",
        ));
    }
    errors.extend(role_mapping_errors(&s.role_mappings));
    errors.extend(quota_definition_errors(&s.quotas));
    let mut steps = Vec::new();
    for (i, d) in s.known_deviations.iter().enumerate() {
        if !DEVIATION_STEPS.contains(&d.step.as_str()) {
            errors.push(FieldError::new(
                &format!("knownDeviations.{i}.step"),
                format!(
                    "A known deviation is one of the steps {}",
                    DEVIATION_STEPS.join(", ")
                ),
            ));
        } else if steps.contains(&d.step) {
            errors.push(FieldError::new(
                &format!("knownDeviations.{i}.step"),
                format!("'{}' is listed twice", d.step),
            ));
        }
        steps.push(d.step.clone());
        if d.reason.trim().is_empty() || d.reason.len() > 500 {
            errors.push(FieldError::new(
                &format!("knownDeviations.{i}.reason"),
                "Say why the platform deviates (at most 500 characters): the run shows it",
            ));
        }
    }
    errors
}

/// Each project role mapped once, to a named platform role (also a landing zone's
/// overrides).
pub(crate) fn role_mapping_errors(mappings: &[RoleMapping]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut seen = Vec::new();
    for (i, m) in mappings.iter().enumerate() {
        if !PROJECT_ROLES.contains(&m.project_role.as_str()) {
            errors.push(FieldError::new(
                &format!("roleMappings.{i}.projectRole"),
                "The project role is reader, member or admin",
            ));
        } else if seen.contains(&m.project_role) {
            errors.push(FieldError::new(
                &format!("roleMappings.{i}.projectRole"),
                format!("'{}' is mapped twice", m.project_role),
            ));
        }
        seen.push(m.project_role.clone());
        if m.platform_role.trim().is_empty() || m.platform_role.len() > 100 {
            errors.push(FieldError::new(
                &format!("roleMappings.{i}.platformRole"),
                "Enter the platform's role name (at most 100 characters)",
            ));
        }
    }
    errors
}

fn quota_definition_errors(quotas: &[QuotaDefinition]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut keys = Vec::new();
    for (i, q) in quotas.iter().enumerate() {
        let field = |f: &str| format!("quotas.{i}.{f}");
        let key_ok = !q.key.is_empty()
            && q.key.len() <= 100
            && q.key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._/-".contains(c));
        if !key_ok {
            errors.push(FieldError::new(
                &field("key"),
                "The key uses letters, digits, '.', '_', '/' and '-', e.g. requests.cpu",
            ));
        } else if keys.contains(&q.key) {
            errors.push(FieldError::new(
                &field("key"),
                format!("'{}' is defined twice", q.key),
            ));
        }
        keys.push(q.key.clone());
        if q.label.trim().is_empty() {
            errors.push(FieldError::new(&field("label"), "Enter a label"));
        }
        if ![q.min, q.max, q.default].iter().all(|v| v.is_finite()) || q.min > q.max {
            errors.push(FieldError::new(
                &field("max"),
                "The maximum must be at least the minimum",
            ));
        } else if !(q.min..=q.max).contains(&q.default) {
            errors.push(FieldError::new(
                &field("default"),
                "The default must lie between the minimum and the maximum",
            ));
        }
        if let Some(t) = q.auto_approval_threshold {
            if !t.is_finite() || t > q.max || t < q.min {
                errors.push(FieldError::new(
                    &field("autoApprovalThreshold"),
                    "The auto-approval threshold must lie between the minimum and the maximum: requests up to it are approved at once",
                ));
            }
        }
        if q.description.chars().count() > 500 {
            errors.push(FieldError::new(
                &field("description"),
                "The description must be at most 500 characters",
            ));
        }
    }
    errors
}

impl Registry {
    /// The platform's settings, or the defaults when none were saved.
    pub fn validation_settings(&self, platform_id: &str) -> Result<ValidationSettings> {
        self.read(|c| {
            fetch_platform(c, platform_id)?;
            Ok(stored(c, platform_id)?.unwrap_or_default())
        })
    }

    pub fn set_validation_settings(
        &self,
        platform_id: &str,
        settings: &ValidationSettings,
    ) -> Result<ValidationSettings> {
        let errors = check(settings);
        if !errors.is_empty() {
            return Err(RegistryError::Validation(errors));
        }
        self.with_change(Subject::ValidationSettings(platform_id), |tx| {
            let platform = fetch_platform(tx, platform_id)?;
            crate::ops::ensure_editable(
                format!("Platform {}", platform.name),
                &platform.managed_by,
            )?;
            // New bounds must still hold every landing zone's values.
            let outside =
                crate::offering::landing_zones::zones_outside(tx, platform_id, &settings.quotas)?;
            if !outside.is_empty() {
                return Err(RegistryError::Validation(outside));
            }
            upsert(tx, platform_id, settings)?;
            Ok(settings.clone())
        })
    }
}

/// The settings saved for a platform; None when none were (the defaults apply).
pub(crate) fn stored(
    conn: &rusqlite::Connection,
    platform_id: &str,
) -> Result<Option<ValidationSettings>> {
    type Row = (String, String, String, String, String);
    let row: Option<Row> = conn
        .query_row(
            "SELECT naming, role_mappings, quotas, strictness, known_deviations
             FROM platform_validation WHERE platform_id = ?1",
            [platform_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    Ok(row.map(
        |(naming, roles, quotas, strictness, deviations)| ValidationSettings {
            naming: serde_json::from_str(&naming).unwrap_or_default(),
            role_mappings: serde_json::from_str(&roles).unwrap_or_default(),
            quotas: serde_json::from_str(&quotas).unwrap_or_default(),
            strictness: serde_json::from_value(serde_json::Value::String(strictness))
                .unwrap_or_default(),
            known_deviations: serde_json::from_str(&deviations).unwrap_or_default(),
        },
    ))
}

/// Stores a platform's settings (checked by the caller).
pub(crate) fn upsert(
    conn: &rusqlite::Connection,
    platform_id: &str,
    settings: &ValidationSettings,
) -> Result<()> {
    conn.execute(
        "INSERT INTO platform_validation (platform_id, naming, role_mappings, quotas,
            strictness, known_deviations, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (platform_id) DO UPDATE SET naming = excluded.naming,
            role_mappings = excluded.role_mappings, quotas = excluded.quotas,
            strictness = excluded.strictness, known_deviations = excluded.known_deviations,
            updated_at = excluded.updated_at",
        rusqlite::params![
            platform_id,
            json(&settings.naming),
            json(&settings.role_mappings),
            json(&settings.quotas),
            settings.strictness.as_str(),
            json(&settings.known_deviations),
            now()
        ],
    )?;
    Ok(())
}

/// The settings' parts always serialise (plain data, finite numbers checked).
fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
