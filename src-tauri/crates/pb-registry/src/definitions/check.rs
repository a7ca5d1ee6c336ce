//! The checks of an import, before anything is written: each document against
//! the format's rules, the other documents and the database, and each secret
//! reference against where it points. The result is the plan `apply` carries out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use pb_secrets::{SecretKey, SecretStore, Sensitive};
use rusqlite::Connection;

use super::format::{Document, InstanceDocument, PlatformDocument, SecretRef, TypeDocument};
use super::import::{Action, SecretTarget};
use super::parse::{Located, Problem};
use super::state::Stored;
use crate::custom_fields::{self, CustomField, FieldKind};
use crate::error::RegistryError;
use crate::model::{
    InstanceInput, InstanceTlsInput, PlatformInput, PlatformStatus, PlatformTypeInput,
};
use crate::validation_settings::ValidationSettings;

pub(super) fn problem(loc: &Located, path: &str, message: impl Into<String>) -> Problem {
    Problem {
        file: loc.file.display().to_string(),
        line: Some(loc.line),
        path: path.into(),
        message: message.into(),
    }
}

/// A registry error about an input, as problems at the document's paths: the
/// input's field names (`typeId`, `fields.2.key`) become the file's (`spec.type`,
/// `spec.customFields[2].key`).
pub(super) fn field_problems(
    loc: &Located,
    err: RegistryError,
    rename: &[(&str, &str)],
) -> Vec<Problem> {
    match err {
        RegistryError::Validation(errors) => errors
            .into_iter()
            .map(|e| {
                let mut parts = e.field.split('.');
                let head = parts.next().unwrap_or_default();
                let mapped = rename
                    .iter()
                    .find(|(from, _)| *from == head)
                    .map_or(format!("spec.{head}"), |(_, to)| (*to).to_owned());
                let rest: Vec<String> = parts
                    .map(|p| match p.parse::<usize>() {
                        Ok(n) => format!("[{n}]"),
                        Err(_) => format!(".{p}"),
                    })
                    .collect();
                problem(loc, &format!("{mapped}{}", rest.concat()), e.message)
            })
            .collect(),
        other => vec![problem(loc, "", other.to_string())],
    }
}

/// A secret read from where its reference points, checked like one typed in.
pub(super) fn resolve(
    loc: &Located,
    path: &str,
    r: &SecretRef,
    store: &dyn SecretStore,
) -> Result<Sensitive<String>, Problem> {
    let value = match r {
        SecretRef::FromEnv(var) => std::env::var(var)
            .map_err(|_| problem(loc, path, format!("environment variable {var} is not set")))?,
        SecretRef::FromFile(file) => {
            let base = loc.file.parent().unwrap_or(Path::new("."));
            let full = base.join(file);
            let text = std::fs::read_to_string(&full)
                .map_err(|e| problem(loc, path, format!("cannot read {}: {e}", full.display())))?;
            pb_secrets::without_final_newline(&text).to_owned()
        }
        SecretRef::Keyring(entry) => {
            let Some((service, account)) = entry.split_once('/') else {
                return Err(problem(loc, path, "a keyring reference is service/account"));
            };
            store
                .get(&SecretKey::new(service, account))
                .map_err(|e| {
                    problem(
                        loc,
                        path,
                        format!("cannot read the keyring entry {entry}: {e}"),
                    )
                })?
                .ok_or_else(|| problem(loc, path, format!("the keyring has no entry {entry}")))?
                .expose()
                .clone()
        }
    };
    if value.is_empty() {
        return Err(problem(loc, path, "the referenced secret is empty"));
    }
    if value.trim() != value {
        return Err(problem(
            loc,
            path,
            "the referenced secret starts or ends with a space or line break",
        ));
    }
    Ok(value.into())
}

/// What one import changes, checked and ready to apply.
pub(super) struct Plan<'a> {
    pub(super) types: Vec<(&'a Located, &'a TypeDocument, Action)>,
    pub(super) platforms: Vec<(&'a Located, &'a PlatformDocument, Action)>,
    pub(super) instances: Vec<(
        &'a Located,
        &'a InstanceDocument,
        Action,
        Vec<PendingSecret>,
    )>,
    pub(super) locations: Vec<(&'a Located, &'a super::format::LocationDocument, Action)>,
    pub(super) zones: Vec<(&'a Located, &'a super::format::LandingZoneDocument, Action)>,
}

