//! What the app and CLI call: validate, write in one transaction, map constraint
//! violations to field errors, and keep the keyring in step with the database.

use pb_secrets::{SecretKey, SecretStore, Sensitive};

use crate::catalogue;
use crate::change_snapshot::{record_change, snapshot, tracked, tracked_with, Credential, Subject};
use crate::db::{now, Registry};
use crate::error::{RegistryError, Result};
use crate::model::{
    Instance, InstanceInput, Platform, PlatformInput, PlatformType, PlatformTypeInput,
};
use crate::queries::{self, instances, is_unique_violation, platform_types, platforms};
use crate::validate;

/// The keyring entry that holds an instance's credential. `service` is the app
/// identifier, so the entries of other apps (and of test runs) never collide.
pub fn credential_key(service: &str, instance_id: &str) -> SecretKey {
    SecretKey::new(service, format!("instance/{instance_id}/credential"))
}

pub(crate) fn normalize_type(input: &PlatformTypeInput) -> PlatformTypeInput {
    PlatformTypeInput {
        identifier: input.identifier.trim().to_owned(),
        display_name: input.display_name.trim().to_owned(),
        description: input.description.trim().to_owned(),
        icon: input.icon.trim().to_owned(),
        default_endpoint: validate::optional(&input.default_endpoint),
    }
}

pub(crate) fn normalize_platform(input: &PlatformInput) -> PlatformInput {
    PlatformInput {
        name: input.name.trim().to_owned(),
        identifier: validate::optional(&input.identifier),
        description: input.description.trim().to_owned(),
        type_id: input.type_id.trim().to_owned(),
        location: input.location.trim().to_owned(),
        support_url: validate::optional(&input.support_url),
        docs_url: validate::optional(&input.docs_url),
        tags: input
            .tags
            .iter()
            .map(|t| crate::model::Tag {
                key: t.key.trim().to_owned(),
                value: t.value.trim().to_owned(),
            })
            .collect(),
        access_info: input.access_info.as_ref().map(|a| a.trim_end().to_owned()),
        status: input.status,
    }
}

pub(crate) fn normalize_instance(input: &InstanceInput) -> InstanceInput {
    // A PEM field holding only white space means "none".
    let pem = |p: &Option<String>| {
        p.as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| format!("{p}\n"))
    };
    InstanceInput {
        name: input.name.trim().to_owned(),
        environment: input.environment.trim().to_owned(),
        endpoint: input.endpoint.trim().to_owned(),
        tls: input.tls.as_ref().map(|t| crate::model::InstanceTlsInput {
            ca_bundle_pem: pem(&t.ca_bundle_pem),
            client_certificate_pem: pem(&t.client_certificate_pem),
            insecure_skip_verify: t.insecure_skip_verify,
        }),
        field_values: input.field_values.clone(),
    }
}

impl Registry {
    pub fn list_platform_types(&self) -> Result<Vec<PlatformType>> {
        self.read(platform_types::list)
    }

    pub fn create_platform_type(&self, input: &PlatformTypeInput) -> Result<PlatformType> {
        let input = normalize_type(input);
        validate::platform_type(&input)?;
        if catalogue::is_builtin(&input.identifier) {
            return Err(RegistryError::field(
                "identifier",
                format!(
                    "{} is reserved by a built-in platform type",
                    input.identifier
                ),
            ));
        }
        self.with_change(Subject::PlatformType(&input.identifier), |tx| {
            platform_types::insert(tx, &input, &now()).map_err(|e| {
                if is_unique_violation(&e) {
                    RegistryError::field(
                        "identifier",
                        format!(
                            "A platform type with identifier {} already exists",
                            input.identifier
                        ),
                    )
                } else {
                    e.into()
                }
            })?;
            fetch_type(tx, &input.identifier)
        })
    }

    pub fn update_platform_type(&self, input: &PlatformTypeInput) -> Result<PlatformType> {
        let input = normalize_type(input);
        validate::platform_type(&input)?;
        self.with_change(Subject::PlatformType(&input.identifier), |tx| {
            let existing = fetch_type(tx, &input.identifier)?;
            ensure_editable(
                format!("Platform type {}", input.identifier),
                &existing.managed_by,
            )?;
            if existing.builtin {
                return Err(RegistryError::InUse(format!(
                    "{} is a built-in platform type and cannot be edited",
                    input.identifier
                )));
            }
            platform_types::update(tx, &input, &now())?;
            fetch_type(tx, &input.identifier)
        })
    }

