//! Storage of the scheduled health checks over a real SQLite file: intervals (with
//! their change-history entry), health and its changes, uptime from the stored
//! samples, per-kind history retention, and the migration of stored tests.

use pb_registry::history::NewTestRun;
use pb_registry::pb_change_history::{HistoryQuery, RecordKind};
use pb_registry::pb_health_checks::{Clock, Health, SystemClock, Transition};
use pb_registry::{InstanceInput, PlatformInput, Registry};
use serde_json::Value;

const H: u64 = 3_600_000;
const NOW: u64 = 1_795_000_000_000;

fn setup() -> (tempfile::TempDir, Registry, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let reg = Registry::open(&dir.path().join("registry.db")).unwrap();
    let platform = reg
        .create_platform(&PlatformInput {
            name: "Brokers".into(),
            type_id: "GENERIC-REST".into(),
            ..Default::default()
        })
        .unwrap();
    let instance = reg
        .create_instance(
            &platform.id,
            &InstanceInput {
                name: "prod".into(),
                environment: "prod".into(),
                endpoint: "https://prod.example.com".into(),
                ..Default::default()
            },
        )
        .unwrap();
    (dir, reg, platform.id, instance.id)
}

fn check(reg: &Registry, id: &str, status: &str, at_ms: u64) -> Option<Transition> {
    reg.record_check(
        NewTestRun {
            instance_id: id,
            kind: "connection_test",
            status,
            started_at_ms: at_ms,
            duration_ms: 40,
            summary: format!("{status} at {at_ms}"),
            report: &Value::Null,
            connector_version: None,
        },
        true,
    )
    .unwrap()
    .1
    .transition
}

#[test]
fn health_moves_only_on_a_change_and_keeps_when_it_began() {
    let (_dir, reg, _, id) = setup();
    assert_eq!(
        check(&reg, &id, "ok", NOW),
        None,
        "the first check is no change"
    );
    assert_eq!(check(&reg, &id, "warning", NOW + H), None);
    let down = check(&reg, &id, "failed", NOW + 2 * H);
    assert_eq!(
        down,
        Some(Transition {
            from: Health::Up,
            to: Health::Down
        })
    );
    assert_eq!(check(&reg, &id, "failed", NOW + 3 * H), None);
    let state = reg.health_state(&id).unwrap().unwrap();
    assert_eq!(
        (state.health, state.since_ms, state.checked_at_ms),
        (Health::Down, NOW + 2 * H, NOW + 3 * H)
    );
    // A test that started before the newest one does not move the health back.
    assert_eq!(check(&reg, &id, "ok", NOW + 2 * H + 1), None);
    assert_eq!(reg.health_state(&id).unwrap().unwrap().health, Health::Down);
    let up = check(&reg, &id, "ok", NOW + 4 * H);
    assert_eq!(up.map(|t| t.to), Some(Health::Up));
    // A manual test (record_test_run) is a check too.
    reg.record_test_run(NewTestRun {
        instance_id: &id,
        kind: "connection_test",
        status: "failed",
        started_at_ms: NOW + 5 * H,
        duration_ms: 10,
        summary: "by hand".into(),
        report: &Value::Null,
        connector_version: None,
    })
    .unwrap();
    assert_eq!(reg.health_state(&id).unwrap().unwrap().health, Health::Down);
}

#[test]
fn an_interval_is_one_of_the_offered_and_its_change_is_recorded() {
    let (_dir, reg, platform, _) = setup();
    let before = reg
        .change_history(&HistoryQuery::default())
        .unwrap()
        .entries
        .len();
    let err = reg
        .set_health_check_interval(&platform, Some(7))
        .unwrap_err();
    assert_eq!(err.code(), "validation");
    assert!(err.to_string().contains("5, 15, 30, 60"), "{err}");
    assert!(
        reg.scheduled_instances().unwrap().is_empty(),
        "nothing saved"
    );

    let schedule = reg.set_health_check_interval(&platform, Some(15)).unwrap();
    assert_eq!(
        (schedule.interval_minutes, schedule.instances),
        (Some(15), 1)
    );
    let scheduled = reg.scheduled_instances().unwrap();
    assert_eq!(scheduled.len(), 1);
    assert_eq!(scheduled[0].interval_ms, 15 * 60_000);
    assert_eq!(scheduled[0].instance, "prod (Brokers)");
    assert_eq!(scheduled[0].last_check_ms, None);

    let entries = reg
        .change_history(&HistoryQuery::default())
        .unwrap()
        .entries;
    assert_eq!(entries.len(), before + 1);
    let entry = &entries[0];
    assert_eq!(entry.kind, RecordKind::Platform);
    let change = entry
        .changes
        .iter()
        .find(|c| c.field == "healthCheckMinutes")
        .unwrap();
    assert_eq!(change.after, Some(serde_json::json!(15)));

    reg.set_health_check_interval(&platform, None).unwrap();
    assert!(reg.scheduled_instances().unwrap().is_empty());
    let schedules = reg.health_check_schedules().unwrap();
    assert_eq!(schedules[0].interval_minutes, None);
}

