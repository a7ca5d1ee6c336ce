//! Opening the registry database: pragmas, migrations, the built-in catalogue.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, RwLock};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Transaction};

use crate::error::{RegistryError, Result};
use crate::migrate::{self, MigrationReport, MIGRATIONS};

/// The registry's SQLite database. One connection behind a mutex: the app's writes
/// are small and rare, and serialising them keeps transactions simple.
pub struct Registry {
    conn: Mutex<Connection>,
    path: Option<PathBuf>,
    migration: MigrationReport,
    /// The registry table's index, rebuilt when the registry changes.
    pub(crate) registry_index: crate::registry_index::IndexCache,
    /// Who makes this process's changes, for the change history.
    pub(crate) actor: RwLock<pb_change_history::Actor>,
}

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn configure(conn: &Connection) -> Result<()> {
    // WAL lets a second process (platformctl) read while the app writes; NORMAL is
    // durable across app crashes in WAL mode; the busy timeout turns a concurrent
    // writer into a short wait instead of an immediate SQLITE_BUSY.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(())
}

impl Registry {
    /// Opens (creating if needed) the database file, migrating it after a backup.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| RegistryError::Io {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let conn = Connection::open(path)?;
        Self::init(conn, Some(path.to_path_buf()))
    }

    /// A private in-memory database, for unit tests.
    pub fn open_in_memory() -> Result<Self> {
        Self::init(Connection::open_in_memory()?, None)
    }

    fn init(mut conn: Connection, path: Option<PathBuf>) -> Result<Self> {
        // Refuse a newer database before changing anything about it, not even its
        // journal mode: it belongs to a newer build.
        let found = migrate::current_version(&conn)?;
        let supported = migrate::latest_version();
        if found > supported {
            return Err(RegistryError::SchemaTooNew { found, supported });
        }
        configure(&conn)?;
        let migration = migrate::migrate(&mut conn, path.as_deref(), MIGRATIONS)?;
        let tx = conn.transaction()?;
        crate::catalogue::sync(&tx, &now())?;
        tx.commit()?;
        let registry = Self {
            conn: Mutex::new(conn),
            path,
            migration,
            registry_index: Default::default(),
            actor: RwLock::new(pb_change_history::Actor::current(
                pb_change_history::Via::App,
            )),
        };
        registry.prune_change_history()?;
        Ok(registry)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn migration(&self) -> &MigrationReport {
        &self.migration
    }

    pub fn schema_version(&self) -> Result<i64> {
        migrate::current_version(&self.conn())
    }

    pub(crate) fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite inconsistent (the
        // transaction rolls back on drop), so a poisoned lock is safe to reuse.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` in a transaction: committed if it returns Ok, rolled back otherwise.
    pub fn with_tx<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        f(&self.conn())
    }

    /// A value of the `settings` table (JSON), or the default when none is stored or
    /// it cannot be read.
    pub(crate) fn setting<T: serde::de::DeserializeOwned + Default>(&self, key: &str) -> Result<T> {
        let stored: Option<String> = self.read(|c| {
            Ok(
                c.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                    r.get(0)
                })
                .optional()?,
            )
        })?;
        Ok(stored
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default())
    }
}

/// Stores a value of the `settings` table (JSON), in the caller's transaction.
pub(crate) fn put_setting<T: serde::Serialize>(
    conn: &Connection,
    key: &str,
    value: &T,
) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        rusqlite::params![key, serde_json::to_string(value).unwrap_or_default()],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_database_uses_wal_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/registry.db");
        let reg = Registry::open(&path).unwrap();
        let conn = reg.conn();
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        let fk: i64 = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!((mode.as_str(), fk), ("wal", 1));
        drop(conn);
        assert_eq!(reg.schema_version().unwrap(), migrate::latest_version());
    }

    #[test]
    fn reopening_keeps_data_and_does_not_migrate_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("registry.db");
        drop(Registry::open(&path).unwrap());
        let again = Registry::open(&path).unwrap();
        assert_eq!(again.migration().from, again.migration().to);
        assert!(again.migration().backup.is_none());
    }

    #[test]
    fn upgrading_a_v1_database_backs_it_up_and_keeps_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("registry.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            migrate::migrate(&mut conn, Some(&path), &MIGRATIONS[..1]).unwrap();
            conn.execute(
                "INSERT INTO platform_types (identifier, display_name, icon, created_at, updated_at)
                 VALUES ('KAFKA', 'Kafka', 'message', 't', 't')",
                [],
            )
            .unwrap();
        }
        let reg = Registry::open(&path).unwrap();
        let m = reg.migration();
        assert_eq!((m.from, m.to), (1, migrate::latest_version()));
        assert!(m.backup.as_ref().unwrap().exists());
        let kafka = reg
            .list_platform_types()
            .unwrap()
            .into_iter()
            .find(|t| t.identifier == "KAFKA");
        assert!(kafka.is_some());
        assert_eq!(reg.platform_type_connector("KAFKA").unwrap(), None);
    }

    #[test]
    fn with_tx_rolls_back_on_error() {
        let reg = Registry::open_in_memory().unwrap();
        let result: Result<()> = reg.with_tx(|tx| {
            tx.execute(
                "INSERT INTO platform_types (identifier, display_name, icon, created_at, updated_at)
                 VALUES ('TMP', 'Tmp', 'api', 'now', 'now')",
                [],
            )?;
            Err(RegistryError::field("x", "forced"))
        });
        assert!(result.is_err());
        let n: i64 = reg
            .read(|c| {
                Ok(c.query_row(
                    "SELECT count(*) FROM platform_types WHERE identifier = 'TMP'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
        assert_eq!(n, 0);
    }
}
