//! Definition files over real SQLite files: export → import into an empty database
//! → export gives identical files; importing twice changes nothing; the version
//! guard; dry runs; and every kind of invalid file gives a precise problem and
//! changes nothing.

use std::path::{Path, PathBuf};

use pb_registry::custom_fields::{CustomField, FieldKind};
use pb_registry::definitions::{self, Action, ImportReport, Problem, SecretTarget};
use pb_registry::validation_settings::ValidationSettings;
use pb_registry::{InstanceInput, PlatformInput, PlatformTypeInput, Registry, Tag};
use pb_secrets::{MemoryStore, SecretKey, SecretStore};

const SERVICE: &str = "dev.platformbuilder.test";
const CANARY: &str = "canary-7d1f3b9e-secret";

fn open(dir: &Path, name: &str) -> Registry {
    Registry::open(&dir.join(name)).unwrap()
}

fn field(key: &str, kind: FieldKind, required: bool) -> CustomField {
    CustomField {
        key: key.into(),
        label: key.into(),
        help: String::new(),
        kind,
        required,
        default: None,
        pattern: None,
        min: None,
        max: None,
        options: vec![],
    }
}

/// A registry built through the app's own operations: a custom type with custom
/// fields and a connector, a platform with tags and validation settings, and two
/// instances with TLS settings, field values and secrets set in the keyring.
fn populated(reg: &Registry, store: &MemoryStore) {
    reg.create_platform_type(&PlatformTypeInput {
        identifier: "EVENTS".into(),
        display_name: "Event streaming".into(),
        description: "Kafka-compatible brokers".into(),
        icon: "server".into(),
        default_endpoint: Some("https://events.example.com".into()),
    })
    .unwrap();
    reg.set_custom_fields(
        store,
        SERVICE,
        "EVENTS",
        &[
            field("region", FieldKind::Text, true),
            field("partitions", FieldKind::Number, false),
            field("apiToken", FieldKind::Secret, false),
        ],
    )
    .unwrap();
    let connector = pb_connector::presets::preset("generic-rest").unwrap();
    reg.set_platform_type_connector("EVENTS", Some(connector))
        .unwrap();
    let platform = reg
        .create_platform(&PlatformInput {
            name: "Event Streaming EU".into(),
            identifier: Some("event-streaming-eu".into()),
            description: "Shared brokers".into(),
            type_id: "EVENTS".into(),
            location: "eu-west".into(),
            support_url: Some("mailto:events@example.com".into()),
            tags: vec![Tag {
                key: "team".into(),
                value: "streaming".into(),
            }],
            access_info: Some("Request access in **#events**. <script>alert(1)</script>".into()),
            ..Default::default()
        })
        .unwrap();
    let mut settings = ValidationSettings::default();
    settings.naming.prefix = "evt".into();
    settings.role_mappings = vec![pb_validation::RoleMapping {
        project_role: "member".into(),
        platform_role: "producer".into(),
    }];
    settings.quotas = vec![pb_validation::QuotaDefinition {
        key: "storage".into(),
        label: "Storage".into(),
        unit: "GiB".into(),
        min: 1.0,
        max: 500.0,
        default: 10.0,
        description: "Disk for a tenant's topics".into(),
        auto_approval_threshold: Some(50.0),
    }];
    // Lenient with a documented deviation: definitions files carry both.
    settings.strictness = pb_validation::Strictness::Lenient;
    settings.known_deviations = vec![pb_validation::KnownDeviation {
        step: "tenant gone".into(),
        reason: "topics are deleted within a minute".into(),
    }];
    reg.set_validation_settings(&platform.id, &settings)
        .unwrap();
    for (name, env) in [("prod", "prod"), ("dev", "dev")] {
        let values = serde_json::json!({"region": "eu-west-1", "partitions": 12});
        let instance = reg
            .create_instance(
                &platform.id,
                &InstanceInput {
                    name: name.into(),
                    environment: env.into(),
                    endpoint: format!("https://{name}.events.example.com"),
                    field_values: values.as_object().cloned(),
                    ..Default::default()
                },
            )
            .unwrap();
        reg.set_credential(store, SERVICE, &instance.id, &CANARY.to_owned().into())
            .unwrap();
        reg.set_field_secret(
            store,
            SERVICE,
            &instance.id,
            "apiToken",
            &format!("{CANARY}-field").into(),
        )
        .unwrap();
    }
    // What makes it ready for application teams goes into files too: the location
    // record, a landing zone, and who may order it.
    reg.update_location(&pb_registry::offering::locations::LocationInput {
        identifier: "eu-west".into(),
        display_name: "EU West (Dublin)".into(),
        description: "Our Dublin data centre".into(),
    })
    .unwrap();
    reg.save_landing_zone(
        &platform.id,
        None,
        &pb_registry::offering::landing_zones::LandingZoneInput {
            identifier: "events-default".into(),
            name: "Default".into(),
            quotas: [("storage".to_owned(), 20.0)].into(),
            role_mappings: vec![pb_validation::RoleMapping {
                project_role: "admin".into(),
                platform_role: "owner".into(),
            }],
            restricted: true,
            ..Default::default()
        },
    )
    .unwrap();
    reg.set_availability(
        &platform.id,
        &pb_registry::offering::availability::Availability {
            restriction: pb_registry::offering::availability::Restriction::Restricted,
            restricted_to: vec!["team-payments".into()],
            publication: pb_registry::offering::availability::Publication::Draft,
        },
    )
    .unwrap();
}

