//! Start-up against a database this build cannot handle: the app keeps running and
//! every command explains why, instead of crashing or touching the file.

use platform_builder_lib::context::{AppContext, AppPaths, StartupOptions};

#[test]
fn a_newer_schema_is_refused_with_a_clear_message_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("registry.db");
    {
        let conn = rusqlite_like::open(&database);
        conn.execute_batch("CREATE TABLE future (x INTEGER); PRAGMA user_version = 99;")
            .unwrap();
    }
    let before = std::fs::read(&database).unwrap();

    let ctx = AppContext::start(
        AppPaths {
            data_dir: dir.path().to_path_buf(),
            database: database.clone(),
            log_dir: dir.path().join("logs"),
        },
        &StartupOptions::default(),
        None,
    );
    let err = ctx.registry().err().expect("registry refused").to_ipc();
    assert_eq!(err.code, "schema_too_new");
    assert!(
        err.message.contains("schema version 99") && err.message.contains("newer Platform Builder"),
        "{}",
        err.message
    );
    assert_eq!(std::fs::read(&database).unwrap(), before, "file untouched");
    let backups = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".bak")
        })
        .count();
    assert_eq!(backups, 0);
}

/// rusqlite comes in through pb-registry; this keeps the test free of a direct
/// dependency on its version.
mod rusqlite_like {
    pub fn open(path: &std::path::Path) -> pb_registry::rusqlite::Connection {
        pb_registry::rusqlite::Connection::open(path).unwrap()
    }
}

#[test]
fn a_provisioning_folder_given_as_a_flag_is_applied_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("definitions");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("billing.yaml"),
        "apiVersion: platformbuilder.dev/v1\nkind: Platform\nmetadata:\n  name: billing\nspec:\n  displayName: Billing\n  type: GENERIC-REST\n",
    )
    .unwrap();
    let options = StartupOptions {
        provisioning_dir: Some((folder.clone(), "flag")),
        ..Default::default()
    };
    let ctx = std::sync::Arc::new(AppContext::start(
        AppPaths {
            data_dir: dir.path().to_path_buf(),
            database: dir.path().join("registry.db"),
            log_dir: dir.path().join("logs"),
        },
        &options,
        None,
    ));
    // Off the start path: the context is usable before the folder is applied.
    AppContext::provision_in_background(&ctx).join().unwrap();
    let status = ctx.status().provisioning.expect("provisioning applied");
    assert!(!status.running);
    assert_eq!(status.source, "flag");
    assert!(status.report.unwrap().problems.is_empty());
    let platforms = ctx.registry().unwrap().list_platforms().unwrap();
    assert_eq!(
        platforms[0].managed_by.as_deref(),
        Some(folder.to_str().unwrap())
    );
}
