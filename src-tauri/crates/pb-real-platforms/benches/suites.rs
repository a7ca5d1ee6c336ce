//! `make bench` figure 9: the whole validation suite's duration against each real
//! server, next to the same suite against the sample platform (Generic REST), and
//! the suite's own overhead: its duration against the sum of its exchanges (HTTP
//! requests, or exec program runs). A plain timing harness: one run is seconds
//! long and talks to a real server, so criterion's repetitions would add nothing
//! but minutes. Prints one JSON line for bench/run.sh.
//!
//! The PostgreSQL preset's program is looked for beside this bench's target dir
//! (`target/release/pb-connector-postgresql`, built by bench/run.sh) unless
//! `PB_CONNECTOR_POSTGRESQL` names it.

use std::time::Duration;

use pb_connector::{presets, CallContext};
use pb_real_platforms::suite::{assert_whole_suite_passed, run_whole_suite, suite_and_exchange_ms};
use pb_real_platforms::{keystone::Keystone, postgres::Postgres, scim::DjangoScim, setups};
use pb_sample_platform::{AuthConfig, SamplePlatform};
use pb_secrets::Sensitive;
use pb_validation::{QuotaDefinition, RoleMapping, ValidationPlan};

/// Suite runs per server; the median is reported (a real server's first run warms
/// its caches).
const RUNS: usize = 3;

struct Figure {
    name: &'static str,
    suite_ms: Vec<u64>,
    exchange_ms: Vec<u64>,
}

impl Figure {
    fn median(v: &[u64]) -> u64 {
        let mut v = v.to_vec();
        v.sort_unstable();
        v[v.len() / 2]
    }
    fn suite(&self) -> u64 {
        Self::median(&self.suite_ms)
    }
    fn exchanges(&self) -> u64 {
        Self::median(&self.exchange_ms)
    }
    /// What the suite spends besides waiting for the platform: judging, templates,
    /// bookkeeping, process start-up of an exec program's runs not counted.
    fn own(&self) -> u64 {
        self.suite().saturating_sub(self.exchanges())
    }
    fn shown(&self) -> String {
        format!(
            "{} {:.2} s (exchanges {:.2} s, suite's own {} ms, {:.2}×)",
            self.name,
            self.suite() as f64 / 1000.0,
            self.exchanges() as f64 / 1000.0,
            self.own(),
            self.overhead()
        )
    }
    fn overhead(&self) -> f64 {
        // Per run, then the median: the pair belongs together.
        let mut ratios: Vec<f64> = self
            .suite_ms
            .iter()
            .zip(&self.exchange_ms)
            .map(|(s, e)| *s as f64 / (*e).max(1) as f64)
            .collect();
        ratios.sort_by(f64::total_cmp);
        ratios[ratios.len() / 2]
    }
}

async fn measure(name: &'static str, setup: &setups::Setup) -> Figure {
    let mut figure = Figure {
        name,
        suite_ms: Vec::new(),
        exchange_ms: Vec::new(),
    };
    for _ in 0..runs() {
        let (_, run) = run_whole_suite(&setup.connector_text, &setup.ctx, &setup.plan).await;
        assert_whole_suite_passed(&run, &setup.skips());
        let (suite, exchanges) = suite_and_exchange_ms(&run);
        figure.suite_ms.push(suite);
        figure.exchange_ms.push(exchanges);
    }
    figure
}

fn runs() -> usize {
    if std::env::var_os("PB_BENCH_SMOKE").is_some() {
        1
    } else {
        RUNS
    }
}

fn sample_setup(p: &SamplePlatform) -> setups::Setup {
    setups::Setup {
        connector_text: presets::preset("generic-rest").unwrap().to_owned(),
        ctx: CallContext {
            base_url: p.base_url(),
            secrets: [(
                "api_key".to_string(),
                Sensitive::new("demo-api-key".to_string()),
            )]
            .into(),
            ..Default::default()
        },
        plan: ValidationPlan {
            role_mappings: vec![RoleMapping {
                project_role: "member".into(),
                platform_role: "developer".into(),
            }],
            quotas: vec![QuotaDefinition {
                key: "cpu".into(),
                label: "CPU".into(),
                unit: "cores".into(),
                min: 1.0,
                max: 16.0,
                default: 4.0,
                ..Default::default()
            }],
            environment: "dev".into(),
            delete_wait: Duration::ZERO,
            ..Default::default()
        },
        skips: Vec::new(),
    }
}

fn postgres_program() -> String {
    std::env::var("PB_CONNECTOR_POSTGRESQL").unwrap_or_else(|_| {
        let target = std::env::var("CARGO_TARGET_DIR")
            .unwrap_or_else(|_| format!("{}/../../../target", env!("CARGO_MANIFEST_DIR")));
        format!("{target}/release/pb-connector-postgresql")
    })
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let sample = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
        let baseline = measure("sample platform", &sample_setup(&sample)).await;
        let keystone = tokio::task::spawn_blocking(Keystone::start).await.unwrap().unwrap();
        let scim = tokio::task::spawn_blocking(DjangoScim::start).await.unwrap().unwrap();
        let postgres = tokio::task::spawn_blocking(Postgres::start).await.unwrap().unwrap();
        let figures = [
            measure("Keystone", &setups::keystone(&keystone)).await,
            measure("django-scim2", &setups::scim(&scim, "delete")).await,
            measure("PostgreSQL", &setups::postgres(&postgres, &postgres_program())).await,
        ];
        let shown: Vec<String> = figures.iter().map(Figure::shown).collect();
        let worst = figures.iter().map(Figure::overhead).fold(0.0, f64::max);
        let line = serde_json::json!({
            "figure": format!("Validation suite, whole run per real server (median of {}); the suite's own time = the run minus its exchanges; ratio = worst run / exchanges", runs()),
            "app": shown.join("; "),
            // Exchanges are recorded in whole milliseconds: against the sample
            // platform most take under one, so only the absolute figure means much.
            "baseline": format!(
                "sample platform (Generic REST) {} ms in all, exchanges {} ms (whole ms each, so under-counted)",
                baseline.suite(),
                baseline.exchanges()
            ),
            "ratio": format!("{worst:.2}"),
            "goal": "(measured, no goal)",
            "met": true,
            "suite_ms": figures.iter().map(|f| (f.name, f.suite())).collect::<std::collections::BTreeMap<_, _>>(),
            "baseline_ms": baseline.suite(),
        });
        println!("{line}");
    });
}
