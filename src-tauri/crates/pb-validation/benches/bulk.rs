//! Bulk connection tests: 500 instances against the sample platform with 100 ms of
//! injected latency, at bounded concurrency, against the ideal
//! `ceil(N / concurrency) × latency` and against testing one after another. A
//! plain timing harness (one batch is seconds long; criterion's repetitions would
//! add nothing). Prints one JSON line for bench/run.sh.
//!
//! Sequential is measured on the first 25 instances and scaled to N: 500 × 100 ms
//! would take over a minute for a number that is linear by construction.

use std::time::{Duration, Instant};

use pb_connector::{diagnose, presets, CallContext, Engine};
use pb_sample_platform::{AuthConfig, Fault, FaultKind, SamplePlatform};
use pb_secrets::Sensitive;

const N: usize = 500;
const CONCURRENCY: usize = 50;
const LATENCY_MS: u64 = 100;
const SEQUENTIAL_SAMPLE: usize = 25;

fn main() {
    let n: usize = std::env::var("PB_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(N);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let platform = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
        platform
            .set_faults(vec![Fault {
                path_prefix: "/api/health".into(),
                method: None,
                kind: FaultKind::Latency { ms: LATENCY_MS },
                times: None,
                after: None,
            }])
            .await;
        let engine = Engine::new();
        let connector = pb_connector::parse(presets::preset("generic-rest").unwrap())
            .unwrap()
            .connector;
        let ctx = CallContext {
            base_url: platform.base_url(),
            secrets: [("api_key".to_string(), Sensitive::new("demo-api-key".to_string()))].into(),
            ..Default::default()
        };
        let test = |_: usize| {
            let (engine, connector, ctx) = (&engine, &connector, &ctx);
            async move { diagnose::test_connector(engine, connector, ctx).await }
        };

        let started = Instant::now();
        let results = pb_validation::bulk::run_bulk((0..n).collect(), CONCURRENCY, test, |_, _| {}).await;
        let bulk = started.elapsed();
        let failed = results
            .iter()
            .filter(|t| t.status == diagnose::StageStatus::Failed)
            .count();
        assert_eq!(failed, 0, "every instance passes its test");

        let sample = SEQUENTIAL_SAMPLE.min(n);
        let started = Instant::now();
        for i in 0..sample {
            test(i).await;
        }
        let sequential = started.elapsed().mul_f64(n as f64 / sample as f64);

        let ideal = Duration::from_millis(n.div_ceil(CONCURRENCY) as u64 * LATENCY_MS);
        let ratio = bulk.as_secs_f64() / ideal.as_secs_f64();
        println!(
            "{}",
            serde_json::json!({
                "figure": format!("Bulk connection test, {n} instances, {LATENCY_MS} ms latency, concurrency {CONCURRENCY}"),
                "app": format!("{:.2} s", bulk.as_secs_f64()),
                "baseline": format!("ideal {:.2} s; sequential {:.1} s (from {sample}, scaled)", ideal.as_secs_f64(), sequential.as_secs_f64()),
                "ratio": (ratio * 1000.0).round() / 1000.0,
                "goal": "≤ 1.5× ideal",
                "met": ratio <= 1.5,
                "raw_ms": {"bulk": bulk.as_millis() as u64, "ideal": ideal.as_millis() as u64, "sequential_scaled": sequential.as_millis() as u64},
            })
        );
    });
}
