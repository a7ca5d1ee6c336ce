//! A wrapper for secret values that cannot leak by accident.

use std::fmt;

/// A secret value. `Debug` and `Display` print `<redacted>`, and there is deliberately
/// no `Serialize` impl, so a secret can never end up in a log line, an IPC reply or an
/// exported file without an explicit, greppable call to [`Sensitive::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// The raw value. Call it only where the secret is handed to its destination
    /// (the keyring, an HTTP header), never to build a message.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<T> fmt::Display for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

// Deserialize only: the UI may send a secret once, it never gets one back.
impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Sensitive<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Sensitive)
    }
}

impl From<String> for Sensitive<String> {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Sensitive<String> {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let secret = Sensitive::new("canary-123".to_string());
        assert_eq!(format!("{secret:?}"), "<redacted>");
        assert_eq!(format!("{secret}"), "<redacted>");
        assert_eq!(secret.expose(), "canary-123");
    }

    #[test]
    fn deserializes_from_a_plain_string() {
        #[derive(serde::Deserialize)]
        struct Input {
            secret: Sensitive<String>,
        }
        let input: Input = serde_json::from_str(r#"{"secret":"canary-xyz"}"#).unwrap();
        assert_eq!(input.secret.expose(), "canary-xyz");
    }
}
