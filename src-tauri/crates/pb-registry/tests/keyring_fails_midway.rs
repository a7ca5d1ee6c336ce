//! A keyring that stops answering in the middle of an import (issue 13): the
//! definitions are committed in one transaction before the secrets are stored, so
//! the rows stay and some secrets are missing. The import says which; each
//! instance shows its missing credential with the reason; and running the same
//! import again, with the keyring back, writes exactly the missing secrets.

use std::sync::atomic::{AtomicUsize, Ordering};

use pb_registry::definitions::{self, SecretTarget};
use pb_registry::Registry;
use pb_secrets::{KeyringStatus, MemoryStore, SecretError, SecretKey, SecretStore, Sensitive};

/// Stores the first `allowed` writes, then fails every write as a locked or
/// vanished keyring would.
struct FailsAfter {
    inner: MemoryStore,
    allowed: AtomicUsize,
    writes: AtomicUsize,
}

impl FailsAfter {
    fn new(allowed: usize) -> Self {
        Self {
            inner: MemoryStore::default(),
            allowed: AtomicUsize::new(allowed),
            writes: AtomicUsize::new(0),
        }
    }
}

impl SecretStore for FailsAfter {
    fn set(&self, key: &SecretKey, value: &Sensitive<String>) -> Result<(), SecretError> {
        if self.allowed.load(Ordering::SeqCst) == 0 {
            return Err(SecretError::Unavailable(
                "the keyring stopped answering".into(),
            ));
        }
        self.allowed.fetch_sub(1, Ordering::SeqCst);
        self.writes.fetch_add(1, Ordering::SeqCst);
        self.inner.set(key, value)
    }
    fn get(&self, key: &SecretKey) -> Result<Option<Sensitive<String>>, SecretError> {
        self.inner.get(key)
    }
    fn delete(&self, key: &SecretKey) -> Result<bool, SecretError> {
        self.inner.delete(key)
    }
    fn status(&self) -> KeyringStatus {
        self.inner.status()
    }
}

fn definitions(dir: &std::path::Path) -> std::path::PathBuf {
    let mut text = String::from(
        "apiVersion: platformbuilder.dev/v1\nkind: Platform\nmetadata:\n  name: billing\nspec:\n  displayName: Billing\n  type: GENERIC-REST\n",
    );
    for env in ["dev", "staging", "prod"] {
        text.push_str(&format!(
            "---\napiVersion: platformbuilder.dev/v1\nkind: Instance\nmetadata:\n  name: {env}\n  platform: billing\nspec:\n  environment: {env}\n  endpoint: https://{env}.billing.example.com\n  credential:\n    fromEnv: PB_MIDWAY_{}\n",
            env.to_uppercase()
        ));
    }
    let path = dir.join("billing.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn an_import_the_keyring_fails_midway_is_visible_and_a_rerun_writes_only_what_is_missing() {
    for env in ["DEV", "STAGING", "PROD"] {
        std::env::set_var(format!("PB_MIDWAY_{env}"), format!("token-{env}"));
    }
    let dir = tempfile::tempdir().unwrap();
    let file = definitions(dir.path());
    let reg = Registry::open(&dir.path().join("registry.db")).unwrap();
    let store = FailsAfter::new(1);
    let target = SecretTarget {
        store: &store,
        service: "pb-midway",
    };

    let problems =
        definitions::import(&reg, &target, std::slice::from_ref(&file), false).unwrap_err();
    assert_eq!(problems.len(), 2, "{problems:?}");
    for p in &problems {
        assert_eq!(p.path, "spec.credential");
        assert!(p.message.contains("could not be stored"), "{p}");
        assert!(p.message.contains("stopped answering"), "{p}");
    }
    // The rows are there; one credential is stored, two are missing with the reason.
    let platform = reg
        .list_platforms()
        .unwrap()
        .into_iter()
        .find(|p| p.name == "Billing")
        .unwrap();
    let instances = reg.list_instances(&platform.id).unwrap();
    assert_eq!(instances.len(), 3);
    let missing: Vec<_> = instances
        .iter()
        .filter(|i| !i.credential.configured)
        .collect();
    assert_eq!(missing.len(), 2);
    for i in &missing {
        let why = i.credential.problem.as_deref().unwrap_or_default();
        assert!(
            why.contains("could not store it") && why.contains("stopped answering"),
            "{why}"
        );
    }
    assert!(instances
        .iter()
        .filter(|i| i.credential.configured)
        .all(|i| i.credential.problem.is_none()));

    // The keyring answers again: the same import writes the two missing secrets only.
    store.allowed.store(100, Ordering::SeqCst);
    let before = store.writes.load(Ordering::SeqCst);
    let report = definitions::import(&reg, &target, &[file], false).unwrap();
    assert_eq!(
        store.writes.load(Ordering::SeqCst) - before,
        2,
        "{report:?}"
    );
    let instances = reg.list_instances(&platform.id).unwrap();
    assert!(instances.iter().all(|i| i.credential.configured));
    assert!(instances.iter().all(|i| i.credential.problem.is_none()));
    assert!(instances.iter().all(|i| i.secret_problems.is_empty()));
}