    pub fn delete_platform_type(&self, identifier: &str) -> Result<()> {
        self.with_change(Subject::PlatformType(identifier), |tx| {
            let existing = fetch_type(tx, identifier)?;
            ensure_editable(format!("Platform type {identifier}"), &existing.managed_by)?;
            if existing.builtin {
                return Err(RegistryError::InUse(format!(
                    "{identifier} is a built-in platform type and cannot be deleted"
                )));
            }
            let users = platform_types::platforms_using(tx, identifier)?;
            if !users.is_empty() {
                let names = users
                    .iter()
                    .map(|n| format!("'{n}'"))
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(RegistryError::InUse(format!(
                    "{identifier} is used by {} platform(s) ({names}); delete them or change their type first",
                    users.len()
                )));
            }
            platform_types::delete(tx, identifier)?;
            Ok(())
        })
    }

    pub fn list_platforms(&self) -> Result<Vec<Platform>> {
        self.read(platforms::list)
    }

    pub fn get_platform(&self, id: &str) -> Result<Platform> {
        self.read(|c| fetch_platform(c, id))
    }

    pub fn create_platform(&self, input: &PlatformInput) -> Result<Platform> {
        let input = normalize_platform(input);
        validate::platform(&input)?;
        let id = uuid::Uuid::new_v4().to_string();
        let actor = self.actor();
        self.with_change(Subject::Platform(&id), |tx| {
            ensure_type_exists(tx, &input.type_id)?;
            crate::tag_definitions::check_tags(tx, &input.tags)?;
            let mut input = input.clone();
            input.location = crate::offering::locations::resolve(tx, &actor, &input.location)?;
            let identifier = match input.identifier.take() {
                Some(given) => checked_identifier(tx, given, None)?,
                None => derived_identifier(tx, &input.name)?,
            };
            input.identifier = Some(identifier);
            platforms::insert(tx, &id, &input, &now()).map_err(|e| platform_conflict(e, &input))?;
            fetch_platform(tx, &id)
        })
    }

    pub fn update_platform(&self, id: &str, input: &PlatformInput) -> Result<Platform> {
        let input = normalize_platform(input);
        validate::platform(&input)?;
        let actor = self.actor();
        self.with_change(Subject::Platform(id), |tx| {
            let before = fetch_platform(tx, id)?;
            ensure_editable(format!("Platform {}", before.name), &before.managed_by)?;
            ensure_type_exists(tx, &input.type_id)?;
            if before.type_id != input.type_id && before.instance_count > 0 {
                // The instances' custom-field values belong to the old type.
                return Err(RegistryError::field(
                    "typeId",
                    "The type of a platform with instances cannot change; its instances were configured for the current type",
                ));
            }
            crate::tag_definitions::check_tags(tx, &input.tags)?;
            let mut input = input.clone();
            input.location = crate::offering::locations::resolve(tx, &actor, &input.location)?;
            if let Some(given) = input.identifier.take() {
                input.identifier = Some(checked_identifier(tx, given, Some(id))?);
            }
            platforms::update(tx, id, &input, &now()).map_err(|e| platform_conflict(e, &input))?;
            fetch_platform(tx, id)
        })
    }

    /// Deletes a platform, its instances and their keyring entries. The keyring goes
    /// first: if it fails, nothing is deleted and the administrator can retry, rather
    /// than being left with secrets nobody can see or remove from the app.
    pub fn delete_platform(
        &self,
        secrets: &dyn SecretStore,
        service: &str,
        id: &str,
    ) -> Result<()> {
        let instances = self.read(|c| {
            let platform = fetch_platform(c, id)?;
            ensure_editable(format!("Platform {}", platform.name), &platform.managed_by)?;
            instances::list_for_platform(c, id)
        })?;
        for instance in &instances {
            delete_instance_secrets(secrets, service, instance)?;
        }
        let actor = self.actor();
        self.with_tx(|tx| {
            // Its instances go with it: each leaves its own entry, as if deleted
            // one by one.
            let before: Vec<_> = instances
                .iter()
                .map(|i| snapshot(tx, &Subject::Instance(&i.id)))
                .collect::<Result<_>>()?;
            let zones = crate::offering::landing_zones::before_cascade(tx, id)?;
            tracked(tx, &actor, Subject::Platform(id), || {
                platforms::delete(tx, id)?;
                Ok(())
            })?;
            crate::offering::landing_zones::record_cascade(tx, &actor, zones)?;
            for (instance, before) in instances.iter().zip(before) {
                let subject = Subject::Instance(&instance.id);
                record_change(tx, &actor, &subject, before, None, Vec::new())?;
            }
            Ok(())
        })
    }

