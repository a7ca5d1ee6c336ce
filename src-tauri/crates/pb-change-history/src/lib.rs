//! The change history (audit trail) of the registry: what one entry says — when,
//! who (the OS user), through what (the app, `platformctl`, a provisioning folder),
//! which record, and a field-level diff — and how that diff is computed.
//!
//! Pure data and functions: the registry stores entries in the transaction of the
//! change they describe, so a change that fails leaves none.

mod diff;
mod model;
mod text_diff;

pub use diff::{field_changes, MAX_VALUE_CHARS};
pub use model::*;
pub use text_diff::{side_by_side, DiffRow, RowKind, SideBySide, SideLine};

/// One JSON object per line, for `platformctl history --jsonl` and the app's export.
pub fn to_json_lines(entries: &[ChangeEntry]) -> String {
    let mut out = String::new();
    for entry in entries {
        // A ChangeEntry holds only strings, numbers and JSON values: it always
        // serializes.
        out.push_str(&serde_json::to_string(entry).unwrap_or_default());
        out.push('\n');
    }
    out
}