fn export_to(reg: &Registry, dir: &Path) -> Vec<(PathBuf, String)> {
    let files = definitions::export(reg, SERVICE, None).unwrap();
    definitions::export::write(dir, &files).unwrap();
    files.into_iter().map(|f| (f.path, f.text)).collect()
}

fn import(
    reg: &Registry,
    store: &MemoryStore,
    path: &Path,
    dry_run: bool,
) -> Result<ImportReport, Vec<Problem>> {
    let target = SecretTarget {
        store,
        service: SERVICE,
    };
    definitions::import(reg, &target, &[path.to_owned()], dry_run)
}

/// Every row of the registry's tables, to show that nothing changed.
fn snapshot(reg: &Registry) -> String {
    reg.read(|c| {
        let mut out = String::new();
        for table in [
            "platform_types",
            "platforms",
            "instances",
            "platform_validation",
            // Moves on any write to platforms or instances, even of equal values.
            "registry_generation",
        ] {
            let mut stmt = c.prepare(&format!("SELECT * FROM {table} ORDER BY 1"))?;
            let columns = stmt.column_count();
            let rows = stmt.query_map([], |r| {
                Ok((0..columns)
                    .map(|n| format!("{:?}", r.get_ref(n).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })?;
            for row in rows {
                out.push_str(&row?);
                out.push('\n');
            }
        }
        Ok(out)
    })
    .unwrap()
}

#[test]
fn export_import_export_is_identical_and_a_second_import_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = MemoryStore::new();
    let source = open(dir.path(), "source.db");
    populated(&source, &store);
    let first = export_to(&source, &dir.path().join("first"));
    assert_eq!(
        first.len(),
        3,
        "one type file, one location file, one platform file: {first:?}"
    );
    for (path, text) in &first {
        assert!(
            !text.contains(CANARY),
            "{} holds a secret value:\n{text}",
            path.display()
        );
    }

    let target = open(dir.path(), "target.db");
    let report = import(&target, &store, &dir.path().join("first"), false).unwrap();
    // The type, the location, the platform, its two instances and its landing zone.
    assert_eq!(report.count(Action::Create), 6, "{report:?}");
    let second = export_to(&target, &dir.path().join("second"));
    assert_eq!(
        first, second,
        "export → import → export must give identical files"
    );

    // The secrets arrived: the references pointed at the source's keyring entries.
    let instance = target.list_all_instances().unwrap().remove(0);
    assert!(instance.credential.configured);
    assert_eq!(instance.secret_fields, vec!["apiToken".to_owned()]);
    let credential = store
        .get(&pb_registry::ops::credential_key(SERVICE, &instance.id))
        .unwrap()
        .unwrap();
    assert_eq!(credential.expose(), CANARY);

    let before = snapshot(&target);
    let again = import(&target, &store, &dir.path().join("first"), false).unwrap();
    assert_eq!(again.count(Action::Unchanged), 6, "{again:?}");
    assert_eq!(
        snapshot(&target),
        before,
        "a second import must not touch a row"
    );
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const PLATFORM: &str = "apiVersion: platformbuilder.dev/v1
kind: Platform
metadata:
  name: billing
  version: 2
spec:
  displayName: Billing
  type: GENERIC-REST
";

#[test]
fn an_older_version_does_not_overwrite_a_newer_one_and_a_dry_run_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = MemoryStore::new();
    let reg = open(dir.path(), "registry.db");
    let file = write(dir.path(), "billing.yaml", PLATFORM);

    let dry = import(&reg, &store, &file, true).unwrap();
    assert!(dry.dry_run);
    assert_eq!(dry.changes[0].action, Action::Create);
    assert!(
        reg.list_platforms().unwrap().is_empty(),
        "a dry run creates nothing"
    );

    import(&reg, &store, &file, false).unwrap();
    let older = PLATFORM
        .replace("version: 2", "version: 1")
        .replace("Billing\n", "Old billing\n");
    let file = write(dir.path(), "billing.yaml", &older);
    let report = import(&reg, &store, &file, false).unwrap();
    assert_eq!(report.changes[0].action, Action::SkippedOlder);
    assert_eq!(reg.list_platforms().unwrap()[0].name, "Billing");

    let newer = PLATFORM
        .replace("version: 2", "version: 3")
        .replace("Billing\n", "Billing and invoicing\n");
    let file = write(dir.path(), "billing.yaml", &newer);
    let report = import(&reg, &store, &file, false).unwrap();
    assert_eq!(report.changes[0].action, Action::Update);
    assert_eq!(
        reg.list_platforms().unwrap()[0].name,
        "Billing and invoicing"
    );
}

/// Imports `text` as a file into a registry that already holds `billing`, and
/// returns the problems; the registry must be unchanged.
fn problems_of(text: &str) -> Vec<Problem> {
    let dir = tempfile::tempdir().unwrap();
    let store = MemoryStore::new();
    let reg = open(dir.path(), "registry.db");
    import(
        &reg,
        &store,
        &write(dir.path(), "base.yaml", PLATFORM),
        false,
    )
    .unwrap();
    let before = snapshot(&reg);
    let file = write(dir.path(), "broken.yaml", text);
    let problems = import(&reg, &store, &file, false).expect_err("the file is invalid");
    assert_eq!(snapshot(&reg), before, "nothing may change: {problems:?}");
    problems
}

fn assert_problem(problems: &[Problem], line: usize, path: &str, words: &str) {
    assert!(
        problems
            .iter()
            .any(|p| p.line == Some(line) && p.path == path && p.message.contains(words)),
        "no problem at line {line}, {path} mentioning '{words}' in {problems:#?}"
    );
}

const INSTANCE: &str = "apiVersion: platformbuilder.dev/v1
kind: Instance
metadata:
  name: prod
  platform: billing
spec:
  environment: prod
  endpoint: https://billing.example.com
";

#[test]
fn every_kind_of_invalid_file_is_reported_precisely_and_changes_nothing() {
    // Bad YAML: the line of the syntax error, in the second document of the file.
    let p = problems_of(&format!(
        "{INSTANCE}---\nkind: Platform\nmetadata: name: x\nspec: {{}}\n"
    ));
    assert_problem(&p, 11, "", "not valid YAML");
    // An unknown field, with its path and line.
    let p = problems_of(&INSTANCE.replace(
        "  environment: prod\n",
        "  environment: prod\n  enviroment: prod\n",
    ));
    assert_problem(&p, 8, "spec.enviroment", "unknown field `enviroment`");
    // A wrong type.
    let p =
        problems_of(&INSTANCE.replace("endpoint: https://billing.example.com", "endpoint: [1, 2]"));
    assert_problem(&p, 8, "spec.endpoint", "invalid type");
    // A dangling reference: the platform exists neither in the files nor the database.
    let p = problems_of(&INSTANCE.replace("platform: billing", "platform: payroll"));
    assert_problem(&p, 1, "metadata.platform", "no platform payroll");
    let p = problems_of(
        &PLATFORM
            .replace("billing", "ledger")
            .replace("GENERIC-REST", "NO-SUCH-TYPE"),
    );
    assert_problem(&p, 1, "spec.type", "no platform type NO-SUCH-TYPE");
    // A bad template in the connector.
    let connector = pb_connector::presets::preset("generic-rest")
        .unwrap()
        .replace("{{ tenant.name }}", "{{ tenant.name");
    let indented: String = connector.lines().map(|l| format!("    {l}\n")).collect();
    let type_doc = format!("apiVersion: platformbuilder.dev/v1\nkind: PlatformType\nmetadata:\n  name: BROKEN\nspec:\n  displayName: Broken\n  icon: server\n  connector:\n{indented}");
    let p = problems_of(&type_doc);
    assert!(p.iter().any(|p| p.path == "spec.connector"), "{p:#?}");
    // A bad naming rule: the pattern is not a regular expression.
    let p = problems_of(&PLATFORM.replace("billing", "ledger").replace("  version: 2\n", "").replace(
        "type: GENERIC-REST\n",
        "type: GENERIC-REST\n  naming:\n    template: \"{prefix}-{purpose}\"\n    pattern: \"^[a-z(\"\n    prefix: led\n",
    ));
    assert!(
        p.iter().any(|p| p.path.starts_with("spec.naming")),
        "{p:#?}"
    );
    // A literal secret where a reference belongs: refused without repeating it.
    let p = problems_of(&format!("{INSTANCE}  credential: {CANARY}\n"));
    assert_problem(&p, 9, "spec.credential", "literal secret");
    assert!(p.iter().all(|p| !p.to_string().contains(CANARY)), "{p:#?}");
    // A bad identifier.
    let p = problems_of(&PLATFORM.replace("name: billing", "name: Billing_EU"));
    assert_problem(&p, 1, "metadata.name", "lower-case");
}

#[test]
fn one_bad_document_keeps_every_other_document_out_too() {
    let dir = tempfile::tempdir().unwrap();
    let store = MemoryStore::new();
    let reg = open(dir.path(), "registry.db");
    let folder = dir.path().join("defs");
    std::fs::create_dir(&folder).unwrap();
    write(&folder, "a-platform.yaml", PLATFORM);
    write(
        &folder,
        "b-instance.yaml",
        &INSTANCE.replace("https://billing.example.com", "not a url"),
    );
    let problems = import(&reg, &store, &folder, false).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].file.ends_with("b-instance.yaml"));
    assert_eq!(problems[0].path, "spec.endpoint");
    assert!(reg.list_platforms().unwrap().is_empty(), "all or nothing");
}

