//! Import throughput for `make bench` (issue 13, figure 10), next to its baseline
//! in the same run, printed as one JSON line: 10,000 definition documents (100
//! platforms with 99 instances each, and their type), in 100 files, imported
//! into a new database through the whole import path (read, the linear nesting
//! scan, parse, check, one transaction), against a bare SQLite insert of the same
//! rows into the same schema. The nesting scan alone is measured too, so what the
//! new bound costs is seen on its own. `PB_BENCH_SMOKE=1`: 200 documents.

use std::time::{Duration, Instant};

use pb_registry::definitions::{self, SecretTarget};
use pb_registry::Registry;
use pb_secrets::MemoryStore;
use serde_json::json;

const TYPE_DOC: &str = "apiVersion: platformbuilder.dev/v1
kind: PlatformType
metadata:
  name: BENCH-REST
spec:
  displayName: Bench REST
  icon: api
";

fn files(dir: &std::path::Path, platforms: usize, per_platform: usize) -> Vec<String> {
    std::fs::write(dir.join("000-type.yaml"), TYPE_DOC).unwrap();
    let mut texts = vec![TYPE_DOC.to_owned()];
    for p in 0..platforms {
        let mut text = format!(
            "apiVersion: platformbuilder.dev/v1\nkind: Platform\nmetadata:\n  name: platform-{p:04}\nspec:\n  displayName: Platform {p:04}\n  type: BENCH-REST\n  location: region-{}\n  tags:\n    - {{key: team, value: team-{}}}\n",
            p % 12,
            p % 40
        );
        for i in 0..per_platform {
            text.push_str(&format!(
                "---\napiVersion: platformbuilder.dev/v1\nkind: Instance\nmetadata:\n  name: svc-{i:03}\n  platform: platform-{p:04}\nspec:\n  environment: {}\n  endpoint: https://svc-{p}-{i}.example.com\n",
                ["dev", "test", "staging", "prod"][i % 4]
            ));
        }
        std::fs::write(dir.join(format!("platform-{p:04}.yaml")), &text).unwrap();
        texts.push(text);
    }
    texts
}

/// The same rows straight into the registry's tables, in one transaction.
fn bare_insert(reg: &Registry, platforms: usize, per_platform: usize) {
    reg.with_tx(|tx| {
        tx.execute(
            "INSERT INTO platform_types (identifier, display_name, icon, created_at, updated_at)
             VALUES ('BENCH-REST', 'Bench REST', 'api', 't', 't')",
            [],
        )?;
        let mut pst = tx.prepare(
            "INSERT INTO platforms (id, identifier, name, type_id, location, tags, created_at, updated_at)
             VALUES (?1, ?1, ?2, 'BENCH-REST', ?3, ?4, 't', 't')",
        )?;
        let mut ist = tx.prepare(
            "INSERT INTO instances (id, platform_id, name, environment, endpoint, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 't', 't')",
        )?;
        for p in 0..platforms {
            let id = format!("platform-{p:04}");
            let tags = json!([{"key": "team", "value": format!("team-{}", p % 40)}]).to_string();
            pst.execute(rusqlite::params![id, format!("Platform {p:04}"), format!("region-{}", p % 12), tags])?;
            for i in 0..per_platform {
                ist.execute(rusqlite::params![
                    format!("{id}-{i:03}"),
                    id,
                    format!("svc-{i:03}"),
                    ["dev", "test", "staging", "prod"][i % 4],
                    format!("https://svc-{p}-{i}.example.com"),
                ])?;
            }
        }
        Ok(())
    })
    .unwrap();
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let smoke = std::env::var_os("PB_BENCH_SMOKE").is_some();
    let (platforms, per_platform, runs) = if smoke { (2, 99, 1) } else { (100, 99, 3) };
    let documents = 1 + platforms * (1 + per_platform);
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("definitions");
    std::fs::create_dir(&folder).unwrap();
    let texts = files(&folder, platforms, per_platform);

    let mut imports = Vec::new();
    let mut bares = Vec::new();
    let mut scans = Vec::new();
    for run in 0..runs {
        let reg = Registry::open(&dir.path().join(format!("import-{run}.db"))).unwrap();
        let store = MemoryStore::default();
        let target = SecretTarget {
            store: &store,
            service: "pb-bench",
        };
        let started = Instant::now();
        let report =
            definitions::import(&reg, &target, std::slice::from_ref(&folder), false).unwrap();
        imports.push(started.elapsed());
        assert_eq!(report.changes.len(), documents);

        let reg = Registry::open(&dir.path().join(format!("bare-{run}.db"))).unwrap();
        let started = Instant::now();
        bare_insert(&reg, platforms, per_platform);
        bares.push(started.elapsed());

        let started = Instant::now();
        for t in &texts {
            pb_connector::bounds::check_depth(t).unwrap();
        }
        scans.push(started.elapsed());
    }
    let (import, bare, scan) = (median(imports), median(bares), median(scans));
    let per_sec = |d: Duration| documents as f64 / d.as_secs_f64();
    println!(
        "{}",
        json!({
            "figure": format!("Import throughput: {documents} definition documents in {} files into a new database (median of {runs})", platforms + 1),
            "app": format!("{:.0} documents/s ({:.0} ms; of which the nesting scan {:.1} ms)", per_sec(import), import.as_secs_f64() * 1e3, scan.as_secs_f64() * 1e3),
            "baseline": format!("bare SQLite insert of the same rows in one transaction: {:.0} rows/s ({:.0} ms)", per_sec(bare), bare.as_secs_f64() * 1e3),
            "ratio": format!("{:.2}", import.as_secs_f64() / bare.as_secs_f64()),
            "goal": "(measured, no goal: the checks are seen to cost little)",
            "met": true,
        })
    );
}
