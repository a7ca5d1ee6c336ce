//! The connector engine: a connector is data (YAML/JSON) describing how to talk to a
//! platform's API; this crate validates it and runs its operations. Free of Tauri.

pub mod bounds;
pub mod definition;
pub mod diagnose;
pub mod engine;
pub mod error;
pub mod exec;
pub mod exec_trust;
pub mod extract;
pub mod listing;
pub mod openapi;
pub mod origin;
pub mod password;
pub mod presets;
pub mod redact;
pub mod resolve;
pub mod schema;
pub mod template;
pub mod tls;

pub use definition::{parse, ConnectorDefinition, Operation};
pub use engine::{CallContext, Engine, Exchange, OperationReport, OperationRun};
pub use error::{ConnectorError, Difference, ErrorClass};
