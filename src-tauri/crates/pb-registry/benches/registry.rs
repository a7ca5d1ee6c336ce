//! Registry figures for `make bench` (issue 7, figures 3 and 8), each next to a
//! baseline measured in the same run, printed as one JSON line per figure:
//! - the registry table's query (search + filter + a page) over 10,000 and 100,000
//!   instances, p50/p99 over varied queries, against reading one unfiltered page;
//! - opening (and migrating) an empty and a 100,000-instance database, against a
//!   bare SQLite open of the same file.
//!
//! A plain harness: percentiles over many varied queries say more here than
//! criterion's mean of one repeated query. `PB_BENCH_SMOKE=1` runs tiny sizes once
//! (the smoke variant `make test` runs so the harness cannot rot).

use std::path::Path;
use std::time::{Duration, Instant};

use pb_registry::registry_query::{RegistryColumn, RegistryQuery};
use pb_registry::{Registry, Tag};
use serde_json::json;

use pb_registry::bench_seed::{seed, ENVIRONMENTS};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Varied queries as an administrator types and filters: a search term, one or two
/// filters, a sort, a page somewhere in the result.
fn query(n: usize, total: usize) -> RegistryQuery {
    let searches = [
        "svc-0001",
        "platform 00",
        "example",
        "region-3",
        "team-7",
        "",
    ];
    RegistryQuery {
        search: searches[n % searches.len()].into(),
        environments: if n.is_multiple_of(2) {
            vec![ENVIRONMENTS[n % 4].into()]
        } else {
            vec![]
        },
        type_ids: if n.is_multiple_of(3) {
            vec!["KUBERNETES".into()]
        } else {
            vec![]
        },
        statuses: if n.is_multiple_of(5) {
            vec!["failed".into()]
        } else {
            vec![]
        },
        tags: if n.is_multiple_of(7) {
            vec![Tag {
                key: "team".into(),
                value: "team-7".into(),
            }]
        } else {
            vec![]
        },
        locations: if n.is_multiple_of(11) {
            vec!["region-3".into()]
        } else {
            vec![]
        },
        publications: if n.is_multiple_of(17) {
            vec!["draft".into()]
        } else {
            vec![]
        },
        connector_changed: n.is_multiple_of(13),
        sort: [
            RegistryColumn::Platform,
            RegistryColumn::Status,
            RegistryColumn::Instance,
        ][n % 3],
        descending: !n.is_multiple_of(2),
        offset: ((n * 7919) % (total / 2).max(1)) as u32 / 200 * 200,
        limit: 200,
    }
}

fn time_queries(reg: &Registry, runs: usize, q: impl Fn(usize) -> RegistryQuery) -> Vec<Duration> {
    let mut times: Vec<Duration> = (0..runs)
        .map(|n| {
            let q = q(n);
            let started = Instant::now();
            reg.query_registry(&q).expect("query");
            started.elapsed()
        })
        .collect();
    times.sort();
    times
}

/// The least any registry query does: read one page of 200 rows of the
/// platform–instance join with plain SQL (no search, filter, sort or count).
fn plain_page(reg: &Registry, runs: usize) -> Vec<Duration> {
    let mut times: Vec<Duration> = (0..runs)
        .map(|n| {
            let started = Instant::now();
            let rows = reg
                .read(|c| {
                    let mut stmt = c.prepare_cached(
                        "SELECT p.id, p.name, p.tags, i.id, i.name, i.endpoint, i.last_test_status
                           FROM instances i JOIN platforms p ON p.id = i.platform_id
                          WHERE i.rowid > ?1 ORDER BY i.rowid LIMIT 200",
                    )?;
                    let rows = stmt.query_map([(n * 200) as i64], |r| r.get::<_, String>(0))?;
                    Ok(rows.count())
                })
                .expect("plain page");
            assert!(rows > 0);
            started.elapsed()
        })
        .collect();
    times.sort();
    times
}

