//! In-memory secret store for unit tests of code that needs a [`SecretStore`].
//! Never used by the app itself: it would silently lose secrets on restart.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::{KeyringStatus, SecretError, SecretKey, SecretStore, Sensitive};

#[derive(Default)]
pub struct MemoryStore {
    entries: Mutex<HashMap<SecretKey, String>>,
    /// When set, every call fails as a locked keyring would, so callers' error paths
    /// can be tested.
    locked: Mutex<bool>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn set_locked(&self, locked: bool) {
        *self.locked.lock().unwrap_or_else(|e| e.into_inner()) = locked;
    }

    pub fn len(&self) -> usize {
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn check_locked(&self) -> Result<(), SecretError> {
        if *self.locked.lock().unwrap_or_else(|e| e.into_inner()) {
            return Err(SecretError::Timeout { seconds: 0 });
        }
        Ok(())
    }
}

impl SecretStore for MemoryStore {
    fn set(&self, key: &SecretKey, value: &Sensitive<String>) -> Result<(), SecretError> {
        self.check_locked()?;
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.clone(), value.expose().clone());
        Ok(())
    }

    fn get(&self, key: &SecretKey) -> Result<Option<Sensitive<String>>, SecretError> {
        self.check_locked()?;
        Ok(self
            .entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(key)
            .cloned()
            .map(Sensitive::new))
    }

    fn delete(&self, key: &SecretKey) -> Result<bool, SecretError> {
        self.check_locked()?;
        Ok(self
            .entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key)
            .is_some())
    }

    fn status(&self) -> KeyringStatus {
        let locked = self.check_locked().is_err();
        KeyringStatus {
            available: !locked,
            backend: "in-memory (tests only)".into(),
            message: if locked {
                "locked".into()
            } else {
                "available".into()
            },
            remediation: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_get_delete_round_trip() {
        let store = MemoryStore::new();
        let key = SecretKey::new("svc", "acct");
        assert!(store.get(&key).unwrap().is_none());
        store.set(&key, &"s3cret".into()).unwrap();
        assert_eq!(store.get(&key).unwrap().unwrap().expose(), "s3cret");
        assert!(store.delete(&key).unwrap());
        assert!(!store.delete(&key).unwrap());
        assert!(store.get(&key).unwrap().is_none());
    }

    #[test]
    fn locked_store_fails_with_a_stable_code() {
        let store = MemoryStore::new();
        store.set_locked(true);
        let err = store
            .set(&SecretKey::new("s", "a"), &"x".into())
            .unwrap_err();
        assert_eq!(err.code(), "keyring_timeout");
        assert!(!store.status().available);
    }
}
