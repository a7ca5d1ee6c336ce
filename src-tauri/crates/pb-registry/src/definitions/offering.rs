//! The `Location` and `LandingZone` documents and a platform's availability in
//! definition files: reading them from the registry, checking them against the
//! other documents and the database, and applying them in the import's
//! transaction (locations before platforms name them; zones and publication
//! after the instances, since publishing checks both).

use std::collections::BTreeMap;

use pb_validation::QuotaDefinition;
use rusqlite::Connection;

use super::check::{action, field_problems, problem, validation_of, Plan};
use super::format::{
    Document, InstanceMetadata, LandingZoneDocument, LandingZoneSpec, LocationDocument,
    LocationSpec, Metadata, API_VERSION,
};
use super::import::Action;
use super::parse::{Located, Problem};
use super::state::Stored;
use crate::change_snapshot::{tracked, Subject};
use crate::error::{RegistryError, Result};
use crate::offering::availability::{self, Availability};
use crate::offering::landing_zones::{self, LandingZoneInput};
use crate::offering::locations::{self, LocationInput};

fn versions(conn: &Connection, table: &str) -> Result<BTreeMap<String, Option<u32>>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT identifier, definition_version FROM {table}"
    ))?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The stored locations and landing zones as documents.
pub(super) fn load(
    conn: &Connection,
    stored: &mut Stored,
    platforms: &BTreeMap<String, String>,
) -> Result<()> {
    let location_versions = versions(conn, "locations")?;
    for l in locations::list(conn)? {
        let document = LocationDocument {
            api_version: API_VERSION.into(),
            metadata: Metadata {
                version: location_versions.get(&l.identifier).copied().flatten(),
                name: l.identifier.clone(),
            },
            spec: LocationSpec {
                display_name: l.display_name,
                description: l.description,
            },
        };
        stored.locations.insert(l.identifier, document);
    }
    let zone_versions = versions(conn, "landing_zones")?;
    for (id, identifier) in platforms {
        for z in landing_zones::list(conn, id)? {
            let document = LandingZoneDocument {
                api_version: API_VERSION.into(),
                metadata: InstanceMetadata {
                    version: zone_versions.get(&z.identifier).copied().flatten(),
                    name: z.identifier.clone(),
                    platform: identifier.clone(),
                },
                spec: LandingZoneSpec {
                    display_name: z.name,
                    description: z.description,
                    info_link: z.info_link,
                    quotas: z.quotas,
                    role_mappings: z.role_mappings,
                    restricted: z.restricted,
                    disabled: z.disabled,
                },
            };
            stored.zones.insert(z.identifier, document);
        }
    }
    Ok(())
}

/// The identifier a platform's `location` value names, as applying it will
/// store it: a location of the files or the database by identifier, then by
/// display name, else the value's slug (a location created on the way).
pub(super) fn location_key(value: &str, docs: &[Located], stored: &Stored) -> String {
    let value = value.trim();
    let file = docs.iter().filter_map(|l| match &l.document {
        Document::Location(d) => Some((d.metadata.name.as_str(), d.spec.display_name.as_str())),
        _ => None,
    });
    let known: Vec<(&str, &str)> = file
        .chain(
            stored
                .locations
                .values()
                .map(|d| (d.metadata.name.as_str(), d.spec.display_name.as_str())),
        )
        .collect();
    if value.is_empty() || known.iter().any(|(id, _)| *id == value) {
        return value.to_owned();
    }
    // As `locations::resolve` picks when applying: the smallest identifier of
    // those with this display name.
    known
        .iter()
        .filter(|(_, name)| name.eq_ignore_ascii_case(value))
        .map(|(id, _)| *id)
        .min()
        .map_or_else(|| crate::validate::slug(value), str::to_owned)
}

fn location_input(doc: &LocationDocument) -> LocationInput {
    LocationInput {
        identifier: doc.metadata.name.trim().to_owned(),
        display_name: doc.spec.display_name.trim().to_owned(),
        description: doc.spec.description.trim().to_owned(),
    }
}

fn zone_input(doc: &LandingZoneDocument) -> LandingZoneInput {
    LandingZoneInput {
        identifier: doc.metadata.name.trim().to_owned(),
        name: doc.spec.display_name.trim().to_owned(),
        description: doc.spec.description.trim().to_owned(),
        info_link: crate::validate::optional(&doc.spec.info_link),
        quotas: doc.spec.quotas.clone(),
        role_mappings: doc.spec.role_mappings.clone(),
        restricted: doc.spec.restricted,
        disabled: doc.spec.disabled,
    }
}

