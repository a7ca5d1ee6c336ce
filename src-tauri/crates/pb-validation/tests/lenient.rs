//! Strict or lenient, against the sample platform on 127.0.0.1: a platform that
//! lets a wrong credential in fails a strict run; a lenient run of a platform that
//! documents it as a known deviation passes with a warning naming the reason; a
//! lenient run still fails on anything not documented.

use pb_connector::Engine;
use pb_sample_platform::{AuthConfig, FaultKind, SamplePlatform};
use pb_validation::{
    junit, run_suite, Cancel, KnownDeviation, StepStatus, Strictness, TestRun, ValidationPlan,
};

mod common;
use common::*;

fn deviation(step: &str, reason: &str) -> KnownDeviation {
    KnownDeviation {
        step: step.into(),
        reason: reason.into(),
    }
}

async fn run_as(p: &SamplePlatform, plan: ValidationPlan) -> TestRun {
    run_suite(
        &Engine::new(),
        &generic_rest(),
        &ctx(p),
        &plan,
        &Cancel::default(),
        |_| {},
    )
    .await
}

async fn unprotected() -> SamplePlatform {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    p.set_faults(vec![fault("/api/", None, FaultKind::AcceptAnyCredential)])
        .await;
    p
}

fn status_of(run: &TestRun, name: &str) -> StepStatus {
    run.steps.iter().find(|s| s.name == name).unwrap().status
}

#[tokio::test]
async fn a_documented_deviation_is_a_warning_only_when_lenient() {
    let p = unprotected().await;
    let known = vec![deviation(
        "credential refused",
        "the sandbox accepts any API key",
    )];

    // Strict (the default): the deviation is listed, and still fails the run.
    let strict = run_as(
        &p,
        ValidationPlan {
            known_deviations: known.clone(),
            ..plan()
        },
    )
    .await;
    assert_eq!(strict.strictness, Strictness::Strict);
    assert_eq!(strict.status, StepStatus::Failed);
    assert_eq!(status_of(&strict, "credential refused"), StepStatus::Failed);

    // Lenient: a warning that names the reason; the run passes and says so.
    let lenient = run_as(
        &p,
        ValidationPlan {
            strictness: Strictness::Lenient,
            known_deviations: known,
            ..plan()
        },
    )
    .await;
    assert_eq!(lenient.strictness, Strictness::Lenient);
    assert_eq!(
        lenient.status,
        StepStatus::Passed,
        "{:?}",
        statuses(&lenient)
    );
    let step = lenient
        .steps
        .iter()
        .find(|s| s.name == "credential refused")
        .unwrap();
    assert_eq!(step.status, StepStatus::Warning);
    assert!(
        step.message
            .starts_with("known deviation (the sandbox accepts any API key): NOT protected"),
        "{}",
        step.message
    );
    assert!(!step.differences.is_empty(), "still explained");
    assert!(
        lenient.summary().contains("1 known deviation"),
        "{}",
        lenient.summary()
    );
    let xml = junit::render(
        "s",
        "2026-12-04T00:00:00Z",
        &junit::validation_cases(&lenient),
    );
    assert!(!xml.contains("<failure"), "{xml}");
    assert!(xml.contains("warning: known deviation"), "{xml}");
    assert_eq!(tenants_left(&p).await, 0);
}

#[tokio::test]
async fn a_lenient_run_still_fails_on_what_is_not_documented() {
    let p = unprotected().await;
    let lenient = run_as(
        &p,
        ValidationPlan {
            strictness: Strictness::Lenient,
            known_deviations: vec![deviation("duplicate create", "names are not unique")],
            ..plan()
        },
    )
    .await;
    assert_eq!(lenient.status, StepStatus::Failed);
    assert_eq!(
        status_of(&lenient, "credential refused"),
        StepStatus::Failed
    );
    // A documented step that did not deviate simply passes.
    assert_eq!(status_of(&lenient, "duplicate create"), StepStatus::Passed);
}

#[tokio::test]
async fn a_quota_deviation_covers_every_quota_and_the_lifecycle_goes_on() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    // The platform grants allocations beyond the quota.
    p.set_faults(vec![fault(
        "/api/tenants/",
        Some("POST"),
        FaultKind::Status { code: 201 },
    )])
    .await;
    let lenient = run_as(
        &p,
        ValidationPlan {
            strictness: Strictness::Lenient,
            known_deviations: vec![deviation("quota enforced", "quotas are advisory here")],
            ..plan()
        },
    )
    .await;
    assert_eq!(
        status_of(&lenient, "quota enforced CPU (cpu)"),
        StepStatus::Warning,
        "{:?}",
        statuses(&lenient)
    );
    // Not halted: the tenant was deleted and verified gone.
    assert_eq!(status_of(&lenient, "tenant gone"), StepStatus::Passed);
    assert_eq!(lenient.status, StepStatus::Passed);
}
