//! Strict or lenient validation per platform, in a real SQLite file: saved and read
//! back, bad known deviations refused field by field (nothing saved), and a
//! database of the previous schema migrated with every setting kept (strict).

use pb_registry::validation_settings::ValidationSettings;
use pb_registry::{PlatformInput, Registry};
use pb_validation::{KnownDeviation, RoleMapping, Strictness};

fn platform(reg: &Registry) -> String {
    reg.create_platform(&PlatformInput {
        name: "Brokers".into(),
        type_id: "GENERIC-REST".into(),
        ..Default::default()
    })
    .unwrap()
    .id
}

fn lenient() -> ValidationSettings {
    ValidationSettings {
        role_mappings: vec![RoleMapping {
            project_role: "member".into(),
            platform_role: "developer".into(),
        }],
        strictness: Strictness::Lenient,
        known_deviations: vec![KnownDeviation {
            step: "duplicate create".into(),
            reason: "names are unique per region only".into(),
        }],
        ..Default::default()
    }
}

#[test]
fn lenient_settings_are_kept_and_feed_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.db");
    let reg = Registry::open(&path).unwrap();
    let id = platform(&reg);
    assert_eq!(
        reg.validation_settings(&id).unwrap().strictness,
        Strictness::Strict
    );
    reg.set_validation_settings(&id, &lenient()).unwrap();
    drop(reg);
    let reg = Registry::open(&path).unwrap();
    assert_eq!(reg.validation_settings(&id).unwrap(), lenient());
}

#[test]
fn bad_known_deviations_are_field_errors_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let reg = Registry::open(&dir.path().join("registry.db")).unwrap();
    let id = platform(&reg);
    let mut bad = lenient();
    bad.known_deviations = vec![
        KnownDeviation {
            step: "create tenant".into(),
            reason: "never works".into(),
        },
        KnownDeviation {
            step: "duplicate create".into(),
            reason: " ".into(),
        },
        KnownDeviation {
            step: "duplicate create".into(),
            reason: "twice".into(),
        },
    ];
    let e = reg.set_validation_settings(&id, &bad).unwrap_err();
    let fields: Vec<(String, String)> = match e {
        pb_registry::RegistryError::Validation(f) => {
            f.into_iter().map(|f| (f.field, f.message)).collect()
        }
        other => panic!("{other}"),
    };
    let named: Vec<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        named,
        [
            "knownDeviations.0.step",
            "knownDeviations.1.reason",
            "knownDeviations.2.step"
        ],
        "{fields:?}"
    );
    assert!(fields[0].1.contains("credential refused"), "{fields:?}");
    assert_eq!(
        reg.validation_settings(&id).unwrap(),
        ValidationSettings::default()
    );
}

#[test]
fn a_database_of_the_previous_schema_keeps_its_settings_and_is_strict() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.db");
    let reg = Registry::open(&path).unwrap();
    let id = platform(&reg);
    let mut saved = lenient();
    saved.strictness = Strictness::Strict;
    saved.known_deviations.clear();
    reg.set_validation_settings(&id, &saved).unwrap();
    drop(reg);
    // Back to schema 9: the table as it was before strictness existed.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TRIGGER locations_generation_update;
         DROP TABLE landing_zones;
         DROP TABLE locations;
         ALTER TABLE platforms DROP COLUMN publication;
         ALTER TABLE platforms DROP COLUMN restricted_to;
         ALTER TABLE platforms DROP COLUMN restriction;
         DROP TABLE check_samples;
         DROP TABLE health_states;
         DROP TABLE health_check_schedules;
         DROP TABLE change_history;
         DROP TABLE connector_versions;
         ALTER TABLE test_runs DROP COLUMN connector_version;
         ALTER TABLE instances DROP COLUMN last_validation_status;
         ALTER TABLE instances DROP COLUMN last_validation_at;
         ALTER TABLE instances DROP COLUMN last_validation_connector;
         ALTER TABLE platform_validation DROP COLUMN strictness;
         ALTER TABLE platform_validation DROP COLUMN known_deviations;
         PRAGMA user_version = 9;",
    )
    .unwrap();
    drop(conn);

    let reg = Registry::open(&path).unwrap();
    assert_eq!(reg.validation_settings(&id).unwrap(), saved);
    let plan = reg.validation_plan_for(&id, "dev").unwrap();
    assert_eq!(plan.strictness, Strictness::Strict);
    assert_eq!(plan.role_mappings, saved.role_mappings);
}
