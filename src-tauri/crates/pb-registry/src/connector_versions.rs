//! Connector versions: every saved connector of a custom type is a numbered
//! version; a roll back saves an old version's text as a new version, so nothing is
//! ever rewritten and the history shows both.

use pb_change_history::{side_by_side, Actor, FieldChange, SideBySide};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::change_snapshot::{tracked_with, Subject};
use crate::db::{now, Registry};
use crate::error::{RegistryError, Result};
use crate::ops::{ensure_editable, fetch_type};
use crate::queries::{connector_versions, platform_types};

/// One saved version of a type's connector (without its text).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConnectorVersion {
    pub type_id: String,
    pub version: u32,
    pub saved_at: String,
    pub user: String,
    /// `app`, `platformctl` or `provisioning`.
    pub via: String,
    /// Saved by rolling back to this version.
    #[ts(optional)]
    pub restored_from: Option<u32>,
    /// This version removed the connector.
    pub removed: bool,
}

/// Two versions side by side, the older (`from`) on the left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConnectorVersionDiff {
    pub type_id: String,
    pub from: u32,
    pub to: u32,
    pub diff: SideBySide,
}

/// Stores `text` as the type's connector, as a new version with its history entry,
/// in the caller's transaction. Saving the text of the newest version again changes
/// nothing. Returns the version now current (None: the type never had a connector).
pub(crate) fn save(
    conn: &Connection,
    actor: &Actor,
    type_id: &str,
    text: Option<&str>,
) -> Result<Option<u32>> {
    let latest = connector_versions::latest(conn, type_id)?;
    let current = platform_types::connector(conn, type_id)?;
    if current.as_deref() == text && (latest.is_some() || text.is_none()) {
        return Ok(latest);
    }
    store(conn, actor, type_id, text, None).map(Some)
}

/// Always a new version, with its history entry (a roll back names the version it
/// restored).
fn store(
    conn: &Connection,
    actor: &Actor,
    type_id: &str,
    text: Option<&str>,
    restored_from: Option<u32>,
) -> Result<u32> {
    let extra = restored_from
        .map(|v| FieldChange {
            field: "restoredFrom".into(),
            before: None,
            after: Some(v.into()),
            secret: false,
        })
        .into_iter()
        .collect();
    tracked_with(conn, actor, Subject::Connector(type_id), extra, || {
        let at = now();
        platform_types::set_connector(conn, type_id, text, &at)?;
        connector_versions::insert(conn, type_id, text, &at, actor, restored_from)
    })
}

impl Registry {
    /// Every version of the type's connector, newest first (empty for a built-in
    /// type, whose connector is the preset shipped with the app).
    pub fn connector_versions(&self, type_id: &str) -> Result<Vec<ConnectorVersion>> {
        self.read(|c| {
            fetch_type(c, type_id)?;
            connector_versions::list(c, type_id)
        })
    }

    /// The text of one version ("" for a version that removed the connector).
    pub fn connector_version_text(&self, type_id: &str, version: u32) -> Result<String> {
        self.read(|c| {
            connector_versions::get(c, type_id, version)?
                .map(|(_, text)| text.unwrap_or_default())
                .ok_or_else(|| not_found(type_id, version))
        })
    }

    /// The newest version of the connector `instance_id` runs (None for built-in
    /// presets), for recording with a test run.
    pub fn instance_connector_version(&self, instance_id: &str) -> Result<Option<u32>> {
        self.read(|c| {
            let instance = crate::ops::fetch_instance(c, instance_id)?;
            let platform = crate::ops::fetch_platform(c, &instance.platform_id)?;
            connector_versions::latest(c, &platform.type_id)
        })
    }

    pub fn diff_connector_versions(
        &self,
        type_id: &str,
        from: u32,
        to: u32,
    ) -> Result<ConnectorVersionDiff> {
        let old = self.connector_version_text(type_id, from)?;
        let new = self.connector_version_text(type_id, to)?;
        Ok(ConnectorVersionDiff {
            type_id: type_id.to_owned(),
            from,
            to,
            diff: side_by_side(&old, &new),
        })
    }

    /// Saves the text of `version` as a new version (after checking it still
    /// parses with this build); returns the new version.
    pub fn roll_back_connector(&self, type_id: &str, version: u32) -> Result<ConnectorVersion> {
        let actor = self.actor();
        self.with_tx(|tx| {
            let t = fetch_type(tx, type_id)?;
            ensure_editable(format!("Platform type {type_id}"), &t.managed_by)?;
            let (_, text) = connector_versions::get(tx, type_id, version)?
                .ok_or_else(|| not_found(type_id, version))?;
            if let Some(text) = &text {
                pb_connector::parse(text).map_err(|e| {
                    RegistryError::field(
                        "version",
                        format!("version {version} no longer loads: {e}"),
                    )
                })?;
            }
            let latest = connector_versions::latest(tx, type_id)?;
            if latest == Some(version) {
                return Err(RegistryError::field(
                    "version",
                    format!("version {version} is the current version already"),
                ));
            }
            // A text equal to the current one still makes a version: the
            // administrator asked for "v3 again", and the history should say so.
            let new = store(tx, &actor, type_id, text.as_deref(), Some(version))?;
            tracing::info!(type_id, from = version, to = new, "connector rolled back");
            connector_versions::get(tx, type_id, new)?
                .map(|(v, _)| v)
                .ok_or_else(|| not_found(type_id, new))
        })
    }
}

fn not_found(type_id: &str, version: u32) -> RegistryError {
    RegistryError::NotFound {
        what: "connector version",
        id: format!("{type_id} v{version}"),
    }
}
