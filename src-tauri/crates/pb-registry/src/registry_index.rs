//! The registry table's in-memory index: what the registry searches, filters and
//! sorts on, for every row, kept next to the database and rebuilt when the
//! database's registry generation moves (migration 0007's triggers bump it on any
//! change to platforms or instances, from any connection or process).
//!
//! Why not SQL: a substring search cannot use a B-tree index, and at 100,000
//! instances a LIKE scan over the platform–instance join, its exact count and a
//! full sort before OFFSET cost 40–250 ms a query (bench/RESULTS.md, before this
//! index). Here one query is a SIMD substring scan over one packed text, a walk of
//! a precomputed sort order with per-platform filter results, and 200 point reads
//! of the page's rows.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use memchr::memmem;
use rusqlite::Connection;

use crate::error::Result;
use crate::model::Tag;
use crate::registry_query::{RegistryColumn, RegistryQuery};

/// "No value": a platform's row without an instance, an untested instance.
const NONE: u32 = u32::MAX;

/// One column's distinct values, each with its rank in that column's sort order.
#[derive(Default)]
struct Dictionary {
    ids: HashMap<String, u32>,
    values: Vec<String>,
    /// By id: 1 + position in sort order; 0 is reserved for "no value", which
    /// sorts first, as SQL's NULL does.
    ranks: Vec<u32>,
}

impl Dictionary {
    fn intern(&mut self, value: &str) -> u32 {
        if let Some(&id) = self.ids.get(value) {
            return id;
        }
        let id = self.values.len() as u32;
        self.values.push(value.to_owned());
        self.ids.insert(value.to_owned(), id);
        id
    }

    fn intern_opt(&mut self, value: Option<&str>) -> u32 {
        value.map_or(NONE, |v| self.intern(v))
    }

    /// Ranks the values; `fold` gives the comparison key (lowercase for the
    /// case-insensitive columns). Equal keys share a rank.
    fn rank(&mut self, fold: fn(&str) -> String) {
        let keys: Vec<String> = self.values.iter().map(|v| fold(v)).collect();
        let mut by_key: Vec<u32> = (0..keys.len() as u32).collect();
        by_key.sort_unstable_by(|&a, &b| keys[a as usize].cmp(&keys[b as usize]));
        self.ranks = vec![0; keys.len()];
        let mut rank = 0;
        for (n, &id) in by_key.iter().enumerate() {
            if n == 0 || keys[id as usize] != keys[by_key[n - 1] as usize] {
                rank += 1;
            }
            self.ranks[id as usize] = rank;
        }
    }

    fn rank_of(&self, id: u32) -> u32 {
        if id == NONE {
            0
        } else {
            self.ranks[id as usize]
        }
    }

    /// Which ids the filter values select; None when the filter is off.
    fn selection(&self, wanted: &[String]) -> Option<Vec<bool>> {
        if wanted.is_empty() {
            return None;
        }
        let mut selected = vec![false; self.values.len()];
        for id in wanted.iter().filter_map(|w| self.ids.get(w)) {
            selected[*id as usize] = true;
        }
        Some(selected)
    }
}

fn selected(selection: &Option<Vec<bool>>, id: u32) -> bool {
    match selection {
        None => true,
        Some(ids) => id != NONE && ids[id as usize],
    }
}

fn same(value: &str) -> String {
    value.to_owned()
}

fn folded(value: &str) -> String {
    value.to_lowercase()
}

struct Platform {
    rowid: i64,
    name_rank: u32,
    type_id: u32,
    location: u32,
    publication: u32,
    tags: Vec<Tag>,
}

struct Row {
    platform: u32,
    /// The instance's rowid; 0 for a platform's row without instances.
    instance: i64,
    name_rank: u32,
    environment: u32,
    status: u32,
    last_tested: u32,
    /// The connector changed since the instance's newest validation run.
    connector_changed: bool,
}

