//! Wizard drafts: the "Establish a custom platform" wizard saves its form state as
//! the administrator types, so closing the app loses nothing; drafts are listed and
//! can be discarded. A draft never holds a secret: one that carries a value under a
//! secret-looking name is refused, so a UI bug cannot write a secret to SQLite.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::db::{now, Registry};
use crate::error::{RegistryError, Result};

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WizardDraft {
    pub id: String,
    /// What the list shows, e.g. the platform name typed so far.
    pub title: String,
    /// The step the administrator was on (0-based).
    pub step: u32,
    #[ts(type = "unknown")]
    pub data: Value,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WizardDraftInput {
    /// None: a new draft.
    #[serde(default)]
    pub id: Option<String>,
    pub title: String,
    pub step: u32,
    #[ts(type = "unknown")]
    pub data: Value,
}

/// Far above any real wizard state; stops a runaway UI from filling the disk.
const MAX_DRAFT_BYTES: usize = 1024 * 1024;
/// Names under which a draft must not carry a value (compared lower-case, without
/// `_` and `-`, as substrings: `clientKeyPem`, `api_key`, `secrets` all match).
const SECRET_NAMES: [&str; 9] = [
    "secret",
    "password",
    "passwd",
    "token",
    "credential",
    "privatekey",
    "clientkey",
    "apikey",
    "bearer",
];

/// Whether a value carries anything (false, null, "" and empty lists do not).
fn holds_value(v: &Value) -> bool {
    match v {
        Value::Null | Value::Bool(false) => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => a.iter().any(holds_value),
        Value::Object(o) => o.values().any(holds_value),
        _ => true,
    }
}

/// The path of the first secret the value carries: anything under a
/// secret-looking name, or a PEM private key anywhere.
fn secret_path(value: &Value, path: &str) -> Option<String> {
    match value {
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            let here = format!("{path}.{k}");
            let name = k.to_ascii_lowercase().replace(['_', '-'], "");
            if SECRET_NAMES.iter().any(|s| name.contains(s)) && holds_value(v) {
                Some(here)
            } else {
                secret_path(v, &here)
            }
        }),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| secret_path(v, &format!("{path}.{i}"))),
        Value::String(s) if s.contains("PRIVATE KEY-----") => Some(path.to_owned()),
        _ => None,
    }
}

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<WizardDraft> {
    let data: String = row.get(3)?;
    Ok(WizardDraft {
        id: row.get(0)?,
        title: row.get(1)?,
        step: row.get(2)?,
        data: serde_json::from_str(&data).unwrap_or(Value::Null),
        created_at: row.get(4)?,
        updated_at: row.get(5)?,
    })
}

const SELECT: &str = "SELECT id, title, step, data, created_at, updated_at FROM wizard_drafts";

