//! Logs go to stderr and to a daily-rotated file in the app's log directory.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter};

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
        .with(fmt::layer().with_writer(std::io::stderr))
        .with(fmt::layer().with_ansi(false).with_writer(file_writer))
        .try_init()
        .is_ok();
    Ok(installed.then_some(guard))
}
