//! Carrying out a checked plan: every change in one transaction.

use rusqlite::{params, Connection, OptionalExtension};

use super::check::{
    canonical_type, instance_input, platform_input, secret_refs, validation_of, Plan,
};
use super::import::Action;
use crate::change_snapshot::{tracked, Subject};
use crate::custom_fields;
use crate::db::{now, Registry};
use crate::queries::{instances, platform_types, platforms};

pub(super) fn set_version(
    conn: &Connection,
    table: &str,
    key: &str,
    value: &str,
    version: Option<u32>,
) -> crate::error::Result<()> {
    conn.execute(
        // Only rows that differ: an unchanged record must not fire the registry
        // generation triggers (which would make every open app rebuild its index).
        &format!("UPDATE {table} SET definition_version = ?2 WHERE {key} = ?1 AND definition_version IS NOT ?2"),
        params![value, version],
    )?;
    Ok(())
}

/// Marks a record as defined in the provisioning folder (when there is one).
pub(super) fn set_managed(
    conn: &Connection,
    table: &str,
    key: &str,
    value: &str,
    folder: Option<&str>,
) -> crate::error::Result<()> {
    if let Some(folder) = folder {
        conn.execute(
            &format!(
                "UPDATE {table} SET managed_by = ?2 WHERE {key} = ?1 AND managed_by IS NOT ?2"
            ),
            params![value, folder],
        )?;
    }
    Ok(())
}

pub(super) fn platform_id(conn: &Connection, identifier: &str) -> crate::error::Result<String> {
    Ok(conn.query_row(
        "SELECT id FROM platforms WHERE identifier = ?1",
        [identifier],
        |r| r.get(0),
    )?)
}

pub(super) fn instance_id(
    conn: &Connection,
    platform: &str,
    name: &str,
) -> crate::error::Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT i.id FROM instances i JOIN platforms p ON p.id = i.platform_id
              WHERE p.identifier = ?1 AND i.name = ?2",
            [platform, name],
            |r| r.get(0),
        )
        .optional()?)
}

pub(super) fn apply(
    reg: &Registry,
    plan: &Plan<'_>,
    managed_by: Option<&str>,
) -> crate::error::Result<()> {
    let changes = |a: Action| matches!(a, Action::Create | Action::Update);
    let actor = reg.actor();
    reg.with_tx(|tx| {
        let now = now();
        super::offering::apply_locations(tx, &actor, plan, managed_by)?;
        for (_, doc, a) in plan.types.iter().filter(|t| changes(t.2)) {
            let (input, canonical) = canonical_type(doc);
            let id = input.identifier.as_str();
            tracked(tx, &actor, Subject::PlatformType(id), || {
                if *a == Action::Create {
                    platform_types::insert(tx, &input, &now)?;
                } else {
                    platform_types::update(tx, &input, &now)?;
                }
                Ok(())
            })?;
            tracked(tx, &actor, Subject::CustomFields(id), || {
                platform_types::set_config_schema(
                    tx,
                    id,
                    &custom_fields::to_schema(&canonical.spec.custom_fields),
                    &now,
                )
            })?;
            let text = doc
                .spec
                .connector
                .as_ref()
                .map(|c| serde_norway::to_string(c).unwrap_or_default());
            crate::connector_versions::save(tx, &actor, id, text.as_deref())?;
            set_version(
                tx,
                "platform_types",
                "identifier",
                &input.identifier,
                doc.metadata.version,
            )?;
        }
        for (_, doc, a) in plan.platforms.iter().filter(|p| changes(p.2)) {
            let mut input = platform_input(doc);
            input.location = crate::offering::locations::resolve(tx, &actor, &input.location)?;
            let id = if *a == Action::Create {
                uuid::Uuid::new_v4().to_string()
            } else {
                platform_id(tx, &doc.metadata.name)?
            };
            tracked(tx, &actor, Subject::Platform(&id), || {
                if *a == Action::Create {
                    platforms::insert(tx, &id, &input, &now)?;
                } else {
                    platforms::update(tx, &id, &input, &now)?;
                }
                Ok(())
            })?;
            tracked(
                tx,
                &actor,
                Subject::ValidationSettings(&id),
                || match validation_of(doc) {
                    Some(settings) => crate::validation_settings::upsert(tx, &id, &settings),
                    None => tx
                        .execute(
                            "DELETE FROM platform_validation WHERE platform_id = ?1",
                            [&id],
                        )
                        .map(drop)
                        .map_err(Into::into),
                },
            )?;
            set_version(tx, "platforms", "id", &id, doc.metadata.version)?;
        }
        // Every record the folder defines is marked, changed or not.
        for (_, doc, _) in &plan.types {
            set_managed(
                tx,
                "platform_types",
                "identifier",
                doc.metadata.name.trim(),
                managed_by,
            )?;
        }
        for (_, doc, _) in &plan.platforms {
            set_managed(
                tx,
                "platforms",
                "identifier",
                &doc.metadata.name,
                managed_by,
            )?;
        }
        for (_, doc, a, _) in &plan.instances {
            if *a == Action::SkippedOlder {
                continue;
            }
            let input = instance_input(doc);
            let existing = instance_id(tx, &doc.metadata.platform, &input.name)?;
            let id = existing
                .clone()
                .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
            tracked(tx, &actor, Subject::Instance(&id), || match existing {
                Some(_) if changes(*a) => instances::update(tx, &id, &input, &now)
                    .map(drop)
                    .map_err(Into::into),
                Some(_) => Ok(()),
                None => {
                    let platform = platform_id(tx, &doc.metadata.platform)?;
                    instances::insert(tx, &id, &platform, &input, &now)
                        .map(drop)
                        .map_err(Into::into)
                }
            })?;
            set_version(tx, "instances", "id", &id, doc.metadata.version)?;
            let refs = serde_json::to_string(&secret_refs(doc)).unwrap_or_else(|_| "{}".into());
            tx.execute(
                "UPDATE instances SET secret_refs = ?2 WHERE id = ?1 AND secret_refs IS NOT ?2",
                params![id, refs],
            )?;
            set_managed(tx, "instances", "id", &id, managed_by)?;
        }
        super::offering::apply_zones_and_availability(tx, &actor, plan, managed_by)?;
        Ok(())
    })
}
