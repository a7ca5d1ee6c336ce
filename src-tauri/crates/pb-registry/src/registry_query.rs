//! The registry table: every instance with its platform (and platforms that have
//! no instance yet), searched, filtered, sorted and read a page at a time, so the
//! UI's virtualized list asks only for the rows it shows.

use rusqlite::types::Value as Sql;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::Registry;
use crate::error::{RegistryError, Result};
use crate::model::{LastTest, PlatformStatus, Tag};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RegistryColumn {
    #[default]
    Platform,
    Instance,
    Environment,
    Type,
    Location,
    Status,
    LastTested,
}

impl RegistryColumn {
    /// The ORDER BY expression: a whitelist, never text from the UI.
    fn sql(self) -> &'static str {
        match self {
            RegistryColumn::Platform => "p.name COLLATE NOCASE",
            RegistryColumn::Instance => "i.name COLLATE NOCASE",
            RegistryColumn::Environment => "i.environment",
            RegistryColumn::Type => "p.type_id",
            RegistryColumn::Location => "p.location COLLATE NOCASE",
            RegistryColumn::Status => "coalesce(i.last_test_status, '')",
            RegistryColumn::LastTested => "coalesce(i.last_test_at, '')",
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct RegistryQuery {
    /// Matches platform and instance names, endpoint, type, location and tags.
    pub search: String,
    /// Each list filters when not empty: a row matches any value of a list, and
    /// every list.
    pub type_ids: Vec<String>,
    pub environments: Vec<String>,
    pub locations: Vec<String>,
    /// A test status (`passed`, `failed`, ...) or `untested`.
    pub statuses: Vec<String>,
    /// Every tag must be on the platform.
    pub tags: Vec<Tag>,
    pub sort: RegistryColumn,
    pub descending: bool,
    pub offset: u32,
    /// At most [`MAX_PAGE`]; 0 means the maximum.
    pub limit: u32,
}

pub const MAX_PAGE: u32 = 500;

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RegistryInstance {
    pub id: String,
    pub name: String,
    pub environment: String,
    pub endpoint: String,
    pub insecure_tls: bool,
    pub last_test: Option<LastTest>,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RegistryRow {
    pub platform_id: String,
    pub platform_name: String,
    pub platform_status: PlatformStatus,
    pub type_id: String,
    pub location: String,
    pub tags: Vec<Tag>,
    /// None: a platform without instances.
    pub instance: Option<RegistryInstance>,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RegistryPage {
    /// Rows matching the query (all pages).
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<RegistryRow>,
}

/// The values the filters offer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RegistryFacets {
    pub type_ids: Vec<String>,
    pub environments: Vec<String>,
    pub locations: Vec<String>,
    pub statuses: Vec<String>,
    pub tags: Vec<Tag>,
}

fn any_of(clauses: &mut Vec<String>, args: &mut Vec<Sql>, expr: &str, values: &[String]) {
    if values.is_empty() {
        return;
    }
    let marks = vec!["?"; values.len()].join(", ");
    clauses.push(format!("{expr} IN ({marks})"));
    args.extend(values.iter().map(|v| Sql::Text(v.clone())));
}

/// The WHERE clause and its arguments (positional `?`).
fn filter(q: &RegistryQuery) -> (String, Vec<Sql>) {
    let mut clauses = Vec::new();
    let mut args = Vec::new();
    let search = q.search.trim();
    if !search.is_empty() {
        // LIKE's wildcards in the search text are matched literally.
        let escaped = search
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        clauses.push(
            "(p.name LIKE ?1 ESCAPE '\\' OR i.name LIKE ?1 ESCAPE '\\'
              OR i.endpoint LIKE ?1 ESCAPE '\\' OR p.type_id LIKE ?1 ESCAPE '\\'
              OR p.location LIKE ?1 ESCAPE '\\' OR i.environment LIKE ?1 ESCAPE '\\'
              OR p.tags LIKE ?1 ESCAPE '\\')"
                .to_owned(),
        );
        args.push(Sql::Text(format!("%{escaped}%")));
    }
    any_of(&mut clauses, &mut args, "p.type_id", &q.type_ids);
    any_of(&mut clauses, &mut args, "i.environment", &q.environments);
    any_of(&mut clauses, &mut args, "p.location", &q.locations);
    if !q.statuses.is_empty() {
        let untested = q.statuses.iter().any(|s| s == "untested");
        let tested: Vec<String> = q
            .statuses
            .iter()
            .filter(|s| *s != "untested")
            .cloned()
            .collect();
        let mut parts = Vec::new();
        if untested {
            parts.push("(i.id IS NOT NULL AND i.last_test_status IS NULL)".to_owned());
        }
        if !tested.is_empty() {
            let mut inner = Vec::new();
            any_of(&mut inner, &mut args, "i.last_test_status", &tested);
            parts.extend(inner);
        }
        clauses.push(format!("({})", parts.join(" OR ")));
    }
    for tag in &q.tags {
        clauses.push(
            "EXISTS (SELECT 1 FROM json_each(p.tags) t
                      WHERE t.value ->> '$.key' = ? AND t.value ->> '$.value' = ?)"
                .to_owned(),
        );
        args.push(Sql::Text(tag.key.clone()));
        args.push(Sql::Text(tag.value.clone()));
    }
    let sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    (sql, args)
}

const FROM: &str = "FROM platforms p LEFT JOIN instances i ON i.platform_id = p.id";

fn page(conn: &Connection, q: &RegistryQuery) -> Result<RegistryPage> {
    let (filter, args) = filter(q);
    // ?1 is the search text when there is one; the numbered and anonymous markers
    // then share its slot, so the count query is given the same arguments.
    let total: u32 = conn.query_row(
        &format!("SELECT count(*) {FROM} {filter}"),
        rusqlite::params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    let limit = if q.limit == 0 {
        MAX_PAGE
    } else {
        q.limit.min(MAX_PAGE)
    };
    let direction = if q.descending { "DESC" } else { "ASC" };
    // Ties broken by platform, then instance name, then ids, so pages never overlap.
    let sql = format!(
        "SELECT p.id, p.name, p.status, p.type_id, p.location, p.tags,
                i.id, i.name, i.environment, i.endpoint, i.tls_insecure,
                i.last_test_kind, i.last_test_status, i.last_test_at, i.last_test_summary
           {FROM} {filter}
          ORDER BY {} {direction}, p.name COLLATE NOCASE, i.name COLLATE NOCASE, p.id, i.id
          LIMIT {limit} OFFSET {}",
        q.sort.sql(),
        q.offset
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
        let tags: String = r.get(5)?;
        let instance = match r.get::<_, Option<String>>(6)? {
            Some(id) => Some(RegistryInstance {
                id,
                name: r.get(7)?,
                environment: r.get(8)?,
                endpoint: r.get(9)?,
                insecure_tls: r.get(10)?,
                last_test: match r.get::<_, Option<String>>(11)? {
                    Some(kind) => Some(LastTest {
                        kind,
                        status: r.get(12)?,
                        started_at: r.get(13)?,
                        summary: r.get(14)?,
                    }),
                    None => None,
                },
            }),
            None => None,
        };
        Ok(RegistryRow {
            platform_id: r.get(0)?,
            platform_name: r.get(1)?,
            platform_status: PlatformStatus::parse(&r.get::<_, String>(2)?),
            type_id: r.get(3)?,
            location: r.get(4)?,
            tags: serde_json::from_str(&tags).unwrap_or_default(),
            instance,
        })
    })?;
    Ok(RegistryPage {
        total,
        offset: q.offset,
        rows: rows.collect::<rusqlite::Result<_>>()?,
    })
}

fn strings(conn: &Connection, sql: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Registry {
    pub fn query_registry(&self, query: &RegistryQuery) -> Result<RegistryPage> {
        if query.search.chars().count() > 200 {
            return Err(RegistryError::field(
                "search",
                "Search text must be at most 200 characters",
            ));
        }
        self.read(|c| page(c, query))
    }

    pub fn list_locations(&self) -> Result<Vec<String>> {
        self.read(crate::queries::platforms::locations)
    }

    pub fn registry_facets(&self) -> Result<RegistryFacets> {
        self.read(|c| {
            let mut statuses =
                strings(c, "SELECT DISTINCT last_test_status FROM instances WHERE last_test_status IS NOT NULL ORDER BY 1")?;
            statuses.push("untested".into());
            let mut stmt = c.prepare(
                "SELECT DISTINCT t.value ->> '$.key', t.value ->> '$.value'
                   FROM platforms p, json_each(p.tags) t ORDER BY 1, 2",
            )?;
            let tags = stmt
                .query_map([], |r| Ok(Tag { key: r.get(0)?, value: r.get(1)? }))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(RegistryFacets {
                type_ids: strings(c, "SELECT DISTINCT type_id FROM platforms ORDER BY 1")?,
                environments: strings(c, "SELECT DISTINCT environment FROM instances ORDER BY 1")?,
                locations: crate::queries::platforms::locations(c)?,
                statuses,
                tags,
            })
        })
    }
}
