//! The registry table's query over a real SQLite file, platform identifiers, tag
//! definitions on save, and custom fields changing under existing instances.

use pb_registry::custom_fields::{CustomField, FieldKind};
use pb_registry::history::NewTestRun;
use pb_registry::registry_query::{RegistryColumn, RegistryQuery};
use pb_registry::tag_definitions::TagDefinition;
use pb_registry::{InstanceInput, PlatformInput, PlatformTypeInput, Registry, Tag};
use pb_secrets::{MemoryStore, SecretStore, Sensitive};
use serde_json::json;

fn open() -> (tempfile::TempDir, Registry) {
    let dir = tempfile::tempdir().unwrap();
    let reg = Registry::open(&dir.path().join("registry.db")).unwrap();
    (dir, reg)
}

fn platform(name: &str, type_id: &str, location: &str, tags: Vec<Tag>) -> PlatformInput {
    PlatformInput {
        name: name.into(),
        type_id: type_id.into(),
        location: location.into(),
        tags,
        ..Default::default()
    }
}

fn instance(name: &str, env: &str) -> InstanceInput {
    InstanceInput {
        name: name.into(),
        environment: env.into(),
        endpoint: format!("https://{name}.example.com"),
        ..Default::default()
    }
}

fn tag(key: &str, value: &str) -> Tag {
    Tag {
        key: key.into(),
        value: value.into(),
    }
}

#[test]
fn search_filters_sorting_and_pages() {
    let (_dir, reg) = open();
    let mut first_instance = String::new();
    for p in 0..30 {
        let (type_id, location) = if p % 3 == 0 {
            ("KUBERNETES", "eu-west")
        } else {
            ("GENERIC-REST", "us-east")
        };
        let tags = vec![tag("team", if p % 2 == 0 { "alpha" } else { "beta" })];
        let created = reg
            .create_platform(&platform(
                &format!("Platform {p:02}"),
                type_id,
                location,
                tags,
            ))
            .unwrap();
        for env in ["dev", "prod"] {
            let i = reg
                .create_instance(&created.id, &instance(&format!("p{p:02}-{env}"), env))
                .unwrap();
            if first_instance.is_empty() {
                first_instance = i.id;
            }
        }
    }
    // A platform without instances is one row too; a 50% literal is not a wildcard.
    reg.create_platform(&platform("Empty 50% done", "AWS", "", vec![]))
        .unwrap();
    reg.record_test_run(NewTestRun {
        instance_id: &first_instance,
        kind: "connection_test",
        status: "failed",
        started_at_ms: 1_700_000_000_000,
        duration_ms: 12,
        summary: "auth refused".into(),
        report: &json!({}),
        connector_version: None,
    })
    .unwrap();

    let q = |q: RegistryQuery| reg.query_registry(&q).unwrap();
    let all = q(RegistryQuery::default());
    assert_eq!(all.total, 61);
    assert_eq!(all.rows[0].platform_name, "Empty 50% done");
    assert!(all.rows[0].instance.is_none());

    let paged = q(RegistryQuery {
        offset: 10,
        limit: 5,
        ..Default::default()
    });
    assert_eq!((paged.total, paged.rows.len()), (61, 5));
    assert_eq!(paged.rows[0].instance.as_ref().unwrap().name, "p04-prod");

    let search = q(RegistryQuery {
        search: "50%".into(),
        ..Default::default()
    });
    assert_eq!(search.total, 1, "% is literal");
    let search = q(RegistryQuery {
        search: "P07".into(),
        ..Default::default()
    });
    assert_eq!(search.total, 2, "case-insensitive, instance names");

    let filtered = q(RegistryQuery {
        type_ids: vec!["KUBERNETES".into()],
        environments: vec!["prod".into()],
        tags: vec![tag("team", "alpha")],
        ..Default::default()
    });
    // Platforms 0, 6, 12, 18, 24 are Kubernetes with an even number.
    assert_eq!(filtered.total, 5);
    assert!(filtered.rows.iter().all(|r| r.location == "eu-west"));

    let failed = q(RegistryQuery {
        statuses: vec!["failed".into()],
        ..Default::default()
    });
    assert_eq!(failed.total, 1);
    assert_eq!(
        failed.rows[0]
            .instance
            .as_ref()
            .unwrap()
            .last_test
            .as_ref()
            .unwrap()
            .summary,
        "auth refused"
    );
    let untested = q(RegistryQuery {
        statuses: vec!["untested".into()],
        ..Default::default()
    });
    assert_eq!(
        untested.total, 59,
        "instances without a test; not the empty platform"
    );

    let sorted = q(RegistryQuery {
        sort: RegistryColumn::Instance,
        descending: true,
        limit: 1,
        ..Default::default()
    });
    assert_eq!(sorted.rows[0].instance.as_ref().unwrap().name, "p29-prod");

    let facets = reg.registry_facets().unwrap();
    assert_eq!(facets.environments, ["dev", "prod"]);
    assert_eq!(facets.locations, ["eu-west", "us-east"]);
    assert_eq!(facets.statuses, ["failed", "untested"]);
    assert_eq!(facets.tags.len(), 2);
}

