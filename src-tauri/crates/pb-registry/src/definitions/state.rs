//! The database as definition documents: what export writes, and what import
//! compares a file's documents with to tell created, changed and unchanged apart.

use pb_validation::Strictness;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use rusqlite::Connection;
use serde_json::Value;

use super::format::{
    InstanceDocument, InstanceMetadata, InstanceSpec, Metadata, PlatformDocument, PlatformSpec,
    SecretRef, TlsSpec, TypeDocument, TypeSpec, API_VERSION,
};
use crate::custom_fields::CustomField;
use crate::error::Result;
use crate::instance_fields::field_secret_key;
use crate::instance_tls::client_key_key;
use crate::ops::credential_key;
use crate::queries::{instances, platform_types, platforms};

pub(crate) struct StoredPlatform {
    pub document: PlatformDocument,
    pub instance_count: u32,
}

pub(crate) struct StoredInstance {
    pub document: InstanceDocument,
    /// The secret slots (`credential`, `clientKey`, `secretFields.<key>`) that hold
    /// a value in the keyring.
    pub configured: BTreeSet<String>,
}

#[derive(Default)]
pub(crate) struct Stored {
    /// Custom types, by identifier.
    pub types: BTreeMap<String, TypeDocument>,
    /// Every type's custom fields, built-in ones too.
    pub type_fields: BTreeMap<String, Vec<CustomField>>,
    pub builtin: BTreeSet<String>,
    /// Active platforms, by identifier (drafts belong to the wizard).
    pub platforms: BTreeMap<String, StoredPlatform>,
    /// By (platform identifier, instance name).
    pub instances: BTreeMap<(String, String), StoredInstance>,
    /// By identifier.
    pub locations: BTreeMap<String, super::format::LocationDocument>,
    /// By identifier (unique across platforms).
    pub zones: BTreeMap<String, super::format::LandingZoneDocument>,
}

/// Each record's definition version and, for instances, its secret references (JSON),
/// by key: read once per table, not once per record.
type Columns = HashMap<String, (Option<u32>, Option<String>)>;

fn definition_columns(conn: &Connection, table: &str, key: &str, refs: &str) -> Result<Columns> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {key}, definition_version, {refs} FROM {table}"
    ))?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn version_of(columns: &Columns, key: &str) -> Option<u32> {
    columns.get(key).and_then(|(version, _)| *version)
}

/// Reads the registry as documents. `service` names the app's own keyring entries
/// in the references of secrets set from the app rather than from a file.
pub(crate) fn load(conn: &Connection, service: &str) -> Result<Stored> {
    let mut stored = Stored::default();
    let type_columns = definition_columns(conn, "platform_types", "identifier", "NULL")?;
    let platform_columns = definition_columns(conn, "platforms", "id", "NULL")?;
    let instance_columns = definition_columns(conn, "instances", "id", "secret_refs")?;
    for t in platform_types::list(conn)? {
        stored
            .type_fields
            .insert(t.identifier.clone(), t.custom_fields.clone());
        if t.builtin {
            stored.builtin.insert(t.identifier);
            continue;
        }
        let connector = platform_types::connector(conn, &t.identifier)?
            .and_then(|text| serde_norway::from_str::<Value>(&text).ok());
        let document = TypeDocument {
            api_version: API_VERSION.into(),
            metadata: Metadata {
                version: version_of(&type_columns, &t.identifier),
                name: t.identifier.clone(),
            },
            spec: TypeSpec {
                display_name: t.display_name,
                description: t.description,
                icon: t.icon,
                default_endpoint: t.default_endpoint,
                custom_fields: t.custom_fields,
                connector,
            },
        };
        stored.types.insert(t.identifier, document);
    }
    let mut identifiers = BTreeMap::new();
    for p in platforms::list(conn)? {
        if p.status == crate::model::PlatformStatus::Draft {
            continue;
        }
        let validation = crate::validation_settings::stored(conn, &p.id)?;
        let (naming, role_mappings, quotas, strictness, known_deviations) = match validation {
            // Strict is the default: written only when lenient, so files stay short.
            Some(v) => (
                Some(v.naming),
                v.role_mappings,
                v.quotas,
                (v.strictness == Strictness::Lenient).then_some(v.strictness),
                v.known_deviations,
            ),
            None => (None, vec![], vec![], None, vec![]),
        };
        identifiers.insert(p.id.clone(), p.identifier.clone());
        let document = PlatformDocument {
            api_version: API_VERSION.into(),
            metadata: Metadata {
                version: version_of(&platform_columns, &p.id),
                name: p.identifier.clone(),
            },
            spec: PlatformSpec {
                display_name: p.name,
                type_id: p.type_id,
                description: p.description,
                location: p.location,
                support_url: p.support_url,
                docs_url: p.docs_url,
                tags: p.tags,
                access_info: p.access_info,
                naming,
                role_mappings,
                quotas,
                strictness,
                known_deviations,
                // Private and never offered, the default, is not written.
                availability: (p.availability != Default::default()).then_some(p.availability),
            },
        };
        stored.platforms.insert(
            p.identifier,
            StoredPlatform {
                document,
                instance_count: p.instance_count,
            },
        );
    }
    super::offering::load(conn, &mut stored, &identifiers)?;
    for i in instances::list_all(conn)? {
        let Some(platform) = identifiers.get(&i.platform_id) else {
            continue;
        };
        let refs: BTreeMap<String, SecretRef> = instance_columns
            .get(&i.id)
            .and_then(|(_, refs)| refs.as_deref())
            .and_then(|text| serde_json::from_str(text).ok())
            .unwrap_or_default();
        // A secret set in the app is referred to by its own keyring entry.
        let reference = |slot: &str, key: pb_secrets::SecretKey| {
            refs.get(slot)
                .cloned()
                .unwrap_or(SecretRef::Keyring(format!(
                    "{}/{}",
                    key.service, key.account
                )))
        };
        let mut configured = BTreeSet::new();
        let credential = i.credential.configured.then(|| {
            configured.insert("credential".to_owned());
            reference("credential", credential_key(service, &i.id))
        });
        let client_key = i.tls.client_key_configured.then(|| {
            configured.insert("clientKey".to_owned());
            reference("clientKey", client_key_key(service, &i.id))
        });
        let mut secret_fields = BTreeMap::new();
        for key in &i.secret_fields {
            let slot = format!("secretFields.{key}");
            configured.insert(slot.clone());
            secret_fields.insert(
                key.clone(),
                reference(&slot, field_secret_key(service, &i.id, key)),
            );
        }
        let tls = TlsSpec {
            ca_bundle_pem: i.tls.ca_bundle_pem,
            client_certificate_pem: i.tls.client_certificate_pem,
            insecure_skip_verify: i.tls.insecure_skip_verify,
        };
        let document = InstanceDocument {
            api_version: API_VERSION.into(),
            metadata: InstanceMetadata {
                version: version_of(&instance_columns, &i.id),
                name: i.name.clone(),
                platform: platform.clone(),
            },
            spec: InstanceSpec {
                environment: i.environment,
                endpoint: i.endpoint,
                tls: (tls != TlsSpec::default()).then_some(tls),
                field_values: i.field_values,
                credential,
                client_key,
                secret_fields,
            },
        };
        stored.instances.insert(
            (platform.clone(), i.name),
            StoredInstance {
                document,
                configured,
            },
        );
    }
    Ok(stored)
}
