//! The registry's public operations, with an in-memory secret store standing in for
//! the keyring (the real keyring is covered by pb-secrets and the e2e tests).

use pb_registry::ops::credential_key;
use pb_registry::{InstanceInput, PlatformInput, PlatformTypeInput, Registry, Tag};
use pb_secrets::{MemoryStore, SecretStore};

const SERVICE: &str = "dev.platformbuilder.app.test";

fn custom_type(id: &str) -> PlatformTypeInput {
    PlatformTypeInput {
        identifier: id.into(),
        display_name: "Kafka".into(),
        description: "Event streaming".into(),
        icon: "message".into(),
        default_endpoint: Some(" https://kafka.example.com ".into()),
    }
}

fn platform(type_id: &str) -> PlatformInput {
    PlatformInput {
        name: "Event streaming EU".into(),
        description: String::new(),
        type_id: type_id.into(),
        location: "eu-west".into(),
        support_url: Some(String::new()),
        docs_url: None,
        tags: vec![Tag {
            key: "team".into(),
            value: "streams".into(),
        }],
        ..Default::default()
    }
}

fn instance(name: &str) -> InstanceInput {
    InstanceInput {
        name: name.into(),
        environment: "prod".into(),
        endpoint: "https://kafka-prod.example.com".into(),
        tls: None,
        field_values: None,
    }
}

fn field_errors(err: pb_registry::RegistryError) -> Vec<(String, String)> {
    assert_eq!(err.code(), "validation", "{err}");
    err.field_errors()
        .iter()
        .map(|e| (e.field.clone(), e.message.clone()))
        .collect()
}

#[test]
fn custom_type_create_normalizes_and_rejects_duplicates_and_builtins() {
    let reg = Registry::open_in_memory().unwrap();
    let created = reg.create_platform_type(&custom_type("KAFKA")).unwrap();
    assert_eq!(
        created.default_endpoint.as_deref(),
        Some("https://kafka.example.com")
    );
    assert!(!created.builtin);

    let dup = field_errors(reg.create_platform_type(&custom_type("KAFKA")).unwrap_err());
    assert_eq!(dup[0].0, "identifier");
    assert!(dup[0].1.contains("already exists"), "{}", dup[0].1);

    let builtin = field_errors(reg.create_platform_type(&custom_type("AWS")).unwrap_err());
    assert!(builtin[0].1.contains("built-in"));

    let invalid = field_errors(reg.create_platform_type(&custom_type("kafka")).unwrap_err());
    assert_eq!(invalid[0].0, "identifier");
    // Nothing but the first KAFKA was saved.
    let customs: Vec<_> = reg
        .list_platform_types()
        .unwrap()
        .into_iter()
        .filter(|t| !t.builtin)
        .collect();
    assert_eq!(customs.len(), 1);
}

#[test]
fn type_in_use_cannot_be_deleted_and_builtins_are_read_only() {
    let reg = Registry::open_in_memory().unwrap();
    reg.create_platform_type(&custom_type("KAFKA")).unwrap();
    let p = reg.create_platform(&platform("KAFKA")).unwrap();
    let err = reg.delete_platform_type("KAFKA").unwrap_err();
    assert_eq!(err.code(), "in_use");
    assert!(
        err.to_string()
            .contains("1 platform(s) ('Event streaming EU')"),
        "{err}"
    );
    assert_eq!(
        reg.delete_platform_type("AWS").unwrap_err().code(),
        "in_use"
    );
    assert_eq!(
        reg.update_platform_type(&custom_type("AWS"))
            .unwrap_err()
            .code(),
        "in_use"
    );
    assert_eq!(
        reg.delete_platform_type("NOPE").unwrap_err().code(),
        "not_found"
    );

    let store = MemoryStore::new();
    reg.delete_platform(&store, SERVICE, &p.id).unwrap();
    reg.delete_platform_type("KAFKA").unwrap();
}

#[test]
fn platform_validation_and_unknown_type_are_field_errors() {
    let reg = Registry::open_in_memory().unwrap();
    let errs = field_errors(reg.create_platform(&platform("NOPE")).unwrap_err());
    assert_eq!(errs[0].0, "typeId");
    let mut dup = platform("GENERIC-REST");
    reg.create_platform(&dup).unwrap();
    dup.name = "event streaming eu".into();
    let errs = field_errors(reg.create_platform(&dup).unwrap_err());
    assert_eq!(errs[0].0, "name");
    assert_eq!(reg.list_platforms().unwrap().len(), 1);
}

