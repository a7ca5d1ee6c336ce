//! `make bench`'s figure 11 (issue 16): does a scheduled health-check round keep the
//! window responsive? The registry page's render time (10,000 instances besides the
//! checked ones) while a round checks 500 instances of the sample platform at
//! 100 ms latency, 4 at a time (the default), next to the same render without a
//! round, in one app run. Written as JSON to bench/raw/11-health-round.json.
//!
//! Run inside `.ci/session.sh` with the app binary as the first argument (the
//! release build by default). `PB_BENCH_SMOKE=1` (what `make test` runs) checks
//! 200 instances beside 1,000 and writes to target/bench-smoke/.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use pb_e2e::bench::{time_in_page, OPEN_REGISTRY};
use pb_e2e::{workspace_root, App, Workspace};
use pb_registry::registry_query::RegistryQuery;
use pb_registry::{InstanceInput, PlatformInput, PlatformTypeInput, Registry};
use pb_sample_platform::{AuthConfig, Fault, FaultKind, SamplePlatform};
use serde_json::json;

const LATENCY_MS: u64 = 100;
const RENDERS: usize = 5;

/// The public health endpoint only: the checks need no credential, so 500
/// instances need no 500 keyring entries, and each check is one slow request.
const CONNECTOR: &str = "apiVersion: platformbuilder.dev/connector/v1
kind: http
auth:
  type: none
operations:
  check:
    requests:
      - name: health
        method: GET
        path: /api/health
        success:
          - pointer: /status
            equals: ok
";

fn smoke() -> bool {
    std::env::var_os("PB_BENCH_SMOKE").is_some()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The bench registry plus one platform of `checked` instances on `url`, checked
/// every 5 minutes; the registry's total number of instances.
fn seed(ws: &Workspace, url: &str, others: usize, checked: usize) -> u32 {
    let reg = Registry::open(&ws.database()).unwrap();
    pb_registry::bench_seed::seed(&reg, others).unwrap();
    reg.create_platform_type(&PlatformTypeInput {
        identifier: "HEALTH-BENCH".into(),
        display_name: "Health bench".into(),
        description: String::new(),
        icon: "server".into(),
        default_endpoint: None,
    })
    .unwrap();
    reg.set_platform_type_connector("HEALTH-BENCH", Some(CONNECTOR))
        .unwrap();
    let platform = reg
        .create_platform(&PlatformInput {
            name: "Checked platform".into(),
            type_id: "HEALTH-BENCH".into(),
            ..Default::default()
        })
        .unwrap();
    for n in 0..checked {
        reg.create_instance(
            &platform.id,
            &InstanceInput {
                name: format!("checked-{n:03}"),
                environment: "prod".into(),
                endpoint: url.into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    reg.set_health_check_interval(&platform.id, Some(5))
        .unwrap();
    reg.query_registry(&RegistryQuery::default()).unwrap().total
}

fn samples(ws: &Workspace) -> (usize, i64) {
    ws.db()
        .query_row(
            "SELECT count(*), COALESCE(MAX(at_ms + duration_ms) - MIN(at_ms), 0)
               FROM check_samples WHERE scheduled = 1",
            [],
            |r| Ok((r.get::<_, i64>(0)? as usize, r.get(1)?)),
        )
        .unwrap()
}

async fn renders(app: &App, rows: u32) -> Vec<f64> {
    let mut out = Vec::new();
    for _ in 0..RENDERS {
        app.click("nav-platforms").await;
        app.wait_testid("new-platform-button").await;
        out.push(time_in_page(app, OPEN_REGISTRY, rows).await);
    }
    out
}

#[tokio::main]
async fn main() {
    let root = workspace_root();
    let binary = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/release/platform-builder"));
    std::env::set_var("PB_APP_BINARY", &binary);
    let (others, checked) = if smoke() { (1_000, 200) } else { (10_000, 500) };

    let sample = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    sample
        .set_faults(vec![Fault {
            path_prefix: "/api/health".into(),
            method: None,
            kind: FaultKind::Latency { ms: LATENCY_MS },
            times: None,
            after: None,
        }])
        .await;
    let ws = Workspace::new("health-bench");
    let rows = seed(&ws, &sample.base_url(), others, checked);
    let app = App::start(&ws).await;
    // The scheduler's first tick comes at start: wait for that round to end, so
    // the baseline is measured without one.
    let deadline = Instant::now() + Duration::from_secs(300);
    while samples(&ws).0 < checked {
        assert!(Instant::now() < deadline, "the first round never ended");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let first_round = samples(&ws);
    // Warm: the first render builds the registry index.
    app.click("nav-registry").await;
    app.wait_testid("registry-table").await;
    let without = renders(&app, rows).await;

    // Everything due again; "Check due now" starts the round at once.
    let writer = rusqlite::Connection::open(ws.database()).unwrap();
    writer.busy_timeout(Duration::from_secs(10)).unwrap();
    writer
        .execute(
            "UPDATE health_states SET checked_at_ms = checked_at_ms - 3600000",
            [],
        )
        .unwrap();
    drop(writer);
    app.click("nav-settings").await;
    app.click("health-run-due").await;
    let before = samples(&ws).0;
    while samples(&ws).0 == before {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let started = samples(&ws).0;
    let during = renders(&app, rows).await;
    let measured = samples(&ws).0 - started;
    assert!(
        samples(&ws).0 < before + checked,
        "the round ended before the renders did: nothing was measured during it"
    );
    while samples(&ws).0 < before + checked {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    app.stop().await;

    let (d, w) = (median(during.clone()), median(without.clone()));
    let round_s = first_round.1 as f64 / 1000.0;
    let figure = json!({
        "figure": format!("Registry page render during a scheduled health-check round: {checked} instances at {LATENCY_MS} ms latency, 4 at a time, {rows} instances in the registry (median of {RENDERS})"),
        "app": format!("during the round {d:.0} ms ({measured} checks finished while measuring; a whole round {round_s:.1} s)"),
        "baseline": format!("same page, no round: {w:.0} ms"),
        "ratio": format!("{:.2}", d / w),
        "goal": "≤ 1.5× without a round",
        "met": d <= 1.5 * w,
        "during_ms": during, "without_ms": without,
    });
    let dir = root.join(if smoke() {
        "target/bench-smoke"
    } else {
        "bench/raw"
    });
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("11-health-round.json"), figure.to_string()).unwrap();
    println!("{figure}");
}