#[test]
fn secrets_come_from_their_references_and_exports_write_the_references_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = MemoryStore::new();
    let reg = open(dir.path(), "registry.db");
    std::fs::write(dir.path().join("token.txt"), format!("{CANARY}\n")).unwrap();
    std::env::set_var("PB_TEST_DEFINITIONS_TOKEN", CANARY);
    let text = format!(
        "{PLATFORM}---\n{INSTANCE}  credential:\n    fromEnv: PB_TEST_DEFINITIONS_TOKEN\n---\n{}  credential:\n    fromFile: token.txt\n",
        INSTANCE.replace("name: prod", "name: dev").replace("environment: prod", "environment: dev")
    );
    let file = write(dir.path(), "billing.yaml", &text);
    import(&reg, &store, &file, false).unwrap();
    for instance in reg.list_all_instances().unwrap() {
        let key = SecretKey::new(SERVICE, format!("instance/{}/credential", instance.id));
        assert_eq!(
            store.get(&key).unwrap().unwrap().expose(),
            CANARY,
            "{}",
            instance.name
        );
    }
    let exported = definitions::export(&reg, SERVICE, Some("billing")).unwrap();
    let all: String = exported.iter().map(|f| f.text.clone()).collect();
    assert!(
        all.contains("fromEnv: PB_TEST_DEFINITIONS_TOKEN") && all.contains("fromFile: token.txt"),
        "{all}"
    );
    assert!(!all.contains(CANARY));
    // A missing variable is a problem at the reference, and nothing is imported.
    let other = open(dir.path(), "other.db");
    let missing = text.replace("PB_TEST_DEFINITIONS_TOKEN", "PB_TEST_DEFINITIONS_UNSET");
    let problems = import(
        &other,
        &store,
        &write(dir.path(), "missing.yaml", &missing),
        false,
    )
    .unwrap_err();
    assert_problem(
        &problems,
        10,
        "spec.credential",
        "PB_TEST_DEFINITIONS_UNSET is not set",
    );
    assert!(other.list_platforms().unwrap().is_empty());
}

