use pb_change_history::Actor;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::connector_versions::ConnectorVersion;
use crate::error::Result;

const COLUMNS: &str = "type_id, version, saved_at, user, via, restored_from, text IS NULL";

fn from_row(row: &Row<'_>) -> rusqlite::Result<ConnectorVersion> {
    Ok(ConnectorVersion {
        type_id: row.get(0)?,
        version: row.get(1)?,
        saved_at: row.get(2)?,
        user: row.get(3)?,
        via: row.get(4)?,
        restored_from: row.get(5)?,
        removed: row.get(6)?,
    })
}

/// The newest version number of the type's connector; None before the first save.
pub fn latest(conn: &Connection, type_id: &str) -> Result<Option<u32>> {
    Ok(conn.query_row(
        "SELECT max(version) FROM connector_versions WHERE type_id = ?1",
        [type_id],
        |r| r.get(0),
    )?)
}

/// Saves `text` as the next version; returns its number.
pub fn insert(
    conn: &Connection,
    type_id: &str,
    text: Option<&str>,
    at: &str,
    actor: &Actor,
    restored_from: Option<u32>,
) -> Result<u32> {
    let version = latest(conn, type_id)?.unwrap_or(0) + 1;
    conn.execute(
        "INSERT INTO connector_versions (type_id, version, text, saved_at, user, via, restored_from)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            type_id,
            version,
            text,
            at,
            actor.user,
            actor.via.as_str(),
            restored_from
        ],
    )?;
    Ok(version)
}

/// Newest first.
pub fn list(conn: &Connection, type_id: &str) -> Result<Vec<ConnectorVersion>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM connector_versions WHERE type_id = ?1 ORDER BY version DESC"
    ))?;
    let rows = stmt.query_map([type_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One version and its text (None: that version removed the connector).
pub fn get(
    conn: &Connection,
    type_id: &str,
    version: u32,
) -> Result<Option<(ConnectorVersion, Option<String>)>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS}, text FROM connector_versions WHERE type_id = ?1 AND version = ?2"
            ),
            params![type_id, version],
            |r| Ok((from_row(r)?, r.get(7)?)),
        )
        .optional()?)
}
