//! The provisioning folder chosen in Settings (a flag or environment variable of
//! the app overrides it).

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::Registry;
use crate::error::{RegistryError, Result};

const KEY: &str = "provisioning";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProvisioningSetting {
    /// An absolute path; empty: no provisioning folder.
    pub folder: String,
    /// Delete records the folder no longer defines.
    pub prune: bool,
}

impl Registry {
    pub fn provisioning_setting(&self) -> Result<ProvisioningSetting> {
        let stored: Option<String> = self.read(|c| {
            Ok(
                c.query_row("SELECT value FROM settings WHERE key = ?1", [KEY], |r| {
                    r.get(0)
                })
                .optional()?,
            )
        })?;
        Ok(stored
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default())
    }

    pub fn set_provisioning_setting(
        &self,
        setting: &ProvisioningSetting,
    ) -> Result<ProvisioningSetting> {
        let setting = ProvisioningSetting {
            folder: setting.folder.trim().to_owned(),
            prune: setting.prune,
        };
        if !setting.folder.is_empty() {
            let path = std::path::Path::new(&setting.folder);
            if !path.is_absolute() {
                return Err(RegistryError::field(
                    "folder",
                    "Enter an absolute path, e.g. /etc/platform-builder/definitions",
                ));
            }
            if !path.is_dir() {
                return Err(RegistryError::field(
                    "folder",
                    "This folder does not exist or cannot be read",
                ));
            }
        }
        let value = serde_json::to_string(&setting).unwrap_or_default();
        self.with_tx(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                rusqlite::params![KEY, value],
            )?;
            Ok(())
        })?;
        Ok(setting)
    }
}