#[test]
fn credentials_go_to_the_store_and_only_status_to_the_database() {
    let reg = Registry::open_in_memory().unwrap();
    let store = MemoryStore::new();
    let p = reg.create_platform(&platform("GENERIC-REST")).unwrap();
    let i = reg.create_instance(&p.id, &instance("prod")).unwrap();
    assert!(!i.credential.configured);

    let i = reg
        .set_credential(&store, SERVICE, &i.id, &"canary-secret".into())
        .unwrap();
    assert!(i.credential.configured);
    assert_eq!(i.credential.version, 1);
    let key = credential_key(SERVICE, &i.id);
    assert_eq!(store.get(&key).unwrap().unwrap().expose(), "canary-secret");

    let i = reg
        .set_credential(&store, SERVICE, &i.id, &"rotated".into())
        .unwrap();
    assert_eq!(i.credential.version, 2);

    let errs = field_errors(
        reg.set_credential(&store, SERVICE, &i.id, &"  ".into())
            .unwrap_err(),
    );
    assert_eq!(errs[0].0, "secret");
    let errs = field_errors(
        reg.set_credential(&store, SERVICE, &i.id, &" tok-123\n".into())
            .unwrap_err(),
    );
    assert!(errs[0].1.contains("space or line break"));
    assert!(!errs[0].1.contains("tok-123"));

    let i = reg.remove_credential(&store, SERVICE, &i.id).unwrap();
    assert!(!i.credential.configured);
    assert!(store.get(&key).unwrap().is_none());
}

#[test]
fn deleting_instances_and_platforms_removes_their_keyring_entries() {
    let reg = Registry::open_in_memory().unwrap();
    let store = MemoryStore::new();
    let p = reg.create_platform(&platform("GENERIC-REST")).unwrap();
    let dev = reg.create_instance(&p.id, &instance("dev")).unwrap();
    let prod = reg.create_instance(&p.id, &instance("prod")).unwrap();
    for i in [&dev, &prod] {
        reg.set_credential(&store, SERVICE, &i.id, &"s".into())
            .unwrap();
    }
    assert_eq!(store.len(), 2);

    reg.delete_instance(&store, SERVICE, &dev.id).unwrap();
    assert_eq!(store.len(), 1);
    assert_eq!(reg.list_instances(&p.id).unwrap().len(), 1);

    reg.delete_platform(&store, SERVICE, &p.id).unwrap();
    assert!(store.is_empty());
    assert!(reg.list_platforms().unwrap().is_empty());
}

#[test]
fn a_locked_keyring_loses_nothing() {
    let reg = Registry::open_in_memory().unwrap();
    let store = MemoryStore::new();
    let p = reg.create_platform(&platform("GENERIC-REST")).unwrap();
    let i = reg.create_instance(&p.id, &instance("prod")).unwrap();
    reg.set_credential(&store, SERVICE, &i.id, &"s".into())
        .unwrap();

    store.set_locked(true);
    let err = reg.delete_instance(&store, SERVICE, &i.id).unwrap_err();
    assert_eq!(err.code(), "keyring_timeout");
    let err = reg
        .set_credential(&store, SERVICE, &i.id, &"new".into())
        .unwrap_err();
    assert_eq!(err.code(), "keyring_timeout");
    store.set_locked(false);

    // The instance, its credential status and the stored value are all intact.
    let still = reg.list_instances(&p.id).unwrap();
    assert_eq!(still.len(), 1);
    assert_eq!(still[0].credential.version, 1);
    assert_eq!(
        store
            .get(&credential_key(SERVICE, &i.id))
            .unwrap()
            .unwrap()
            .expose(),
        "s"
    );
}

#[test]
fn instance_names_are_unique_per_platform() {
    let reg = Registry::open_in_memory().unwrap();
    let p = reg.create_platform(&platform("GENERIC-REST")).unwrap();
    reg.create_instance(&p.id, &instance("prod")).unwrap();
    let errs = field_errors(reg.create_instance(&p.id, &instance("PROD")).unwrap_err());
    assert_eq!(errs[0].0, "name");
    assert_eq!(
        reg.create_instance("missing", &instance("x"))
            .unwrap_err()
            .code(),
        "not_found"
    );
}

#[test]
fn data_survives_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.db");
    {
        let reg = Registry::open(&path).unwrap();
        reg.create_platform_type(&custom_type("KAFKA")).unwrap();
        let p = reg.create_platform(&platform("KAFKA")).unwrap();
        reg.create_instance(&p.id, &instance("prod")).unwrap();
    }
    let reg = Registry::open(&path).unwrap();
    let platforms = reg.list_platforms().unwrap();
    assert_eq!(platforms.len(), 1);
    assert_eq!(platforms[0].instance_count, 1);
    assert!(reg
        .list_platform_types()
        .unwrap()
        .iter()
        .any(|t| t.identifier == "KAFKA"));
}
