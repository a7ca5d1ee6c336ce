use serde::Serialize;
use ts_rs::TS;

/// One problem with one input field, shown next to that field in the UI.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldError {
    /// The input's field name as the UI knows it (camelCase), e.g. `identifier`.
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error("{}", summarize(.0))]
    Validation(Vec<FieldError>),
    #[error("{what} {id} does not exist")]
    NotFound { what: &'static str, id: String },
    #[error("{0}")]
    InUse(String),
    #[error("{what} is managed by the provisioning folder {folder}; change its definition file there instead")]
    ManagedByFile { what: String, folder: String },
    #[error("this database has schema version {found}, but this build of Platform Builder only understands up to version {supported}; install a newer Platform Builder or open another database")]
    SchemaTooNew { found: i64, supported: i64 },
    #[error("cannot back up the database before migrating it: {0}")]
    Backup(String),
    #[error("cannot prepare the data directory {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(transparent)]
    Secret(#[from] pb_secrets::SecretError),
}

fn summarize(errors: &[FieldError]) -> String {
    match errors {
        [one] => format!("{}: {}", one.field, one.message),
        many => format!("{} fields are invalid", many.len()),
    }
}

impl RegistryError {
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        RegistryError::Validation(vec![FieldError::new(field, message)])
    }

    /// Stable code the UI and scripts can match on.
    pub fn code(&self) -> &'static str {
        match self {
            RegistryError::Validation(_) => "validation",
            RegistryError::NotFound { .. } => "not_found",
            RegistryError::InUse(_) => "in_use",
            RegistryError::ManagedByFile { .. } => "managed_by_file",
            RegistryError::SchemaTooNew { .. } => "schema_too_new",
            RegistryError::Backup(_) => "backup_failed",
            RegistryError::Io { .. } => "io",
            RegistryError::Sqlite(_) => "database",
            RegistryError::Secret(e) => e.code(),
        }
    }

    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            RegistryError::Validation(errors) => errors,
            _ => &[],
        }
    }
}

pub type Result<T, E = RegistryError> = std::result::Result<T, E>;
