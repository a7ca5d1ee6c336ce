//! `platformctl sweep`: the validation leftovers of one instance, listed (a dry run,
//! the default) or deleted (`--yes`). Only tenants whose names the validation
//! convention makes are ever deleted; every other tenant is left alone.

use pb_connector::{Engine, Operation};
use pb_secrets::APP_KEYRING_SERVICE;
use pb_validation::sweep::{sweep, LeftoverPattern, SweepReport};

use crate::output::{self, registry_failure, Exit, Failure};
use crate::Context;

pub fn run(ctx: &Context, name: &str, yes: bool) -> Result<Exit, Failure> {
    let instance = output::instance(ctx, name)?;
    let (connector, call) = ctx
        .registry
        .connector_for_instance(&ctx.secrets, APP_KEYRING_SERVICE, &instance.id)
        .map_err(registry_failure)?;
    if !connector.defines(Operation::ListTenants) {
        return Err(Failure::new(
            Exit::Invalid,
            format!(
                "{name}: cannot find leftovers: {}; add list_tenants to the connector",
                connector.why_not_defined(Operation::ListTenants)
            ),
        ));
    }
    let plan = ctx
        .registry
        .validation_plan(&instance.id)
        .map_err(registry_failure)?;
    let pattern = LeftoverPattern::new(&plan.naming, &plan.environment);
    let runtime = tokio::runtime::Runtime::new()
        .map_err(|e| Failure::new(Exit::Unusable, format!("cannot start: {e}")))?;
    let engine = Engine::new();
    let report = runtime.block_on(sweep(&engine, &connector, &call, &pattern, None, !yes));
    if ctx.json {
        println!(
            "{}",
            serde_json::json!({ "instance": name, "sweep": report })
        );
    } else {
        print_report(name, &report);
    }
    Ok(
        if report.listing_error.is_some() || !report.failed.is_empty() {
            Exit::TestFailed
        } else {
            Exit::Ok
        },
    )
}

fn print_report(name: &str, r: &SweepReport) {
    if let Some(error) = &r.listing_error {
        println!("{name}: the tenants could not all be listed: {error}");
    }
    if r.dry_run {
        if r.leftovers.is_empty() {
            println!("{name}: no validation leftovers (names like {})", r.pattern);
        } else {
            println!(
                "{name}: {} validation leftover(s) (names like {}) would be deleted:",
                r.leftovers.len(),
                r.pattern
            );
            for t in &r.leftovers {
                println!("  {}  (id {})", t.name, t.id);
            }
            println!("Run again with --yes to delete them.");
        }
    } else {
        for t in &r.deleted {
            println!("deleted        {}  (id {})", t.name, t.id);
        }
        for f in &r.failed {
            println!("not deleted    {}  (id {}): {}", f.name, f.id, f.error);
        }
        println!(
            "{name}: {} deleted, {} could not be deleted",
            r.deleted.len(),
            r.failed.len()
        );
    }
    println!(
        "{} other tenant(s) left alone: their names are not the validation convention's",
        r.kept
    );
}
