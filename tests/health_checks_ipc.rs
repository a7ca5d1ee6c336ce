//! Scheduled health checks through the app's commands (mock runtime), against the
//! sample platform on 127.0.0.1 serving its expiring-soon certificate: the
//! certificate warning fires at the threshold and once a day, a change of health
//! notifies and a steady one does not, and each check lands in the history, the
//! instance's health and its uptime.

mod common;

use std::sync::{Arc, Mutex};

use common::{harness, GENERIC_REST};
use pb_registry::pb_health_checks::{Health, Notice};
use pb_sample_platform::tls::{ServerCertificate, TlsSetup};
use pb_sample_platform::{AuthConfig, SamplePlatform};
use platform_builder_lib::context::AppContext;
use serde_json::{json, Value};
use tauri::Manager;

/// Makes every instance due again, as if its last check were an hour ago.
fn an_hour_passes(ctx: &AppContext) {
    ctx.registry()
        .unwrap()
        .with_tx(|tx| {
            tx.execute(
                "UPDATE health_states SET checked_at_ms = checked_at_ms - 3600000",
                [],
            )?;
            Ok(())
        })
        .unwrap();
}

#[test]
fn checks_warn_of_the_certificate_at_the_threshold_and_notify_on_a_change() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sample = rt
        .block_on(SamplePlatform::start_tls(
            AuthConfig::demo(),
            0,
            TlsSetup {
                certificate: ServerCertificate::ExpiringSoon,
                require_client_certificate: false,
            },
        ))
        .unwrap();
    let h = harness();
    let ctx = h._app.state::<Arc<AppContext>>().inner().clone();
    let notices: Arc<Mutex<Vec<Notice>>> = Arc::default();
    let seen = Arc::clone(&notices);
    let _ = ctx.health.notifier.set(Arc::new(move |n: &Notice| {
        seen.lock().unwrap().push(n.clone())
    }));
    let taken = || std::mem::take(&mut *notices.lock().unwrap());

    let platform = h.platform_with_connector("EXPIRING", "Expiring", GENERIC_REST);
    let instance = h
        .call(
            "create_instance",
            json!({"platformId": platform["id"], "input": {
                "name": "prod", "environment": "prod", "endpoint": sample.base_url(),
                "tls": {"caBundlePem": sample.ca_pem(), "insecureSkipVerify": false}}}),
        )
        .unwrap();
    let id = instance["id"].as_str().unwrap().to_owned();
    h.call(
        "set_instance_credential",
        json!({"id": id, "secret": "demo-api-key"}),
    )
    .unwrap();

    // Off by default: nothing is due.
    assert_eq!(
        h.call("run_due_health_checks", json!({"wait": true}))
            .unwrap(),
        0
    );
    let err = h
        .call(
            "set_health_check_interval",
            json!({"platformId": platform["id"], "intervalMinutes": 7}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "validation");
    let schedule = h
        .call(
            "set_health_check_interval",
            json!({"platformId": platform["id"], "intervalMinutes": 5}),
        )
        .unwrap();
    assert_eq!(schedule["intervalMinutes"], 5);
    assert_eq!(schedule["dueNow"], true);

    // First check, with the threshold just below the certificate's days left.
    let first = h.call("get_health_checks", json!({})).unwrap();
    assert_eq!(first["settings"]["certificateWarningDays"], 30);
    let mut settings = first["settings"].clone();
    settings["certificateWarningDays"] = json!(1);
    h.call("set_health_check_settings", json!({"settings": settings}))
        .unwrap();
    assert_eq!(
        h.call("run_due_health_checks", json!({"wait": true}))
            .unwrap(),
        1
    );
    assert_eq!(taken(), [], "the first check is no change, 10 days > 1");
    let runs = h
        .call("list_test_runs", json!({"instanceId": id, "limit": 5}))
        .unwrap();
    assert_eq!(runs[0]["status"], "warning", "{runs}");
    let report = h
        .call("get_test_run", json!({"id": runs[0]["id"]}))
        .unwrap();
    let days_left = find_days_left(&report).expect("the TLS stage reports the certificate");
    assert!((8..=10).contains(&days_left), "{days_left}");

    // Not due again until the interval has passed.
    assert_eq!(
        h.call("run_due_health_checks", json!({"wait": true}))
            .unwrap(),
        0
    );

    // At the threshold: warned, once a day.
    settings["certificateWarningDays"] = json!(days_left);
    h.call("set_health_check_settings", json!({"settings": settings}))
        .unwrap();
    an_hour_passes(&ctx);
    assert_eq!(
        h.call("run_due_health_checks", json!({"wait": true}))
            .unwrap(),
        1
    );
    let warned = taken();
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(
        matches!(&warned[0], Notice::CertificateExpiring { days_left: d, .. } if *d == days_left)
    );
    assert_eq!(
        warned[0].title(),
        format!("prod (Expiring): the certificate expires in {days_left} days")
    );
    an_hour_passes(&ctx);
    assert_eq!(
        h.call("run_due_health_checks", json!({"wait": true}))
            .unwrap(),
        1
    );
    assert_eq!(taken(), [], "warned already today");

    // The platform goes away: down, notified once; staying down is no news.
    drop(sample);
    drop(rt);
    an_hour_passes(&ctx);
    assert_eq!(
        h.call("run_due_health_checks", json!({"wait": true}))
            .unwrap(),
        1
    );
    let down = taken();
    assert_eq!(down.len(), 1, "{down:?}");
    match &down[0] {
        Notice::HealthChanged { transition, .. } => {
            assert_eq!((transition.from, transition.to), (Health::Up, Health::Down))
        }
        other => panic!("unexpected {other:?}"),
    }
    an_hour_passes(&ctx);
    assert_eq!(
        h.call("run_due_health_checks", json!({"wait": true}))
            .unwrap(),
        1
    );
    assert_eq!(taken(), []);

    // The instance page's figures come from those checks.
    let uptime = h.call("get_instance_uptime", json!({"id": id})).unwrap();
    assert_eq!(uptime["state"]["health"], "down");
    assert_eq!(uptime["intervalMinutes"], 5);
    assert_eq!(uptime["windows"][0]["checks"], 5);
    assert_eq!(uptime["windows"][0]["failures"], 2);
    let overview = h.call("get_health_checks", json!({})).unwrap();
    assert_eq!(overview["scheduler"]["checksRun"], 5);
    assert_eq!(overview["scheduler"]["checksFailed"], 2);
    assert_eq!(overview["platforms"][0]["down"], 1);
    // And the change history has the schedule, never a secret.
    let history = h
        .call("export_change_history", json!({"query": {}}))
        .unwrap();
    let text = history.as_str().unwrap();
    assert!(text.contains("healthCheckMinutes"), "{text}");
    assert!(!text.contains("demo-api-key"));
}

fn find_days_left(report: &Value) -> Option<i64> {
    report["report"]["stages"]
        .as_array()
        .or_else(|| report["stages"].as_array())?
        .iter()
        .find_map(|s| s["certificate"]["daysToExpiry"].as_i64())
}
