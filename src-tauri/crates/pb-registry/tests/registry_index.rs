//! The registry table's in-memory index against a plain reference: many generated
//! queries over a real SQLite file must give exactly the rows a straightforward
//! filter of every row gives, in a valid order, on pages that never overlap; and the
//! index must notice changes made through another connection.

use std::collections::HashSet;

use pb_registry::history::NewTestRun;
use pb_registry::registry_query::{RegistryColumn, RegistryQuery, RegistryRow};
use pb_registry::{InstanceInput, PlatformInput, Registry, Tag};
use serde_json::json;

const TYPES: [&str; 3] = ["KUBERNETES", "GENERIC-REST", "AWS"];
const ENVIRONMENTS: [&str; 3] = ["dev", "staging", "prod"];
const LOCATIONS: [&str; 3] = ["eu-west", "US-East", ""];

fn tag(key: &str, value: &str) -> Tag {
    Tag {
        key: key.into(),
        value: value.into(),
    }
}

/// 24 platforms (every eighth without instances), names in mixed case and with
/// non-ASCII letters, three environments, tested and untested instances.
fn seed(reg: &Registry) {
    let mut run = 0;
    for p in 0..24 {
        let name = match p % 3 {
            0 => format!("Ärger Platform {p:02}"),
            1 => format!("billing {p:02}"),
            _ => format!("Zeta {p:02}"),
        };
        let platform = reg
            .create_platform(&PlatformInput {
                name,
                type_id: TYPES[p % 3].into(),
                location: LOCATIONS[p % 3].into(),
                tags: vec![tag("team", if p % 2 == 0 { "alpha" } else { "beta" })],
                ..Default::default()
            })
            .unwrap();
        if p % 8 == 7 {
            continue;
        }
        for k in 0..(1 + p % 4) {
            let env = ENVIRONMENTS[(p + k) % 3];
            let instance = reg
                .create_instance(
                    &platform.id,
                    &InstanceInput {
                        // Names repeat across platforms, so ties are exercised.
                        name: format!("Svc-{k}"),
                        environment: env.into(),
                        endpoint: format!("https://svc-{p}-{k}.example.com"),
                        ..Default::default()
                    },
                )
                .unwrap();
            if (p + k) % 3 != 0 {
                run += 1;
                reg.record_test_run(NewTestRun {
                    instance_id: &instance.id,
                    kind: "connection_test",
                    status: if (p + k) % 3 == 1 { "passed" } else { "failed" },
                    started_at_ms: 1_700_000_000_000 + run * 60_000,
                    duration_ms: 5,
                    summary: "ok".into(),
                    report: &json!({}),
                    connector_version: None,
                })
                .unwrap();
            }
        }
    }
}

/// What the search should match, computed the plain way from a row.
fn reference_match(row: &RegistryRow, q: &RegistryQuery) -> bool {
    let needle = q.search.trim().to_lowercase();
    let mut texts = vec![
        row.platform_name.clone(),
        row.type_id.clone(),
        row.location.clone(),
    ];
    texts.extend(row.tags.iter().map(|t| format!("{}={}", t.key, t.value)));
    if let Some(i) = &row.instance {
        texts.extend([i.name.clone(), i.endpoint.clone(), i.environment.clone()]);
    }
    let status = row
        .instance
        .as_ref()
        .map(|i| i.last_test.as_ref().map(|t| t.status.clone()));
    let status_ok = q.statuses.is_empty()
        || match &status {
            None => false,
            Some(None) => q.statuses.iter().any(|s| s == "untested"),
            Some(Some(s)) => q.statuses.contains(s),
        };
    let environment = row.instance.as_ref().map(|i| i.environment.clone());
    (needle.is_empty() || texts.iter().any(|t| t.to_lowercase().contains(&needle)))
        && (q.type_ids.is_empty() || q.type_ids.contains(&row.type_id))
        && (q.locations.is_empty() || q.locations.contains(&row.location))
        && (q.environments.is_empty() || environment.is_some_and(|e| q.environments.contains(&e)))
        && status_ok
        && q.tags.iter().all(|t| row.tags.contains(t))
}

fn key(row: &RegistryRow) -> String {
    format!(
        "{}/{}",
        row.platform_id,
        row.instance.as_ref().map_or("", |i| i.id.as_str())
    )
}

/// The sort column's value, as the order compares it.
fn sort_value(row: &RegistryRow, column: RegistryColumn) -> String {
    let instance = row.instance.as_ref();
    let test = instance.and_then(|i| i.last_test.as_ref());
    match column {
        RegistryColumn::Platform => row.platform_name.to_lowercase(),
        RegistryColumn::Instance => instance.map_or(String::new(), |i| i.name.to_lowercase()),
        RegistryColumn::Environment => instance.map_or(String::new(), |i| i.environment.clone()),
        RegistryColumn::Type => row.type_id.clone(),
        RegistryColumn::Location => row.location.to_lowercase(),
        RegistryColumn::Status => test.map_or(String::new(), |t| t.status.clone()),
        RegistryColumn::LastTested => test.map_or(String::new(), |t| t.started_at.clone()),
    }
}

