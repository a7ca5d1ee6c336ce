//! The suite's strict steps against the sample platform, each both ways: a wrong
//! credential refused (and a platform that lets it in), a duplicate create refused
//! as the connector declares (and a platform that makes a second tenant, which is
//! removed at once), the connector's declaration checked, and the tenant round trip.

use pb_sample_platform::{AuthConfig, FaultKind, SamplePlatform};
use pb_validation::{Cancel, StepStatus};

mod common;
use common::*;

fn generic_rest_with(from: &str, to: &str) -> pb_connector::definition::Connector {
    let text = pb_connector::presets::preset("generic-rest").unwrap();
    assert!(text.contains(from), "the preset has {from}");
    pb_connector::parse(&text.replace(from, to))
        .unwrap()
        .connector
}

/// A platform that lets a wrong credential in fails the run loudly, and the rest of
/// the lifecycle is still validated (and cleaned up).
#[tokio::test]
async fn a_platform_that_accepts_a_wrong_credential_is_not_protected() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let r = run(&p, &Cancel::default(), |_| {}).await;
    assert_eq!(r.steps[1].status, StepStatus::Passed);
    // The wrong credential left the machine in the credential's place, masked.
    let whoami = r.steps[1]
        .exchanges
        .iter()
        .find(|e| e.url.ends_with("/api/whoami"))
        .expect("the check's identity request was sent");
    assert_eq!(whoami.status, Some(401));

    p.set_faults(vec![fault(
        "/api/whoami",
        None,
        FaultKind::AcceptAnyCredential,
    )])
    .await;
    let r = run(&p, &Cancel::default(), |_| {}).await;
    let step = &r.steps[1];
    assert_eq!(
        (step.name.as_str(), step.status),
        ("credential refused", StepStatus::Failed)
    );
    assert_eq!(
        step.message,
        "NOT protected: a wrong credential was accepted (check passed with it)"
    );
    assert_eq!(r.status, StepStatus::Failed);
    assert!(
        r.steps[2..]
            .iter()
            .filter(|s| !s.cleanup)
            .all(|s| s.status == StepStatus::Passed),
        "{:#?}",
        statuses(&r)
    );
    assert_eq!(tenants_left(&p).await, 0);
}

/// A connector that sends no secret has no wrong one to try.
#[tokio::test]
async fn without_a_secret_the_credential_step_is_skipped_with_its_reason() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let connector = pb_connector::parse(
        "apiVersion: platformbuilder.dev/connector/v1
kind: http
operations:
  check:
    requests:
      - {method: GET, path: /api/health}
",
    )
    .unwrap()
    .connector;
    let r = run_with(&p, &connector).await;
    let step = r
        .steps
        .iter()
        .find(|s| s.name == "credential refused")
        .unwrap();
    assert_eq!(step.status, StepStatus::Skipped);
    assert!(
        step.message.starts_with("the connector sends no secret"),
        "{}",
        step.message
    );
}

/// A platform that makes a second tenant of a taken name fails the step with
/// expected against actual; the second tenant is deleted at once, by its own id.
#[tokio::test]
async fn a_duplicate_create_must_be_refused_as_declared() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    p.set_faults(vec![fault(
        "/api/tenants",
        Some("POST"),
        FaultKind::DuplicateNames,
    )])
    .await;
    let r = run(&p, &Cancel::default(), |_| {}).await;
    let step = r
        .steps
        .iter()
        .find(|s| s.name == "duplicate create")
        .unwrap();
    assert_eq!(step.status, StepStatus::Failed, "{:#?}", statuses(&r));
    assert!(
        step.message
            .starts_with("expected: HTTP 409 (conflict); actual: HTTP 201"),
        "{}",
        step.message
    );
    let removed = r
        .steps
        .iter()
        .find(|s| s.name == "cleanup: delete the duplicate tenant")
        .expect("the duplicate is removed");
    assert_eq!(removed.status, StepStatus::Passed);
    assert!(removed.cleanup);
    // The rest of the run worked on the first tenant, and nothing is left.
    let deleted = r.steps.iter().find(|s| s.name == "tenant gone").unwrap();
    assert_eq!(deleted.status, StepStatus::Passed, "{:#?}", statuses(&r));
    assert_eq!(r.status, StepStatus::Failed);
    assert!(r.leftovers.is_empty(), "{:?}", r.leftovers);
    assert_eq!(tenants_left(&p).await, 0);
}

/// `adopt` declared, but the platform refuses: failed, with the platform's answer.
#[tokio::test]
async fn a_connector_that_declares_adopt_fails_on_a_refusal() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let connector = generic_rest_with("duplicate: {conflict: 409}", "duplicate: adopt");
    let r = run_with(&p, &connector).await;
    let step = r
        .steps
        .iter()
        .find(|s| s.name == "duplicate create")
        .unwrap();
    assert_eq!(step.status, StepStatus::Failed);
    assert!(
        step.message
            .starts_with("expected: the existing tenant back (adopt); actual: HTTP 409"),
        "{}",
        step.message
    );
    assert_eq!(tenants_left(&p).await, 0);
}

/// Nothing declared: skipped with how to declare it; a declaration in the wrong
/// place or with a status that is no conflict is refused when the connector is read.
#[tokio::test]
async fn an_undeclared_duplicate_is_skipped_and_bad_declarations_are_refused() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let connector = generic_rest_with("    duplicate: {conflict: 409}\n", "");
    let r = run_with(&p, &connector).await;
    let step = r
        .steps
        .iter()
        .find(|s| s.name == "duplicate create")
        .unwrap();
    assert_eq!(step.status, StepStatus::Skipped);
    assert!(
        step.message
            .contains("declare `duplicate: {conflict: 409}`"),
        "{}",
        step.message
    );
    assert_eq!(r.status, StepStatus::Passed);

    let text = pb_connector::presets::preset("generic-rest").unwrap();
    let not_4xx = pb_connector::parse(&text.replace("{conflict: 409}", "{conflict: 200}"));
    assert!(not_4xx
        .unwrap_err()
        .to_string()
        .contains("not a 4xx status"));
}

/// What create wrote reads back equal (name, description, the tags sent); a
/// platform that returns something else fails "read tenant back" field by field.
#[tokio::test]
async fn the_tenant_round_trip_names_each_difference() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let r = run(&p, &Cancel::default(), |_| {}).await;
    let read = r
        .steps
        .iter()
        .find(|s| s.name == "read tenant back")
        .unwrap();
    assert_eq!(read.status, StepStatus::Passed);
    assert!(
        read.message
            .ends_with("read back equal: name, description, tag platformbuilder.dev/validation"),
        "{}",
        read.message
    );

    // A get_tenant reading the description from somewhere else: the difference
    // is reported with what was written and what came back.
    let connector = generic_rest_with(
        "tenant_description: /description",
        "tenant_description: /id",
    );
    let r = run_with(&p, &connector).await;
    let read = r
        .steps
        .iter()
        .find(|s| s.name == "read tenant back")
        .unwrap();
    assert_eq!(read.status, StepStatus::Failed);
    assert!(
        read.message.starts_with(
            "read back differs: description: expected 'Platform Builder validation tenant: safe to delete', actual '"
        ),
        "{}",
        read.message
    );
    assert_eq!(tenants_left(&p).await, 0, "cleanup removed the tenant");
}