#[test]
fn identifiers_are_derived_unique_and_editable() {
    let (_dir, reg) = open();
    let a = reg
        .create_platform(&platform("Event Streaming (EU)", "AWS", "", vec![]))
        .unwrap();
    assert_eq!(a.identifier, "event-streaming-eu");
    let mut same = platform("Event streaming EU", "AWS", "", vec![]);
    let b = reg.create_platform(&same).unwrap();
    assert_eq!(b.identifier, "event-streaming-eu-2");
    same.identifier = Some("event-streaming-eu".into());
    let err = reg.update_platform(&b.id, &same).unwrap_err();
    assert_eq!(err.field_errors()[0].field, "identifier");
    same.identifier = Some("Not Valid".into());
    let err = reg.update_platform(&b.id, &same).unwrap_err();
    assert_eq!(err.field_errors()[0].field, "identifier");
    same.identifier = None;
    assert_eq!(
        reg.update_platform(&b.id, &same).unwrap().identifier,
        "event-streaming-eu-2",
        "kept when absent"
    );
}

#[test]
fn tag_definitions_apply_when_platforms_are_saved() {
    let (_dir, reg) = open();
    reg.save_tag_definition(&TagDefinition {
        key: "tier".into(),
        description: String::new(),
        mandatory: true,
        allowed_values: vec!["gold".into(), "silver".into()],
        pattern: None,
    })
    .unwrap();
    let err = reg
        .create_platform(&platform("No tier", "AWS", "", vec![]))
        .unwrap_err();
    assert!(err.field_errors()[0].message.contains("tier is mandatory"));
    let err = reg
        .create_platform(&platform("Bronze", "AWS", "", vec![tag("tier", "bronze")]))
        .unwrap_err();
    assert_eq!(err.field_errors()[0].field, "tags.0.value");
    assert!(reg.list_platforms().unwrap().is_empty(), "nothing saved");
    reg.create_platform(&platform("Gold", "AWS", "", vec![tag("tier", "gold")]))
        .unwrap();
}

#[test]
fn removing_a_custom_field_drops_its_values_and_secrets() {
    let (_dir, reg) = open();
    let secrets = MemoryStore::new();
    reg.create_platform_type(&PlatformTypeInput {
        identifier: "KAFKA".into(),
        display_name: "Kafka".into(),
        icon: "message".into(),
        ..Default::default()
    })
    .unwrap();
    let field = |key: &str, kind| CustomField {
        key: key.into(),
        label: key.into(),
        help: String::new(),
        kind,
        required: false,
        default: None,
        pattern: None,
        min: None,
        max: None,
        options: vec![],
    };
    let both = [
        field("cluster", FieldKind::Text),
        field("saslPassword", FieldKind::Secret),
    ];
    reg.set_custom_fields(&secrets, "t", "KAFKA", &both)
        .unwrap();
    let p = reg
        .create_platform(&platform("Kafka EU", "KAFKA", "", vec![]))
        .unwrap();
    let mut input = instance("prod", "prod");
    input.field_values = Some(json!({"cluster": "c1"}).as_object().unwrap().clone());
    let i = reg.create_instance(&p.id, &input).unwrap();
    reg.set_field_secret(
        &secrets,
        "t",
        &i.id,
        "saslPassword",
        &Sensitive::new("pw".into()),
    )
    .unwrap();
    let err = reg
        .set_field_secret(&secrets, "t", &i.id, "cluster", &Sensitive::new("x".into()))
        .unwrap_err();
    assert_eq!(err.field_errors()[0].field, "field");

    // The type of a platform with instances cannot change under them.
    let mut moved = platform("Kafka EU", "AWS", "", vec![]);
    moved.identifier = None;
    assert_eq!(
        reg.update_platform(&p.id, &moved)
            .unwrap_err()
            .field_errors()[0]
            .field,
        "typeId"
    );

    reg.set_custom_fields(&secrets, "t", "KAFKA", &both[..0])
        .unwrap();
    let after = reg.instance(&i.id).unwrap();
    assert!(after.field_values.is_empty());
    assert!(after.secret_fields.is_empty());
    assert_eq!(
        secrets.len(),
        0,
        "the removed secret field's keyring entry is gone"
    );
    let key = pb_registry::instance_fields::field_secret_key("t", &i.id, "saslPassword");
    assert!(secrets.get(&key).unwrap().is_none());
}
