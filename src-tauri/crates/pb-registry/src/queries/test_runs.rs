use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::Result;
use crate::history::TestRunRecord;

const COLUMNS: &str = "id, instance_id, kind, status, started_at, finished_at, duration_ms,
    summary, connector_version";

fn from_row(row: &Row<'_>) -> rusqlite::Result<TestRunRecord> {
    Ok(TestRunRecord {
        id: row.get(0)?,
        instance_id: row.get(1)?,
        kind: row.get(2)?,
        status: row.get(3)?,
        started_at: row.get(4)?,
        finished_at: row.get(5)?,
        duration_ms: row.get(6)?,
        summary: row.get(7)?,
        connector_version: row.get(8)?,
    })
}

pub fn insert(conn: &Connection, record: &TestRunRecord, report: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO test_runs
            (id, instance_id, kind, status, started_at, finished_at, duration_ms, summary, report,
             connector_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            record.id,
            record.instance_id,
            record.kind,
            record.status,
            record.started_at,
            record.finished_at,
            record.duration_ms,
            record.summary,
            report,
            record.connector_version
        ],
    )?;
    // The instance's status, kept beside it for the registry's filters and sorting
    // (a run recorded out of order does not replace a newer one).
    conn.execute(
        "UPDATE instances SET last_test_kind = ?2, last_test_status = ?3, last_test_at = ?4,
                last_test_summary = ?5
          WHERE id = ?1 AND (last_test_at IS NULL OR last_test_at <= ?4)",
        params![
            record.instance_id,
            record.kind,
            record.status,
            record.started_at,
            record.summary
        ],
    )?;
    if record.kind == "validation" {
        conn.execute(
            "UPDATE instances SET last_validation_status = ?2, last_validation_at = ?3,
                    last_validation_connector = ?4
              WHERE id = ?1 AND (last_validation_at IS NULL OR last_validation_at <= ?3)",
            params![
                record.instance_id,
                record.status,
                record.started_at,
                record.connector_version
            ],
        )?;
    }
    Ok(())
}

/// Newest first.
pub fn list_for_instance(
    conn: &Connection,
    instance_id: &str,
    limit: u32,
) -> Result<Vec<TestRunRecord>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM test_runs WHERE instance_id = ?1
          ORDER BY started_at DESC, rowid DESC LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![instance_id, limit], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<(TestRunRecord, String)>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS}, report FROM test_runs WHERE id = ?1"),
            [id],
            |row| Ok((from_row(row)?, row.get::<_, String>(9)?)),
        )
        .optional()?)
}

/// Keeps the newest `keep` runs of each kind of the instance, and none older than
/// `before`: per kind, so a day of scheduled connection tests does not push the
/// validation runs out of the history.
pub fn prune(conn: &Connection, instance_id: &str, keep: u32, before: &str) -> Result<usize> {
    Ok(conn.execute(
        "DELETE FROM test_runs WHERE instance_id = ?1 AND (started_at < ?3 OR id IN (
            SELECT id FROM (
                SELECT id, ROW_NUMBER() OVER (
                    PARTITION BY kind ORDER BY started_at DESC, rowid DESC) AS n
                  FROM test_runs WHERE instance_id = ?1)
             WHERE n > ?2))",
        params![instance_id, keep, before],
    )?)
}

/// Applies a retention to every instance at once (after the retention changed).
pub fn prune_all(conn: &Connection, keep: u32, before: &str) -> Result<usize> {
    Ok(conn.execute(
        "DELETE FROM test_runs WHERE started_at < ?2 OR id IN (
            SELECT id FROM (
                SELECT id, ROW_NUMBER() OVER (
                    PARTITION BY instance_id, kind ORDER BY started_at DESC, rowid DESC) AS n
                  FROM test_runs)
             WHERE n > ?1)",
        params![keep, before],
    )?)
}
