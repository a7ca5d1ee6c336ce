//! The Platform Builder registry: platform types, platforms and instances in SQLite,
//! with credentials kept in the OS keyring through [`pb_secrets::SecretStore`].
//! Free of Tauri so it builds and tests without WebKit.

#[doc(hidden)]
pub mod bench_seed;
pub mod catalogue;
pub mod change_history;
pub(crate) mod change_snapshot;
pub mod connector_versions;
pub mod custom_fields;
pub mod db;
pub mod definitions;
pub mod draft;
pub mod error;
pub mod exec_trust;
pub mod health_checks;
pub mod history;
pub mod instance_fields;
pub mod instance_tls;
pub mod integration;
pub mod migrate;
pub mod model;
pub mod offering;
pub mod ops;
pub mod platform_docs;
pub mod queries;
pub mod registry_index;
pub mod registry_query;
pub mod tag_definitions;
pub mod validate;
pub mod validation_settings;
pub mod wizard_drafts;

pub use db::Registry;
// Re-exported so callers (the app, tests) use the same SQLite build.
pub use error::{FieldError, RegistryError, Result};
pub use model::*;
pub use pb_change_history;
pub use pb_health_checks;
pub use rusqlite;
