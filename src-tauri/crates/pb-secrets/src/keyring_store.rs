//! The real OS keyring: Secret Service on Linux, Keychain on macOS, Credential
//! Manager on Windows.

use std::sync::mpsc;
use std::time::Duration;

use crate::error::REMEDIATION;
use crate::{KeyringStatus, SecretError, SecretKey, SecretStore, Sensitive};

/// The OS keyring with a bound on every call.
///
/// Why the thread: with a locked collection and a display, Secret Service shows a
/// password prompt and the D-Bus call blocks until somebody answers it, which on a
/// headless machine is never. Each call therefore runs on a worker thread and the
/// caller stops waiting after `timeout`. A call that never returns leaks that one
/// thread; that is the price of not freezing the UI.
pub struct KeyringStore {
    timeout: Duration,
    probe_service: String,
}

impl KeyringStore {
    /// `probe_service` names the entry used by [`SecretStore::status`]; pass the app
    /// identifier so the probe stays inside the app's namespace.
    pub fn new(probe_service: impl Into<String>, timeout: Duration) -> Self {
        Self {
            timeout,
            probe_service: probe_service.into(),
        }
    }

    pub fn backend_name() -> &'static str {
        if cfg!(target_os = "linux") {
            "Secret Service (D-Bus)"
        } else if cfg!(target_os = "macos") {
            "macOS Keychain"
        } else if cfg!(target_os = "windows") {
            "Windows Credential Manager"
        } else {
            "unsupported platform"
        }
    }

    fn bounded<T: Send + 'static>(
        &self,
        key: &SecretKey,
        call: impl FnOnce(keyring::Entry) -> Result<T, keyring::Error> + Send + 'static,
    ) -> Result<T, SecretError> {
        let (tx, rx) = mpsc::channel();
        let service = key.service.clone();
        let account = key.account.clone();
        std::thread::Builder::new()
            .name("keyring-call".into())
            .spawn(move || {
                let result = keyring::Entry::new(&service, &account).and_then(call);
                // The receiver may have given up already; nothing to do then.
                let _ = tx.send(result);
            })
            .map_err(|e| SecretError::Unavailable(format!("cannot start keyring worker: {e}")))?;
        match rx.recv_timeout(self.timeout) {
            Ok(result) => result.map_err(map_error),
            Err(_) => {
                tracing::warn!(account = %key.account, "keyring call timed out");
                Err(SecretError::Timeout {
                    seconds: self.timeout.as_secs().max(1),
                })
            }
        }
    }
}

/// Maps keyring errors to ours without ever carrying the secret: `BadEncoding` holds
/// the raw bytes of the stored value and `Invalid`/`TooLong` may echo an attribute.
fn map_error(err: keyring::Error) -> SecretError {
    match err {
        keyring::Error::NoStorageAccess(e) => SecretError::Unavailable(e.to_string()),
        keyring::Error::PlatformFailure(e) => SecretError::Unavailable(e.to_string()),
        keyring::Error::NoEntry => SecretError::Backend("no such entry".into()),
        keyring::Error::BadEncoding(_) => {
            SecretError::Backend("the stored value is not valid UTF-8".into())
        }
        keyring::Error::TooLong(attr, limit) => SecretError::Backend(format!(
            "{attr} is longer than the keyring allows ({limit})"
        )),
        keyring::Error::Invalid(attr, _) => SecretError::Backend(format!("invalid {attr}")),
        keyring::Error::Ambiguous(_) => {
            SecretError::Backend("more than one keyring entry matches".into())
        }
        other => SecretError::Backend(other.to_string()),
    }
}

impl SecretStore for KeyringStore {
    fn set(&self, key: &SecretKey, value: &Sensitive<String>) -> Result<(), SecretError> {
        let value = value.clone();
        self.bounded(key, move |entry| entry.set_password(value.expose()))
    }

    fn get(&self, key: &SecretKey) -> Result<Option<Sensitive<String>>, SecretError> {
        self.bounded(key, |entry| match entry.get_password() {
            Ok(v) => Ok(Some(Sensitive::new(v))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e),
        })
    }

    fn delete(&self, key: &SecretKey) -> Result<bool, SecretError> {
        self.bounded(key, |entry| match entry.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(e),
        })
    }

    fn status(&self) -> KeyringStatus {
        // One probe entry per process and call: two app windows (or parallel tests)
        // probing at once must not delete each other's entry mid-check.
        static PROBES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = PROBES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let key = SecretKey::new(
            &self.probe_service,
            format!("keyring-probe-{}-{n}", std::process::id()),
        );
        let probe: Sensitive<String> = "probe".into();
        let outcome = self
            .set(&key, &probe)
            .and_then(|()| self.get(&key))
            .and_then(|read| {
                self.delete(&key)?;
                match read {
                    Some(v) if v == probe => Ok(()),
                    _ => Err(SecretError::Backend(
                        "a probe entry written to the keyring could not be read back".into(),
                    )),
                }
            });
        match outcome {
            Ok(()) => KeyringStatus {
                available: true,
                backend: Self::backend_name().into(),
                message: "The keyring is available and unlocked.".into(),
                remediation: None,
            },
            Err(e) => KeyringStatus {
                available: false,
                backend: Self::backend_name().into(),
                message: e.to_string(),
                remediation: Some(match e {
                    SecretError::Backend(_) => e.remediation().into(),
                    _ => REMEDIATION.into(),
                }),
            },
        }
    }
}