/// Lowercased texts packed end to end, so one substring scan covers them all.
#[derive(Default)]
struct Texts {
    text: String,
    /// Where each entry ends in `text`.
    ends: Vec<usize>,
}

impl Texts {
    fn push(&mut self, parts: &[&str]) {
        for part in parts {
            // A separator the search text never contains (control characters are
            // stripped from it), so no match spans two fields.
            self.text.push_str(&part.to_lowercase());
            self.text.push('\n');
        }
        self.ends.push(self.text.len());
    }

    /// Marks the entries containing `needle`: one match per entry is enough, so the
    /// scan resumes after the end of each matching entry.
    fn matching(&self, needle: &memmem::Finder<'_>) -> Vec<bool> {
        let mut hits = vec![false; self.ends.len()];
        let bytes = self.text.as_bytes();
        let mut from = 0;
        while let Some(at) = needle.find(&bytes[from..]) {
            let entry = self.ends.partition_point(|&end| end <= from + at);
            hits[entry] = true;
            from = self.ends[entry];
        }
        hits
    }
}

/// Row indexes in one sort order.
type Order = Arc<Vec<u32>>;

/// A row of the page, to be read from the database by rowid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RowRef {
    Instance(i64),
    PlatformOnly(i64),
}

pub(crate) struct RegistryIndex {
    generation: i64,
    platforms: Vec<Platform>,
    platform_texts: Texts,
    rows: Vec<Row>,
    row_texts: Texts,
    types: Dictionary,
    locations: Dictionary,
    publications: Dictionary,
    environments: Dictionary,
    statuses: Dictionary,
    last_tested: Dictionary,
    /// Sort orders, each built on first use: (column, descending) → row indexes.
    orders: Mutex<HashMap<(RegistryColumn, bool), Order>>,
}

