//! This machine's trust list for exec connectors (see `pb_connector::exec_trust`).
//! Trust is granted per platform type, for the fingerprint its connector has at
//! that moment; the engine refuses any program whose fingerprint is not listed.
//! Built-in types are trusted as shipped: their preset is part of this binary and
//! their program ships beside it.

use pb_connector::definition::Connector;
use pb_connector::exec_trust::{ExecFingerprint, ExecTrust};
use rusqlite::params;
use serde::Serialize;

use crate::change_snapshot::Subject;
use crate::db::{now, Registry};
use crate::error::{RegistryError, Result};
use crate::ops::fetch_type;

/// A type's exec program as the trust prompt, the platform page and
/// `platformctl trust list` show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExecTrustState {
    pub platform_type: String,
    /// The program as it is on disk now; None when it cannot be read (then
    /// `problem` says why, and it cannot be trusted).
    pub fingerprint: Option<ExecFingerprint>,
    pub problem: Option<String>,
    /// Trusted for the current fingerprint (or built in).
    pub trusted: bool,
    /// A built-in type's preset, or exactly a shipped preset's program installed
    /// beside the app: trusted as part of the app.
    pub builtin: bool,
    /// When the current fingerprint was trusted.
    pub trusted_at: Option<String>,
    /// Trusted once for another fingerprint (the connector or its program changed).
    pub stale_trust: bool,
}

impl Registry {
    /// The exec connector of a type, if its connector is one.
    fn exec_connector(
        &self,
        type_id: &str,
    ) -> Result<Option<pb_connector::definition::ExecConnector>> {
        let Some(text) = self.platform_type_connector(type_id)? else {
            return Ok(None);
        };
        match pb_connector::parse(&text) {
            Ok(def) => Ok(match def.connector {
                Connector::Exec(exec) => Some(exec),
                Connector::Http(_) => None,
            }),
            // An unparsable connector runs nothing; its own error shows elsewhere.
            Err(_) => Ok(None),
        }
    }

    /// What runs for `type_id` and whether this machine trusts it; None when the
    /// type's connector is not an exec connector.
    pub fn exec_trust_state(&self, type_id: &str) -> Result<Option<ExecTrustState>> {
        let builtin = self.read(|c| fetch_type(c, type_id))?.builtin;
        let Some(exec) = self.exec_connector(type_id)? else {
            return Ok(None);
        };
        let builtin = builtin || pb_connector::exec_trust::is_shipped(&exec);
        let (fingerprint, problem) = match pb_connector::exec_trust::fingerprint(&exec) {
            Ok(fp) => (Some(fp), None),
            Err(e) => (None, Some(e.to_string())),
        };
        let rows: Vec<(String, String)> = self.read(|c| {
            let mut st =
                c.prepare("SELECT key, trusted_at FROM exec_trust WHERE platform_type = ?1")?;
            let rows = st
                .query_map([type_id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })?;
        let current = fingerprint
            .as_ref()
            .and_then(|fp| rows.iter().find(|(key, _)| *key == fp.key));
        Ok(Some(ExecTrustState {
            platform_type: type_id.to_owned(),
            trusted: builtin || (current.is_some() && fingerprint.is_some()),
            trusted_at: current.map(|(_, at)| at.clone()),
            stale_trust: current.is_none() && !rows.is_empty(),
            builtin,
            fingerprint,
            problem,
        }))
    }

    /// Trusts the program `type_id`'s connector runs, as it is now. With
    /// `expected_key` (what the prompt showed), a program that changed since is
    /// refused rather than trusted unseen.
    pub fn trust_exec(&self, type_id: &str, expected_key: Option<&str>) -> Result<ExecFingerprint> {
        let Some(exec) = self.exec_connector(type_id)? else {
            return Err(RegistryError::field(
                "platformType",
                format!("{type_id} does not run a local program; there is nothing to trust"),
            ));
        };
        let fp = pb_connector::exec_trust::fingerprint(&exec)
            .map_err(|e| RegistryError::field("platformType", e.to_string()))?;
        if expected_key.is_some_and(|k| k != fp.key) {
            return Err(RegistryError::field(
                "platformType",
                "the program or its command changed since it was shown; review it again before trusting it",
            ));
        }
        let command = serde_json::to_string(&fp.command).unwrap_or_default();
        let env = serde_json::to_string(&fp.env).unwrap_or_default();
        self.with_change(Subject::TrustedCommand(type_id), |tx| {
            fetch_type(tx, type_id)?;
            tx.execute(
                "INSERT OR REPLACE INTO exec_trust
                   (platform_type, key, command, env, program, program_sha256, trusted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    type_id,
                    fp.key,
                    command,
                    env,
                    fp.program,
                    fp.program_sha256,
                    now()
                ],
            )?;
            Ok(())
        })?;
        tracing::info!(platform_type = type_id, program = %fp.program, sha256 = %fp.program_sha256, "exec connector trusted");
        Ok(fp)
    }

    /// Withdraws every trust granted for `type_id`; returns how many there were.
    pub fn revoke_exec_trust(&self, type_id: &str) -> Result<usize> {
        let n = self.with_change(Subject::TrustedCommand(type_id), |tx| {
            Ok(tx.execute("DELETE FROM exec_trust WHERE platform_type = ?1", [type_id])?)
        })?;
        if n > 0 {
            tracing::info!(platform_type = type_id, "exec connector trust revoked");
        }
        Ok(n)
    }

    /// The current state of every type that has an exec connector or a trust entry.
    pub fn exec_trust_list(&self) -> Result<Vec<ExecTrustState>> {
        let mut ids: Vec<String> = self.read(|c| {
            let mut st = c.prepare(
                "SELECT identifier FROM platform_types
                 UNION SELECT platform_type FROM exec_trust ORDER BY 1",
            )?;
            let ids = st
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            Ok(ids)
        })?;
        ids.dedup();
        let mut out = Vec::new();
        for id in ids {
            match self.exec_trust_state(&id) {
                Ok(Some(state)) => out.push(state),
                Ok(None) => {}
                // A trust entry for a type deleted since: nothing can run under it.
                Err(RegistryError::NotFound { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    /// What the engine may run for an instance of `type_id` with `connector`.
    pub(crate) fn exec_trust_for(
        &self,
        type_id: &str,
        builtin: bool,
        connector: &Connector,
    ) -> Result<ExecTrust> {
        let shipped =
            matches!(connector, Connector::Exec(e) if pb_connector::exec_trust::is_shipped(e));
        if builtin || shipped {
            return Ok(ExecTrust::Every);
        }
        let keys = self.read(|c| {
            let mut st = c.prepare("SELECT key FROM exec_trust WHERE platform_type = ?1")?;
            let keys = st
                .query_map([type_id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(keys)
        })?;
        Ok(ExecTrust::Listed(keys))
    }
}
