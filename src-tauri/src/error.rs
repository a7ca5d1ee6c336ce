//! The one error type commands return. It reaches the UI as `{code, message, details}`
//! so the UI can show a sentence and put field errors next to their fields.

use pb_registry::{FieldError, RegistryError};
use pb_secrets::SecretError;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Registry(#[from] RegistryError),
    #[error(transparent)]
    Secret(#[from] SecretError),
    /// The database could not be opened at start-up (e.g. a newer schema); the UI
    /// shows this instead of the app crashing.
    #[error("{message}")]
    Startup { code: String, message: String },
    /// A connector problem found without calling the platform (dry run).
    #[error(transparent)]
    Connector(#[from] pb_connector::ConnectorError),
    /// An export the records cannot make yet (each problem named), or one the
    /// folder would not take.
    #[error(transparent)]
    Export(pb_export::ExportError),
    #[error("cannot write to {path}: {message}")]
    Io { path: String, message: String },
    #[error("internal error: {0}")]
    Internal(String),
}

/// The wire shape of every command error.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct IpcError {
    /// Stable, machine-readable: `validation`, `not_found`, `in_use`,
    /// `keyring_timeout`, `keyring_unavailable`, `schema_too_new`, ...
    pub code: String,
    /// One sentence for a person.
    pub message: String,
    pub details: Option<IpcErrorDetails>,
}

#[derive(Clone, Debug, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct IpcErrorDetails {
    /// Field-level problems, for `validation`.
    pub fields: Vec<FieldError>,
    /// What the administrator can do, where we know.
    pub remediation: Option<String>,
}

impl AppError {
    pub fn to_ipc(&self) -> IpcError {
        let (code, details) = match self {
            AppError::Registry(RegistryError::Secret(e)) | AppError::Secret(e) => (
                e.code().to_owned(),
                Some(IpcErrorDetails {
                    fields: vec![],
                    remediation: Some(e.remediation().to_owned()),
                }),
            ),
            AppError::Registry(e @ RegistryError::Validation(_)) => (
                e.code().to_owned(),
                Some(IpcErrorDetails {
                    fields: e.field_errors().to_vec(),
                    remediation: None,
                }),
            ),
            AppError::Registry(e) => (e.code().to_owned(), None),
            AppError::Startup { code, .. } => (code.clone(), None),
            AppError::Connector(e) => (
                e.code().to_owned(),
                Some(IpcErrorDetails {
                    fields: vec![],
                    remediation: Some(e.class().remediation().to_owned()),
                }),
            ),
            AppError::Export(e) => (e.code().to_owned(), None),
            AppError::Io { .. } => ("io".to_owned(), None),
            AppError::Internal(_) => ("internal".to_owned(), None),
        };
        IpcError {
            code,
            message: self.to_string(),
            details,
        }
    }
}

impl From<pb_export::ExportError> for AppError {
    /// A registry error met while exporting keeps its own code (not_found, ...).
    fn from(e: pb_export::ExportError) -> Self {
        match e {
            pb_export::ExportError::Registry(e) => AppError::Registry(e),
            other => AppError::Export(other),
        }
    }
}

impl AppError {
    pub fn io(path: &str, e: std::io::Error) -> Self {
        AppError::Io {
            path: path.to_owned(),
            message: e.to_string(),
        }
    }
}

impl Serialize for AppError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_ipc().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_errors_carry_their_fields() {
        let err = AppError::from(RegistryError::field("identifier", "Identifier is required"));
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["code"], "validation");
        assert_eq!(json["message"], "identifier: Identifier is required");
        assert_eq!(json["details"]["fields"][0]["field"], "identifier");
    }

    #[test]
    fn keyring_errors_carry_a_remediation() {
        let err = AppError::from(RegistryError::Secret(SecretError::Timeout { seconds: 5 }));
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["code"], "keyring_timeout");
        assert!(json["message"]
            .as_str()
            .unwrap()
            .contains("no unlocked keyring"));
        assert!(json["details"]["remediation"]
            .as_str()
            .unwrap()
            .contains("gnome-keyring"));
    }
}