/// A secret to store after the transaction, for an instance key (platform, name).
pub(super) struct PendingSecret {
    pub(super) slot: String,
    pub(super) value: Sensitive<String>,
}

pub(super) fn action(stored: Option<(Option<u32>, bool)>, given: Option<u32>) -> Action {
    match stored {
        None => Action::Create,
        Some((Some(s), _)) if given.is_some_and(|g| g < s) => Action::SkippedOlder,
        Some((_, true)) => Action::Unchanged,
        Some((_, false)) => Action::Update,
    }
}

/// The file's type as the database would hold it.
pub(super) fn canonical_type(doc: &TypeDocument) -> (PlatformTypeInput, TypeDocument) {
    let input = crate::ops::normalize_type(&PlatformTypeInput {
        identifier: doc.metadata.name.clone(),
        display_name: doc.spec.display_name.clone(),
        description: doc.spec.description.clone(),
        icon: doc.spec.icon.clone(),
        default_endpoint: doc.spec.default_endpoint.clone(),
    });
    let mut canonical = doc.clone();
    canonical.spec.display_name = input.display_name.clone();
    canonical.spec.description = input.description.clone();
    canonical.spec.icon = input.icon.clone();
    canonical.spec.default_endpoint = input.default_endpoint.clone();
    canonical.spec.custom_fields = custom_fields::normalize(&doc.spec.custom_fields);
    (input, canonical)
}

pub(super) fn platform_input(doc: &PlatformDocument) -> PlatformInput {
    crate::ops::normalize_platform(&PlatformInput {
        name: doc.spec.display_name.clone(),
        identifier: Some(doc.metadata.name.clone()),
        description: doc.spec.description.clone(),
        type_id: doc.spec.type_id.clone(),
        location: doc.spec.location.clone(),
        support_url: doc.spec.support_url.clone(),
        docs_url: doc.spec.docs_url.clone(),
        tags: doc.spec.tags.clone(),
        access_info: Some(doc.spec.access_info.clone()),
        status: Some(PlatformStatus::Active),
    })
}

/// The validation settings a platform document sets, if any: naming falls back to
/// the default when only roles or quotas are given, as the app stores it.
pub(super) fn validation_of(doc: &PlatformDocument) -> Option<ValidationSettings> {
    let s = &doc.spec;
    let any = s.naming.is_some()
        || !s.role_mappings.is_empty()
        || !s.quotas.is_empty()
        || s.strictness.is_some()
        || !s.known_deviations.is_empty();
    any.then(|| ValidationSettings {
        naming: s.naming.clone().unwrap_or_default(),
        role_mappings: s.role_mappings.clone(),
        quotas: s.quotas.clone(),
        strictness: s.strictness.unwrap_or_default(),
        known_deviations: s.known_deviations.clone(),
    })
}

pub(super) fn canonical_platform(doc: &PlatformDocument) -> PlatformDocument {
    let input = platform_input(doc);
    let mut c = doc.clone();
    c.spec.display_name = input.name;
    c.spec.description = input.description;
    c.spec.location = input.location;
    c.spec.support_url = input.support_url;
    c.spec.docs_url = input.docs_url;
    c.spec.tags = input.tags;
    c.spec.access_info = input.access_info.unwrap_or_default();
    c.spec.naming = validation_of(doc).map(|v| v.naming);
    // As export writes it: strict, the default, is not written.
    c.spec.strictness = doc
        .spec
        .strictness
        .filter(|s| *s == pb_validation::Strictness::Lenient);
    c
}

pub(super) fn instance_input(doc: &InstanceDocument) -> InstanceInput {
    let tls = doc.spec.tls.clone().unwrap_or_default();
    crate::ops::normalize_instance(&InstanceInput {
        name: doc.metadata.name.clone(),
        environment: doc.spec.environment.clone(),
        endpoint: doc.spec.endpoint.clone(),
        tls: Some(InstanceTlsInput {
            ca_bundle_pem: tls.ca_bundle_pem,
            client_certificate_pem: tls.client_certificate_pem,
            insecure_skip_verify: tls.insecure_skip_verify,
        }),
        field_values: Some(doc.spec.field_values.clone()),
    })
}

