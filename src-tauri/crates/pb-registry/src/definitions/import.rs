//! Importing definition files: everything is checked first (format, references
//! between documents and to the database, templates, naming rules, secret
//! references), then every change is applied in one transaction, or none is.
//! Importing the same files again changes nothing; a document never overwrites what
//! a newer version of it stored.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use pb_secrets::{SecretKey, SecretStore, Sensitive};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::format::{Document, InstanceDocument, PlatformDocument, SecretRef, TypeDocument};
use super::parse::{read_paths, Located, Problem};
use super::state::{self, Stored};

use crate::custom_fields::{self, CustomField, FieldKind};
use crate::db::{now, Registry};
use crate::error::RegistryError;
use crate::model::{
    InstanceInput, InstanceTlsInput, PlatformInput, PlatformStatus, PlatformTypeInput,
};
use crate::queries::{instances, platform_types, platforms};
use crate::validation_settings::ValidationSettings;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Action {
    Create,
    Update,
    Unchanged,
    /// The stored record came from a newer version of the document.
    SkippedOlder,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Change {
    /// `Platform event-streaming-eu`.
    pub document: String,
    pub action: Action,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportReport {
    pub dry_run: bool,
    pub changes: Vec<Change>,
}

impl ImportReport {
    pub fn count(&self, action: Action) -> usize {
        self.changes.iter().filter(|c| c.action == action).count()
    }
}

/// Where the secrets of imported instances go.
pub struct SecretTarget<'a> {
    pub store: &'a dyn SecretStore,
    pub service: &'a str,
}

fn problem(loc: &Located, path: &str, message: impl Into<String>) -> Problem {
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
fn field_problems(loc: &Located, err: RegistryError, rename: &[(&str, &str)]) -> Vec<Problem> {
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
fn resolve(
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
            text.strip_suffix('\n')
                .map(|t| t.strip_suffix('\r').unwrap_or(t))
                .unwrap_or(&text)
                .to_owned()
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
struct Plan<'a> {
    types: Vec<(&'a Located, &'a TypeDocument, Action)>,
    platforms: Vec<(&'a Located, &'a PlatformDocument, Action)>,
    instances: Vec<(
        &'a Located,
        &'a InstanceDocument,
        Action,
        Vec<PendingSecret>,
    )>,
}

/// A secret to store after the transaction, for an instance key (platform, name).
struct PendingSecret {
    slot: String,
    value: Sensitive<String>,
}

fn action(stored: Option<(Option<u32>, bool)>, given: Option<u32>) -> Action {
    match stored {
        None => Action::Create,
        Some((Some(s), _)) if given.is_some_and(|g| g < s) => Action::SkippedOlder,
        Some((_, true)) => Action::Unchanged,
        Some((_, false)) => Action::Update,
    }
}

/// Imports the definitions under `paths` (files or folders). Err: every problem
/// found; nothing was changed.
pub fn import(
    reg: &Registry,
    target: &SecretTarget<'_>,
    paths: &[PathBuf],
    dry_run: bool,
) -> Result<ImportReport, Vec<Problem>> {
    run(reg, target, paths, dry_run, None).map(|(report, _)| report)
}

/// What applying a provisioning folder at start-up did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProvisioningReport {
    pub folder: String,
    pub changes: Vec<Change>,
    /// Records the folder no longer defines, deleted because pruning is on.
    pub pruned: Vec<String>,
    /// Non-empty: nothing from the folder was applied (or a prune failed).
    pub problems: Vec<Problem>,
}

/// Applies a provisioning folder: its records become read-only in the app
/// ("managed by file"); with `prune`, the records it defined before and no longer
/// does are deleted, keyring entries included.
pub fn provision(
    reg: &Registry,
    target: &SecretTarget<'_>,
    folder: &Path,
    prune: bool,
) -> ProvisioningReport {
    let name = folder.display().to_string();
    let mut report = ProvisioningReport {
        folder: name.clone(),
        ..Default::default()
    };
    match run(reg, target, &[folder.to_owned()], false, Some(&name)) {
        Ok((import, labels)) => {
            report.changes = import.changes;
            if prune {
                super::prune::prune(reg, target, &name, &labels, &mut report);
            }
        }
        Err(problems) => report.problems = problems,
    }
    report
}

fn run(
    reg: &Registry,
    target: &SecretTarget<'_>,
    paths: &[PathBuf],
    dry_run: bool,
    managed_by: Option<&str>,
) -> Result<(ImportReport, BTreeSet<String>), Vec<Problem>> {
    let (documents, mut problems) = read_paths(paths);
    let as_problem = |e: RegistryError| {
        vec![Problem {
            file: String::new(),
            line: None,
            path: String::new(),
            message: e.to_string(),
        }]
    };
    let plan = reg
        .read(|conn| {
            let stored = state::load(conn, target.service)?;
            Ok(check(conn, &documents, &stored, target, &mut problems))
        })
        .map_err(as_problem)?;
    if !problems.is_empty() {
        return Err(problems);
    }
    let report = ImportReport {
        dry_run,
        changes: changes(&plan),
    };
    let labels: BTreeSet<String> = documents.iter().map(|d| d.document.label()).collect();
    if dry_run {
        return Ok((report, labels));
    }
    apply(reg, &plan, managed_by).map_err(as_problem)?;
    let mut failures = Vec::new();
    for (loc, doc, _, secrets) in &plan.instances {
        for secret in secrets {
            if let Err(e) = store_secret(reg, target, doc, secret) {
                failures.push(problem(
                    loc,
                    &format!("spec.{}", secret.slot),
                    format!(
                        "the definitions were applied, but this secret could not be stored: {e}"
                    ),
                ));
            }
        }
    }
    if failures.is_empty() {
        Ok((report, labels))
    } else {
        Err(failures)
    }
}

fn changes(plan: &Plan<'_>) -> Vec<Change> {
    let mut out = Vec::new();
    // Where the file and the database disagree on the version, say which is which;
    // the action names everything else.
    let mut push = |loc: &Located, action: Action| {
        let detail = match (action, &loc.document) {
            (Action::SkippedOlder, doc) => {
                let version = match doc {
                    Document::PlatformType(d) => d.metadata.version,
                    Document::Platform(d) => d.metadata.version,
                    Document::Instance(d) => d.metadata.version,
                };
                format!("version {} in the file", version.unwrap_or_default())
            }
            _ => String::new(),
        };
        out.push(Change {
            document: loc.document.label(),
            action,
            detail,
        });
    };
    for (loc, _, a) in &plan.types {
        push(loc, *a);
    }
    for (loc, _, a) in &plan.platforms {
        push(loc, *a);
    }
    for (loc, _, a, secrets) in &plan.instances {
        // A secret whose reference changed makes an otherwise unchanged instance change.
        let a = if *a == Action::Unchanged && !secrets.is_empty() {
            Action::Update
        } else {
            *a
        };
        push(loc, a);
    }
    out
}

/// The file's type as the database would hold it.
fn canonical_type(doc: &TypeDocument) -> (PlatformTypeInput, TypeDocument) {
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

fn platform_input(doc: &PlatformDocument) -> PlatformInput {
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
fn validation_of(doc: &PlatformDocument) -> Option<ValidationSettings> {
    let s = &doc.spec;
    (s.naming.is_some() || !s.role_mappings.is_empty() || !s.quotas.is_empty()).then(|| {
        ValidationSettings {
            naming: s.naming.clone().unwrap_or_default(),
            role_mappings: s.role_mappings.clone(),
            quotas: s.quotas.clone(),
        }
    })
}

fn canonical_platform(doc: &PlatformDocument) -> PlatformDocument {
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
    c
}

fn instance_input(doc: &InstanceDocument) -> InstanceInput {
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

fn canonical_instance(doc: &InstanceDocument) -> InstanceDocument {
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
fn secret_refs(doc: &InstanceDocument) -> BTreeMap<String, SecretRef> {
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

fn check<'a>(
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
            Document::Instance(_) => {}
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
        let canonical = canonical_platform(doc);
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
    plan
}

fn set_version(
    conn: &Connection,
    table: &str,
    key: &str,
    value: &str,
    version: Option<u32>,
) -> crate::error::Result<()> {
    conn.execute(
        &format!("UPDATE {table} SET definition_version = ?2 WHERE {key} = ?1"),
        params![value, version],
    )?;
    Ok(())
}

/// Marks a record as defined in the provisioning folder (when there is one).
fn set_managed(
    conn: &Connection,
    table: &str,
    key: &str,
    value: &str,
    folder: Option<&str>,
) -> crate::error::Result<()> {
    if let Some(folder) = folder {
        conn.execute(
            &format!(
                "UPDATE {table} SET managed_by = ?2 WHERE {key} = ?1 AND managed_by IS NOT ?2"
            ),
            params![value, folder],
        )?;
    }
    Ok(())
}

fn platform_id(conn: &Connection, identifier: &str) -> crate::error::Result<String> {
    Ok(conn.query_row(
        "SELECT id FROM platforms WHERE identifier = ?1",
        [identifier],
        |r| r.get(0),
    )?)
}

fn instance_id(
    conn: &Connection,
    platform: &str,
    name: &str,
) -> crate::error::Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT i.id FROM instances i JOIN platforms p ON p.id = i.platform_id
              WHERE p.identifier = ?1 AND i.name = ?2",
            [platform, name],
            |r| r.get(0),
        )
        .optional()?)
}

fn apply(reg: &Registry, plan: &Plan<'_>, managed_by: Option<&str>) -> crate::error::Result<()> {
    let changes = |a: Action| matches!(a, Action::Create | Action::Update);
    reg.with_tx(|tx| {
        let now = now();
        for (_, doc, a) in plan.types.iter().filter(|t| changes(t.2)) {
            let (input, canonical) = canonical_type(doc);
            if *a == Action::Create {
                platform_types::insert(tx, &input, &now)?;
            } else {
                platform_types::update(tx, &input, &now)?;
            }
            platform_types::set_config_schema(
                tx,
                &input.identifier,
                &custom_fields::to_schema(&canonical.spec.custom_fields),
                &now,
            )?;
            let text = doc
                .spec
                .connector
                .as_ref()
                .map(|c| serde_norway::to_string(c).unwrap_or_default());
            platform_types::set_connector(tx, &input.identifier, text.as_deref(), &now)?;
            set_version(
                tx,
                "platform_types",
                "identifier",
                &input.identifier,
                doc.metadata.version,
            )?;
        }
        for (_, doc, a) in plan.platforms.iter().filter(|p| changes(p.2)) {
            let input = platform_input(doc);
            let id = if *a == Action::Create {
                let id = uuid::Uuid::new_v4().to_string();
                platforms::insert(tx, &id, &input, &now)?;
                id
            } else {
                let id = platform_id(tx, &doc.metadata.name)?;
                platforms::update(tx, &id, &input, &now)?;
                id
            };
            match validation_of(doc) {
                Some(settings) => crate::validation_settings::upsert(tx, &id, &settings)?,
                None => {
                    tx.execute(
                        "DELETE FROM platform_validation WHERE platform_id = ?1",
                        [&id],
                    )?;
                }
            }
            set_version(tx, "platforms", "id", &id, doc.metadata.version)?;
        }
        // Every record the folder defines is marked, changed or not.
        for (_, doc, _) in &plan.types {
            set_managed(
                tx,
                "platform_types",
                "identifier",
                doc.metadata.name.trim(),
                managed_by,
            )?;
        }
        for (_, doc, _) in &plan.platforms {
            set_managed(
                tx,
                "platforms",
                "identifier",
                &doc.metadata.name,
                managed_by,
            )?;
        }
        for (_, doc, a, _) in &plan.instances {
            if *a == Action::SkippedOlder {
                continue;
            }
            let input = instance_input(doc);
            let id = match instance_id(tx, &doc.metadata.platform, &input.name)? {
                Some(id) if changes(*a) => {
                    instances::update(tx, &id, &input, &now)?;
                    id
                }
                Some(id) => id,
                None => {
                    let id = uuid::Uuid::new_v4().to_string();
                    let platform = platform_id(tx, &doc.metadata.platform)?;
                    instances::insert(tx, &id, &platform, &input, &now)?;
                    id
                }
            };
            set_version(tx, "instances", "id", &id, doc.metadata.version)?;
            let refs = serde_json::to_string(&secret_refs(doc)).unwrap_or_else(|_| "{}".into());
            tx.execute(
                "UPDATE instances SET secret_refs = ?2 WHERE id = ?1",
                params![id, refs],
            )?;
            set_managed(tx, "instances", "id", &id, managed_by)?;
        }
        Ok(())
    })
}

fn store_secret(
    reg: &Registry,
    target: &SecretTarget<'_>,
    doc: &InstanceDocument,
    secret: &PendingSecret,
) -> crate::error::Result<()> {
    let id = reg
        .read(|c| instance_id(c, &doc.metadata.platform, doc.metadata.name.trim()))?
        .ok_or_else(|| RegistryError::NotFound {
            what: "instance",
            id: doc.metadata.name.clone(),
        })?;
    match secret.slot.as_str() {
        "credential" => reg
            .set_credential(target.store, target.service, &id, &secret.value)
            .map(|_| ()),
        "clientKey" => reg
            .set_client_key(target.store, target.service, &id, &secret.value)
            .map(|_| ()),
        slot => {
            let key = slot.trim_start_matches("secretFields.");
            reg.set_field_secret(target.store, target.service, &id, key, &secret.value)
                .map(|_| ())
        }
    }
}
