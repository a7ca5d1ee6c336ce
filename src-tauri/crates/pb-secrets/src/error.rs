use serde::Serialize;

/// Errors from the secret store. Messages never contain a secret value: the keyring's
/// own `BadEncoding` error carries the raw bytes, so it is mapped without them.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("no unlocked keyring: the OS keyring did not answer within {seconds} s (it is probably locked or waiting for a password prompt)")]
    Timeout { seconds: u64 },
    #[error("the OS keyring is not available: {0}")]
    Unavailable(String),
    #[error("the OS keyring refused the request: {0}")]
    Backend(String),
}

impl SecretError {
    /// Stable code the UI and scripts can match on.
    pub fn code(&self) -> &'static str {
        match self {
            SecretError::Timeout { .. } => "keyring_timeout",
            SecretError::Unavailable(_) => "keyring_unavailable",
            SecretError::Backend(_) => "keyring_error",
        }
    }

    /// What an administrator can do about it.
    pub fn remediation(&self) -> &'static str {
        match self {
            SecretError::Timeout { .. } | SecretError::Unavailable(_) => REMEDIATION,
            SecretError::Backend(_) => {
                "Check that the keyring is unlocked and that the entry is not held by another application."
            }
        }
    }
}

pub(crate) const REMEDIATION: &str = "Start and unlock a Secret Service keyring (GNOME Keyring or KWallet) in your desktop session; on a headless machine run the app inside `dbus-run-session` after `gnome-keyring-daemon --unlock --components=secrets`.";

impl Serialize for SecretError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("SecretError", 2)?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("message", &self.to_string())?;
        s.end()
    }
}
