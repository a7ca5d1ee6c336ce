//! The registry table: every instance with its platform (and platforms that have
//! no instance yet), searched, filtered, sorted and read a page at a time, so the
//! UI's virtualized list asks only for the rows it shows.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::Registry;
use crate::error::{RegistryError, Result};
use crate::model::{LastTest, PlatformStatus, Tag};
use crate::offering::availability::Availability;
use crate::registry_index::{IndexCache, RowRef};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
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

#[derive(Clone, Debug, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct RegistryQuery {
    /// Matches, ignoring case, platform and instance names, endpoint, type,
    /// location, environment and tags (`key=value`).
    pub search: String,
    /// Each list filters when not empty: a row matches any value of a list, and
    /// every list.
    pub type_ids: Vec<String>,
    pub environments: Vec<String>,
    pub locations: Vec<String>,
    /// `draft`, `published`, `deprecated` or `unpublished`.
    pub publications: Vec<String>,
    /// A test status (`passed`, `failed`, ...) or `untested`.
    pub statuses: Vec<String>,
    /// Every tag must be on the platform.
    pub tags: Vec<Tag>,
    /// Only instances whose connector changed since their newest validation run.
    pub connector_changed: bool,
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
    /// The connector version the newest validation ran against, and the newest
    /// version now, when they differ: "validated with v3; the connector changed
    /// since (v5)".
    #[ts(optional)]
    pub connector_changed: Option<ConnectorChange>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConnectorChange {
    pub validated_with: u32,
    pub current: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RegistryRow {
    pub platform_id: String,
    pub platform_name: String,
    pub platform_status: PlatformStatus,
    pub type_id: String,
    /// The location's display name.
    pub location: String,
    pub availability: Availability,
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
    pub publications: Vec<String>,
    pub statuses: Vec<String>,
    pub tags: Vec<Tag>,
}

/// The columns a registry row is read with, in `registry_row`'s order.
const ROW_COLUMNS: &str = "p.id, p.name, p.status, p.type_id,
     coalesce((SELECT l.display_name FROM locations l WHERE l.identifier = p.location), p.location),
     p.tags,
     i.id, i.name, i.environment, i.endpoint, i.tls_insecure,
     i.last_test_kind, i.last_test_status, i.last_test_at, i.last_test_summary,
     i.last_validation_connector,
     (SELECT max(version) FROM connector_versions cv WHERE cv.type_id = p.type_id),
     p.restriction, p.restricted_to, p.publication";

fn registry_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RegistryRow> {
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
            connector_changed: match (r.get::<_, Option<u32>>(15)?, r.get::<_, Option<u32>>(16)?) {
                (Some(validated_with), Some(current)) if validated_with < current => {
                    Some(ConnectorChange {
                        validated_with,
                        current,
                    })
                }
                _ => None,
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
        availability: Availability::from_columns(
            &r.get::<_, String>(17)?,
            &r.get::<_, String>(18)?,
            &r.get::<_, String>(19)?,
        ),
        tags: serde_json::from_str(&tags).unwrap_or_default(),
        instance,
    })
}

fn page(conn: &Connection, cache: &IndexCache, q: &RegistryQuery) -> Result<RegistryPage> {
    // One snapshot for the generation, the index and the page's rows, even while
    // another process (platformctl) writes.
    let tx = conn.unchecked_transaction()?;
    let index = cache.current(&tx)?;
    let limit = if q.limit == 0 {
        MAX_PAGE
    } else {
        q.limit.min(MAX_PAGE)
    };
    let (total, refs) = index.select(q, limit);
    let mut by_instance = tx.prepare_cached(&format!(
        "SELECT {ROW_COLUMNS} FROM instances i JOIN platforms p ON p.id = i.platform_id
          WHERE i.rowid = ?1"
    ))?;
    let mut platform_only = tx.prepare_cached(&format!(
        "SELECT {ROW_COLUMNS} FROM platforms p LEFT JOIN instances i ON 0 WHERE p.rowid = ?1"
    ))?;
    let mut rows = Vec::with_capacity(refs.len());
    for row in refs {
        let (stmt, rowid) = match row {
            RowRef::Instance(rowid) => (&mut by_instance, rowid),
            RowRef::PlatformOnly(rowid) => (&mut platform_only, rowid),
        };
        rows.push(stmt.query_row([rowid], registry_row)?);
    }
    drop((by_instance, platform_only));
    tx.finish()?;
    Ok(RegistryPage {
        total,
        offset: q.offset,
        rows,
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
        self.read(|c| page(c, &self.registry_index, query))
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
                publications: strings(c, "SELECT DISTINCT publication FROM platforms ORDER BY 1")?,
                statuses,
                tags,
            })
        })
    }
}
