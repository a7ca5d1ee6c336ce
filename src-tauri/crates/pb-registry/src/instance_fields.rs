//! Custom fields on types and instances: defining them, secret field values in the
//! keyring, and cloning an instance (its configuration, not its secrets).

use std::collections::BTreeSet;

use pb_secrets::{SecretKey, SecretStore, Sensitive};
use serde_json::Value;

use crate::change_snapshot::{record_change, snapshot, tracked, Credential, Subject};
use crate::custom_fields::{self, CustomField, FieldKind};
use crate::db::{now, Registry};
use crate::error::{RegistryError, Result};
use crate::model::{Instance, InstanceInput, PlatformType};
use crate::ops::{fetch_instance, fetch_platform, fetch_type};
use crate::queries::{instances, platform_types};

/// The keyring entry of a secret custom field's value.
pub fn field_secret_key(service: &str, instance_id: &str, field: &str) -> SecretKey {
    SecretKey::new(service, format!("instance/{instance_id}/field/{field}"))
}

impl Registry {
    /// Replaces a custom type's fields. Values of removed fields are dropped from its
    /// instances in the same transaction (their secret values from the keyring
    /// first), so no instance keeps a value the form can no longer show.
    pub fn set_custom_fields(
        &self,
        secrets: &dyn SecretStore,
        service: &str,
        identifier: &str,
        fields: &[CustomField],
    ) -> Result<PlatformType> {
        let fields = custom_fields::normalize(fields);
        custom_fields::check_definitions(&fields)?;
        let keep = |key: &str, secret: bool| {
            fields
                .iter()
                .any(|f| f.key == key && (f.kind == FieldKind::Secret) == secret)
        };
        let affected = self.read(|c| {
            let t = fetch_type(c, identifier)?;
            crate::ops::ensure_editable(format!("Platform type {identifier}"), &t.managed_by)?;
            if t.builtin {
                return Err(RegistryError::InUse(format!(
                    "{identifier} is a built-in platform type; define a custom type to give it custom fields"
                )));
            }
            instances::list_for_type(c, identifier)
        })?;
        for instance in &affected {
            for key in instance.secret_fields.iter().filter(|k| !keep(k, true)) {
                secrets.delete(&field_secret_key(service, &instance.id, key))?;
            }
        }
        let schema = custom_fields::to_schema(&fields);
        let actor = self.actor();
        self.with_tx(|tx| {
            let at = now();
            tracked(tx, &actor, Subject::CustomFields(identifier), || {
                platform_types::set_config_schema(tx, identifier, &schema, &at)
            })?;
            for instance in instances::list_for_type(tx, identifier)? {
                let before = snapshot(tx, &Subject::Instance(&instance.id))?;
                let values: serde_json::Map<String, Value> = instance
                    .field_values
                    .into_iter()
                    .filter(|(k, _)| keep(k, false))
                    .collect();
                let secret: Vec<String> = instance
                    .secret_fields
                    .into_iter()
                    .filter(|k| keep(k, true))
                    .collect();
                tx.execute(
                    "UPDATE instances SET field_values = ?2, secret_fields = ?3 WHERE id = ?1",
                    rusqlite::params![
                        instance.id,
                        Value::Object(values).to_string(),
                        serde_json::to_string(&secret).expect("keys serialize")
                    ],
                )?;
                // Values of removed fields went with them: the instance's entry says so.
                let subject = Subject::Instance(&instance.id);
                let after = snapshot(tx, &subject)?;
                record_change(tx, &actor, &subject, before, after, Vec::new())?;
            }
            tracing::info!(identifier, fields = fields.len(), "custom fields saved");
            fetch_type(tx, identifier)
        })
    }

    /// Stores a secret custom field's value in the keyring.
    pub fn set_field_secret(
        &self,
        secrets: &dyn SecretStore,
        service: &str,
        instance_id: &str,
        field: &str,
        value: &Sensitive<String>,
    ) -> Result<Instance> {
        self.secret_field(instance_id, field)?;
        if value.expose().is_empty() {
            return Err(RegistryError::field("secret", "Enter the value to store"));
        }
        if value.expose().len() > 16 * 1024 {
            return Err(RegistryError::field(
                "secret",
                "The value must be at most 16 KiB",
            ));
        }
        self.keyring_then_row(
            instance_id,
            Credential::Field(field),
            true,
            || Ok(secrets.set(&field_secret_key(service, instance_id, field), value)?),
            |tx| update_secret_list(tx, instance_id, |set| set.insert(field.to_owned())),
        )
    }

    pub fn remove_field_secret(
        &self,
        secrets: &dyn SecretStore,
        service: &str,
        instance_id: &str,
        field: &str,
    ) -> Result<Instance> {
        self.keyring_then_row(
            instance_id,
            Credential::Field(field),
            false,
            || {
                secrets
                    .delete(&field_secret_key(service, instance_id, field))
                    .map(drop)
                    .map_err(Into::into)
            },
            |tx| update_secret_list(tx, instance_id, |set| set.remove(field)),
        )
    }

    /// The secret field `field` of the instance's type (or a field error).
    fn secret_field(&self, instance_id: &str, field: &str) -> Result<CustomField> {
        self.read(|c| {
            let instance = fetch_instance(c, instance_id)?;
            let platform = fetch_platform(c, &instance.platform_id)?;
            fetch_type(c, &platform.type_id)?
                .custom_fields
                .into_iter()
                .find(|f| f.key == field && f.kind == FieldKind::Secret)
                .ok_or_else(|| {
                    RegistryError::field(
                        "field",
                        format!("{field} is not a secret field of this platform type"),
                    )
                })
        })
    }

    /// A new instance with the configuration of `source` (endpoint, TLS settings,
    /// custom-field values) under a new name and environment. Secrets are not
    /// copied: an environment's credential is its own, and the clone shows them as
    /// not configured.
    pub fn clone_instance(&self, source: &str, name: &str, environment: &str) -> Result<Instance> {
        let original = self.read(|c| fetch_instance(c, source))?;
        let input = InstanceInput {
            name: name.to_owned(),
            environment: environment.to_owned(),
            endpoint: original.endpoint.clone(),
            tls: Some(crate::model::InstanceTlsInput {
                ca_bundle_pem: original.tls.ca_bundle_pem.clone(),
                client_certificate_pem: original.tls.client_certificate_pem.clone(),
                insecure_skip_verify: original.tls.insecure_skip_verify,
            }),
            field_values: Some(original.field_values.clone()),
        };
        let clone = self.create_instance(&original.platform_id, &input)?;
        tracing::info!(source, clone = %clone.id, "instance cloned");
        Ok(clone)
    }
}

fn update_secret_list(
    tx: &rusqlite::Transaction<'_>,
    id: &str,
    change: impl FnOnce(&mut BTreeSet<String>) -> bool,
) -> Result<usize> {
    let mut set: BTreeSet<String> = fetch_instance(tx, id)?.secret_fields.into_iter().collect();
    change(&mut set);
    let keys: Vec<String> = set.into_iter().collect();
    instances::set_secret_fields(tx, id, &keys, &now())
}
