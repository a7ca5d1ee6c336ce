//! The change history over a real SQLite file: a change through the app's
//! operations, through `platformctl` (an import) and through a provisioning folder
//! each leave exactly one entry with the right field diff; a change that fails
//! leaves none; a credential appears only as a fact and a version; filters; and
//! connector versions with their diff and roll back.

use std::path::Path;

use pb_registry::pb_change_history::{
    ChangeAction, ChangeEntry, ChangeRetention, HistoryQuery, RecordKind, RowKind, Via,
};
use pb_registry::{definitions, InstanceInput, PlatformInput, PlatformTypeInput, Registry};
use pb_secrets::MemoryStore;
use serde_json::json;

const SERVICE: &str = "dev.platformbuilder.test";
const CANARY: &str = "canary-5e0c1d7a-history";

/// Every entry but the location records a platform's bare location creates on the
/// way (tests/offering.rs covers those).
fn all(reg: &Registry) -> Vec<ChangeEntry> {
    reg.change_history(&HistoryQuery::default())
        .unwrap()
        .entries
        .into_iter()
        .filter(|e| e.kind != RecordKind::Location)
        .collect()
}

fn platform(name: &str) -> PlatformInput {
    PlatformInput {
        name: name.into(),
        description: "Shared brokers".into(),
        type_id: "GENERIC-REST".into(),
        location: "eu-west".into(),
        ..Default::default()
    }
}

fn field<'a>(
    entry: &'a ChangeEntry,
    name: &str,
) -> &'a pb_registry::pb_change_history::FieldChange {
    entry
        .changes
        .iter()
        .find(|c| c.field == name)
        .unwrap_or_else(|| panic!("no change of {name} in {entry:?}"))
}

