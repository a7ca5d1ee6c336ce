//! The baseline for start-up and idle memory (issue 7, figures 1 and 2): an empty
//! Tauri 2 window, built with the app's toolchain and release profile, that reports
//! "ready" the way the app does, so `make bench` (tests/e2e/src/bin/ui_bench.rs) measures both alike.

use std::time::{SystemTime, UNIX_EPOCH};

/// Prints the wall-clock time the page reported itself rendered; the bench script
/// subtracts the time it launched the process.
#[tauri::command]
fn ready() {
    let at_unix_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    println!("UI ready at_unix_ms={at_unix_ms}");
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ready])
        .run(tauri::generate_context!())
        .expect("the empty window");
}
