//! What platformctl prints, as text for people or JSON for scripts, and the exit
//! codes it ends with.

use std::path::Path;
use std::process::ExitCode;

use pb_registry::definitions::{Action, ExportFile, ImportReport, Problem};
use pb_registry::{Instance, Platform, RegistryError};
use serde_json::{json, Value};

use crate::Context;

/// The documented exit codes (`platformctl --help`, docs/platformctl.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    TestFailed = 1,
    Invalid = 2,
    Unreachable = 3,
    Unusable = 4,
}

impl Exit {
    pub fn code(self) -> ExitCode {
        ExitCode::from(self as u8)
    }
}

pub struct Failure {
    pub exit: Exit,
    pub message: String,
    /// Definition problems, for `--json` output.
    pub problems: Vec<Problem>,
}

impl Failure {
    pub fn new(exit: Exit, message: impl Into<String>) -> Self {
        Self {
            exit,
            message: message.into(),
            problems: vec![],
        }
    }
}

pub fn registry_failure(e: RegistryError) -> Failure {
    let exit = match &e {
        RegistryError::Validation(_) | RegistryError::NotFound { .. } | RegistryError::InUse(_) => {
            Exit::Invalid
        }
        _ => Exit::Unusable,
    };
    Failure::new(exit, e.to_string())
}

pub fn export_failure(e: pb_export::ExportError) -> Failure {
    match e {
        pb_export::ExportError::Registry(e) => registry_failure(e),
        other => Failure::new(Exit::Invalid, other.to_string()),
    }
}

pub fn message(ctx: &Context, text: &str) {
    if ctx.json {
        println!("{}", json!({ "message": text }));
    } else {
        println!("{text}");
    }
}

fn platform_by_identifier(ctx: &Context, identifier: &str) -> Result<Platform, Failure> {
    ctx.registry
        .list_platforms()
        .map_err(registry_failure)?
        .into_iter()
        .find(|p| p.identifier == identifier)
        .ok_or_else(|| Failure::new(Exit::Invalid, format!("there is no platform {identifier}")))
}

pub fn platform_id(ctx: &Context, identifier: &str) -> Result<String, Failure> {
    platform_by_identifier(ctx, identifier).map(|p| p.id)
}

/// The instance `PLATFORM/INSTANCE` names.
pub fn instance(ctx: &Context, name: &str) -> Result<Instance, Failure> {
    let Some((platform, instance)) = name.split_once('/') else {
        return Err(Failure::new(
            Exit::Invalid,
            format!("'{name}' is not PLATFORM/INSTANCE, e.g. event-streaming-eu/prod"),
        ));
    };
    let p = platform_by_identifier(ctx, platform)?;
    ctx.registry
        .list_instances(&p.id)
        .map_err(registry_failure)?
        .into_iter()
        .find(|i| i.name == instance)
        .ok_or_else(|| {
            Failure::new(
                Exit::Invalid,
                format!("platform {platform} has no instance {instance}"),
            )
        })
}

pub fn instance_id(ctx: &Context, name: &str) -> Result<String, Failure> {
    instance(ctx, name).map(|i| i.id)
}

fn last_status(i: &Instance) -> String {
    i.last_test.as_ref().map_or("untested".into(), |t| {
        format!("{} ({})", t.status, t.started_at)
    })
}

fn instance_json(i: &Instance) -> Value {
    json!({
        "name": i.name,
        "environment": i.environment,
        "endpoint": i.endpoint,
        "credentialConfigured": i.credential.configured,
        "secretFields": i.secret_fields,
        "lastTest": i.last_test,
    })
}

