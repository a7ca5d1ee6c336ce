//! Credential storage for Platform Builder.
//!
//! Secrets live only in the OS keyring. Everything else in the app (SQLite, logs,
//! exports, IPC replies) knows at most that a credential is *configured*.

mod error;
mod keyring_store;
mod memory_store;
mod sensitive;

pub use error::SecretError;

/// The keyring service every entry of Platform Builder is stored under: the app and
/// platformctl share it, so a credential stored by one is used by the other.
pub const APP_KEYRING_SERVICE: &str = "dev.platformbuilder.app";

/// A secret read from a file or a pipe, without the one line break that ends
/// the file or that `echo` adds: it is not part of the secret.
pub fn without_final_newline(text: &str) -> &str {
    text.strip_suffix('\n')
        .map(|t| t.strip_suffix('\r').unwrap_or(t))
        .unwrap_or(text)
}

pub use keyring_store::KeyringStore;
pub use memory_store::MemoryStore;
pub use sensitive::Sensitive;

use serde::Serialize;
use ts_rs::TS;

/// Where one secret lives: the keyring's service (the app identifier, so entries of
/// different apps never collide) and an account naming what the secret belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SecretKey {
    pub service: String,
    pub account: String,
}

impl SecretKey {
    pub fn new(service: impl Into<String>, account: impl Into<String>) -> Self {
        Self {
            service: service.into(),
            account: account.into(),
        }
    }
}

/// What Settings shows about the keyring.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct KeyringStatus {
    /// True when a probe secret could be written, read back and deleted.
    pub available: bool,
    /// The backend in use, e.g. "Secret Service (D-Bus)".
    pub backend: String,
    /// One sentence on the outcome of the probe.
    pub message: String,
    /// What to do when the keyring is not usable.
    pub remediation: Option<String>,
}

/// The small surface the app needs from a secret store. The real implementation is
/// [`KeyringStore`]; [`MemoryStore`] exists only for unit tests.
pub trait SecretStore: Send + Sync {
    fn set(&self, key: &SecretKey, value: &Sensitive<String>) -> Result<(), SecretError>;
    /// A missing entry is `Ok(None)`, not an error.
    fn get(&self, key: &SecretKey) -> Result<Option<Sensitive<String>>, SecretError>;
    /// Returns whether an entry existed. Deleting a missing entry is not an error, so
    /// cleanup can be retried safely.
    fn delete(&self, key: &SecretKey) -> Result<bool, SecretError>;
    /// Writes, reads back and deletes a probe entry to prove the store is usable.
    fn status(&self) -> KeyringStatus;
}
