//! Platform definitions as code (issue 6): the file format, reading it, importing
//! it into the registry and exporting the registry back to files.

mod apply;
mod check;
pub mod export;
pub mod format;
pub mod import;
mod offering;
pub mod parse;
mod prune;
pub mod setting;
mod state;

pub use export::{export, ExportFile};
pub use format::{Document, SecretRef, API_VERSION};
pub use import::{
    import, provision, Action, Change, ImportReport, ProvisioningReport, SecretTarget,
};
pub use parse::Problem;
pub use setting::ProvisioningSetting;
