//! Engine overhead per operation versus a raw reqwest call to the same loopback
//! endpoint (issue goal: at most 1.2x). Both sides do the same work a hand-written
//! script would: one GET with an API key header, read the body, parse the JSON,
//! check a field. The engine adds templates, redaction, the exchange record and
//! the success rule; the connection is reused on both sides.
//!
//! `make bench` runs it and writes the ratio to bench/RESULTS.md.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use pb_connector::{CallContext, Engine, Operation};
use pb_sample_platform::{AuthConfig, SamplePlatform};
use pb_secrets::Sensitive;

const CONNECTOR: &str = "apiVersion: platformbuilder.dev/connector/v1
kind: http
auth: {type: api_key, header: X-API-Key, secret: api_key}
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

fn overhead(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let platform = rt
        .block_on(SamplePlatform::start(AuthConfig::demo(), 0))
        .unwrap();
    let url = format!("{}/api/health", platform.base_url());
    let engine = Engine::new();
    let connector = pb_connector::parse(CONNECTOR).unwrap().connector;
    let ctx = CallContext {
        base_url: platform.base_url(),
        secrets: [(
            "api_key".to_string(),
            Sensitive::new("demo-api-key".to_string()),
        )]
        .into(),
        ..Default::default()
    };
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();

    let mut group = c.benchmark_group("check_operation");
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("raw_reqwest", |b| {
        b.to_async(&rt).iter(|| async {
            let body = client
                .get(&url)
                .header("X-API-Key", "demo-api-key")
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            let v: serde_json::Value = serde_json::from_str(&body).unwrap();
            assert_eq!(v["status"], "ok");
        })
    });
    group.bench_function("engine", |b| {
        b.to_async(&rt).iter(|| async {
            let run = engine
                .run_connector(&connector, Operation::Check, &ctx)
                .await;
            assert!(run.outcome.is_ok());
        })
    });
    group.finish();
    drop(platform);
}

criterion_group!(benches, overhead);
criterion_main!(benches);
