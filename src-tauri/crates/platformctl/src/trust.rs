//! `platformctl trust`: this machine's trust in exec connectors, headless. A
//! pipeline trusts a program only where it means to: `trust add TYPE`, or
//! `import --trust-exec` for the types that import wrote.

use pb_connector::exec_trust::command_line;
use pb_registry::definitions::ImportReport;
use pb_registry::exec_trust::ExecTrustState;
use serde_json::json;

use crate::output::{registry_failure, Exit, Failure};
use crate::Context;

fn state_line(s: &ExecTrustState) -> String {
    let status = if s.builtin {
        "built-in"
    } else if s.trusted {
        "trusted"
    } else if s.stale_trust {
        "changed since trusted"
    } else {
        "not trusted"
    };
    match &s.fingerprint {
        Some(fp) => format!(
            "{:<24} {:<22} {}  sha256:{}",
            s.platform_type,
            status,
            command_line(&fp.command),
            fp.program_sha256
        ),
        None => format!(
            "{:<24} {:<22} {}",
            s.platform_type,
            "cannot be read",
            s.problem.as_deref().unwrap_or("")
        ),
    }
}

pub fn list(ctx: &Context) -> Result<Exit, Failure> {
    let states = ctx.registry.exec_trust_list().map_err(registry_failure)?;
    if ctx.json {
        println!("{}", serde_json::to_value(&states).unwrap_or_default());
    } else if states.is_empty() {
        println!("no platform type runs a local program");
    } else {
        for s in &states {
            println!("{}", state_line(s));
        }
    }
    Ok(Exit::Ok)
}

pub fn add(ctx: &Context, platform_type: &str) -> Result<Exit, Failure> {
    let fp = ctx
        .registry
        .trust_exec(platform_type, None)
        .map_err(registry_failure)?;
    if ctx.json {
        println!("{}", json!({"platformType": platform_type, "trusted": fp}));
    } else {
        println!(
            "trusted for {platform_type}: {}\n  program {} (sha256:{})",
            command_line(&fp.command),
            fp.program,
            fp.program_sha256
        );
        for (path, sha) in &fp.argument_files {
            println!("  file    {path} (sha256:{sha})");
        }
    }
    Ok(Exit::Ok)
}

pub fn remove(ctx: &Context, platform_type: &str) -> Result<Exit, Failure> {
    let n = ctx
        .registry
        .revoke_exec_trust(platform_type)
        .map_err(registry_failure)?;
    let text = if n == 0 {
        format!("{platform_type} was not trusted")
    } else {
        format!("{platform_type} is no longer trusted")
    };
    crate::output::message(ctx, &text);
    Ok(Exit::Ok)
}

/// The platform types an import wrote (created or changed).
fn imported_types(report: &ImportReport) -> Vec<String> {
    report
        .changes
        .iter()
        .filter(|c| {
            matches!(
                c.action,
                pb_registry::definitions::Action::Create | pb_registry::definitions::Action::Update
            )
        })
        .filter_map(|c| c.document.strip_prefix("PlatformType "))
        .map(str::to_owned)
        .collect()
}

/// After an import: trusts the exec connectors it wrote when the pipeline asked
/// (`--trust-exec`), else says which ones will not run until trusted. On stderr,
/// so `--json` output stays one document.
pub fn after_import(ctx: &Context, report: &ImportReport, trust: bool) -> Result<(), Failure> {
    // A dry run stored nothing, so there is no connector to look at yet.
    if report.dry_run {
        return Ok(());
    }
    for id in imported_types(report) {
        let Some(state) = ctx
            .registry
            .exec_trust_state(&id)
            .map_err(registry_failure)?
        else {
            continue;
        };
        if state.trusted {
            continue;
        }
        if trust {
            let fp = ctx
                .registry
                .trust_exec(&id, None)
                .map_err(registry_failure)?;
            eprintln!(
                "trusted (--trust-exec) {id}: {} sha256:{}",
                command_line(&fp.command),
                fp.program_sha256
            );
        } else {
            let what = state
                .fingerprint
                .as_ref()
                .map(|fp| command_line(&fp.command))
                .unwrap_or_default();
            eprintln!(
                "note: {id} runs a local program ({what}); it will not run until trusted: platformctl trust add {id}"
            );
        }
    }
    Ok(())
}
