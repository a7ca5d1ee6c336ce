//! Landing zones: the platform-specific templates new tenants are created from —
//! default quota values within the platform's quota definitions, optional role
//! mappings that replace the platform's, and restricted / disabled flags.

use std::collections::BTreeMap;

use pb_validation::{QuotaDefinition, RoleMapping};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::change_snapshot::Subject;
use crate::db::{now, Registry};
use crate::error::{FieldError, RegistryError, Result};
use crate::ops::fetch_platform;
use crate::validate::Checks;

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LandingZone {
    /// Lower-case letters, digits and `-`; unique across platforms, so a zone is
    /// named by its identifier alone in files, the CLI and the history.
    pub identifier: String,
    pub platform_id: String,
    pub name: String,
    pub description: String,
    /// Where teams read what the zone gives them.
    pub info_link: Option<String>,
    /// Quota key → the value a new tenant gets; keys left out get the quota
    /// definition's default.
    pub quotas: BTreeMap<String, f64>,
    /// Replace the platform's role mappings for these project roles.
    pub role_mappings: Vec<RoleMapping>,
    /// Only with an operator's approval.
    pub restricted: bool,
    /// Not offered for new tenants.
    pub disabled: bool,
    pub created_at: String,
    pub updated_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub managed_by: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LandingZoneInput {
    pub identifier: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub info_link: Option<String>,
    #[serde(default)]
    pub quotas: BTreeMap<String, f64>,
    #[serde(default)]
    pub role_mappings: Vec<RoleMapping>,
    #[serde(default)]
    pub restricted: bool,
    #[serde(default)]
    pub disabled: bool,
}

impl LandingZone {
    /// The value a tenant of this zone gets for `quota`.
    pub fn quota_value(&self, quota: &QuotaDefinition) -> f64 {
        self.quotas
            .get(&quota.key)
            .copied()
            .unwrap_or(quota.default)
    }
}

/// Every quota value of the zone against the platform's definitions.
pub(crate) fn quota_errors(
    quotas: &BTreeMap<String, f64>,
    definitions: &[QuotaDefinition],
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (key, value) in quotas {
        let field = format!("quotas.{key}");
        let Some(q) = definitions.iter().find(|q| &q.key == key) else {
            errors.push(FieldError::new(
                &field,
                format!("'{key}' is not one of the platform's quota definitions"),
            ));
            continue;
        };
        let unit = if q.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", q.unit)
        };
        if !value.is_finite() || *value < q.min || *value > q.max {
            errors.push(FieldError::new(
                &field,
                format!(
                    "{} must lie between {}{unit} and {}{unit} (the quota definition's bounds)",
                    q.label, q.min, q.max
                ),
            ));
        }
    }
    errors
}

pub(crate) fn check(input: &LandingZoneInput, definitions: &[QuotaDefinition]) -> Result<()> {
    let mut c = Checks::new();
    c.identifier_and_description(&input.identifier, "brokers-default", &input.description);
    c.text("name", &input.name, "Name", true, 80);
    c.url(
        "infoLink",
        input.info_link.as_deref(),
        "Information link",
        &["https", "http"],
    );
    for e in quota_errors(&input.quotas, definitions) {
        c.fail(&e.field, e.message);
    }
    for e in crate::validation_settings::role_mapping_errors(&input.role_mappings) {
        c.fail(&e.field, e.message);
    }
    c.finish()
}

const SELECT: &str = "SELECT identifier, platform_id, name, description, info_link, quotas,
        role_mappings, restricted, disabled, created_at, updated_at, managed_by
   FROM landing_zones";

fn from_row(r: &Row<'_>) -> rusqlite::Result<LandingZone> {
    let quotas: String = r.get(5)?;
    let roles: String = r.get(6)?;
    Ok(LandingZone {
        identifier: r.get(0)?,
        platform_id: r.get(1)?,
        name: r.get(2)?,
        description: r.get(3)?,
        info_link: r.get(4)?,
        quotas: serde_json::from_str(&quotas).unwrap_or_default(),
        role_mappings: serde_json::from_str(&roles).unwrap_or_default(),
        restricted: r.get(7)?,
        disabled: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
        managed_by: r.get(11)?,
    })
}

