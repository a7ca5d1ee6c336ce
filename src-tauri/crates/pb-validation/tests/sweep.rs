//! Sweeping validation leftovers from the sample platform on 127.0.0.1: a run whose
//! cleanup failed leaves its tenant; the sweep deletes it and every other tenant the
//! convention named, and never a tenant named almost like one.

use std::collections::BTreeMap;

use pb_connector::Engine;
use pb_sample_platform::{AuthConfig, Fault, FaultKind, SamplePlatform};
use pb_validation::sweep::{mark, sweep, LeftoverPattern};
use pb_validation::{Cancel, NamingConvention};

mod common;
use common::*;

const NEAR_MISSES: [&str; 4] = [
    "pb-validation-a1b2c",
    "pb-validation-a1b2c3d",
    "team-pb-validation-a1b2c3",
    "payments",
];

async fn with_tenants(p: &SamplePlatform, names: &[&str]) {
    let mut store = p.shared.store.lock().await;
    for name in names {
        store.create_tenant(name, "", BTreeMap::new()).unwrap();
    }
}

async fn names_left(p: &SamplePlatform) -> Vec<String> {
    let mut names: Vec<String> = p
        .shared
        .store
        .lock()
        .await
        .tenants
        .values()
        .map(|t| t.name.clone())
        .collect();
    names.sort();
    names
}

fn pattern() -> LeftoverPattern {
    LeftoverPattern::new(&NamingConvention::default(), "dev")
}

#[tokio::test]
async fn the_leftover_of_a_failed_cleanup_is_swept_and_nothing_else() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    with_tenants(&p, &NEAR_MISSES).await;
    with_tenants(&p, &["pb-validation-zz9zz9"]).await;
    // Every delete fails during the run, so its tenant stays.
    p.set_faults(vec![Fault {
        path_prefix: "/api/tenants/".into(),
        method: Some("DELETE".into()),
        kind: FaultKind::Status { code: 500 },
        times: None,
        after: None,
    }])
    .await;
    let run = run(&p, &Cancel::default(), |_| {}).await;
    let left = run.tenant_name.clone().unwrap();
    assert!(
        run.leftovers.iter().any(|l| l.identifier == left),
        "{:?}",
        run.leftovers
    );
    p.set_faults(vec![]).await;

    let engine = Engine::new();
    let connector = generic_rest();
    let dry = sweep(&engine, &connector, &ctx(&p), &pattern(), None, true).await;
    let mut found: Vec<&str> = dry.leftovers.iter().map(|t| t.name.as_str()).collect();
    found.sort();
    let mut expected = vec![left.as_str(), "pb-validation-zz9zz9"];
    expected.sort();
    assert_eq!(found, expected);
    assert_eq!(dry.kept, NEAR_MISSES.len());
    assert!(dry.deleted.is_empty(), "a dry run deletes nothing");
    assert_eq!(names_left(&p).await.len(), NEAR_MISSES.len() + 2);

    let done = sweep(&engine, &connector, &ctx(&p), &pattern(), None, false).await;
    assert_eq!(done.deleted.len(), 2, "{done:?}");
    assert!(done.failed.is_empty() && done.listing_error.is_none());
    let mut near: Vec<String> = NEAR_MISSES.iter().map(|s| s.to_string()).collect();
    near.sort();
    assert_eq!(names_left(&p).await, near, "exactly the leftovers went");
}

#[tokio::test]
async fn a_confirmed_selection_is_narrowed_never_widened() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    with_tenants(
        &p,
        &["pb-validation-aaaaaa", "pb-validation-bbbbbb", "payments"],
    )
    .await;
    let engine = Engine::new();
    let connector = generic_rest();
    let listing = pb_connector::listing::list_tenants(&engine, &connector, &ctx(&p)).await;
    let marked = mark(&listing.tenants, &pattern());
    let id_of = |name: &str| marked.iter().find(|t| t.name == name).unwrap().id.clone();
    assert!(
        !marked
            .iter()
            .find(|t| t.name == "payments")
            .unwrap()
            .leftover
    );
    // The selection names one leftover and a tenant that is not one.
    let only = [id_of("pb-validation-aaaaaa"), id_of("payments")];
    let done = sweep(
        &engine,
        &connector,
        &ctx(&p),
        &pattern(),
        Some(&only),
        false,
    )
    .await;
    let deleted: Vec<&str> = done.deleted.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(deleted, ["pb-validation-aaaaaa"]);
    assert_eq!(names_left(&p).await, ["payments", "pb-validation-bbbbbb"]);
}

#[tokio::test]
async fn a_delete_the_platform_refuses_is_reported_by_name() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    with_tenants(&p, &["pb-validation-cccccc"]).await;
    p.set_faults(vec![Fault {
        path_prefix: "/api/tenants/".into(),
        method: Some("DELETE".into()),
        kind: FaultKind::Status { code: 503 },
        times: None,
        after: None,
    }])
    .await;
    let mut connector = generic_rest();
    if let pb_connector::definition::Connector::Http(h) = &mut connector {
        h.retries.max = 0;
    }
    let done = sweep(
        &Engine::new(),
        &connector,
        &ctx(&p),
        &pattern(),
        None,
        false,
    )
    .await;
    assert!(done.deleted.is_empty());
    assert_eq!(done.failed.len(), 1);
    assert_eq!(done.failed[0].name, "pb-validation-cccccc");
    assert!(
        done.failed[0].error.contains("503"),
        "{}",
        done.failed[0].error
    );
}
