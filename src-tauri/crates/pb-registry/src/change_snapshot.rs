//! Recording changes in the change history, in the transaction of the change.
//!
//! A change is recorded by snapshotting the record before and after it (as JSON,
//! without timestamps, counters or test status) and storing the field-level diff.
//! Snapshots never hold a secret: credentials appear as "configured" and the
//! keyring entry's version, and the values of secret fields are never in the
//! registry at all (they are masked here as well, should one ever be).

use pb_change_history::{field_changes, Actor, ChangeAction, ChangeEntry, FieldChange, RecordKind};
use rusqlite::{Connection, OptionalExtension};
use serde_json::{json, Value};

use crate::custom_fields::FieldKind;
use crate::db::now;
use crate::error::Result;
use crate::queries::{change_history, connector_versions, instances, platform_types, platforms};

/// The record a change is about.
#[derive(Clone, Debug)]
pub(crate) enum Subject<'a> {
    PlatformType(&'a str),
    CustomFields(&'a str),
    Connector(&'a str),
    Platform(&'a str),
    Instance(&'a str),
    ValidationSettings(&'a str),
    TagDefinition(&'a str),
    Credential(&'a str, Credential<'a>),
    TrustedCommand(&'a str),
    Location(&'a str),
    LandingZone(&'a str),
}

/// Which of an instance's keyring entries.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Credential<'a> {
    Main,
    ClientKey,
    Field(&'a str),
}

impl Subject<'_> {
    fn kind(&self) -> RecordKind {
        match self {
            Subject::PlatformType(_) => RecordKind::PlatformType,
            Subject::CustomFields(_) => RecordKind::CustomFields,
            Subject::Connector(_) => RecordKind::Connector,
            Subject::Platform(_) => RecordKind::Platform,
            Subject::Instance(_) => RecordKind::Instance,
            Subject::ValidationSettings(_) => RecordKind::ValidationSettings,
            Subject::TagDefinition(_) => RecordKind::TagDefinition,
            Subject::Credential(..) => RecordKind::Credential,
            Subject::TrustedCommand(_) => RecordKind::TrustedCommand,
            Subject::Location(_) => RecordKind::Location,
            Subject::LandingZone(_) => RecordKind::LandingZone,
        }
    }

    fn key(&self) -> &str {
        match self {
            Subject::PlatformType(k)
            | Subject::CustomFields(k)
            | Subject::Connector(k)
            | Subject::Platform(k)
            | Subject::Instance(k)
            | Subject::ValidationSettings(k)
            | Subject::TagDefinition(k)
            | Subject::Credential(k, _)
            | Subject::TrustedCommand(k)
            | Subject::Location(k)
            | Subject::LandingZone(k) => k,
        }
    }
}

/// A record as the history compares it.
pub(crate) struct Snapshot {
    record: String,
    platform_id: Option<String>,
    value: Value,
    secret_paths: Vec<String>,
}

impl Snapshot {
    fn of(record: impl Into<String>, platform_id: Option<String>, value: Value) -> Self {
        Self {
            record: record.into(),
            platform_id,
            value,
            secret_paths: Vec::new(),
        }
    }
}

fn type_name(conn: &Connection, identifier: &str) -> Result<Option<String>> {
    Ok(platform_types::get(conn, identifier)?.map(|t| t.display_name))
}

fn instance_record(conn: &Connection, instance: &crate::Instance) -> Result<String> {
    let platform = platforms::get(conn, &instance.platform_id)?
        .map(|p| p.name)
        .unwrap_or_default();
    Ok(format!("{} ({platform})", instance.name))
}

/// The record as it is now in `conn`; None when it does not exist.
pub(crate) fn snapshot(conn: &Connection, subject: &Subject<'_>) -> Result<Option<Snapshot>> {
    Ok(match subject {
        Subject::PlatformType(id) => platform_types::get(conn, id)?.map(|t| {
            let value = json!({
                "displayName": t.display_name, "description": t.description,
                "icon": t.icon, "defaultEndpoint": t.default_endpoint,
            });
            Snapshot::of(t.display_name, None, value)
        }),
        Subject::CustomFields(id) => platform_types::get(conn, id)?.map(|t| {
            let value = json!({ "customFields": t.custom_fields });
            Snapshot::of(t.display_name, None, value)
        }),
        Subject::Connector(id) => match type_name(conn, id)? {
            None => None,
            Some(name) => {
                let text = platform_types::connector(conn, id)?;
                let version = connector_versions::latest(conn, id)?;
                // Compared as data, so the diff names the operation and field that
                // changed; the text itself is kept by the connector's versions.
                let connector = text
                    .as_deref()
                    .map(|t| serde_norway::from_str::<Value>(t).unwrap_or(Value::Null));
                let value = json!({ "version": version, "connector": connector });
                Some(Snapshot::of(name, None, value))
            }
        },
        Subject::Platform(id) => match platforms::get(conn, id)? {
            None => None,
            Some(p) => {
                let interval = crate::health_checks::platform_interval(conn, id)?;
                let value = json!({
                    "identifier": p.identifier, "name": p.name, "description": p.description,
                    "typeId": p.type_id, "location": p.location, "supportUrl": p.support_url,
                    "docsUrl": p.docs_url, "tags": p.tags, "accessInfo": p.access_info,
                    "status": p.status, "healthCheckMinutes": interval,
                    "availability": p.availability,
                });
                Some(Snapshot::of(p.name, Some(p.id), value))
            }
        },
        Subject::Instance(id) => match instances::get(conn, id)? {
            None => None,
            Some(i) => {
                let value = json!({
                    "name": i.name, "environment": i.environment, "endpoint": i.endpoint,
                    "tls": {
                        "caBundlePem": i.tls.ca_bundle_pem,
                        "clientCertificatePem": i.tls.client_certificate_pem,
                        "insecureSkipVerify": i.tls.insecure_skip_verify,
                    },
                    "fieldValues": i.field_values,
                });
                let mut s = Snapshot::of(
                    instance_record(conn, &i)?,
                    Some(i.platform_id.clone()),
                    value,
                );
                s.secret_paths = secret_field_paths(conn, &i)?;
                Some(s)
            }
        },
        Subject::ValidationSettings(id) => match platforms::get(conn, id)? {
            None => None,
            Some(p) => crate::validation_settings::stored(conn, id)?.map(|settings| {
                let value = serde_json::to_value(settings).unwrap_or(Value::Null);
                Snapshot::of(p.name, Some(p.id), value)
            }),
        },
        Subject::TagDefinition(key) => crate::tag_definitions::list(conn)?
            .into_iter()
            .find(|d| d.key == *key)
            .map(|d| {
                Snapshot::of(
                    d.key.clone(),
                    None,
                    serde_json::to_value(d).unwrap_or_default(),
                )
            }),
        Subject::Credential(id, which) => match instances::get(conn, id)? {
            None => None,
            Some(i) => {
                let (what, value) = match which {
                    Credential::Main => (
                        "credential".to_owned(),
                        json!({ "configured": i.credential.configured, "version": i.credential.version }),
                    ),
                    Credential::ClientKey => (
                        "client key".to_owned(),
                        json!({ "configured": i.tls.client_key_configured }),
                    ),
                    Credential::Field(f) => (
                        format!("secret field {f}"),
                        json!({ "configured": i.secret_fields.iter().any(|k| k == f) }),
                    ),
                };
                let record = format!("{what} of {}", instance_record(conn, &i)?);
                Some(Snapshot::of(record, Some(i.platform_id.clone()), value))
            }
        },
        Subject::Location(id) => crate::offering::locations::get(conn, id)?.map(|l| {
            let value = json!({ "displayName": l.display_name, "description": l.description });
            Snapshot::of(l.display_name, None, value)
        }),
        Subject::LandingZone(id) => crate::offering::landing_zones::get(conn, id)?.map(|z| {
            let value = json!({
                "name": z.name, "description": z.description, "infoLink": z.info_link,
                "quotas": z.quotas, "roleMappings": z.role_mappings,
                "restricted": z.restricted, "disabled": z.disabled,
            });
            Snapshot::of(z.name, Some(z.platform_id), value)
        }),
        Subject::TrustedCommand(id) => match type_name(conn, id)? {
            None => None,
            Some(name) => {
                let mut stmt = conn.prepare(
                    "SELECT key, program, program_sha256, command FROM exec_trust
                      WHERE platform_type = ?1 ORDER BY key",
                )?;
                let trusts: Vec<Value> = stmt
                    .query_map([id], |r| {
                        Ok(json!({
                            "key": r.get::<_, String>(0)?, "program": r.get::<_, String>(1)?,
                            "programSha256": r.get::<_, String>(2)?,
                            "command": serde_json::from_str::<Value>(&r.get::<_, String>(3)?).unwrap_or_default(),
                        }))
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                Some(Snapshot::of(name, None, json!({ "trusted": trusts })))
            }
        },
    })
}

/// `fieldValues.<key>` of every secret field of the instance's type.
fn secret_field_paths(conn: &Connection, instance: &crate::Instance) -> Result<Vec<String>> {
    let type_id: Option<String> = conn
        .query_row(
            "SELECT type_id FROM platforms WHERE id = ?1",
            [&instance.platform_id],
            |r| r.get(0),
        )
        .optional()?;
    let fields = match type_id {
        Some(t) => platform_types::get(conn, &t)?
            .map(|t| t.custom_fields)
            .unwrap_or_default(),
        None => Vec::new(),
    };
    Ok(fields
        .into_iter()
        .filter(|f| f.kind == FieldKind::Secret)
        .map(|f| format!("fieldValues.{}", f.key))
        .collect())
}

/// Stores the entry for a change from `before` to `after` (None: the record did not
/// exist); `extra` adds what snapshots cannot show (a secret value replaced). An
/// update that changed nothing records nothing.
pub(crate) fn record_change(
    conn: &Connection,
    actor: &Actor,
    subject: &Subject<'_>,
    before: Option<Snapshot>,
    after: Option<Snapshot>,
    extra: Vec<FieldChange>,
) -> Result<()> {
    let action = match (&before, &after) {
        (None, None) => return Ok(()),
        (None, Some(_)) => ChangeAction::Created,
        (Some(_), None) => ChangeAction::Deleted,
        (Some(_), Some(_)) => ChangeAction::Updated,
    };
    let mut secret: Vec<String> = Vec::new();
    for s in before.iter().chain(after.iter()) {
        secret.extend(s.secret_paths.iter().cloned());
    }
    let mut changes = field_changes(
        before.as_ref().map(|s| &s.value),
        after.as_ref().map(|s| &s.value),
        &secret,
    );
    changes.extend(extra);
    if changes.is_empty() && action == ChangeAction::Updated {
        return Ok(());
    }
    let Some(latest) = after.as_ref().or(before.as_ref()) else {
        return Ok(());
    };
    let entry = ChangeEntry {
        id: uuid::Uuid::new_v4().to_string(),
        at: now(),
        user: actor.user.clone(),
        via: actor.via,
        source: actor.source.clone(),
        kind: subject.kind(),
        action,
        record_id: subject.key().to_owned(),
        record: latest.record.clone(),
        platform_id: latest.platform_id.clone(),
        changes,
    };
    change_history::insert(conn, &entry)
}

/// Runs `change` and records what it did to `subject`, in the same transaction.
pub(crate) fn tracked<T>(
    conn: &Connection,
    actor: &Actor,
    subject: Subject<'_>,
    change: impl FnOnce() -> Result<T>,
) -> Result<T> {
    tracked_with(conn, actor, subject, Vec::new(), change)
}

/// [`tracked`], adding `extra` to the entry (e.g. "the secret value changed").
pub(crate) fn tracked_with<T>(
    conn: &Connection,
    actor: &Actor,
    subject: Subject<'_>,
    extra: Vec<FieldChange>,
    change: impl FnOnce() -> Result<T>,
) -> Result<T> {
    let before = snapshot(conn, &subject)?;
    let value = change()?;
    let after = snapshot(conn, &subject)?;
    record_change(conn, actor, &subject, before, after, extra)?;
    Ok(value)
}

impl crate::db::Registry {
    /// [`crate::db::Registry::with_tx`], recording what `change` did to `subject`.
    pub(crate) fn with_change<T>(
        &self,
        subject: Subject<'_>,
        change: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let actor = self.actor();
        self.with_tx(|tx| tracked(tx, &actor, subject, || change(tx)))
    }
}
