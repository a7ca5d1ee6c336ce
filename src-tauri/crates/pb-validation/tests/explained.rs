//! Results that explain themselves, against the sample platform on 127.0.0.1: every
//! failed step carries what was expected against what happened (status, field,
//! value), and the JUnit export says the same; and the user round trip, both ways.

use pb_connector::Difference;
use pb_sample_platform::{AuthConfig, FaultKind, SamplePlatform};
use pb_validation::{junit, Cancel, StepReport, StepStatus, TestRun};

mod common;
use common::*;

fn step<'r>(run: &'r TestRun, name: &str) -> &'r StepReport {
    run.steps
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no step {name}: {:?}", statuses(run)))
}

#[tokio::test]
async fn the_user_reads_back_with_the_mapped_role() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let r = run(&p, &Cancel::default(), |_| {}).await;
    let listed = step(&r, "user listed");
    assert_eq!(listed.status, StepStatus::Passed, "{}", listed.message);
    assert!(
        listed.message.contains("with the mapped role 'developer'"),
        "{}",
        listed.message
    );
    assert!(listed.differences.is_empty());
}

#[tokio::test]
async fn a_user_stored_with_another_role_fails_the_round_trip() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    p.set_faults(vec![fault(
        "/api/tenants/",
        Some("PUT"),
        FaultKind::IgnoreRole {
            role: "viewer".into(),
        },
    )])
    .await;
    let r = run(&p, &Cancel::default(), |_| {}).await;
    let listed = step(&r, "user listed");
    assert_eq!(listed.status, StepStatus::Failed);
    let user = r.tenant_name.clone().unwrap();
    assert_eq!(
        listed.differences,
        [Difference::new(
            format!("role of '{user}'"),
            "'developer'",
            "viewer"
        )]
    );
    // The rest is not run, but cleanup is: nothing is left.
    assert_eq!(r.status, StepStatus::Failed);
    assert!(r.leftovers.is_empty(), "{:?}", r.leftovers);
    assert_eq!(tenants_left(&p).await, 0);
}

#[tokio::test]
async fn a_refused_request_says_which_status_was_expected() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    p.set_faults(vec![fault(
        "/api/tenants",
        Some("POST"),
        FaultKind::Status { code: 503 },
    )])
    .await;
    let r = run(&p, &Cancel::default(), |_| {}).await;
    let created = step(&r, "create tenant");
    assert_eq!(created.status, StepStatus::Failed);
    assert_eq!(
        created.differences,
        [Difference::new(
            "status of POST /api/tenants",
            "HTTP 201",
            "HTTP 503"
        )]
    );
    let xml = junit::render(
        "sample",
        "2026-12-04T00:00:00Z",
        &junit::validation_cases(&r),
    );
    assert!(
        xml.contains("status of POST /api/tenants: expected HTTP 201, actual HTTP 503"),
        "{xml}"
    );
}

#[tokio::test]
async fn every_failed_step_carries_expected_and_actual() {
    // An unprotected platform: the failure says what was expected of it.
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    p.set_faults(vec![fault("/api/", None, FaultKind::AcceptAnyCredential)])
        .await;
    let r = run(&p, &Cancel::default(), |_| {}).await;
    let refused = step(&r, "credential refused");
    assert_eq!(refused.status, StepStatus::Failed);
    assert_eq!(
        refused.differences,
        [Difference::new(
            "check with a wrong credential",
            "refused (unauthorized)",
            "accepted"
        )]
    );
    for s in r.steps.iter().filter(|s| s.status == StepStatus::Failed) {
        assert!(
            !s.differences.is_empty(),
            "'{}' does not explain itself",
            s.name
        );
    }
}