    pub fn list_instances(&self, platform_id: &str) -> Result<Vec<Instance>> {
        self.read(|c| {
            fetch_platform(c, platform_id)?;
            instances::list_for_platform(c, platform_id)
        })
    }

    /// Every instance of every platform.
    pub fn list_all_instances(&self) -> Result<Vec<Instance>> {
        self.read(instances::list_all)
    }

    pub fn instance(&self, id: &str) -> Result<Instance> {
        self.read(|c| fetch_instance(c, id))
    }

    pub fn create_instance(&self, platform_id: &str, input: &InstanceInput) -> Result<Instance> {
        let input = normalize_instance(input);
        validate::instance(&input)?;
        let id = uuid::Uuid::new_v4().to_string();
        self.with_change(Subject::Instance(&id), |tx| {
            let platform = fetch_platform(tx, platform_id)?;
            let fields = fetch_type(tx, &platform.type_id)?.custom_fields;
            let mut input = input.clone();
            let values = input
                .field_values
                .get_or_insert_with(|| crate::custom_fields::defaults(&fields));
            crate::custom_fields::check_values(&fields, values)?;
            instances::insert(tx, &id, platform_id, &input, &now())
                .map_err(|e| instance_conflict(e, &input))?;
            fetch_instance(tx, &id)
        })
    }

    pub fn update_instance(&self, id: &str, input: &InstanceInput) -> Result<Instance> {
        let input = normalize_instance(input);
        validate::instance(&input)?;
        self.with_change(Subject::Instance(id), |tx| {
            let instance = fetch_instance(tx, id)?;
            ensure_editable(format!("Instance {}", instance.name), &instance.managed_by)?;
            if let Some(values) = &input.field_values {
                let platform = fetch_platform(tx, &instance.platform_id)?;
                let fields = fetch_type(tx, &platform.type_id)?.custom_fields;
                crate::custom_fields::check_values(&fields, values)?;
            }
            instances::update(tx, id, &input, &now()).map_err(|e| instance_conflict(e, &input))?;
            fetch_instance(tx, id)
        })
    }

    /// Deletes an instance and its keyring entry (keyring first, see `delete_platform`).
    pub fn delete_instance(
        &self,
        secrets: &dyn SecretStore,
        service: &str,
        id: &str,
    ) -> Result<()> {
        let instance = self.read(|c| fetch_instance(c, id))?;
        ensure_editable(format!("Instance {}", instance.name), &instance.managed_by)?;
        delete_instance_secrets(secrets, service, &instance)?;
        self.with_change(Subject::Instance(id), |tx| {
            instances::delete(tx, id)?;
            Ok(())
        })
    }

    /// Stores (or replaces) the instance's credential in the keyring; the database
    /// only learns that it is configured and its new version.
    pub fn set_credential(
        &self,
        secrets: &dyn SecretStore,
        service: &str,
        id: &str,
        secret: &Sensitive<String>,
    ) -> Result<Instance> {
        if secret.expose().trim().is_empty() {
            return Err(RegistryError::field(
                "secret",
                "Enter the credential to store",
            ));
        }
        // Copy and paste often adds a space or newline that the platform would then
        // reject; say so instead of storing it silently.
        if secret.expose().trim() != secret.expose() {
            return Err(RegistryError::field(
                "secret",
                "The credential starts or ends with a space or line break; remove it",
            ));
        }
        if secret.expose().len() > 16 * 1024 {
            return Err(RegistryError::field(
                "secret",
                "The credential must be at most 16 KiB",
            ));
        }
        self.keyring_then_row(
            id,
            Credential::Main,
            true,
            || Ok(secrets.set(&credential_key(service, id), secret)?),
            |tx| instances::mark_credential_set(tx, id, &now()),
        )
    }

    pub fn remove_credential(
        &self,
        secrets: &dyn SecretStore,
        service: &str,
        id: &str,
    ) -> Result<Instance> {
        self.keyring_then_row(
            id,
            Credential::Main,
            false,
            || {
                secrets
                    .delete(&credential_key(service, id))
                    .map(drop)
                    .map_err(Into::into)
            },
            |tx| instances::mark_credential_removed(tx, id, &now()),
        )
    }