/// The newest connector version of each custom type that has one.
fn current_connector_versions(conn: &Connection) -> Result<HashMap<String, u32>> {
    let mut stmt =
        conn.prepare("SELECT type_id, max(version) FROM connector_versions GROUP BY type_id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl RegistryIndex {
    fn build(conn: &Connection, generation: i64) -> Result<Self> {
        let mut types = Dictionary::default();
        let mut locations = Dictionary::default();
        let mut publications = Dictionary::default();
        let mut platforms = Vec::new();
        let mut platform_texts = Texts::default();
        let mut platform_names = Vec::new();
        let mut by_id = HashMap::new();
        // The location as administrators read it: its display name.
        let mut stmt = conn.prepare(
            "SELECT p.rowid, p.id, p.name, p.type_id, coalesce(l.display_name, p.location),
                    p.tags, p.publication
               FROM platforms p LEFT JOIN locations l ON l.identifier = p.location",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(1)?;
            let name: String = r.get(2)?;
            let type_id: String = r.get(3)?;
            let location: String = r.get(4)?;
            let tags: Vec<Tag> = serde_json::from_str(&r.get::<_, String>(5)?).unwrap_or_default();
            let tag_texts: Vec<String> = tags
                .iter()
                .map(|t| format!("{}={}", t.key, t.value))
                .collect();
            let mut parts = vec![name.as_str(), type_id.as_str(), location.as_str()];
            parts.extend(tag_texts.iter().map(String::as_str));
            platform_texts.push(&parts);
            by_id.insert(id, platforms.len() as u32);
            platforms.push(Platform {
                rowid: r.get(0)?,
                name_rank: 0,
                type_id: types.intern(&type_id),
                location: locations.intern(&location),
                publication: publications.intern(&r.get::<_, String>(6)?),
                tags,
            });
            platform_names.push(name.to_lowercase());
        }
        // Platform names are unique (case-insensitively), so their ranks are too.
        let mut by_name: Vec<usize> = (0..platforms.len()).collect();
        by_name.sort_unstable_by(|&a, &b| platform_names[a].cmp(&platform_names[b]));
        for (rank, &p) in by_name.iter().enumerate() {
            platforms[p].name_rank = rank as u32 + 1;
        }

        let mut environments = Dictionary::default();
        let mut statuses = Dictionary::default();
        let mut last_tested = Dictionary::default();
        let mut index_rows = Vec::new();
        let mut row_texts = Texts::default();
        let mut names = Vec::new();
        let mut has_instances = vec![false; platforms.len()];
        let current = current_connector_versions(conn)?;
        let mut stmt = conn.prepare(
            "SELECT i.rowid, i.platform_id, i.name, i.endpoint, i.environment, i.last_test_status,
                    i.last_test_at, i.last_validation_connector, p.type_id
               FROM instances i JOIN platforms p ON p.id = i.platform_id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let Some(&platform) = by_id.get(&r.get::<_, String>(1)?) else {
                continue;
            };
            has_instances[platform as usize] = true;
            let name: String = r.get(2)?;
            let endpoint: String = r.get(3)?;
            let environment: String = r.get(4)?;
            row_texts.push(&[&name, &endpoint, &environment]);
            index_rows.push(Row {
                platform,
                instance: r.get(0)?,
                name_rank: 0,
                environment: environments.intern(&environment),
                status: statuses.intern_opt(r.get::<_, Option<String>>(5)?.as_deref()),
                last_tested: last_tested.intern_opt(r.get::<_, Option<String>>(6)?.as_deref()),
                connector_changed: match (
                    r.get::<_, Option<u32>>(7)?,
                    current.get(&r.get::<_, String>(8)?),
                ) {
                    (Some(then), Some(&now)) => then < now,
                    _ => false,
                },
            });
            names.push(name.to_lowercase());
        }
        // Instance names repeat across platforms: equal names share a rank, and the
        // sort orders break such ties by platform, then rowid.
        let mut by_name: Vec<usize> = (0..index_rows.len()).collect();
        by_name.sort_unstable_by(|&a, &b| names[a].cmp(&names[b]));
        let mut rank = 0;
        for (n, &row) in by_name.iter().enumerate() {
            if n == 0 || names[row] != names[by_name[n - 1]] {
                rank += 1;
            }
            index_rows[row].name_rank = rank;
        }
        for (platform, _) in has_instances.iter().enumerate().filter(|(_, has)| !**has) {
            row_texts.push(&[]);
            index_rows.push(Row {
                platform: platform as u32,
                instance: 0,
                name_rank: 0,
                environment: NONE,
                status: NONE,
                last_tested: NONE,
                connector_changed: false,
            });
        }
        types.rank(same);
        locations.rank(folded);
        publications.rank(same);
        environments.rank(same);
        statuses.rank(same);
        last_tested.rank(same);
        Ok(Self {
            generation,
            platforms,
            platform_texts,
            rows: index_rows,
            row_texts,
            types,
            locations,
            publications,
            environments,
            statuses,
            last_tested,
            orders: Mutex::default(),
        })
    }

    fn primary_rank(&self, column: RegistryColumn, row: &Row) -> u32 {
        let platform = &self.platforms[row.platform as usize];
        match column {
            RegistryColumn::Platform => platform.name_rank,
            RegistryColumn::Instance => row.name_rank,
            RegistryColumn::Environment => self.environments.rank_of(row.environment),
            RegistryColumn::Type => self.types.rank_of(platform.type_id),
            RegistryColumn::Location => self.locations.rank_of(platform.location),
            RegistryColumn::Status => self.statuses.rank_of(row.status),
            RegistryColumn::LastTested => self.last_tested.rank_of(row.last_tested),
        }
    }

    /// Rows sorted by the column, then platform name, instance name and rowid, so
    /// pages never overlap; descending reverses only the column itself.
    fn order(&self, column: RegistryColumn, descending: bool) -> Order {
        let mut orders = self.orders.lock().unwrap_or_else(|e| e.into_inner());
        orders
            .entry((column, descending))
            .or_insert_with(|| {
                let mut keys: Vec<(u64, u64)> = self
                    .rows
                    .iter()
                    .enumerate()
                    .map(|(n, row)| {
                        let primary = self.primary_rank(column, row);
                        let primary = if descending {
                            u32::MAX - primary
                        } else {
                            primary
                        };
                        let platform = self.platforms[row.platform as usize].name_rank;
                        (
                            (u64::from(primary) << 32) | u64::from(platform),
                            (u64::from(row.name_rank) << 32) | n as u64,
                        )
                    })
                    .collect();
                keys.sort_unstable();
                Arc::new(keys.into_iter().map(|(_, tie)| tie as u32).collect())
            })
            .clone()
    }

    /// The total number of matching rows and the rows of the requested page.
    pub(crate) fn select(&self, q: &RegistryQuery, limit: u32) -> (u32, Vec<RowRef>) {
        let types = self.types.selection(&q.type_ids);
        let locations = self.locations.selection(&q.locations);
        let publications = self.publications.selection(&q.publications);
        let environments = self.environments.selection(&q.environments);
        let untested = q.statuses.iter().any(|s| s == "untested");
        let statuses = self.statuses.selection(&q.statuses);
        let platform_ok: Vec<bool> = self
            .platforms
            .iter()
            .map(|p| {
                selected(&types, p.type_id)
                    && selected(&locations, p.location)
                    && selected(&publications, p.publication)
                    && q.tags.iter().all(|t| p.tags.contains(t))
            })
            .collect();
        let needle: String = q
            .search
            .trim()
            .chars()
            .filter(|c| !c.is_control())
            .collect::<String>()
            .to_lowercase();
        let hits = (!needle.is_empty()).then(|| {
            let finder = memmem::Finder::new(needle.as_bytes());
            (
                self.platform_texts.matching(&finder),
                self.row_texts.matching(&finder),
            )
        });
        let matches = |n: usize| {
            let row = &self.rows[n];
            if !platform_ok[row.platform as usize] || !selected(&environments, row.environment) {
                return false;
            }
            if q.connector_changed && !row.connector_changed {
                return false;
            }
            if !q.statuses.is_empty() {
                let is_untested = row.instance != 0 && row.status == NONE;
                if !((untested && is_untested)
                    || (row.status != NONE && selected(&statuses, row.status)))
                {
                    return false;
                }
            }
            match &hits {
                None => true,
                Some((platforms, rows)) => platforms[row.platform as usize] || rows[n],
            }
        };
        let order = self.order(q.sort, q.descending);
        let (first, end) = (q.offset as usize, q.offset as usize + limit as usize);
        let mut total = 0usize;
        let mut page = Vec::new();
        for &n in order.iter() {
            if !matches(n as usize) {
                continue;
            }
            if (first..end).contains(&total) {
                let row = &self.rows[n as usize];
                page.push(if row.instance == 0 {
                    RowRef::PlatformOnly(self.platforms[row.platform as usize].rowid)
                } else {
                    RowRef::Instance(row.instance)
                });
            }
            total += 1;
        }
        (total as u32, page)
    }
}

/// The index of the current registry generation, shared by queries until the
/// database changes.
#[derive(Default)]
pub(crate) struct IndexCache {
    current: Mutex<Option<Arc<RegistryIndex>>>,
}

impl IndexCache {
    /// The index for `conn`'s current state; call inside a read transaction so the
    /// generation, the index and the page's rows come from one snapshot.
    pub(crate) fn current(&self, conn: &Connection) -> Result<Arc<RegistryIndex>> {
        let generation: i64 =
            conn.query_row("SELECT value FROM registry_generation", [], |r| r.get(0))?;
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(index) = current.as_ref().filter(|i| i.generation == generation) {
            return Ok(index.clone());
        }
        let started = std::time::Instant::now();
        let index = Arc::new(RegistryIndex::build(conn, generation)?);
        tracing::debug!(
            rows = index.rows.len(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "registry index built"
        );
        *current = Some(index.clone());
        Ok(index)
    }
}