#[test]
fn the_published_json_schema_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../docs/definitions.schema.json");
    let schema = definitions::format::json_schema();
    assert!(schema.contains("PlatformType") && schema.contains("fromEnv"));
    // Rewritten on every test run; CI fails when the committed copy differs.
    std::fs::write(path, schema).unwrap();
}

#[test]
fn generated_documentation_covers_the_platform_and_never_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    let store = MemoryStore::new();
    let reg = open(dir.path(), "registry.db");
    populated(&reg, &store);
    let platform = reg.list_platforms().unwrap().remove(0);
    let prod = reg
        .list_instances(&platform.id)
        .unwrap()
        .into_iter()
        .find(|i| i.name == "prod")
        .unwrap();
    reg.record_test_run(pb_registry::history::NewTestRun {
        instance_id: &prod.id,
        kind: "validation",
        status: "passed",
        started_at_ms: 1_790_000_000_000,
        duration_ms: 900,
        summary: "7 of 7 steps passed".into(),
        report: &serde_json::json!({}),
        connector_version: None,
    })
    .unwrap();
    let docs = reg.platform_docs(&platform.id, "2026-11-26").unwrap();
    assert_eq!(docs.file_stem, "event-streaming-eu");
    let md = &docs.markdown;
    for needed in [
        "# Event Streaming EU",
        "Shared brokers",
        "| prod | prod | <https://prod.events.example.com> | configured | passed on 21 Sep 2026, 14:13 UTC: 7 of 7 steps passed |",
        "| dev | dev | <https://dev.events.example.com> | configured | not validated yet |",
        "Request access in **#events**.",
        "Tenant names follow `{prefix}-{purpose}-{suffix}`",
        "; for example `evt-validation-a1b2c3`.",
        "| region | `region` | text | yes |",
        "| apiToken | `apiToken` | secret (kept in the keyring) | no |",
        "| Storage | `storage` | 1 GiB | 500 GiB | 10 GiB | up to 50 GiB | Disk for a tenant's topics |",
        "| Location | EU West (Dublin) |",
        "| Who may order it | only `team-payments` |",
        "| Offered | not offered yet |",
        "| Default | `events-default` | Storage 20 GiB | an operator approves each tenant | — |",
        "| member | producer |",
        "Support: <mailto:events@example.com>",
        "Generated by Platform Builder on 26 Nov 2026.",
    ] {
        assert!(md.contains(needed), "markdown lacks '{needed}':\n{md}");
    }
    assert!(docs.html.contains("<table>") && docs.html.contains("<h1>Event Streaming EU</h1>"));
    assert!(
        !docs.html.contains("<script>"),
        "raw HTML must be shown as text"
    );
    assert!(docs.html.contains("&lt;script&gt;"));
    for text in [&docs.markdown, &docs.html] {
        assert!(!text.contains(CANARY), "documentation holds a secret");
    }
}