/// The first query after a change rebuilds the index: the median of 5, each
/// after touching one instance.
fn rebuild(reg: &Registry) -> Duration {
    let mut times: Vec<Duration> = (0..5)
        .map(|n| {
            reg.with_tx(|tx| {
                tx.execute(
                    "UPDATE instances SET last_test_summary = ?1 WHERE rowid = 1",
                    [format!("touched {n}")],
                )?;
                Ok(())
            })
            .unwrap();
            let started = Instant::now();
            reg.query_registry(&RegistryQuery {
                limit: 200,
                ..Default::default()
            })
            .expect("query");
            started.elapsed()
        })
        .collect();
    times.sort();
    times[2]
}

fn query_figure(dir: &Path, instances: usize, runs: usize) {
    let reg = Registry::open(&dir.join(format!("registry-{instances}.db"))).unwrap();
    seed(&reg, instances).expect("seed");
    let rebuilt = rebuild(&reg);
    // Each sort order is built on its first use; those builds are in these times.
    let searched = time_queries(&reg, runs, |n| query(n, instances));
    let plain = plain_page(&reg, runs.min(instances / 200));
    let (p50, p99) = (percentile(&searched, 0.5), percentile(&searched, 0.99));
    let (b50, b99) = (percentile(&plain, 0.5), percentile(&plain, 0.99));
    println!(
        "{}",
        json!({
            "figure": format!("Registry query: search + filter + sort + page of 200 over {instances} instances ({runs} varied queries)"),
            "app": format!("p50 {} / p99 {}; first query after a change (index rebuild) {}", ms(p50), ms(p99), ms(rebuilt)),
            "baseline": format!("plain SQL page of 200 rows, no search or count: p50 {} / p99 {}", ms(b50), ms(b99)),
            "ratio": format!("{:.2}", p99.as_secs_f64() / b99.as_secs_f64()),
            "goal": if instances >= 100_000 { "p99 ≤ 10 ms at 100k" } else { "(10k: no goal)" },
            "met": instances < 100_000 || p99 <= Duration::from_millis(10),
            "p50_ms": p50.as_secs_f64() * 1e3, "p99_ms": p99.as_secs_f64() * 1e3,
            "rebuild_ms": rebuilt.as_secs_f64() * 1e3,
        })
    );
}

fn open_figure(dir: &Path, instances: usize) {
    // Empty: a new file, created and migrated from scratch.
    let empty = dir.join("open-empty.db");
    let started = Instant::now();
    drop(Registry::open(&empty).unwrap());
    let create = started.elapsed();
    // Full: an existing database at the current version.
    let full = dir.join(format!("registry-{instances}.db"));
    let started = Instant::now();
    drop(Registry::open(&full).unwrap());
    let reopen = started.elapsed();
    let started = Instant::now();
    let raw = rusqlite::Connection::open(&full).unwrap();
    let _: i64 = raw
        .query_row("SELECT count(*) FROM instances", [], |r| r.get(0))
        .unwrap();
    drop(raw);
    let bare = started.elapsed();
    println!(
        "{}",
        json!({
            "figure": format!("Database open: new file created + migrated; existing {instances}-instance file opened"),
            "app": format!("new {}; existing {}", ms(create), ms(reopen)),
            "baseline": format!("bare SQLite open + count(*) of the existing file: {}", ms(bare)),
            "ratio": format!("{:.2}", reopen.as_secs_f64() / bare.as_secs_f64()),
            "goal": "(measured, no goal)",
            "met": true,
        })
    );
}

fn main() {
    let smoke = std::env::var_os("PB_BENCH_SMOKE").is_some();
    let dir = tempfile::tempdir().unwrap();
    let sizes: &[usize] = if smoke { &[500] } else { &[10_000, 100_000] };
    let runs = if smoke { 5 } else { 300 };
    for &n in sizes {
        query_figure(dir.path(), n, runs);
    }
    open_figure(dir.path(), *sizes.last().unwrap());
}
