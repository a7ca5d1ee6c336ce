//! Importing definition files: everything is checked first (format, references
//! between documents and to the database, templates, naming rules, secret
//! references), then every change is applied in one transaction, or none is.
//! Importing the same files again changes nothing; a document never overwrites what
//! a newer version of it stored.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use super::apply::{apply, instance_id};
use super::check::{check, problem, PendingSecret, Plan};
use super::format::InstanceDocument;
use super::parse::{Located, Problem};
use super::state;
use crate::db::Registry;
use crate::error::RegistryError;
use pb_secrets::SecretStore;

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

/// Imports the definitions under `paths` (files or folders). Err: every problem
/// found; nothing was changed.
pub fn import(
    reg: &Registry,
    target: &SecretTarget<'_>,
    paths: &[PathBuf],
    dry_run: bool,
) -> Result<ImportReport, Vec<Problem>> {
    run(reg, target, paths, dry_run, None, None).map(|(report, _)| report)
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
    match run(
        reg,
        target,
        &[folder.to_owned()],
        false,
        Some(&name),
        Some(PROVISIONING_BUDGET),
    ) {
        Ok((import, labels)) => {
            report.changes = import.changes;
            if prune {
                reg.acting_as(pb_change_history::Via::Provisioning, &name, || {
                    super::prune::prune(reg, target, &name, &labels, &mut report)
                });
            }
        }
        Err(problems) => report.problems = problems,
    }
    report
}

/// How long reading a provisioning folder may take at start before it is given
/// up (and nothing applied): far beyond any real folder (10,000 documents read in
/// under a second, `make bench` figure 10), short of a stalled start.
pub const PROVISIONING_BUDGET: std::time::Duration = std::time::Duration::from_secs(60);

fn as_problem(e: RegistryError) -> Vec<Problem> {
    vec![Problem {
        file: String::new(),
        line: None,
        path: String::new(),
        message: e.to_string(),
    }]
}

fn run(
    reg: &Registry,
    target: &SecretTarget<'_>,
    paths: &[PathBuf],
    dry_run: bool,
    managed_by: Option<&str>,
    budget: Option<std::time::Duration>,
) -> Result<(ImportReport, BTreeSet<String>), Vec<Problem>> {
    let (documents, mut problems) = super::parse::read_paths_within(paths, budget);
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
    // The change history says through what: the folder, or the files imported.
    let (via, source) = match managed_by {
        Some(folder) => (pb_change_history::Via::Provisioning, folder.to_owned()),
        None => (
            reg.actor().via,
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
    };
    reg.acting_as(via, &source, || {
        apply_and_store(reg, target, &plan, managed_by)
    })
    .map(|()| (report, labels))
}

/// Applies a checked plan, then stores its instances' secrets.
fn apply_and_store(
    reg: &Registry,
    target: &SecretTarget<'_>,
    plan: &Plan<'_>,
    managed_by: Option<&str>,
) -> Result<(), Vec<Problem>> {
    apply(reg, plan, managed_by).map_err(as_problem)?;
    let mut failures = Vec::new();
    for (loc, doc, _, secrets) in &plan.instances {
        for secret in secrets {
            let stored = store_secret(reg, target, doc, secret);
            // The instance says which secret is missing and why, until a later
            // import (which writes exactly the missing ones) or the app stores it.
            note_secret(
                reg,
                doc,
                &secret.slot,
                stored
                    .as_ref()
                    .err()
                    .map(|e| format!("the import at {} could not store it: {e}", crate::db::now())),
            );
            if let Err(e) = stored {
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
        Ok(())
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
                format!("version {} in the file", doc.version().unwrap_or_default())
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
    for (loc, _, a) in &plan.locations {
        push(loc, *a);
    }
    for (loc, _, a) in &plan.zones {
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

fn note_secret(reg: &Registry, doc: &InstanceDocument, slot: &str, problem: Option<String>) {
    let noted = reg.with_tx(|tx| {
        if let Some(id) = instance_id(tx, &doc.metadata.platform, doc.metadata.name.trim())? {
            crate::queries::instances::set_secret_problem(tx, &id, slot, problem.as_deref())?;
        }
        Ok(())
    });
    if let Err(e) = noted {
        tracing::warn!("cannot note the state of {slot}: {e}");
    }
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