#[test]
fn a_provisioning_folder_manages_its_records_and_prunes_what_it_drops() {
    let dir = tempfile::tempdir().unwrap();
    let store = MemoryStore::new();
    let reg = open(dir.path(), "registry.db");
    let folder = dir.path().join("provisioning");
    std::fs::create_dir(&folder).unwrap();
    write(&folder, "billing.yaml", PLATFORM);
    std::env::set_var("PB_TEST_PROVISIONING_TOKEN", CANARY);
    let instance = format!("{INSTANCE}  credential:\n    fromEnv: PB_TEST_PROVISIONING_TOKEN\n");
    write(&folder, "billing-prod.yaml", &instance);
    let target = SecretTarget {
        store: &store,
        service: SERVICE,
    };

    let report = definitions::provision(&reg, &target, &folder, true);
    assert!(report.problems.is_empty(), "{report:?}");
    assert_eq!(report.changes.len(), 2);
    let platform = reg.list_platforms().unwrap().remove(0);
    assert_eq!(
        platform.managed_by.as_deref(),
        Some(folder.to_str().unwrap())
    );
    let prod = reg.list_instances(&platform.id).unwrap().remove(0);
    assert!(prod.managed_by.is_some() && prod.credential.configured);

    // Read-only in the app: a specific error, nothing changed.
    let edit = PlatformInput {
        name: "Renamed".into(),
        type_id: "GENERIC-REST".into(),
        ..Default::default()
    };
    let err = reg.update_platform(&platform.id, &edit).unwrap_err();
    assert_eq!(err.code(), "managed_by_file");
    assert!(
        err.to_string().contains("change its definition file"),
        "{err}"
    );
    assert_eq!(
        reg.delete_instance(&store, SERVICE, &prod.id)
            .unwrap_err()
            .code(),
        "managed_by_file"
    );

    // Unchanged on the next start; the dropped instance goes, keyring entry too.
    let again = definitions::provision(&reg, &target, &folder, true);
    assert!(
        again.changes.iter().all(|c| c.action == Action::Unchanged),
        "{again:?}"
    );
    std::fs::remove_file(folder.join("billing-prod.yaml")).unwrap();
    let kept = definitions::provision(&reg, &target, &folder, false);
    assert!(kept.pruned.is_empty());
    assert_eq!(
        reg.list_all_instances().unwrap().len(),
        1,
        "no prune without the option"
    );
    let pruned = definitions::provision(&reg, &target, &folder, true);
    assert_eq!(
        pruned.pruned,
        vec!["Instance billing/prod".to_owned()],
        "{pruned:?}"
    );
    assert!(reg.list_all_instances().unwrap().is_empty());
    let key = pb_registry::ops::credential_key(SERVICE, &prod.id);
    assert!(
        store.get(&key).unwrap().is_none(),
        "the keyring entry went with it"
    );

    // A broken folder applies nothing and says why.
    write(&folder, "broken.yaml", "kind: Platform\n");
    let broken = definitions::provision(&reg, &target, &folder, true);
    assert!(!broken.problems.is_empty());
    assert_eq!(reg.list_platforms().unwrap().len(), 1);
}