#[test]
fn uptime_comes_from_the_stored_checks() {
    let (_dir, reg, platform, id) = setup();
    reg.set_health_check_interval(&platform, Some(60)).unwrap();
    // Up for a day, then down for the last 6 hours.
    for h in 0..24 {
        let status = if h >= 18 { "failed" } else { "ok" };
        check(&reg, &id, status, NOW - (24 - h) * H);
    }
    let uptime = reg.instance_uptime(&id, NOW).unwrap();
    assert_eq!(uptime.interval_minutes, Some(60));
    let day = &uptime.windows[0];
    assert_eq!(
        (day.label.as_str(), day.checks, day.failures),
        ("24h", 24, 6)
    );
    assert_eq!(day.uptime_percent, Some(75.0));
    assert_eq!(day.samples.len(), 24);
    assert_eq!(uptime.state.unwrap().health, Health::Down);
    let month = &uptime.windows[2];
    assert_eq!((month.label.as_str(), month.checks), ("30d", 24));
}

#[test]
fn scheduled_checks_do_not_push_validation_runs_out_of_the_history() {
    let (_dir, reg, _, id) = setup();
    reg.record_test_run(NewTestRun {
        instance_id: &id,
        kind: "validation",
        status: "passed",
        started_at_ms: SystemClock.now_ms(),
        duration_ms: 900,
        summary: "12 steps passed".into(),
        report: &Value::Null,
        connector_version: None,
    })
    .unwrap();
    let now = SystemClock.now_ms();
    for i in 0..60 {
        check(&reg, &id, "ok", now + i * 1000);
    }
    let runs = reg.list_test_runs(&id, 500).unwrap();
    assert_eq!(runs.iter().filter(|r| r.kind == "validation").count(), 1);
    assert_eq!(
        runs.iter().filter(|r| r.kind == "connection_test").count(),
        50
    );
}

#[test]
fn a_database_of_the_previous_schema_keeps_its_tests_as_samples() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.db");
    let id;
    {
        let reg = Registry::open(&path).unwrap();
        let platform = reg
            .create_platform(&PlatformInput {
                name: "Old".into(),
                type_id: "GENERIC-REST".into(),
                ..Default::default()
            })
            .unwrap();
        id = reg
            .create_instance(
                &platform.id,
                &InstanceInput {
                    name: "prod".into(),
                    environment: "prod".into(),
                    endpoint: "https://old.example.com".into(),
                    ..Default::default()
                },
            )
            .unwrap()
            .id;
    }
    {
        // Back to schema 11 with two stored tests, as an older build left it
        // (without what schema 13 added, too).
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TRIGGER locations_generation_update; DROP TABLE landing_zones;
             DROP TABLE locations; ALTER TABLE platforms DROP COLUMN publication;
             ALTER TABLE platforms DROP COLUMN restricted_to;
             ALTER TABLE platforms DROP COLUMN restriction;
             DROP TABLE check_samples; DROP TABLE health_states;
             DROP TABLE health_check_schedules; PRAGMA user_version = 11;",
        )
        .unwrap();
        for (n, (status, at)) in [
            ("ok", "2026-11-01T09:00:00.000Z"),
            ("ok", "2026-11-01T10:00:00.000Z"),
            ("failed", "2026-11-01T10:30:00.000Z"),
            ("failed", "2026-11-01T11:00:00.000Z"),
        ]
        .iter()
        .enumerate()
        {
            conn.execute(
                "INSERT INTO test_runs (id, instance_id, kind, status, started_at, finished_at,
                     duration_ms, summary, report)
                 VALUES (?1, ?2, 'connection_test', ?3, ?4, ?4, 25, 's', 'null')",
                rusqlite::params![format!("run-{n}"), id, status, at],
            )
            .unwrap();
        }
    }
    let reg = Registry::open(&path).unwrap();
    assert_eq!(
        reg.schema_version().unwrap(),
        pb_registry::migrate::latest_version()
    );
    let state = reg.health_state(&id).unwrap().unwrap();
    // Down since the first failed test (10:30), last checked at 11:00.
    const ELEVEN: u64 = 1_793_530_800_000;
    assert_eq!(
        (state.health, state.since_ms, state.checked_at_ms),
        (Health::Down, ELEVEN - H / 2, ELEVEN)
    );
    // Up 09:00-10:30, down 10:30-12:00.
    let uptime = reg.instance_uptime(&id, ELEVEN + H).unwrap();
    assert_eq!(uptime.windows[0].checks, 4);
    assert_eq!(uptime.windows[0].uptime_percent, Some(50.0));
}
