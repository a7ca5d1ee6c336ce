//! One module per table. Functions take a `&Connection` (a `Transaction` derefs to
//! one) and do no validation: that happens in [`crate::ops`], before the write.

pub mod change_history;
pub mod connector_versions;
pub mod instances;
pub mod platform_types;
pub mod platforms;
pub mod test_runs;

/// True when `err` is a UNIQUE constraint violation.
pub(crate) fn is_unique_violation(err: &rusqlite::Error) -> bool {
    matches!(
        err,
        rusqlite::Error::SqliteFailure(e, _)
            if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    )
}
