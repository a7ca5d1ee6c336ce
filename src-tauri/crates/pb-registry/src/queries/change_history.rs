use pb_change_history::{ChangeAction, ChangeEntry, RecordKind, Via};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, Connection, Row};

use crate::error::Result;

const COLUMNS: &str =
    "id, at, user, via, source, kind, action, record_id, record, platform_id, changes";

fn from_row(row: &Row<'_>) -> rusqlite::Result<ChangeEntry> {
    let text = |i: usize| row.get::<_, String>(i);
    let changes: String = row.get(10)?;
    Ok(ChangeEntry {
        id: text(0)?,
        at: text(1)?,
        user: text(2)?,
        // The CHECK constraints keep via and action to the known values; a kind a
        // newer build wrote reads as the nearest meaning rather than failing the page.
        via: Via::parse(&text(3)?).unwrap_or(Via::App),
        source: row.get(4)?,
        kind: RecordKind::parse(&text(5)?).unwrap_or(RecordKind::Platform),
        action: ChangeAction::parse(&text(6)?).unwrap_or(ChangeAction::Updated),
        record_id: text(7)?,
        record: text(8)?,
        platform_id: row.get(9)?,
        changes: serde_json::from_str(&changes).unwrap_or_default(),
    })
}

pub fn insert(conn: &Connection, entry: &ChangeEntry) -> Result<()> {
    conn.execute(
        &format!("INSERT INTO change_history ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
        params![
            entry.id,
            entry.at,
            entry.user,
            entry.via.as_str(),
            entry.source,
            entry.kind.as_str(),
            entry.action.as_str(),
            entry.record_id,
            entry.record,
            entry.platform_id,
            serde_json::to_string(&entry.changes).unwrap_or_else(|_| "[]".into()),
        ],
    )?;
    Ok(())
}

/// The conditions of a listing, already checked: `from`/`until` are instants
/// (`at >= from`, `at < until`), `record` a plain substring.
#[derive(Debug, Default)]
pub struct Filter {
    pub platform_id: Option<String>,
    pub kind: Option<RecordKind>,
    pub record: Option<String>,
    pub from: Option<String>,
    pub until: Option<String>,
}

fn like(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

fn where_clause(filter: &Filter) -> (String, Vec<SqlValue>) {
    let mut clauses = Vec::new();
    let mut values = Vec::new();
    let mut push = |clause: &str, value: String| {
        values.push(SqlValue::Text(value));
        clauses.push(clause.replace('?', &format!("?{}", values.len())));
    };
    if let Some(p) = &filter.platform_id {
        push("platform_id = ?", p.clone());
    }
    if let Some(k) = filter.kind {
        push("kind = ?", k.as_str().to_owned());
    }
    if let Some(r) = &filter.record {
        push(
            "(record LIKE ? ESCAPE '\\' OR record_id LIKE ? ESCAPE '\\')",
            like(r),
        );
    }
    if let Some(f) = &filter.from {
        push("at >= ?", f.clone());
    }
    if let Some(u) = &filter.until {
        push("at < ?", u.clone());
    }
    if clauses.is_empty() {
        (String::new(), values)
    } else {
        (format!(" WHERE {}", clauses.join(" AND ")), values)
    }
}

/// Newest first: `(total matching, one page)`.
pub fn list(
    conn: &Connection,
    filter: &Filter,
    limit: u32,
    offset: u32,
) -> Result<(u32, Vec<ChangeEntry>)> {
    let (clause, values) = where_clause(filter);
    let total: u32 = conn.query_row(
        &format!("SELECT count(*) FROM change_history{clause}"),
        params_from_iter(values.iter()),
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM change_history{clause} ORDER BY at DESC, rowid DESC LIMIT {limit} OFFSET {offset}"
    ))?;
    let rows = stmt.query_map(params_from_iter(values.iter()), from_row)?;
    Ok((total, rows.collect::<rusqlite::Result<_>>()?))
}

/// Keeps the newest `keep` entries and none older than `before`.
pub fn prune(conn: &Connection, keep: u32, before: &str) -> Result<usize> {
    Ok(conn.execute(
        "DELETE FROM change_history WHERE at < ?2 OR rowid IN (
            SELECT rowid FROM change_history ORDER BY at DESC, rowid DESC LIMIT -1 OFFSET ?1)",
        params![keep, before],
    )?)
}