/// Checks the Location and LandingZone documents (and each platform's
/// availability) and adds them to the plan.
pub(super) fn check<'a>(
    conn: &Connection,
    docs: &'a [Located],
    stored: &Stored,
    problems: &mut Vec<Problem>,
    plan: &mut Plan<'a>,
) {
    for loc in docs {
        match &loc.document {
            Document::Location(doc) => {
                let input = location_input(doc);
                if let Err(e) = locations::check(&input) {
                    problems.extend(field_problems(loc, e, &[("identifier", "metadata.name")]));
                }
                let mut canonical = doc.spec.clone();
                canonical.display_name = input.display_name;
                canonical.description = input.description;
                let current = stored.locations.get(&input.identifier);
                let a = action(
                    current.map(|c| (c.metadata.version, c.spec == canonical)),
                    doc.metadata.version,
                );
                plan.locations.push((loc, doc, a));
            }
            Document::Platform(doc) => platform_checks(conn, docs, stored, loc, doc, problems),
            _ => {}
        }
    }
    for loc in docs {
        let Document::LandingZone(doc) = &loc.document else {
            continue;
        };
        let platform = doc.metadata.platform.as_str();
        let file_platform = docs.iter().find_map(|l| match &l.document {
            Document::Platform(p) if p.metadata.name == platform => Some(p),
            _ => None,
        });
        let quotas: Vec<QuotaDefinition> = match (file_platform, stored.platforms.get(platform)) {
            (Some(p), _) => validation_of(p).map(|v| v.quotas).unwrap_or_default(),
            (None, Some(_)) => stored_quotas(conn, platform),
            (None, None) => {
                problems.push(problem(loc, "metadata.platform", format!(
                    "there is no platform {platform}: define it in a Platform document or import it first"
                )));
                continue;
            }
        };
        let input = zone_input(doc);
        if let Err(e) = landing_zones::check(&input, &quotas) {
            problems.extend(field_problems(
                loc,
                e,
                &[
                    ("identifier", "metadata.name"),
                    ("name", "spec.displayName"),
                ],
            ));
        }
        let current = stored.zones.get(&input.identifier);
        if let Some(c) = current {
            if c.metadata.platform != platform {
                problems.push(problem(
                    loc,
                    "metadata.name",
                    format!(
                        "landing zone {} belongs to platform {}; identifiers are unique across platforms",
                        input.identifier, c.metadata.platform
                    ),
                ));
            }
        }
        let mut canonical = doc.spec.clone();
        canonical.display_name = input.name;
        canonical.description = input.description;
        canonical.info_link = input.info_link;
        let a = action(
            current.map(|c| (c.metadata.version, c.spec == canonical)),
            doc.metadata.version,
        );
        plan.zones.push((loc, doc, a));
    }
}

/// A Platform document's location, availability (absent: private, a draft) and
/// publication, and whether its quota bounds still hold the stored landing
/// zones the files leave as they are.
fn platform_checks(
    conn: &Connection,
    docs: &[Located],
    stored: &Stored,
    loc: &Located,
    doc: &super::format::PlatformDocument,
    problems: &mut Vec<Problem>,
) {
    let name = doc.metadata.name.as_str();
    let location = location_key(&doc.spec.location, docs, stored);
    if location.is_empty() && !doc.spec.location.trim().is_empty() {
        problems.push(problem(
            loc,
            "spec.location",
            "Name the location with letters or digits, e.g. eu-central",
        ));
    }
    let wanted = doc.spec.availability.clone().unwrap_or_default();
    let current = stored.platforms.get(name);
    let before = current
        .and_then(|p| p.document.spec.availability.as_ref())
        .map(|a| a.publication)
        .unwrap_or_default();
    let mut errors = availability::check(&wanted, before);
    if wanted.publication == availability::Publication::Published
        && before != availability::Publication::Published
    {
        let validated =
            current.is_some() && !stored_readiness(conn, name).validated_instances.is_empty();
        let file_zone = docs.iter().any(|l| {
            matches!(&l.document, Document::LandingZone(z) if z.metadata.platform == name && !z.spec.disabled)
        });
        let stored_zone = stored
            .zones
            .values()
            .any(|z| z.metadata.platform == name && !z.spec.disabled);
        let missing =
            availability::missing(validated, file_zone || stored_zone, !location.is_empty());
        if !missing.is_empty() {
            errors.push(crate::error::FieldError::new(
                "publication",
                format!("Publishing needs {}", missing.join("; ")),
            ));
        }
    }
    if !errors.is_empty() {
        problems.extend(field_problems(
            loc,
            RegistryError::Validation(errors),
            &[
                ("restrictedTo", "spec.availability.restrictedTo"),
                ("publication", "spec.availability.publication"),
            ],
        ));
    }
    let quotas = validation_of(doc).map(|v| v.quotas).unwrap_or_default();
    let in_files = |id: &str| {
        docs.iter()
            .any(|l| matches!(&l.document, Document::LandingZone(z) if z.metadata.name == id))
    };
    for z in stored.zones.values() {
        if z.metadata.platform != name || in_files(&z.metadata.name) {
            continue;
        }
        for e in landing_zones::quota_errors(&z.spec.quotas, &quotas) {
            let key = e.field.trim_start_matches("quotas.");
            problems.push(problem(
                loc,
                "spec.quotas",
                format!("landing zone {} sets {key}: {}", z.metadata.name, e.message),
            ));
        }
    }
}

