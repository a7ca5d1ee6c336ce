//! The PostgreSQL preset, proven the way a preset counts as working: the whole
//! validation suite through the engine's exec connector against a real PostgreSQL
//! 15 cluster (Debian's `postgresql`) started by the test on 127.0.0.1 — the quota
//! really enforced, nothing left behind. Plus bad input through the engine: a
//! wrong password, a program that prints garbage, one that hangs.

use std::time::{Duration, Instant};

use pb_connector::{CallContext, Engine, ErrorClass, Operation};
use pb_real_platforms::postgres::Postgres;
use pb_real_platforms::setups;
use pb_real_platforms::suite::{assert_whole_suite_passed, run_whole_suite};
use pb_secrets::Sensitive;

const PROGRAM: &str = env!("CARGO_BIN_EXE_pb-connector-postgresql");

fn psql(pg: &Postgres, sql: &str) -> String {
    let out = std::process::Command::new("psql")
        .args([
            "-X",
            "-A",
            "-t",
            "-h",
            pg.host(),
            "-U",
            Postgres::ADMIN_USER,
            "-d",
            "postgres",
        ])
        .arg("-p")
        .arg(pg.port().to_string())
        .args(["-c", sql])
        .env("PGPASSWORD", Postgres::ADMIN_PASSWORD)
        .output()
        .expect("psql runs");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_postgresql_preset_passes_the_whole_suite_against_postgresql() {
    let pg = tokio::task::spawn_blocking(Postgres::start)
        .await
        .unwrap()
        .unwrap_or_else(|e| panic!("{e}"));
    let setup = setups::postgres(&pg, PROGRAM);
    let (connector, run) = run_whole_suite(&setup.connector_text, &setup.ctx, &setup.plan).await;
    let table = assert_whole_suite_passed(&run, &setup.skips());
    println!("{table}");
    let probe = run
        .steps
        .iter()
        .find(|s| s.name == "quota enforced Connections (connections)")
        .unwrap();
    assert!(probe.message.starts_with("enforced"), "{table}");
    // Nothing left on the server: no validation database, no validation role.
    let tenant = run.tenant_name.clone().unwrap();
    assert_eq!(
        psql(
            &pg,
            &format!("select count(*) from pg_database where datname = '{tenant}'")
        ),
        "0"
    );
    assert_eq!(
        psql(&pg, "select count(*) from pg_roles where rolname like 'pb-validation-%' or rolname like 'pb_probe_%'"),
        "0"
    );
    // The admin password and the user's generated password never show.
    let recorded = serde_json::to_string(&run).unwrap();
    assert!(!recorded.contains(Postgres::ADMIN_PASSWORD));
    let add = run.steps.iter().find(|s| s.name == "add user").unwrap();
    assert!(add.exchanges[0]
        .request_body
        .as_deref()
        .unwrap()
        .contains("\"password\":\"*****\""));

    // list_tenants and the sweep: only the convention's leftover goes.
    let pages =
        pb_real_platforms::sweep::assert_sweeps_only_leftovers(&connector, &setup.ctx, &setup.plan)
            .await;
    println!("listed in {pages} page(s); the leftover swept, the near miss kept");

    // A wrong admin password: an authentication error, with PostgreSQL's message.
    let mut wrong = setup.ctx.clone();
    wrong
        .secrets
        .insert("password".into(), Sensitive::new("not-the-password".into()));
    let refused = Engine::new()
        .run_connector(&connector, Operation::Check, &wrong)
        .await;
    let e = refused.outcome.unwrap_err();
    assert_eq!(e.class(), ErrorClass::Authentication, "{e}");
    assert!(
        e.to_string().contains("password authentication failed"),
        "{e}"
    );
    assert!(!e.to_string().contains("not-the-password"));
}

/// An exec program that misbehaves is a classified error within its timeout.
#[tokio::test]
async fn garbage_and_hanging_programs_are_classified_within_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let script = |name: &str, body: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        path.display().to_string()
    };
    let connector = |program: String, timeout_ms: u64| {
        pb_connector::parse(&format!(
            "apiVersion: platformbuilder.dev/connector/v1\nkind: exec\ncommand: [\"{program}\"]\ntimeoutMs: {timeout_ms}\noperations: [check]\n"
        ))
        .unwrap()
        .connector
    };
    let engine = Engine::new();
    // The test wrote these programs itself.
    let ctx = CallContext {
        exec_trust: pb_connector::exec_trust::ExecTrust::Every,
        ..Default::default()
    };
    let garbage = engine
        .run_connector(
            &connector(script("garbage", "echo 'NOTICE: hello {'"), 5000),
            Operation::Check,
            &ctx,
        )
        .await;
    assert_eq!(garbage.outcome.unwrap_err().code(), "invalid_body");

    let started = Instant::now();
    let hang = engine
        .run_connector(
            &connector(script("hang", "exec sleep 30"), 500),
            Operation::Check,
            &ctx,
        )
        .await;
    assert_eq!(hang.outcome.unwrap_err().code(), "timeout");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}
