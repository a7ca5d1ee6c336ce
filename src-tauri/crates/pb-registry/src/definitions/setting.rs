//! The provisioning folder chosen in Settings (a flag or environment variable of
//! the app overrides it).

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
        self.setting(KEY)
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
        self.with_tx(|tx| crate::db::put_setting(tx, KEY, &setting))?;
        Ok(setting)
    }
}
