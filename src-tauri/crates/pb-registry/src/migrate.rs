//! Ordered, embedded schema migrations.
//!
//! `PRAGMA user_version` holds the number of applied migrations. Each migration runs
//! in its own transaction together with the version bump, so a crash leaves the
//! database at a known version. A database newer than this build is refused rather
//! than "migrated" by code that does not know it. Before touching an existing
//! database, a copy is written next to it.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::error::{RegistryError, Result};

pub struct Migration {
    pub name: &'static str,
    pub sql: &'static str,
    /// Runs after `sql`, in its transaction, for what SQL cannot say well (e.g.
    /// deriving identifiers with the same rules the app checks new ones by).
    pub then: Option<fn(&rusqlite::Transaction<'_>) -> Result<()>>,
}

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        name: "0001_registry",
        sql: include_str!("../migrations/0001_registry.sql"),
        then: None,
    },
    Migration {
        name: "0002_connectors",
        sql: include_str!("../migrations/0002_connectors.sql"),
        then: None,
    },
    Migration {
        name: "0003_instance_tls",
        sql: include_str!("../migrations/0003_instance_tls.sql"),
        then: None,
    },
    Migration {
        name: "0004_validation",
        sql: include_str!("../migrations/0004_validation.sql"),
        then: None,
    },
    Migration {
        name: "0005_wizard_drafts",
        sql: include_str!("../migrations/0005_wizard_drafts.sql"),
        then: None,
    },
    Migration {
        name: "0006_registry_wizard",
        sql: include_str!("../migrations/0006_registry_wizard.sql"),
        then: None,
    },
    Migration {
        name: "0007_registry_generation",
        sql: include_str!("../migrations/0007_registry_generation.sql"),
        then: None,
    },
    Migration {
        name: "0008_definitions",
        sql: include_str!("../migrations/0008_definitions.sql"),
        then: None,
    },
    Migration {
        name: "0009_exec_trust",
        sql: include_str!("../migrations/0009_exec_trust.sql"),
        then: None,
    },
    Migration {
        name: "0010_validation_strictness",
        sql: include_str!("../migrations/0010_validation_strictness.sql"),
        then: None,
    },
    Migration {
        name: "0011_change_history",
        sql: include_str!("../migrations/0011_change_history.sql"),
        then: None,
    },
    Migration {
        name: "0012_health_checks",
        sql: include_str!("../migrations/0012_health_checks.sql"),
        then: None,
    },
    Migration {
        name: "0013_offering",
        sql: include_str!("../migrations/0013_offering.sql"),
        then: Some(crate::offering::locations::records_from_platforms),
    },
];

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

pub fn current_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// What happened while migrating, for the log and Settings.
#[derive(Debug, PartialEq, Eq)]
pub struct MigrationReport {
    pub from: i64,
    pub to: i64,
    pub backup: Option<PathBuf>,
}

/// Brings `conn` to the newest schema of `migrations`. `db_path` is the file behind
/// `conn` (None for in-memory databases, which need no backup).
pub fn migrate(
    conn: &mut Connection,
    db_path: Option<&Path>,
    migrations: &[Migration],
) -> Result<MigrationReport> {
    let supported = migrations.len() as i64;
    let from = current_version(conn)?;
    if from > supported {
        return Err(RegistryError::SchemaTooNew {
            found: from,
            supported,
        });
    }
    let mut report = MigrationReport {
        from,
        to: from,
        backup: None,
    };
    if from == supported {
        return Ok(report);
    }
    // A brand-new database has nothing worth backing up.
    if let (Some(path), true) = (db_path, from > 0) {
        report.backup = Some(backup(conn, path, from)?);
    }
    for (index, migration) in migrations.iter().enumerate().skip(from as usize) {
        let version = index as i64 + 1;
        let tx = conn.transaction()?;
        tx.execute_batch(migration.sql)?;
        if let Some(then) = migration.then {
            then(&tx)?;
        }
        // PRAGMA does not take bound parameters; `version` is our own integer.
        tx.execute_batch(&format!("PRAGMA user_version = {version}"))?;
        tx.commit()?;
        tracing::info!(version, name = migration.name, "applied migration");
        report.to = version;
    }
    Ok(report)
}

/// `VACUUM INTO` writes a consistent copy even with WAL pages not yet checkpointed.
fn backup(conn: &Connection, path: &Path, version: i64) -> Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let file_name = format!(
        "{}.v{version}-{stamp}.bak",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "registry.db".into())
    );
    let target = path.with_file_name(file_name);
    let target_str = target
        .to_str()
        .ok_or_else(|| RegistryError::Backup("backup path is not valid UTF-8".into()))?;
    conn.execute("VACUUM INTO ?1", [target_str])
        .map_err(|e| RegistryError::Backup(e.to_string()))?;
    tracing::info!(backup = %target.display(), "backed up database before migrating");
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_STEPS: &[Migration] = &[
        Migration {
            name: "one",
            sql: "CREATE TABLE a (x INTEGER);",
            then: None,
        },
        Migration {
            name: "two",
            sql: "CREATE TABLE b (y INTEGER);",
            then: None,
        },
    ];

    #[test]
    fn fresh_database_gets_every_migration_without_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.db");
        let mut conn = Connection::open(&path).unwrap();
        let report = migrate(&mut conn, Some(&path), TWO_STEPS).unwrap();
        assert_eq!((report.from, report.to, report.backup), (0, 2, None));
        assert_eq!(current_version(&conn).unwrap(), 2);
    }

    #[test]
    fn upgrading_backs_up_first_and_the_backup_holds_the_old_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.db");
        let mut conn = Connection::open(&path).unwrap();
        migrate(&mut conn, Some(&path), &TWO_STEPS[..1]).unwrap();
        conn.execute("INSERT INTO a VALUES (7)", []).unwrap();

        let report = migrate(&mut conn, Some(&path), TWO_STEPS).unwrap();
        assert_eq!((report.from, report.to), (1, 2));
        let backup = report.backup.expect("backup written");
        let old = Connection::open(&backup).unwrap();
        assert_eq!(current_version(&old).unwrap(), 1);
        let x: i64 = old.query_row("SELECT x FROM a", [], |r| r.get(0)).unwrap();
        assert_eq!(x, 7);
        let has_b: i64 = old
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'b'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(has_b, 0);
    }

    #[test]
    fn newer_database_is_refused_untouched() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, None, TWO_STEPS).unwrap();
        let err = migrate(&mut conn, None, &TWO_STEPS[..1]).unwrap_err();
        assert_eq!(err.code(), "schema_too_new");
        assert!(err.to_string().contains("schema version 2"));
        assert_eq!(current_version(&conn).unwrap(), 2);
    }

    #[test]
    fn failing_migration_rolls_back_its_version_bump() {
        let broken = &[
            Migration {
                name: "one",
                sql: "CREATE TABLE a (x INTEGER);",
                then: None,
            },
            Migration {
                name: "broken",
                sql: "CREATE TABLE c (z INTEGER); SELEKT nonsense;",
                then: None,
            },
        ];
        let mut conn = Connection::open_in_memory().unwrap();
        assert!(migrate(&mut conn, None, broken).is_err());
        assert_eq!(current_version(&conn).unwrap(), 1);
        let has_c: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'c'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(has_c, 0);
    }
}
