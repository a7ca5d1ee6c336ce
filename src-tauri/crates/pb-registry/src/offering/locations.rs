//! Locations as records: where a platform runs, with an identifier other tools
//! reference (meshStack's `location_ref`), a display name and a description.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::change_snapshot::{tracked, Subject};
use crate::db::{now, Registry};
use crate::error::{RegistryError, Result};
use crate::validate::{slug, Checks};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Location {
    /// Lower-case letters, digits and `-`, e.g. `eu-central`.
    pub identifier: String,
    pub display_name: String,
    pub description: String,
    /// How many platforms run there.
    pub platform_count: u32,
    pub created_at: String,
    pub updated_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub managed_by: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LocationInput {
    pub identifier: String,
    pub display_name: String,
    #[serde(default)]
    pub description: String,
}

pub(crate) fn check(input: &LocationInput) -> Result<()> {
    let mut c = Checks::new();
    c.identifier_and_description(&input.identifier, "eu-central", &input.description);
    c.text("displayName", &input.display_name, "Display name", true, 80);
    c.finish()
}

const SELECT: &str = "SELECT l.identifier, l.display_name, l.description,
        (SELECT count(*) FROM platforms p WHERE p.location = l.identifier),
        l.created_at, l.updated_at, l.managed_by
   FROM locations l";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Location> {
    Ok(Location {
        identifier: r.get(0)?,
        display_name: r.get(1)?,
        description: r.get(2)?,
        platform_count: r.get(3)?,
        created_at: r.get(4)?,
        updated_at: r.get(5)?,
        managed_by: r.get(6)?,
    })
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<Location>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} ORDER BY l.display_name COLLATE NOCASE, l.identifier"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn get(conn: &Connection, identifier: &str) -> Result<Option<Location>> {
    Ok(conn
        .query_row(
            &format!("{SELECT} WHERE l.identifier = ?1"),
            [identifier],
            from_row,
        )
        .optional()?)
}

fn fetch(conn: &Connection, identifier: &str) -> Result<Location> {
    get(conn, identifier)?.ok_or_else(|| RegistryError::NotFound {
        what: "location",
        id: identifier.to_owned(),
    })
}

pub(crate) fn insert(conn: &Connection, input: &LocationInput) -> Result<()> {
    if get(conn, &input.identifier)?.is_some() {
        return Err(RegistryError::field(
            "identifier",
            format!("A location '{}' already exists", input.identifier),
        ));
    }
    let at = now();
    conn.execute(
        "INSERT INTO locations (identifier, display_name, description, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
        params![
            input.identifier,
            input.display_name.trim(),
            input.description.trim(),
            at
        ],
    )?;
    Ok(())
}

pub(crate) fn update(conn: &Connection, input: &LocationInput) -> Result<()> {
    conn.execute(
        "UPDATE locations SET display_name = ?2, description = ?3, updated_at = ?4
          WHERE identifier = ?1",
        params![
            input.identifier,
            input.display_name.trim(),
            input.description.trim(),
            now()
        ],
    )?;
    Ok(())
}

/// The location a platform's `location` names: an identifier, else a display name
/// (ignoring case). A value naming none becomes a new record (identifier slugged
/// from it, the value as display name), so files and scripts that gave a bare
/// string keep working. Empty stays empty: no location.
pub(crate) fn resolve(
    conn: &Connection,
    actor: &pb_change_history::Actor,
    value: &str,
) -> Result<String> {
    let value = value.trim();
    if value.is_empty() || get(conn, value)?.is_some() {
        return Ok(value.to_owned());
    }
    let by_name: Option<String> = conn
        .query_row(
            "SELECT identifier FROM locations WHERE display_name = ?1 COLLATE NOCASE
              ORDER BY identifier LIMIT 1",
            [value],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(identifier) = by_name {
        return Ok(identifier);
    }
    let input = LocationInput {
        identifier: slug(value),
        display_name: value.to_owned(),
        description: String::new(),
    };
    if input.identifier.is_empty() {
        return Err(RegistryError::field(
            "location",
            "Name the location with letters or digits, e.g. eu-central",
        ));
    }
    if get(conn, &input.identifier)?.is_some() {
        return Ok(input.identifier);
    }
    tracked(conn, actor, Subject::Location(&input.identifier), || {
        insert(conn, &input)
    })?;
    Ok(input.identifier)
}

/// Migration 0013's step: one record per location value in use, the platforms
/// pointing at its identifier. Values that slug alike ("EU West", "eu-west")
/// share one record, named after the first of them.
pub(crate) fn records_from_platforms(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    // A location of only spaces said nothing: no location.
    tx.execute(
        "UPDATE platforms SET location = '' WHERE location <> '' AND trim(location) = ''",
        [],
    )?;
    let values: Vec<String> = {
        let mut stmt = tx.prepare(
            "SELECT DISTINCT location FROM platforms WHERE trim(location) <> ''
              ORDER BY location",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let at = now();
    for value in values {
        let mut identifier = slug(&value);
        if identifier.is_empty() {
            // Only symbols: keep the platform's value findable under a stable name.
            identifier = "location".into();
        }
        tx.execute(
            "INSERT INTO locations (identifier, display_name, description, created_at, updated_at)
             VALUES (?1, ?2, '', ?3, ?3) ON CONFLICT (identifier) DO NOTHING",
            params![identifier, value.trim(), at],
        )?;
        tx.execute(
            "UPDATE platforms SET location = ?1 WHERE location = ?2",
            params![identifier, value],
        )?;
    }
    Ok(())
}

impl Registry {
    pub fn list_locations(&self) -> Result<Vec<Location>> {
        self.read(list)
    }

    pub fn create_location(&self, input: &LocationInput) -> Result<Location> {
        check(input)?;
        self.with_change(Subject::Location(&input.identifier), |tx| {
            insert(tx, input)?;
            fetch(tx, &input.identifier)
        })
    }

    /// Changes the display name and description; the identifier stays (other
    /// tools reference it).
    pub fn update_location(&self, input: &LocationInput) -> Result<Location> {
        check(input)?;
        self.with_change(Subject::Location(&input.identifier), |tx| {
            let before = fetch(tx, &input.identifier)?;
            crate::ops::ensure_editable(
                format!("Location {}", before.identifier),
                &before.managed_by,
            )?;
            update(tx, input)?;
            fetch(tx, &input.identifier)
        })
    }

    /// Refused while a platform runs there: the platform would name nothing.
    pub fn delete_location(&self, identifier: &str) -> Result<()> {
        self.with_change(Subject::Location(identifier), |tx| {
            let l = fetch(tx, identifier)?;
            crate::ops::ensure_editable(format!("Location {identifier}"), &l.managed_by)?;
            if l.platform_count > 0 {
                return Err(RegistryError::InUse(format!(
                    "{} platform(s) run in {}; move them to another location first",
                    l.platform_count, l.display_name
                )));
            }
            tx.execute("DELETE FROM locations WHERE identifier = ?1", [identifier])?;
            Ok(())
        })
    }
}