/// Every page of the query, read 7 rows at a time.
fn all_pages(reg: &Registry, q: &RegistryQuery) -> (u32, Vec<RegistryRow>) {
    let mut rows = Vec::new();
    loop {
        let page = reg
            .query_registry(&RegistryQuery {
                offset: rows.len() as u32,
                limit: 7,
                ..q.clone()
            })
            .unwrap();
        let done = page.rows.is_empty();
        rows.extend(page.rows);
        if done {
            return (page.total, rows);
        }
    }
}

#[test]
fn generated_queries_match_a_plain_filter_of_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let reg = Registry::open(&dir.path().join("registry.db")).unwrap();
    seed(&reg);
    let everything = reg.query_registry(&RegistryQuery::default()).unwrap().rows;
    assert_eq!(
        everything.len(),
        48 + 3,
        "48 instances plus 3 platforms without"
    );
    let searches = [
        "",
        "ärger",
        "ÄRGER",
        "svc-1",
        "EXAMPLE",
        "team=beta",
        "prod",
        "east",
        "zeta 0",
        "nothing",
    ];
    let columns = [
        RegistryColumn::Platform,
        RegistryColumn::Instance,
        RegistryColumn::Environment,
        RegistryColumn::Type,
        RegistryColumn::Location,
        RegistryColumn::Status,
        RegistryColumn::LastTested,
    ];
    for n in 0..140usize {
        let q = RegistryQuery {
            search: searches[n % searches.len()].into(),
            type_ids: if n % 4 == 1 {
                vec![TYPES[n % 3].into()]
            } else {
                vec![]
            },
            environments: if n % 3 == 2 {
                vec![ENVIRONMENTS[n % 3].into(), "qa".into()]
            } else {
                vec![]
            },
            locations: if n % 5 == 3 {
                vec![LOCATIONS[n % 3].into()]
            } else {
                vec![]
            },
            statuses: match n % 6 {
                1 => vec!["untested".into()],
                4 => vec!["failed".into(), "untested".into()],
                5 => vec!["passed".into()],
                _ => vec![],
            },
            tags: if n % 7 == 6 {
                vec![tag("team", "alpha")]
            } else {
                vec![]
            },
            sort: columns[n % columns.len()],
            descending: n % 2 == 1,
            ..Default::default()
        };
        let (total, rows) = all_pages(&reg, &q);
        let expected: HashSet<String> = everything
            .iter()
            .filter(|r| reference_match(r, &q))
            .map(key)
            .collect();
        let got: Vec<String> = rows.iter().map(key).collect();
        assert_eq!(
            got.len(),
            total as usize,
            "query {n}: total counts the rows"
        );
        assert_eq!(
            got.iter().cloned().collect::<HashSet<_>>(),
            expected,
            "query {n}: {q:?}"
        );
        assert_eq!(
            got.len(),
            expected.len(),
            "query {n}: no row twice across pages"
        );
        let values: Vec<String> = rows.iter().map(|r| sort_value(r, q.sort)).collect();
        let sorted = values.windows(2).all(|w| {
            if q.descending {
                w[0] >= w[1]
            } else {
                w[0] <= w[1]
            }
        });
        assert!(sorted, "query {n}: sorted by {:?}: {values:?}", q.sort);
    }
}

#[test]
fn changes_from_another_connection_are_seen_by_the_next_query() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.db");
    let reg = Registry::open(&path).unwrap();
    seed(&reg);
    let search = |text: &str| {
        reg.query_registry(&RegistryQuery {
            search: text.into(),
            ..Default::default()
        })
        .unwrap()
        .total
    };
    assert_eq!(search("renamed-by-cli"), 0);
    // Another process (platformctl) renames an instance and deletes a platform.
    let other = rusqlite::Connection::open(&path).unwrap();
    other
        .execute(
            "UPDATE instances SET name = 'renamed-by-cli' WHERE rowid = (SELECT min(rowid) FROM instances)",
            [],
        )
        .unwrap();
    assert_eq!(search("renamed-by-cli"), 1);
    let before = search("");
    other.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    other
        .execute("DELETE FROM platforms WHERE name = 'Zeta 02'", [])
        .unwrap();
    assert_eq!(search(""), before - 3, "Zeta 02 had three instances");
    // A second registry on the same file sees the first one's writes too.
    let second = Registry::open(&path).unwrap();
    let platform = reg
        .create_platform(&PlatformInput {
            name: "Fresh".into(),
            type_id: "AWS".into(),
            ..Default::default()
        })
        .unwrap();
    let fresh = second
        .query_registry(&RegistryQuery {
            search: "fresh".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(fresh.rows.len(), 1);
    assert_eq!(fresh.rows[0].platform_id, platform.id);
    assert!(fresh.rows[0].instance.is_none());
}

#[test]
fn control_characters_in_the_search_are_ignored_and_no_match_spans_two_fields() {
    let dir = tempfile::tempdir().unwrap();
    let reg = Registry::open(&dir.path().join("registry.db")).unwrap();
    seed(&reg);
    let total = |text: &str| {
        reg.query_registry(&RegistryQuery {
            search: text.into(),
            ..Default::default()
        })
        .unwrap()
        .total
    };
    assert_eq!(total("zeta\n 05"), total("zeta 05"));
    assert!(total("zeta 05") > 0);
    // "svc-0" ends the name field and "https" starts the endpoint field.
    assert_eq!(total("svc-0https"), 0);
    assert_eq!(total("svc-0\nhttps"), 0);
}