/// The stored platform's readiness (none: nothing validated).
fn stored_readiness(conn: &Connection, identifier: &str) -> availability::Readiness {
    let platform: Option<crate::model::Platform> = super::apply::platform_id(conn, identifier)
        .ok()
        .and_then(|id| crate::ops::fetch_platform(conn, &id).ok());
    platform
        .and_then(|p| availability::readiness(conn, &p).ok())
        .unwrap_or_default()
}

fn stored_quotas(conn: &Connection, platform: &str) -> Vec<QuotaDefinition> {
    let id = super::apply::platform_id(conn, platform).ok();
    id.and_then(|id| crate::validation_settings::stored(conn, &id).ok().flatten())
        .map(|s| s.quotas)
        .unwrap_or_default()
}

fn changes(a: Action) -> bool {
    matches!(a, Action::Create | Action::Update)
}

/// As apply does for the other records: the document's version, and the folder
/// that now manages it.
fn mark(
    conn: &Connection,
    table: &str,
    key: &str,
    version: Option<u32>,
    folder: Option<&str>,
) -> Result<()> {
    super::apply::set_version(conn, table, "identifier", key, version)?;
    super::apply::set_managed(conn, table, "identifier", key, folder)
}

/// The locations, before the platforms that name them.
pub(super) fn apply_locations(
    tx: &Connection,
    actor: &pb_change_history::Actor,
    plan: &Plan<'_>,
    managed_by: Option<&str>,
) -> Result<()> {
    for (_, doc, a) in &plan.locations {
        let input = location_input(doc);
        if changes(*a) {
            tracked(tx, actor, Subject::Location(&input.identifier), || {
                if *a == Action::Create {
                    locations::insert(tx, &input)
                } else {
                    locations::update(tx, &input)
                }
            })?;
        }
        if *a != Action::SkippedOlder {
            mark(
                tx,
                "locations",
                &input.identifier,
                doc.metadata.version,
                managed_by,
            )?;
        }
    }
    Ok(())
}

/// The landing zones, then each platform's availability: publishing checks the
/// instances and zones this same import wrote.
pub(super) fn apply_zones_and_availability(
    tx: &Connection,
    actor: &pb_change_history::Actor,
    plan: &Plan<'_>,
    managed_by: Option<&str>,
) -> Result<()> {
    for (_, doc, a) in &plan.zones {
        let input = zone_input(doc);
        if changes(*a) {
            let platform = super::apply::platform_id(tx, &doc.metadata.platform)?;
            tracked(tx, actor, Subject::LandingZone(&input.identifier), || {
                landing_zones::upsert(tx, &platform, &input)
            })?;
        }
        if *a != Action::SkippedOlder {
            mark(
                tx,
                "landing_zones",
                &input.identifier,
                doc.metadata.version,
                managed_by,
            )?;
        }
    }
    for (_, doc, _) in plan.platforms.iter().filter(|p| changes(p.2)) {
        let id = super::apply::platform_id(tx, &doc.metadata.name)?;
        let wanted: Availability = doc.spec.availability.clone().unwrap_or_default();
        let platform = crate::ops::fetch_platform(tx, &id)?;
        if platform.availability == wanted {
            continue;
        }
        tracked(tx, actor, Subject::Platform(&id), || {
            availability::store(tx, &platform, &wanted).map_err(|e| match e {
                RegistryError::Validation(errors) => RegistryError::Validation(
                    errors
                        .into_iter()
                        .map(|f| {
                            crate::error::FieldError::new(
                                &f.field,
                                format!("Platform {}: {}", doc.metadata.name, f.message),
                            )
                        })
                        .collect(),
                ),
                other => other,
            })
        })?;
    }
    Ok(())
}