    /// A change to an instance's keyring entry: the instance must exist, the keyring
    /// is written first, then the row records it in a transaction (a locked keyring
    /// leaves the row as it was). Returns the updated instance. The change history
    /// records the fact (and, when `stored`, that a new value was stored), never
    /// the value.
    pub(crate) fn keyring_then_row(
        &self,
        id: &str,
        which: Credential<'_>,
        stored: bool,
        keyring: impl FnOnce() -> Result<()>,
        row: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<usize>,
    ) -> Result<Instance> {
        self.read(|c| fetch_instance(c, id))?;
        keyring()?;
        let actor = self.actor();
        let extra = if stored {
            vec![pb_change_history::FieldChange::secret("value")]
        } else {
            Vec::new()
        };
        self.with_tx(|tx| {
            tracked_with(tx, &actor, Subject::Credential(id, which), extra, || {
                row(tx)
            })?;
            fetch_instance(tx, id)
        })
    }
}

/// Every keyring entry an instance may own: credential, client key, secret fields.
fn delete_instance_secrets(
    secrets: &dyn SecretStore,
    service: &str,
    instance: &Instance,
) -> Result<()> {
    secrets.delete(&credential_key(service, &instance.id))?;
    secrets.delete(&crate::instance_tls::client_key_key(service, &instance.id))?;
    for key in &instance.secret_fields {
        secrets.delete(&crate::instance_fields::field_secret_key(
            service,
            &instance.id,
            key,
        ))?;
    }
    Ok(())
}

/// Records defined in a provisioning folder are changed through their files only.
pub(crate) fn ensure_editable(what: impl Into<String>, managed_by: &Option<String>) -> Result<()> {
    match managed_by {
        Some(folder) => Err(RegistryError::ManagedByFile {
            what: what.into(),
            folder: folder.clone(),
        }),
        None => Ok(()),
    }
}

pub(crate) fn fetch_type(conn: &rusqlite::Connection, identifier: &str) -> Result<PlatformType> {
    platform_types::get(conn, identifier)?.ok_or_else(|| RegistryError::NotFound {
        what: "platform type",
        id: identifier.to_owned(),
    })
}

pub(crate) fn fetch_platform(conn: &rusqlite::Connection, id: &str) -> Result<Platform> {
    platforms::get(conn, id)?.ok_or_else(|| RegistryError::NotFound {
        what: "platform",
        id: id.to_owned(),
    })
}

pub(crate) fn fetch_instance(conn: &rusqlite::Connection, id: &str) -> Result<Instance> {
    instances::get(conn, id)?.ok_or_else(|| RegistryError::NotFound {
        what: "instance",
        id: id.to_owned(),
    })
}

fn ensure_type_exists(conn: &rusqlite::Connection, type_id: &str) -> Result<()> {
    match queries::platform_types::get(conn, type_id)? {
        Some(_) => Ok(()),
        None => Err(RegistryError::field(
            "typeId",
            format!("Platform type {type_id} does not exist"),
        )),
    }
}

/// A platform identifier as given: the format, and not used by another platform.
fn checked_identifier(
    conn: &rusqlite::Connection,
    given: String,
    except: Option<&str>,
) -> Result<String> {
    validate::platform_identifier(&given)?;
    if platforms::identifier_taken(conn, &given, except)? {
        return Err(RegistryError::field(
            "identifier",
            format!("Another platform already uses the identifier {given}"),
        ));
    }
    Ok(given)
}

/// The identifier a name gives (`Event streaming EU` → `event-streaming-eu`), with
/// `-2`, `-3`... when it is taken.
fn derived_identifier(conn: &rusqlite::Connection, name: &str) -> Result<String> {
    let base = validate::slug(name);
    let base = if base.is_empty() {
        "platform".to_owned()
    } else {
        base
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while platforms::identifier_taken(conn, &candidate, None)? {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    Ok(candidate)
}

fn platform_conflict(e: rusqlite::Error, input: &PlatformInput) -> RegistryError {
    if is_unique_violation(&e) && e.to_string().contains("identifier") {
        RegistryError::field(
            "identifier",
            "Another platform already uses this identifier",
        )
    } else if is_unique_violation(&e) {
        RegistryError::field(
            "name",
            format!("A platform named '{}' already exists", input.name),
        )
    } else {
        e.into()
    }
}

fn instance_conflict(e: rusqlite::Error, input: &InstanceInput) -> RegistryError {
    if is_unique_violation(&e) {
        RegistryError::field(
            "name",
            format!(
                "This platform already has an instance named '{}'",
                input.name
            ),
        )
    } else {
        e.into()
    }
}