pub fn list(ctx: &Context) -> Result<Exit, Failure> {
    let platforms = ctx.registry.list_platforms().map_err(registry_failure)?;
    let mut out = Vec::new();
    for p in &platforms {
        let instances = ctx
            .registry
            .list_instances(&p.id)
            .map_err(registry_failure)?;
        if ctx.json {
            out.push(json!({
                "identifier": p.identifier,
                "name": p.name,
                "type": p.type_id,
                "status": p.status,
                "instances": instances.iter().map(instance_json).collect::<Vec<_>>(),
            }));
        } else {
            println!("{}  {} ({})", p.identifier, p.name, p.type_id);
            for i in &instances {
                println!(
                    "  {}/{}  {}  {}  {}",
                    p.identifier,
                    i.name,
                    i.environment,
                    i.endpoint,
                    last_status(i)
                );
            }
        }
    }
    if ctx.json {
        println!("{}", Value::Array(out));
    }
    Ok(Exit::Ok)
}

pub fn show(ctx: &Context, identifier: &str) -> Result<Exit, Failure> {
    let p = platform_by_identifier(ctx, identifier)?;
    let instances = ctx
        .registry
        .list_instances(&p.id)
        .map_err(registry_failure)?;
    if ctx.json {
        let mut value = serde_json::to_value(&p).unwrap_or(Value::Null);
        value["instances"] = instances.iter().map(instance_json).collect();
        println!("{value}");
        return Ok(Exit::Ok);
    }
    println!(
        "{} ({})\n  type: {}\n  location: {}",
        p.name, p.identifier, p.type_id, p.location
    );
    if !p.description.is_empty() {
        println!("  {}", p.description);
    }
    for t in &p.tags {
        println!("  tag {}={}", t.key, t.value);
    }
    for i in &instances {
        let credential = if i.credential.configured {
            "credential configured"
        } else {
            "no credential"
        };
        println!(
            "  instance {}: {} {} ({credential}; {})",
            i.name,
            i.environment,
            i.endpoint,
            last_status(i)
        );
    }
    Ok(Exit::Ok)
}

pub fn import_report(ctx: &Context, report: &ImportReport) -> Result<Exit, Failure> {
    if ctx.json {
        println!("{}", serde_json::to_value(report).unwrap_or(Value::Null));
    } else {
        let verb = if report.dry_run { "would be" } else { "" };
        for c in &report.changes {
            // The same words as --json: create, update, unchanged, skipped_older.
            let action = serde_json::to_value(c.action).unwrap_or_default();
            println!(
                "{:<14} {}  {}",
                action.as_str().unwrap_or("?"),
                c.document,
                c.detail
            );
        }
        println!(
            "{} created, {} changed, {} unchanged, {} skipped{}",
            report.count(Action::Create),
            report.count(Action::Update),
            report.count(Action::Unchanged),
            report.count(Action::SkippedOlder),
            if verb.is_empty() {
                String::new()
            } else {
                format!(" ({verb}; dry run, nothing changed)")
            }
        );
    }
    Ok(Exit::Ok)
}

/// The failure an import ends with: every problem, each with file, line and path.
pub fn problems(ctx: &Context, problems: &[Problem]) -> Failure {
    if !ctx.json {
        for p in problems {
            eprintln!("{p}");
        }
    }
    let mut failure = Failure::new(
        Exit::Invalid,
        format!("{} problem(s); nothing was changed", problems.len()),
    );
    failure.problems = problems.to_vec();
    failure
}

pub fn export(ctx: &Context, files: &[ExportFile], out: Option<&Path>) -> Result<Exit, Failure> {
    if let Some(dir) = out {
        pb_registry::definitions::export::write(dir, files).map_err(|e| {
            Failure::new(
                Exit::Invalid,
                format!("cannot write to {}: {e}", dir.display()),
            )
        })?;
    }
    if ctx.json {
        let files: Vec<Value> = files
            .iter()
            .map(|f| json!({ "path": f.path, "text": if out.is_some() { Value::Null } else { Value::from(f.text.clone()) } }))
            .collect();
        println!("{}", json!({ "files": files }));
    } else if let Some(dir) = out {
        println!("wrote {} file(s) to {}", files.len(), dir.display());
    } else {
        for f in files {
            println!("# ---- {}\n{}", f.path.display(), f.text);
        }
    }
    Ok(Exit::Ok)
}