#[test]
fn json_files_are_definitions_too() {
    let dir = tempfile::tempdir().unwrap();
    let store = MemoryStore::new();
    let reg = open(dir.path(), "registry.db");
    let json = serde_json::json!({
        "apiVersion": "platformbuilder.dev/v1",
        "kind": "Platform",
        "metadata": {"name": "ledger", "version": 1},
        "spec": {"displayName": "Ledger", "type": "GENERIC-REST", "tags": [{"key": "team", "value": "finance"}]}
    });
    let file = write(
        dir.path(),
        "ledger.json",
        &serde_json::to_string_pretty(&json).unwrap(),
    );
    let report = import(&reg, &store, &file, false).unwrap();
    assert_eq!(report.changes[0].action, Action::Create);
    assert_eq!(reg.list_platforms().unwrap()[0].tags[0].value, "finance");
    // A JSON mistake is reported with its line too.
    let broken = write(
        dir.path(),
        "broken.json",
        "{\n  \"apiVersion\": \"platformbuilder.dev/v1\",\n  \"kind\": \"Platform\",\n  \"metadata\": {\"name\": \"x\"},\n  \"spec\": {\"displayName\": \"X\", \"type\": \"GENERIC-REST\",\n    \"tags\": \"team\"}\n}\n",
    );
    let problems = import(&reg, &store, &broken, false).unwrap_err();
    assert_problem(&problems, 6, "spec.tags", "invalid type");
}
