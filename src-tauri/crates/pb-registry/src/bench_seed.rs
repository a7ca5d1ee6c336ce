//! A large registry for benchmarks (`make bench`): the registry query figures and
//! the start-up, memory and registry UI figures seed databases with this.

use serde_json::json;

use crate::Registry;

pub const ENVIRONMENTS: [&str; 4] = ["dev", "test", "staging", "prod"];
const STATUSES: [Option<&str>; 3] = [Some("passed"), Some("failed"), None];

/// Writes `instances` instances (100 per platform) straight into the tables, in one
/// transaction: the registry's own create path would take minutes for 100k.
pub fn seed(reg: &Registry, instances: usize) -> crate::error::Result<()> {
    let platforms = instances.div_ceil(100);
    reg.with_tx(|tx| {
        let mut p = tx.prepare(
            "INSERT INTO platforms (id, identifier, name, type_id, location, tags, created_at, updated_at)
             VALUES (?1, ?1, ?2, ?3, ?4, ?5, 't', 't')",
        )?;
        let mut i = tx.prepare(
            "INSERT INTO instances (id, platform_id, name, environment, endpoint, created_at,
                                    updated_at, last_test_status, last_test_at, last_test_kind, last_test_summary)
             VALUES (?1, ?2, ?3, ?4, ?5, 't', 't', ?6, ?7, ?8, '')",
        )?;
        for n in 0..platforms {
            let id = format!("p{n:06}");
            let types = ["KUBERNETES", "GENERIC-REST", "AWS", "SCIM2"];
            let tags = json!([{"key": "team", "value": format!("team-{}", n % 40)}]).to_string();
            p.execute(rusqlite::params![
                id,
                format!("Platform {n:06}"),
                types[n % types.len()],
                format!("region-{}", n % 12),
                tags
            ])?;
            for k in 0..100.min(instances - n * 100) {
                let status = STATUSES[(n + k) % STATUSES.len()];
                i.execute(rusqlite::params![
                    format!("i{n:06}-{k:03}"),
                    id,
                    format!("svc-{n:06}-{k:03}"),
                    ENVIRONMENTS[k % ENVIRONMENTS.len()],
                    format!("https://svc-{n}-{k}.example.com"),
                    status,
                    status.map(|_| format!("2026-01-{:02}T00:00:00Z", 1 + k % 28)),
                    status.map(|_| "connection_test"),
                ])?;
            }
        }
        Ok(())
    })
}
