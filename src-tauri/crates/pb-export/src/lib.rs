//! Export formats: how an administrator hands platforms established in Platform
//! Builder to other tools without typing them again. Each format is a module; all
//! of them read the registry and never a secret (they are given no secret store).

pub mod hcl;
pub mod meshstack;

pub use pb_registry::definitions::export::{write, ExportFile};

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The records do not say everything the format needs: every problem, each
    /// naming the record and the field to change.
    #[error("not exported, the records need: {}", .0.join("; "))]
    Incomplete(Vec<String>),
    #[error(transparent)]
    Registry(#[from] pb_registry::RegistryError),
}

impl ExportError {
    /// Stable code the UI and scripts can match on.
    pub fn code(&self) -> &'static str {
        match self {
            ExportError::Incomplete(_) => "export_incomplete",
            ExportError::Registry(e) => e.code(),
        }
    }
}
