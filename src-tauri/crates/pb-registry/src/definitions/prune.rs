//! Pruning a provisioning folder's records: what the folder defined before and no
//! longer does is deleted: landing zones and instances first (with their keyring
//! entries), then platforms, then types and locations no platform uses any more.

use std::collections::BTreeSet;

use rusqlite::params;

use super::import::{ProvisioningReport, SecretTarget};
use super::parse::Problem;
use crate::db::Registry;
use crate::error::Result;

fn managed(reg: &Registry, sql: &str, folder: &str) -> Result<Vec<(String, String)>> {
    reg.read(|c| {
        let mut stmt = c.prepare(sql)?;
        let rows = stmt.query_map([folder], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

/// Hands a record back to the app (so the usual delete applies) and deletes it.
fn release(reg: &Registry, table: &str, key: &str, value: &str) -> Result<()> {
    reg.with_tx(|tx| {
        tx.execute(
            &format!("UPDATE {table} SET managed_by = NULL WHERE {key} = ?1"),
            params![value],
        )?;
        Ok(())
    })
}

pub(crate) fn prune(
    reg: &Registry,
    target: &SecretTarget<'_>,
    folder: &str,
    defined: &BTreeSet<String>,
    report: &mut ProvisioningReport,
) {
    let mut step = |label: String, result: Result<()>| match result {
        Ok(()) => report.pruned.push(label),
        Err(e) => report.problems.push(Problem {
            file: folder.to_owned(),
            line: None,
            path: String::new(),
            message: format!("{label} is no longer defined but could not be deleted: {e}"),
        }),
    };
    let queries = [
        (
            "SELECT z.identifier, p.identifier || '/' || z.identifier FROM landing_zones z
               JOIN platforms p ON p.id = z.platform_id WHERE z.managed_by = ?1",
            "LandingZone",
        ),
        (
            "SELECT i.id, p.identifier || '/' || i.name FROM instances i
               JOIN platforms p ON p.id = i.platform_id WHERE i.managed_by = ?1",
            "Instance",
        ),
        (
            "SELECT id, identifier FROM platforms WHERE managed_by = ?1",
            "Platform",
        ),
        (
            "SELECT identifier, identifier FROM platform_types WHERE managed_by = ?1",
            "PlatformType",
        ),
        (
            "SELECT identifier, identifier FROM locations WHERE managed_by = ?1",
            "Location",
        ),
    ];
    for (sql, kind) in queries {
        let rows = match managed(reg, sql, folder) {
            Ok(rows) => rows,
            Err(e) => {
                step(format!("{kind} records"), Err(e));
                continue;
            }
        };
        for (key, name) in rows {
            // A landing zone's label is its identifier alone (unique across platforms).
            let label = match kind {
                "LandingZone" => format!("{kind} {key}"),
                _ => format!("{kind} {name}"),
            };
            if defined.contains(&label) {
                continue;
            }
            let result = match kind {
                "Instance" => release(reg, "instances", "id", &key)
                    .and_then(|()| reg.delete_instance(target.store, target.service, &key)),
                "Platform" => release(reg, "platforms", "id", &key)
                    .and_then(|()| reg.delete_platform(target.store, target.service, &key)),
                "LandingZone" => release(reg, "landing_zones", "identifier", &key)
                    .and_then(|()| reg.delete_landing_zone(&key)),
                "Location" => release(reg, "locations", "identifier", &key)
                    .and_then(|()| reg.delete_location(&key)),
                _ => release(reg, "platform_types", "identifier", &key)
                    .and_then(|()| reg.delete_platform_type(&key)),
            };
            step(label, result);
        }
    }
}
