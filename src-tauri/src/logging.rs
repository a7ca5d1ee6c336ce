//! Logs go to stderr and to a daily-rotated file in the app's log directory.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter};

/// Span fields are formatted once per field formatter *type* and cached on the
/// span, so with the same formatter in both layers the file would get the terminal's
/// colour codes. A distinct type gives the file layer its own, plain copy.
#[derive(Default)]
struct PlainFields(fmt::format::DefaultFields);

impl<'writer> fmt::FormatFields<'writer> for PlainFields {
    fn format_fields<R: tracing_subscriber::field::RecordFields>(
        &self,
        writer: fmt::format::Writer<'writer>,
        fields: R,
    ) -> std::fmt::Result {
        self.0.format_fields(writer, fields)
    }
}

/// Log files kept; older ones are deleted by the appender on rotation.
const KEEP_FILES: usize = 14;

/// Installs the global subscriber. Keep the guard alive for the life of the app: it
/// flushes the file writer on drop. Returns None if a subscriber was already set
/// (tests that start the app twice in one process).
pub fn init(log_dir: &Path) -> Result<Option<WorkerGuard>, String> {
    std::fs::create_dir_all(log_dir)
        .map_err(|e| format!("cannot create log directory {}: {e}", log_dir.display()))?;
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("platform-builder")
        .filename_suffix("log")
        .max_log_files(KEEP_FILES)
        .build(log_dir)
        .map_err(|e| format!("cannot open log file in {}: {e}", log_dir.display()))?;
    let (file_writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_env("PB_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let installed = tracing_subscriber::registry()
        .with(filter)
        .with(
            fmt::layer()
                .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
                .with_writer(std::io::stderr),
        )
        .with(
            fmt::layer()
                .with_ansi(false)
                .fmt_fields(PlainFields::default())
                .with_writer(file_writer),
        )
        .try_init()
        .is_ok();
    Ok(installed.then_some(guard))
}
