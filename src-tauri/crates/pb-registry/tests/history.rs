//! Validation settings and test-run history in a real SQLite file.

use pb_registry::history::{HistoryRetention, NewTestRun};
use pb_registry::validation_settings::ValidationSettings;
use pb_registry::{InstanceInput, PlatformInput, Registry};
use pb_validation::{NamingConvention, QuotaDefinition, RoleMapping};
use serde_json::json;

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
                name: "dev".into(),
                environment: "dev".into(),
                endpoint: "https://brokers.example.com".into(),
                tls: None,
                field_values: None,
            },
        )
        .unwrap();
    (dir, reg, platform.id, instance.id)
}

fn record(reg: &Registry, instance: &str, at_ms: u64, status: &str) {
    let report = json!({"status": status});
    reg.record_test_run(NewTestRun {
        instance_id: instance,
        kind: "validation",
        status,
        started_at_ms: at_ms,
        duration_ms: 1200,
        summary: format!("{status} run"),
        report: &report,
        connector_version: None,
    })
    .unwrap();
}

#[test]
fn runs_are_kept_newest_first_and_pruned_by_count_and_age() {
    let (_dir, reg, _, instance) = setup();
    let now = chrono::Utc::now().timestamp_millis() as u64;
    reg.set_history_retention(HistoryRetention {
        keep: 3,
        max_age_days: 30,
    })
    .unwrap();
    // One far too old, then five recent ones.
    record(&reg, &instance, now - 40 * 86_400_000, "failed");
    for i in 0..5u64 {
        let status = if i == 4 { "passed" } else { "failed" };
        record(&reg, &instance, now - 1000 * (5 - i), status);
    }
    let runs = reg.list_test_runs(&instance, 100).unwrap();
    assert_eq!(runs.len(), 3, "{runs:?}");
    // The newest run is the instance's status.
    let last = reg.instance(&instance).unwrap().last_test.unwrap();
    assert_eq!(
        (last.kind.as_str(), last.status.as_str()),
        ("validation", "passed")
    );
    assert_eq!(last.summary, "passed run");
    assert_eq!(runs[0].status, "passed", "newest first");
    assert!(runs[0].started_at > runs[1].started_at);
    assert_eq!(runs[0].duration_ms, 1200);
    let (stored, report) = reg.test_run(&runs[0].id).unwrap();
    assert_eq!(stored, runs[0]);
    assert_eq!(report, json!({"status": "passed"}));

    // A shorter retention applies at once, without a new run.
    reg.set_history_retention(HistoryRetention {
        keep: 1,
        max_age_days: 30,
    })
    .unwrap();
    assert_eq!(reg.list_test_runs(&instance, 100).unwrap().len(), 1);
    reg.set_history_retention(HistoryRetention {
        keep: 3,
        max_age_days: 30,
    })
    .unwrap();

    let err = reg
        .set_history_retention(HistoryRetention {
            keep: 0,
            max_age_days: 0,
        })
        .unwrap_err();
    let fields: Vec<_> = err
        .field_errors()
        .iter()
        .map(|f| f.field.as_str())
        .collect();
    assert_eq!(fields, ["keep", "maxAgeDays"]);
    assert_eq!(reg.history_retention().unwrap().keep, 3, "nothing saved");
    let runs = reg.list_test_runs(&instance, 100).unwrap();

    // Deleting the instance deletes its history.
    reg.delete_instance(&pb_secrets::MemoryStore::new(), "svc", &instance)
        .unwrap();
    assert_eq!(reg.test_run(&runs[0].id).unwrap_err().code(), "not_found");
}

#[test]
fn validation_settings_round_trip_and_bad_ones_are_field_errors() {
    let (_dir, reg, platform, instance) = setup();
    assert_eq!(
        reg.validation_settings(&platform).unwrap(),
        ValidationSettings::default()
    );
    let good = ValidationSettings {
        naming: NamingConvention {
            template: "{prefix}-{environment}-{suffix}".into(),
            pattern: "^[a-z][a-z0-9-]+$".into(),
            prefix: "acme".into(),
        },
        role_mappings: vec![RoleMapping {
            project_role: "member".into(),
            platform_role: "developer".into(),
        }],
        quotas: vec![QuotaDefinition {
            key: "requests.cpu".into(),
            label: "CPU".into(),
            unit: "cores".into(),
            min: 1.0,
            max: 64.0,
            default: 8.0,
            ..Default::default()
        }],
        ..Default::default()
    };
    reg.set_validation_settings(&platform, &good).unwrap();
    assert_eq!(reg.validation_settings(&platform).unwrap(), good);
    let plan = reg.validation_plan(&instance).unwrap();
    assert_eq!(plan.environment, "dev");
    assert_eq!(
        plan.naming.render("validation", "x1", &plan.environment),
        "acme-dev-x1"
    );

    let mut bad = good.clone();
    bad.naming.pattern = "^[A-Z]+$".into();
    bad.role_mappings.push(RoleMapping {
        project_role: "owner".into(),
        platform_role: "".into(),
    });
    bad.quotas[0].default = 100.0;
    let err = reg.set_validation_settings(&platform, &bad).unwrap_err();
    let fields: Vec<_> = err
        .field_errors()
        .iter()
        .map(|f| f.field.as_str())
        .collect();
    assert_eq!(
        fields,
        [
            "naming.template",
            "roleMappings.1.projectRole",
            "roleMappings.1.platformRole",
            "quotas.0.default"
        ]
    );
    assert_eq!(
        reg.validation_settings(&platform).unwrap(),
        good,
        "nothing saved"
    );
}