pub(crate) fn list(conn: &Connection, platform_id: &str) -> Result<Vec<LandingZone>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE platform_id = ?1 ORDER BY identifier"
    ))?;
    let rows = stmt.query_map([platform_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn get(conn: &Connection, identifier: &str) -> Result<Option<LandingZone>> {
    Ok(conn
        .query_row(
            &format!("{SELECT} WHERE identifier = ?1"),
            [identifier],
            from_row,
        )
        .optional()?)
}

pub(crate) fn fetch(conn: &Connection, identifier: &str) -> Result<LandingZone> {
    get(conn, identifier)?.ok_or_else(|| RegistryError::NotFound {
        what: "landing zone",
        id: identifier.to_owned(),
    })
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Inserts or replaces the zone (checked by the caller).
pub(crate) fn upsert(conn: &Connection, platform_id: &str, z: &LandingZoneInput) -> Result<()> {
    conn.execute(
        "INSERT INTO landing_zones (identifier, platform_id, name, description, info_link,
            quotas, role_mappings, restricted, disabled, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)
         ON CONFLICT (identifier) DO UPDATE SET name = excluded.name,
            description = excluded.description, info_link = excluded.info_link,
            quotas = excluded.quotas, role_mappings = excluded.role_mappings,
            restricted = excluded.restricted, disabled = excluded.disabled,
            updated_at = excluded.updated_at",
        params![
            z.identifier,
            platform_id,
            z.name.trim(),
            z.description.trim(),
            crate::validate::optional(&z.info_link),
            json(&z.quotas),
            json(&z.role_mappings),
            z.restricted,
            z.disabled,
            now()
        ],
    )?;
    Ok(())
}

/// The zones of the platform whose quotas a change of its quota definitions
/// would put outside their bounds, as errors on the definitions' fields.
pub(crate) fn zones_outside(
    conn: &Connection,
    platform_id: &str,
    definitions: &[QuotaDefinition],
) -> Result<Vec<FieldError>> {
    let mut errors = Vec::new();
    for zone in list(conn, platform_id)? {
        for e in quota_errors(&zone.quotas, definitions) {
            let key = e.field.trim_start_matches("quotas.");
            let field = match definitions.iter().position(|q| q.key == key) {
                Some(i) => format!("quotas.{i}.max"),
                None => "quotas".to_owned(),
            };
            errors.push(FieldError::new(
                &field,
                format!(
                    "Landing zone '{}' sets {key}: {}",
                    zone.identifier, e.message
                ),
            ));
        }
    }
    Ok(errors)
}

/// The platform's zones as the history sees them, taken before the platform is
/// deleted (its ON DELETE CASCADE takes them along) ...
pub(crate) fn before_cascade(
    conn: &Connection,
    platform_id: &str,
) -> Result<Vec<(String, Option<crate::change_snapshot::Snapshot>)>> {
    list(conn, platform_id)?
        .into_iter()
        .map(|z| {
            let s = crate::change_snapshot::snapshot(conn, &Subject::LandingZone(&z.identifier))?;
            Ok((z.identifier, s))
        })
        .collect()
}

/// ... and each one's deletion recorded after, as if deleted one by one.
pub(crate) fn record_cascade(
    conn: &Connection,
    actor: &pb_change_history::Actor,
    zones: Vec<(String, Option<crate::change_snapshot::Snapshot>)>,
) -> Result<()> {
    for (identifier, before) in zones {
        let subject = Subject::LandingZone(&identifier);
        crate::change_snapshot::record_change(conn, actor, &subject, before, None, Vec::new())?;
    }
    Ok(())
}

impl Registry {
    pub fn list_landing_zones(&self, platform_id: &str) -> Result<Vec<LandingZone>> {
        self.read(|c| {
            fetch_platform(c, platform_id)?;
            list(c, platform_id)
        })
    }

    pub fn landing_zone(&self, identifier: &str) -> Result<LandingZone> {
        self.read(|c| fetch(c, identifier))
    }

    /// Creates (`existing` None) or updates the zone of the platform.
    pub fn save_landing_zone(
        &self,
        platform_id: &str,
        existing: Option<&str>,
        input: &LandingZoneInput,
    ) -> Result<LandingZone> {
        self.with_change(Subject::LandingZone(&input.identifier), |tx| {
            let platform = fetch_platform(tx, platform_id)?;
            // Read in the transaction: a concurrent change of the bounds is seen.
            let definitions = crate::validation_settings::stored(tx, platform_id)?
                .unwrap_or_default()
                .quotas;
            check(input, &definitions)?;
            crate::ops::ensure_editable(
                format!("Platform {}", platform.name),
                &platform.managed_by,
            )?;
            match (existing, get(tx, &input.identifier)?) {
                (None, Some(other)) => {
                    let owner = fetch_platform(tx, &other.platform_id)?;
                    return Err(RegistryError::field(
                        "identifier",
                        format!(
                            "Landing zone '{}' already exists (platform {})",
                            input.identifier, owner.name
                        ),
                    ));
                }
                (Some(was), _) if was != input.identifier => {
                    return Err(RegistryError::field(
                        "identifier",
                        "A landing zone's identifier cannot change; other tools reference it",
                    ));
                }
                (Some(was), None) => {
                    return Err(RegistryError::NotFound {
                        what: "landing zone",
                        id: was.to_owned(),
                    })
                }
                (Some(_), Some(z)) if z.platform_id != platform_id => {
                    return Err(RegistryError::field(
                        "identifier",
                        "This landing zone belongs to another platform",
                    ));
                }
                (Some(_), Some(z)) => {
                    crate::ops::ensure_editable(
                        format!("Landing zone {}", z.identifier),
                        &z.managed_by,
                    )?;
                }
                _ => {}
            }
            upsert(tx, platform_id, input)?;
            fetch(tx, &input.identifier)
        })
    }

    pub fn delete_landing_zone(&self, identifier: &str) -> Result<()> {
        self.with_change(Subject::LandingZone(identifier), |tx| {
            let zone = fetch(tx, identifier)?;
            crate::ops::ensure_editable(format!("Landing zone {identifier}"), &zone.managed_by)?;
            tx.execute(
                "DELETE FROM landing_zones WHERE identifier = ?1",
                [identifier],
            )?;
            Ok(())
        })
    }
}