#[test]
fn a_change_through_the_app_leaves_one_entry_and_a_failed_one_none() {
    let dir = tempfile::tempdir().unwrap();
    let reg = Registry::open(&dir.path().join("registry.db")).unwrap();
    let created = reg.create_platform(&platform("Brokers")).unwrap();
    let entries = all(&reg);
    assert_eq!(entries.len(), 1);
    let e = &entries[0];
    assert_eq!(
        (e.kind, e.action, e.via, e.record.as_str()),
        (
            RecordKind::Platform,
            ChangeAction::Created,
            Via::App,
            "Brokers"
        )
    );
    assert_eq!(e.platform_id.as_deref(), Some(created.id.as_str()));
    assert!(!e.user.is_empty());
    assert_eq!(field(e, "location").after, Some(json!("eu-west")));

    let mut edit = platform("Brokers");
    edit.description = "Brokers for every team".into();
    reg.update_platform(&created.id, &edit).unwrap();
    let entries = all(&reg);
    assert_eq!(entries.len(), 2, "exactly one more entry");
    let e = &entries[0];
    assert_eq!(
        (e.kind, e.action),
        (RecordKind::Platform, ChangeAction::Updated)
    );
    assert_eq!(e.changes.len(), 1, "{:?}", e.changes);
    assert_eq!(
        field(e, "description").before,
        Some(json!("Shared brokers"))
    );
    assert_eq!(
        field(e, "description").after,
        Some(json!("Brokers for every team"))
    );

    // Saving the same again changes nothing and records nothing.
    reg.update_platform(&created.id, &edit).unwrap();
    assert_eq!(all(&reg).len(), 2);

    // A change that fails (a name taken, a bad type) leaves no entry.
    reg.create_platform(&platform("Queues")).unwrap();
    let mut taken = platform("Brokers");
    taken.description = "other".into();
    let queues = reg
        .list_platforms()
        .unwrap()
        .into_iter()
        .find(|p| p.name == "Queues")
        .unwrap();
    assert!(reg.update_platform(&queues.id, &taken).is_err());
    let mut bad_type = platform("Queues");
    bad_type.type_id = "NO-SUCH-TYPE".into();
    assert!(reg.update_platform(&queues.id, &bad_type).is_err());
    assert_eq!(all(&reg).len(), 3, "only the create of Queues was added");

    // Deleting a platform records it and each of its instances.
    let prod = reg
        .create_instance(
            &created.id,
            &InstanceInput {
                name: "prod".into(),
                environment: "prod".into(),
                endpoint: "https://prod.example.com".into(),
                ..Default::default()
            },
        )
        .unwrap();
    reg.delete_platform(&MemoryStore::new(), SERVICE, &created.id)
        .unwrap();
    let entries = all(&reg);
    let deleted: Vec<_> = entries
        .iter()
        .filter(|e| e.action == ChangeAction::Deleted)
        .map(|e| (e.kind, e.record_id.clone()))
        .collect();
    assert_eq!(deleted.len(), 2);
    assert!(deleted.contains(&(RecordKind::Platform, created.id.clone())));
    assert!(deleted.contains(&(RecordKind::Instance, prod.id.clone())));
    // The history outlives the platform, and its filter still finds the entries.
    let of_platform = reg
        .change_history(&HistoryQuery {
            platform_id: Some(created.id.clone()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(of_platform.total, 5, "{:?}", of_platform.entries);
}

#[test]
fn a_credential_is_recorded_as_a_fact_and_a_version_never_its_value() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.db");
    let reg = Registry::open(&path).unwrap();
    let store = MemoryStore::new();
    let p = reg.create_platform(&platform("Brokers")).unwrap();
    let i = reg
        .create_instance(
            &p.id,
            &InstanceInput {
                name: "prod".into(),
                environment: "prod".into(),
                endpoint: "https://prod.example.com".into(),
                ..Default::default()
            },
        )
        .unwrap();
    reg.set_credential(&store, SERVICE, &i.id, &CANARY.to_owned().into())
        .unwrap();
    reg.set_credential(&store, SERVICE, &i.id, &format!("{CANARY}-2").into())
        .unwrap();
    reg.remove_credential(&store, SERVICE, &i.id).unwrap();
    let credential: Vec<_> = all(&reg)
        .into_iter()
        .filter(|e| e.kind == RecordKind::Credential)
        .collect();
    assert_eq!(credential.len(), 3);
    let rotated = &credential[1];
    assert_eq!(rotated.record, "credential of prod (Brokers)");
    assert_eq!(field(rotated, "version").before, Some(json!(1)));
    assert_eq!(field(rotated, "version").after, Some(json!(2)));
    let value = field(rotated, "value");
    assert!(value.secret && value.before.is_none() && value.after.is_none());
    assert_eq!(
        field(&credential[0], "configured").after,
        Some(json!(false))
    );

    // Neither the table, the export nor the file holds the secret.
    let export = reg.export_change_history(&HistoryQuery::default()).unwrap();
    assert!(!export.contains(CANARY));
    let every = reg.change_history(&HistoryQuery::default()).unwrap().total;
    assert_eq!(export.lines().count() as u32, every);
    drop(reg);
    for file in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(file.unwrap().path()).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains(CANARY));
    }
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

const BILLING: &str = "apiVersion: platformbuilder.dev/v1
kind: Platform
metadata:
  name: billing
  version: 1
spec:
  displayName: Billing
  type: GENERIC-REST
  description: Invoices
";

#[test]
fn provisioning_and_platformctl_changes_name_their_source() {
    let dir = tempfile::tempdir().unwrap();
    let store = MemoryStore::new();
    let reg = Registry::open(&dir.path().join("registry.db")).unwrap();
    let folder = dir.path().join("provisioning");
    std::fs::create_dir(&folder).unwrap();
    write(&folder, "billing.yaml", BILLING);
    let target = definitions::SecretTarget {
        store: &store,
        service: SERVICE,
    };
    let first = definitions::provision(&reg, &target, &folder, false);
    assert!(first.problems.is_empty(), "{first:?}");
    let entries = all(&reg);
    assert_eq!(entries.len(), 1, "{entries:?}");
    let folder_name = folder.display().to_string();
    assert_eq!(
        (entries[0].via, entries[0].source.as_deref()),
        (Via::Provisioning, Some(folder_name.as_str()))
    );

    // An unchanged folder at the next start records nothing; one changed field
    // records exactly one entry with that field.
    definitions::provision(&reg, &target, &folder, false);
    assert_eq!(all(&reg).len(), 1);
    let changed = BILLING
        .replace("version: 1", "version: 2")
        .replace("Invoices", "Invoices and payments");
    write(&folder, "billing.yaml", &changed);
    definitions::provision(&reg, &target, &folder, false);
    let entries = all(&reg);
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert_eq!(entries[0].via, Via::Provisioning);
    assert_eq!(entries[0].changes.len(), 1, "{:?}", entries[0].changes);
    assert_eq!(
        field(&entries[0], "description").after,
        Some(json!("Invoices and payments"))
    );

    // An import by platformctl: via platformctl, the files named.
    reg.set_via(Via::Platformctl);
    let file = dir.path().join("queues.yaml");
    write(
        dir.path(),
        "queues.yaml",
        &BILLING
            .replace("billing", "queues")
            .replace("Billing", "Queues"),
    );
    definitions::import(&reg, &target, std::slice::from_ref(&file), false).unwrap();
    let e = &all(&reg)[0];
    assert_eq!((e.via, e.record.as_str()), (Via::Platformctl, "Queues"));
    assert_eq!(
        e.source.as_deref(),
        Some(file.display().to_string().as_str())
    );
    // A dry run records nothing.
    definitions::import(&reg, &target, &[file], true).unwrap();
    assert_eq!(all(&reg).len(), 3);
}

#[test]
fn filters_by_kind_record_and_date_and_bad_dates_are_field_errors() {
    let reg = Registry::open_in_memory().unwrap();
    reg.create_platform(&platform("Brokers")).unwrap();
    reg.create_platform(&platform("Queues")).unwrap();
    reg.create_platform_type(&PlatformTypeInput {
        identifier: "EVENTS".into(),
        display_name: "Event streaming".into(),
        description: String::new(),
        icon: "server".into(),
        default_endpoint: None,
    })
    .unwrap();
    let q = |query: HistoryQuery| reg.change_history(&query).unwrap();
    let types = q(HistoryQuery {
        kind: Some(RecordKind::PlatformType),
        ..Default::default()
    });
    assert_eq!(types.total, 1);
    let queues = q(HistoryQuery {
        record: Some("queu".into()),
        ..Default::default()
    });
    assert_eq!(
        (queues.total, queues.entries[0].record.as_str()),
        (1, "Queues")
    );
    // A LIKE wildcard typed in the filter is plain text.
    assert_eq!(
        q(HistoryQuery {
            record: Some("%".into()),
            ..Default::default()
        })
        .total,
        0
    );
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let on_today = q(HistoryQuery {
        from: Some(today.clone()),
        to: Some(today.clone()),
        ..Default::default()
    });
    // Two platforms, their type and the location the first one created.
    assert_eq!(on_today.total, 4);
    let before = q(HistoryQuery {
        to: Some("2020-01-01".into()),
        ..Default::default()
    });
    assert_eq!(before.total, 0);
    let page = q(HistoryQuery {
        limit: Some(2),
        offset: Some(2),
        ..Default::default()
    });
    assert_eq!((page.total, page.entries.len()), (4, 2));

    let err = reg
        .change_history(&HistoryQuery {
            from: Some("yesterday".into()),
            to: Some("2020-01-01".into()),
            ..Default::default()
        })
        .unwrap_err();
    let fields: Vec<_> = err
        .field_errors()
        .iter()
        .map(|e| e.field.as_str())
        .collect();
    assert_eq!(fields, ["from"]);
    let err = reg
        .change_history(&HistoryQuery {
            from: Some("2026-02-01".into()),
            to: Some("2026-01-01".into()),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.field_errors()[0].field, "to");

    let bad = reg
        .set_change_retention(ChangeRetention {
            keep: 5,
            max_age_days: 1,
        })
        .unwrap_err();
    assert_eq!(bad.field_errors().len(), 2);
    assert_eq!(reg.change_retention().unwrap(), ChangeRetention::default());
    reg.set_change_retention(ChangeRetention {
        keep: 100,
        max_age_days: 30,
    })
    .unwrap();
    assert_eq!(reg.change_retention().unwrap().keep, 100);
}

fn custom_type(reg: &Registry) {
    reg.create_platform_type(&PlatformTypeInput {
        identifier: "EVENTS".into(),
        display_name: "Event streaming".into(),
        description: String::new(),
        icon: "server".into(),
        default_endpoint: None,
    })
    .unwrap();
}

#[test]
fn connector_versions_diff_and_roll_back_record_everything() {
    let dir = tempfile::tempdir().unwrap();
    let reg = Registry::open(&dir.path().join("registry.db")).unwrap();
    custom_type(&reg);
    let v1 = pb_connector::presets::preset("generic-rest").unwrap();
    let v2 = v1.replacen("totalMs: 15000", "totalMs: 20000", 1);
    assert_ne!(v1, v2, "the preset sets a total timeout to change");
    reg.set_platform_type_connector("EVENTS", Some(v1)).unwrap();
    reg.set_platform_type_connector("EVENTS", Some(&v2))
        .unwrap();
    // The same text again is not a version.
    reg.set_platform_type_connector("EVENTS", Some(&v2))
        .unwrap();
    let versions = reg.connector_versions("EVENTS").unwrap();
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        [2, 1]
    );

    let diff = reg.diff_connector_versions("EVENTS", 1, 2).unwrap();
    assert_eq!((diff.diff.added, diff.diff.removed), (1, 1));
    let changed = diff
        .diff
        .rows
        .iter()
        .find(|r| r.kind == RowKind::Changed)
        .unwrap();
    assert!(changed
        .right
        .as_ref()
        .unwrap()
        .text
        .contains("totalMs: 20000"));

    let entry = &all(&reg)[0];
    assert_eq!(
        (entry.kind, entry.action),
        (RecordKind::Connector, ChangeAction::Updated)
    );
    assert_eq!(field(entry, "version").after, Some(json!(2)));
    assert!(
        entry
            .changes
            .iter()
            .any(|c| c.field == "connector.timeouts.totalMs"),
        "the diff names the connector field: {:?}",
        entry.changes
    );

    let back = reg.roll_back_connector("EVENTS", 1).unwrap();
    assert_eq!((back.version, back.restored_from), (3, Some(1)));
    assert_eq!(
        reg.platform_type_connector("EVENTS").unwrap().as_deref(),
        Some(v1)
    );
    assert_eq!(
        reg.connector_version_text("EVENTS", 2).unwrap(),
        v2,
        "nothing rewritten"
    );
    let entry = &all(&reg)[0];
    assert_eq!(field(entry, "restoredFrom").after, Some(json!(1)));
    assert_eq!(field(entry, "version").after, Some(json!(3)));

    // Rolling back to the current version or one that does not exist: an error.
    assert_eq!(
        reg.roll_back_connector("EVENTS", 3).unwrap_err().code(),
        "validation"
    );
    assert_eq!(
        reg.roll_back_connector("EVENTS", 9).unwrap_err().code(),
        "not_found"
    );
    assert_eq!(reg.connector_versions("EVENTS").unwrap().len(), 3);
}

#[test]
fn a_test_run_records_the_connector_version_it_ran_against() {
    let reg = Registry::open_in_memory().unwrap();
    custom_type(&reg);
    let v1 = pb_connector::presets::preset("generic-rest").unwrap();
    reg.set_platform_type_connector("EVENTS", Some(v1)).unwrap();
    let mut input = platform("Brokers");
    input.type_id = "EVENTS".into();
    let p = reg.create_platform(&input).unwrap();
    let i = reg
        .create_instance(
            &p.id,
            &InstanceInput {
                name: "prod".into(),
                environment: "prod".into(),
                endpoint: "https://prod.example.com".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let version = reg.instance_connector_version(&i.id).unwrap();
    assert_eq!(version, Some(1));
    let run = reg
        .record_test_run(pb_registry::history::NewTestRun {
            instance_id: &i.id,
            kind: "validation",
            status: "passed",
            // Now: history keeps no run older than its retention.
            started_at_ms: chrono::Utc::now().timestamp_millis() as u64,
            duration_ms: 10,
            summary: "all passed".into(),
            report: &json!({}),
            connector_version: version,
        })
        .unwrap();
    assert_eq!(run.connector_version, Some(1));
    assert_eq!(
        reg.list_test_runs(&i.id, 5).unwrap()[0].connector_version,
        Some(1)
    );
    // A built-in preset has no versions.
    let builtin = reg.create_platform(&platform("Rest")).unwrap();
    let j = reg
        .create_instance(
            &builtin.id,
            &InstanceInput {
                name: "dev".into(),
                environment: "dev".into(),
                endpoint: "https://dev.example.com".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(reg.instance_connector_version(&j.id).unwrap(), None);
}

#[test]
fn a_database_of_the_previous_schema_keeps_its_connector_as_version_1() {
    use pb_registry::migrate::{migrate, MIGRATIONS};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.db");
    let text = pb_connector::presets::preset("generic-rest").unwrap();
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        migrate(&mut conn, Some(&path), &MIGRATIONS[..10]).unwrap();
        conn.execute(
            "INSERT INTO platform_types (identifier, display_name, icon, connector, created_at, updated_at)
             VALUES ('EVENTS', 'Event streaming', 'server', ?1, '2026-01-01T00:00:00.000Z', '2026-11-30T10:00:00.000Z')",
            [text],
        )
        .unwrap();
    }
    let reg = Registry::open(&path).unwrap();
    assert_eq!(
        reg.schema_version().unwrap(),
        pb_registry::migrate::latest_version()
    );
    let versions = reg.connector_versions("EVENTS").unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(
        (versions[0].version, versions[0].saved_at.as_str()),
        (1, "2026-11-30T10:00:00.000Z")
    );
    assert_eq!(reg.connector_version_text("EVENTS", 1).unwrap(), text);
    assert_eq!(
        reg.platform_type_connector("EVENTS").unwrap().as_deref(),
        Some(text)
    );
    // The next save is version 2, and the history starts empty.
    assert!(all(&reg).is_empty());
    reg.set_platform_type_connector("EVENTS", Some(&text.replace("15000", "16000")))
        .unwrap();
    assert_eq!(reg.connector_versions("EVENTS").unwrap()[0].version, 2);
}