impl Registry {
    /// Newest first.
    pub fn list_wizard_drafts(&self) -> Result<Vec<WizardDraft>> {
        self.read(|c| {
            let mut stmt = c.prepare(&format!("{SELECT} ORDER BY updated_at DESC, rowid DESC"))?;
            let rows = stmt.query_map([], from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn wizard_draft(&self, id: &str) -> Result<WizardDraft> {
        self.read(|c| {
            Ok(
                c.query_row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
                    .optional()?,
            )
        })?
        .ok_or_else(|| RegistryError::NotFound {
            what: "draft",
            id: id.to_owned(),
        })
    }

    /// Creates or updates a draft.
    pub fn save_wizard_draft(&self, input: &WizardDraftInput) -> Result<WizardDraft> {
        let found = secret_path(&input.data, "data")
            .or_else(|| secret_path(&Value::String(input.title.clone()), "title"));
        if let Some(path) = found {
            return Err(RegistryError::field(
                "data",
                format!("Drafts never hold secrets, but {path} has a value; secrets go to the OS keyring when the instance is saved"),
            ));
        }
        let data = input.data.to_string();
        if data.len() > MAX_DRAFT_BYTES {
            return Err(RegistryError::field(
                "data",
                "The draft is larger than 1 MiB",
            ));
        }
        let title = input.title.trim();
        let title = if title.is_empty() {
            "Untitled platform"
        } else {
            title
        };
        let title: String = title.chars().take(200).collect();
        let at = now();
        self.with_tx(|tx| {
            let id = match &input.id {
                Some(id) => {
                    let changed = tx.execute(
                        "UPDATE wizard_drafts SET title = ?2, step = ?3, data = ?4, updated_at = ?5 WHERE id = ?1",
                        params![id, title, input.step, data, at],
                    )?;
                    if changed == 0 {
                        return Err(RegistryError::NotFound {
                            what: "draft",
                            id: id.clone(),
                        });
                    }
                    id.clone()
                }
                None => {
                    let id = uuid::Uuid::new_v4().to_string();
                    tx.execute(
                        "INSERT INTO wizard_drafts (id, title, step, data, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                        params![id, title, input.step, data, at],
                    )?;
                    id
                }
            };
            Ok(tx.query_row(&format!("{SELECT} WHERE id = ?1"), [&id], from_row)?)
        })
    }

    /// Discards a draft and what the wizard made for it that nothing else uses: the
    /// platform named by `data.platformId` while it is still a draft (with its
    /// instances and their keyring entries), and the custom type named by
    /// `data.createdTypeId` when no platform uses it.
    pub fn discard_wizard_draft(
        &self,
        secrets: &dyn pb_secrets::SecretStore,
        service: &str,
        id: &str,
    ) -> Result<()> {
        let draft = self.wizard_draft(id)?;
        if let Some(platform_id) = draft.data["platformId"].as_str() {
            let platform = self.read(|c| crate::queries::platforms::get(c, platform_id))?;
            if platform.is_some_and(|p| p.status == crate::model::PlatformStatus::Draft) {
                self.delete_platform(secrets, service, platform_id)?;
            }
        }
        if let Some(type_id) = draft.data["createdTypeId"].as_str() {
            match self.delete_platform_type(type_id) {
                Ok(()) | Err(RegistryError::InUse(_)) | Err(RegistryError::NotFound { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        self.with_tx(|tx| {
            if tx.execute("DELETE FROM wizard_drafts WHERE id = ?1", [id])? == 0 {
                return Err(RegistryError::NotFound {
                    what: "draft",
                    id: id.to_owned(),
                });
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn drafts_are_saved_resumed_listed_and_discarded() {
        let reg = Registry::open_in_memory().unwrap();
        let first = reg
            .save_wizard_draft(&WizardDraftInput {
                id: None,
                title: "  ".into(),
                step: 1,
                data: json!({"type": "GENERIC-REST", "details": {"name": ""}}),
            })
            .unwrap();
        assert_eq!(first.title, "Untitled platform");
        let updated = reg
            .save_wizard_draft(&WizardDraftInput {
                id: Some(first.id.clone()),
                title: "Kafka".into(),
                step: 3,
                data: json!({"details": {"name": "Kafka"}, "connection": {"endpoint": "https://k", "secret": ""}}),
            })
            .unwrap();
        assert_eq!((updated.step, updated.title.as_str()), (3, "Kafka"));
        assert_eq!(updated.created_at, first.created_at);
        assert_eq!(
            reg.wizard_draft(&first.id).unwrap().data["details"]["name"],
            "Kafka"
        );
        assert_eq!(reg.list_wizard_drafts().unwrap().len(), 1);
        reg.discard_wizard_draft(&pb_secrets::MemoryStore::new(), "test", &first.id)
            .unwrap();
        assert!(reg.list_wizard_drafts().unwrap().is_empty());
        assert_eq!(
            reg.discard_wizard_draft(&pb_secrets::MemoryStore::new(), "test", &first.id)
                .unwrap_err()
                .code(),
            "not_found"
        );
    }

    #[test]
    fn a_draft_carrying_a_secret_is_refused_and_nothing_is_written() {
        let reg = Registry::open_in_memory().unwrap();
        for data in [
            json!({"connection": {"apiKey": "canary-1"}}),
            json!({"instances": [{"client_key": "-----BEGIN PRIVATE KEY-----"}]}),
            json!({"auth": {"password": "hunter2"}}),
            json!({"auth": {"password": {"value": "hunter2"}}}),
            json!({"secrets": ["hunter2"]}),
            json!({"connection": {"clientKeyPem": "x"}}),
            json!({"notes": "-----BEGIN PRIVATE KEY-----"}),
        ] {
            let err = reg
                .save_wizard_draft(&WizardDraftInput {
                    id: None,
                    title: "x".into(),
                    step: 0,
                    data,
                })
                .unwrap_err();
            assert_eq!(err.field_errors()[0].field, "data");
            assert!(err.field_errors()[0].message.contains("never hold secrets"));
            assert!(!err.to_string().contains("canary-1") && !err.to_string().contains("hunter2"));
        }
        assert!(reg.list_wizard_drafts().unwrap().is_empty());
        // A secret's *name* (which keyring entry to use) is fine.
        reg.save_wizard_draft(&WizardDraftInput {
            id: None,
            title: "ok".into(),
            step: 0,
            data: json!({"connection": {"secretConfigured": false, "secret": null, "tokens": []}}),
        })
        .unwrap();
    }
}
