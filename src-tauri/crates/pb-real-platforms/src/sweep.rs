//! Proving `list_tenants` and the leftover sweep against a real server: a tenant
//! named by the validation convention (as a killed run leaves it) and one named
//! almost like it are created through the connector; the platform's listing must
//! show both, a dry run must find only the first, and the sweep must delete it
//! and leave the other, which is then removed by hand.

use pb_connector::definition::Connector;
use pb_connector::listing::list_tenants;
use pb_connector::{CallContext, Engine, Operation};
use pb_validation::sweep::{sweep, LeftoverPattern};
use pb_validation::ValidationPlan;
use serde_json::json;

/// The names used: a leftover of the plan's convention (suffix `sw33p1`) and a
/// near miss (the same with one more character).
pub fn names(plan: &ValidationPlan) -> (String, String) {
    let leftover = plan
        .naming
        .render("validation", "sw33p1", &plan.environment);
    (leftover.clone(), format!("{leftover}x"))
}

async fn create(engine: &Engine, connector: &Connector, ctx: &CallContext, name: &str) -> String {
    let mut ctx = ctx.clone();
    ctx.values.insert(
        "tenant".into(),
        json!({"name": name, "identifier": name, "description": "sweep test", "tags": {}}),
    );
    ctx.values.insert("outputs".into(), json!({}));
    let run = engine
        .run_connector(connector, Operation::CreateTenant, &ctx)
        .await;
    let outputs = run
        .outcome
        .unwrap_or_else(|e| panic!("create_tenant {name}: {e}"));
    outputs
        .get("tenant_id")
        .and_then(|v| v.as_str())
        .unwrap_or(name)
        .to_owned()
}

/// Runs the whole check; panics with what went wrong. Returns the page count of
/// the listing (for the caller to print).
pub async fn assert_sweeps_only_leftovers(
    connector: &Connector,
    ctx: &CallContext,
    plan: &ValidationPlan,
) -> u32 {
    let engine = Engine::new();
    let (leftover, near) = names(plan);
    let pattern = LeftoverPattern::new(&plan.naming, &plan.environment);
    assert!(pattern.matches(&leftover) && !pattern.matches(&near));
    create(&engine, connector, ctx, &leftover).await;
    let near_id = create(&engine, connector, ctx, &near).await;

    let listing = list_tenants(&engine, connector, ctx).await;
    assert!(listing.complete(), "list_tenants: {:?}", listing.error);
    let listed: Vec<&str> = listing.tenants.iter().map(|t| t.name.as_str()).collect();
    assert!(
        listed.contains(&leftover.as_str()) && listed.contains(&near.as_str()),
        "{listed:?}"
    );

    let dry = sweep(&engine, connector, ctx, &pattern, None, true).await;
    let found: Vec<&str> = dry.leftovers.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(found, [leftover.as_str()], "only the convention's name");
    let done = sweep(&engine, connector, ctx, &pattern, None, false).await;
    assert!(done.failed.is_empty(), "{:?}", done.failed);
    assert_eq!(done.deleted.len(), 1, "{done:?}");

    let after = list_tenants(&engine, connector, ctx).await;
    let listed: Vec<&str> = after.tenants.iter().map(|t| t.name.as_str()).collect();
    assert!(!listed.contains(&leftover.as_str()), "swept: {listed:?}");
    assert!(listed.contains(&near.as_str()), "never touched: {listed:?}");

    // The near miss is the test's own: removed by hand.
    let mut by_hand = ctx.clone();
    by_hand.values.insert(
        "tenant".into(),
        json!({"name": near, "identifier": near, "id": near_id}),
    );
    by_hand
        .values
        .insert("outputs".into(), json!({"tenant_id": near_id}));
    engine
        .run_connector(connector, Operation::DeleteTenant, &by_hand)
        .await
        .outcome
        .unwrap_or_else(|e| panic!("delete {near}: {e}"));
    after.pages
}