pub(super) fn canonical_instance(doc: &InstanceDocument) -> InstanceDocument {
    let input = instance_input(doc);
    let mut c = doc.clone();
    c.spec.environment = input.environment;
    c.spec.endpoint = input.endpoint;
    let tls = input.tls.unwrap_or_default();
    let tls = super::format::TlsSpec {
        ca_bundle_pem: tls.ca_bundle_pem,
        client_certificate_pem: tls.client_certificate_pem,
        insecure_skip_verify: tls.insecure_skip_verify,
    };
    c.spec.tls = (tls != super::format::TlsSpec::default()).then_some(tls);
    c
}

/// The instance's secret references by slot.
pub(super) fn secret_refs(doc: &InstanceDocument) -> BTreeMap<String, SecretRef> {
    let mut refs = BTreeMap::new();
    if let Some(r) = &doc.spec.credential {
        refs.insert("credential".to_owned(), r.clone());
    }
    if let Some(r) = &doc.spec.client_key {
        refs.insert("clientKey".to_owned(), r.clone());
    }
    for (key, r) in &doc.spec.secret_fields {
        refs.insert(format!("secretFields.{key}"), r.clone());
    }
    refs
}

pub(super) fn check<'a>(
    conn: &Connection,
    docs: &'a [Located],
    stored: &Stored,
    target: &SecretTarget<'_>,
    problems: &mut Vec<Problem>,
) -> Plan<'a> {
    let mut plan = Plan {
        types: vec![],
        platforms: vec![],
        instances: vec![],
        locations: vec![],
        zones: vec![],
    };
    let mut seen: BTreeMap<String, &Located> = BTreeMap::new();
    for loc in docs {
        if let Some(first) = seen.insert(loc.document.label(), loc) {
            problems.push(problem(
                loc,
                "metadata.name",
                format!(
                    "{} is also defined at {}:{}",
                    loc.document.label(),
                    first.file.display(),
                    first.line
                ),
            ));
        }
    }
    // Types first: platforms and instances are checked against them.
    let mut type_fields: BTreeMap<String, Vec<CustomField>> = stored.type_fields.clone();
    let mut file_platforms: BTreeMap<&str, &PlatformDocument> = BTreeMap::new();
    for loc in docs {
        match &loc.document {
            Document::PlatformType(doc) => {
                let (input, canonical) = canonical_type(doc);
                if stored.builtin.contains(&input.identifier)
                    || crate::catalogue::is_builtin(&input.identifier)
                {
                    problems.push(problem(
                        loc,
                        "metadata.name",
                        format!(
                            "{} is a built-in platform type; give your type its own identifier",
                            input.identifier
                        ),
                    ));
                    continue;
                }
                if let Err(e) = crate::validate::platform_type(&input) {
                    problems.extend(field_problems(loc, e, &[("identifier", "metadata.name")]));
                }
                if let Err(e) = custom_fields::check_definitions(&canonical.spec.custom_fields) {
                    problems.extend(field_problems(loc, e, &[("fields", "spec.customFields")]));
                }
                if let Some(connector) = &doc.spec.connector {
                    let text = serde_norway::to_string(connector).unwrap_or_default();
                    if let Err(e) = pb_connector::parse(&text) {
                        problems.push(problem(loc, "spec.connector", e));
                    }
                }
                type_fields.insert(
                    input.identifier.clone(),
                    canonical.spec.custom_fields.clone(),
                );
                let current = stored.types.get(&input.identifier);
                let a = action(
                    current.map(|t| (t.metadata.version, t.spec == canonical.spec)),
                    doc.metadata.version,
                );
                plan.types.push((loc, doc, a));
            }
            Document::Platform(doc) => {
                file_platforms.insert(&doc.metadata.name, doc);
            }
            Document::Instance(_) | Document::Location(_) | Document::LandingZone(_) => {}
        }
    }
    for loc in docs {
        let Document::Platform(doc) = &loc.document else {
            continue;
        };
        if let Err(e) = crate::validate::platform_identifier(&doc.metadata.name) {
            problems.extend(field_problems(loc, e, &[("identifier", "metadata.name")]));
        }
        let input = platform_input(doc);
        if let Err(e) = crate::validate::platform(&input) {
            problems.extend(field_problems(
                loc,
                e,
                &[
                    ("name", "spec.displayName"),
                    ("typeId", "spec.type"),
                    ("identifier", "metadata.name"),
                ],
            ));
        }
        if !type_fields.contains_key(&input.type_id) {
            problems.push(problem(loc, "spec.type", format!(
                "there is no platform type {}: define it in a PlatformType document or use a built-in one", input.type_id
            )));
        }
        if let Err(e) = crate::tag_definitions::check_tags(conn, &input.tags) {
            problems.extend(field_problems(loc, e, &[]));
        }
        if let Some(settings) = validation_of(doc) {
            let errors = crate::validation_settings::check(&settings);
            if !errors.is_empty() {
                problems.extend(field_problems(loc, RegistryError::Validation(errors), &[]));
            }
        }
        let current = stored.platforms.get(&doc.metadata.name);
        if let Some(c) = current {
            if c.document.spec.type_id != input.type_id && c.instance_count > 0 {
                problems.push(problem(loc, "spec.type", "the type of a platform with instances cannot change; its instances were configured for the current type"));
            }
        }
        let mut canonical = canonical_platform(doc);
        canonical.spec.location =
            super::offering::location_key(&canonical.spec.location, docs, stored);
        canonical.spec.availability = doc
            .spec
            .availability
            .clone()
            .filter(|a| *a != Default::default());
        let a = action(
            current.map(|c| {
                (
                    c.document.metadata.version,
                    c.document.spec == canonical.spec,
                )
            }),
            doc.metadata.version,
        );
        plan.platforms.push((loc, doc, a));
    }
    for loc in docs {
        let Document::Instance(doc) = &loc.document else {
            continue;
        };
        let platform = &doc.metadata.platform;
        let type_id = match (
            file_platforms.get(platform.as_str()),
            stored.platforms.get(platform),
        ) {
            (Some(p), _) => p.spec.type_id.clone(),
            (None, Some(p)) => p.document.spec.type_id.clone(),
            (None, None) => {
                problems.push(problem(loc, "metadata.platform", format!(
                    "there is no platform {platform}: define it in a Platform document or import it first"
                )));
                continue;
            }
        };
        let input = instance_input(doc);
        if let Err(e) = crate::validate::instance(&input) {
            problems.extend(field_problems(loc, e, &[("name", "metadata.name")]));
        }
        let fields = type_fields.get(&type_id).cloned().unwrap_or_default();
        let secret_kinds: BTreeSet<&str> = fields
            .iter()
            .filter(|f| f.kind == FieldKind::Secret)
            .map(|f| f.key.as_str())
            .collect();
        let mut values_ok = true;
        for key in doc.spec.field_values.keys() {
            if secret_kinds.contains(key.as_str()) {
                values_ok = false;
                problems.push(problem(loc, &format!("spec.fieldValues.{key}"), format!(
                    "{key} is a secret field: a literal secret is not allowed here; give a reference under secretFields.{key}"
                )));
            }
        }
        if values_ok {
            if let Err(e) = custom_fields::check_values(&fields, &doc.spec.field_values) {
                problems.extend(field_problems(loc, e, &[]));
            }
        }
        for key in doc.spec.secret_fields.keys() {
            if !secret_kinds.contains(key.as_str()) {
                problems.push(problem(
                    loc,
                    &format!("spec.secretFields.{key}"),
                    format!("{type_id} has no secret field {key}"),
                ));
            }
        }
        if doc.spec.client_key.is_some()
            && doc
                .spec
                .tls
                .as_ref()
                .and_then(|t| t.client_certificate_pem.as_ref())
                .is_none()
        {
            problems.push(problem(
                loc,
                "spec.clientKey",
                "a client key needs spec.tls.clientCertificatePem",
            ));
        }
        let current = stored
            .instances
            .get(&(platform.clone(), input.name.clone()));
        let mut pending = Vec::new();
        for (slot, r) in secret_refs(doc) {
            let unchanged = current.is_some_and(|c| {
                c.configured.contains(&slot) && secret_refs(&c.document).get(&slot) == Some(&r)
            });
            if unchanged {
                continue;
            }
            match resolve(loc, &format!("spec.{slot}"), &r, target.store) {
                Ok(value) => pending.push(PendingSecret { slot, value }),
                Err(p) => problems.push(p),
            }
        }
        let canonical = canonical_instance(doc);
        let a = action(
            current.map(|c| {
                (
                    c.document.metadata.version,
                    c.document.spec == canonical.spec,
                )
            }),
            doc.metadata.version,
        );
        if a == Action::SkippedOlder {
            pending.clear();
        }
        plan.instances.push((loc, doc, a, pending));
    }
    super::offering::check(conn, docs, stored, problems, &mut plan);
    plan
}
