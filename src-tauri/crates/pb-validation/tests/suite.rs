//! The validation suite against the sample platform: a green run, each lifecycle
//! step failing in turn (fault injection), a cancelled run, a run whose cleanup
//! fails, and a platform that does not enforce its quota.

use pb_sample_platform::{AuthConfig, Fault, FaultKind, SamplePlatform};
use pb_validation::{Cancel, StepStatus, SuiteEvent};

mod common;
use common::*;

const LIFECYCLE: [&str; 14] = [
    "check",
    "credential refused",
    "create tenant",
    "read tenant back",
    "duplicate create",
    "add user",
    "user listed",
    "remove user",
    "user gone",
    "set quota CPU (cpu)",
    "read quota CPU (cpu)",
    "quota enforced CPU (cpu)",
    "delete tenant",
    "tenant gone",
];

#[tokio::test]
async fn a_full_run_passes_every_step_and_leaves_nothing() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let mut events = Vec::new();
    let r = run(&p, &Cancel::default(), |e| events.push(e.clone())).await;
    let names: Vec<_> = r.steps.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, LIFECYCLE);
    assert!(
        r.steps.iter().all(|s| s.status == StepStatus::Passed),
        "{:#?}",
        statuses(&r)
    );
    assert_eq!(r.status, StepStatus::Passed);
    assert!(r.leftovers.is_empty());
    let tenant = r.tenant_name.clone().unwrap();
    assert!(tenant.starts_with("pb-validation-"), "{tenant}");
    assert_eq!(r.steps[0].message, "connected as api-key-client");
    assert!(
        r.steps[1]
            .message
            .starts_with("a wrong credential was refused: "),
        "{}",
        r.steps[1].message
    );
    assert_eq!(r.steps[4].message, "refused with HTTP 409, as declared");
    assert_eq!(r.steps[5].message, "added as 'developer' (member)");
    assert!(r.steps[11].message.starts_with("enforced"));
    assert!(r.steps[2].exchanges[0]
        .request_body
        .as_deref()
        .unwrap()
        .contains(&tenant));
    assert_eq!(tenants_left(&p).await, 0);
    // Progress: a start and a finish per step, in order.
    assert_eq!(events.len(), 2 * LIFECYCLE.len());
    assert!(matches!(&events[0], SuiteEvent::StepStarted { index: 0, name } if name == "check"));
    assert!(matches!(
        &events[1],
        SuiteEvent::StepFinished { index: 0, .. }
    ));
}

/// Fails every `method` request under `prefix`.
fn fail_always(prefix: &str, method: &str, code: u16) -> Fault {
    Fault {
        times: None,
        ..fail_once(prefix, method, 0, code)
    }
}

/// Fails the `after`+1-th `method` request under `prefix` once.
fn fail_once(prefix: &str, method: &str, after: u32, code: u16) -> Fault {
    Fault {
        path_prefix: prefix.into(),
        method: Some(method.into()),
        kind: FaultKind::Status { code },
        times: Some(1),
        after: Some(after),
    }
}

#[tokio::test]
async fn each_step_failing_in_turn_skips_the_rest_and_cleans_up() {
    // (step that fails, fault, cleanup steps expected)
    let cases: Vec<(&str, Fault, Vec<&str>)> = vec![
        ("check", fail_once("/api/health", "GET", 0, 500), vec![]),
        (
            "create tenant",
            fail_once("/api/tenants", "POST", 0, 500),
            vec![],
        ),
        (
            "read tenant back",
            fail_once("/api/tenants/", "GET", 0, 500),
            vec!["cleanup: delete tenant"],
        ),
        (
            "add user",
            fail_once("/api/tenants/", "PUT", 0, 500),
            vec!["cleanup: delete tenant"],
        ),
        (
            "user listed",
            fail_once("/api/tenants/", "GET", 1, 500),
            vec!["cleanup: remove user", "cleanup: delete tenant"],
        ),
        (
            "remove user",
            fail_once("/api/tenants/", "DELETE", 0, 500),
            vec!["cleanup: remove user", "cleanup: delete tenant"],
        ),
        (
            "set quota CPU (cpu)",
            fail_once("/api/tenants/", "PUT", 1, 500),
            vec!["cleanup: delete tenant"],
        ),
        (
            "read quota CPU (cpu)",
            fail_once("/api/tenants/", "GET", 3, 500),
            vec!["cleanup: delete tenant"],
        ),
        (
            "delete tenant",
            fail_once("/api/tenants/", "DELETE", 1, 500),
            vec!["cleanup: delete tenant"],
        ),
    ];
    for (failing, fault, cleanup) in cases {
        let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
        p.set_faults(vec![fault]).await;
        let r = run(&p, &Cancel::default(), |_| {}).await;
        let at = LIFECYCLE.iter().position(|s| *s == failing).unwrap();
        let lifecycle: Vec<_> = r.steps.iter().filter(|s| !s.cleanup).collect();
        assert_eq!(
            lifecycle.len(),
            LIFECYCLE.len(),
            "{failing}: {:#?}",
            statuses(&r)
        );
        assert_eq!(
            lifecycle[at].status,
            StepStatus::Failed,
            "{failing}: {:#?}",
            statuses(&r)
        );
        assert!(
            lifecycle[at].message.contains("HTTP 500"),
            "{}",
            lifecycle[at].message
        );
        assert!(
            lifecycle[..at]
                .iter()
                .all(|s| s.status == StepStatus::Passed),
            "{failing}"
        );
        assert!(
            lifecycle[at + 1..]
                .iter()
                .all(|s| s.status == StepStatus::Skipped
                    && s.message == "not run: an earlier step failed"),
            "{failing}: {:#?}",
            statuses(&r)
        );
        let cleanups: Vec<_> = r.steps.iter().filter(|s| s.cleanup).collect();
        assert_eq!(
            cleanups.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
            cleanup,
            "{failing}"
        );
        assert!(
            cleanups.iter().all(|s| s.status == StepStatus::Passed),
            "{failing}"
        );
        assert_eq!(r.status, StepStatus::Failed);
        assert!(r.leftovers.is_empty(), "{failing}: {:?}", r.leftovers);
        assert_eq!(
            tenants_left(&p).await,
            0,
            "{failing}: cleanup removed the tenant"
        );
    }
}

#[tokio::test]
async fn a_platform_that_accepts_going_over_quota_is_reported_as_not_enforced() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    // The allocation endpoint answers 200 instead of refusing.
    p.set_faults(vec![Fault {
        path_prefix: "/api/tenants/".into(),
        method: Some("POST".into()),
        kind: FaultKind::Status { code: 200 },
        times: None,
        after: None,
    }])
    .await;
    let r = run(&p, &Cancel::default(), |_| {}).await;
    let probe = r
        .steps
        .iter()
        .find(|s| s.name == "quota enforced CPU (cpu)")
        .unwrap();
    assert_eq!(probe.status, StepStatus::Failed);
    assert_eq!(
        probe.message,
        "NOT enforced: the platform accepted going over the quota"
    );
    assert_eq!(tenants_left(&p).await, 0);
}

#[tokio::test]
async fn a_cancelled_run_stops_at_the_next_step_and_still_cleans_up() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let cancel = Cancel::default();
    let trigger = cancel.clone();
    let r = run(&p, &cancel, |e| {
        if let SuiteEvent::StepFinished { step, .. } = e {
            if step.name == "add user" {
                trigger.cancel();
            }
        }
    })
    .await;
    assert_eq!(r.status, StepStatus::Cancelled);
    let at = LIFECYCLE.iter().position(|s| *s == "user listed").unwrap();
    let lifecycle: Vec<_> = r.steps.iter().filter(|s| !s.cleanup).collect();
    assert!(lifecycle[at..]
        .iter()
        .all(|s| s.status == StepStatus::Cancelled));
    let cleanups: Vec<_> = r
        .steps
        .iter()
        .filter(|s| s.cleanup)
        .map(|s| (s.name.as_str(), s.status))
        .collect();
    assert_eq!(
        cleanups,
        [
            ("cleanup: remove user", StepStatus::Passed),
            ("cleanup: delete tenant", StepStatus::Passed)
        ]
    );
    assert_eq!(tenants_left(&p).await, 0);
}

#[tokio::test]
async fn a_failing_cleanup_reports_exactly_what_was_left_behind() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    p.set_faults(vec![
        fail_once("/api/tenants/", "GET", 0, 500),
        // Every deletion fails.
        fail_always("/api/tenants/", "DELETE", 503),
    ])
    .await;
    let r = run(&p, &Cancel::default(), |_| {}).await;
    assert_eq!(r.status, StepStatus::Failed);
    assert_eq!(r.leftovers.len(), 1, "{:?}", r.leftovers);
    let left = &r.leftovers[0];
    assert_eq!(left.kind, "tenant");
    assert_eq!(Some(&left.identifier), r.tenant_name.as_ref());
    // The platform's own id is given, so it can be removed by hand.
    let id = p
        .shared
        .store
        .lock()
        .await
        .tenants
        .keys()
        .next()
        .cloned()
        .unwrap();
    assert!(left.detail.contains(&id), "{}", left.detail);
    assert!(left.detail.contains("HTTP 503"), "{}", left.detail);
}

/// The JUnit shape CI systems read: `testsuites` > `testsuite` (name, tests,
/// failures, errors, skipped, time, timestamp) > `testcase` (name, classname, time)
/// with at most one `failure` (message) or `skipped`, counts matching the cases.
fn assert_junit_shape(xml: &str) -> roxmltree::Document<'_> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    assert_eq!(suites.len(), 1);
    let suite = suites[0];
    assert_eq!(suite.tag_name().name(), "testsuite");
    for attr in [
        "name",
        "tests",
        "failures",
        "errors",
        "skipped",
        "time",
        "timestamp",
    ] {
        assert!(suite.attribute(attr).is_some(), "testsuite@{attr}");
    }
    let cases: Vec<_> = suite.children().filter(|n| n.is_element()).collect();
    assert!(cases.iter().all(|c| c.tag_name().name() == "testcase"));
    let count = |tag: &str| {
        cases
            .iter()
            .filter(|c| c.children().any(|n| n.tag_name().name() == tag))
            .count()
            .to_string()
    };
    assert_eq!(suite.attribute("tests").unwrap(), cases.len().to_string());
    assert_eq!(suite.attribute("failures").unwrap(), count("failure"));
    assert_eq!(suite.attribute("skipped").unwrap(), count("skipped"));
    for case in &cases {
        assert!(case.attribute("name").is_some_and(|n| !n.is_empty()));
        assert!(case.attribute("classname").is_some());
        case.attribute("time").unwrap().parse::<f64>().unwrap();
        let outcomes = case
            .children()
            .filter(|n| matches!(n.tag_name().name(), "failure" | "skipped"))
            .count();
        assert!(outcomes <= 1);
        if let Some(f) = case.children().find(|n| n.tag_name().name() == "failure") {
            assert!(f.attribute("message").is_some());
        }
    }
    doc
}

#[tokio::test]
async fn runs_export_as_junit_that_ci_systems_read() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    p.set_faults(vec![
        fail_once("/api/tenants/", "GET", 0, 500),
        fail_always("/api/tenants/", "DELETE", 503),
    ])
    .await;
    let r = run(&p, &Cancel::default(), |_| {}).await;
    let cases = pb_validation::junit::validation_cases(&r);
    let xml =
        pb_validation::junit::render("Brokers <prod> & \"co\"", "2026-11-26T10:00:00Z", &cases);
    let doc = assert_junit_shape(&xml);
    let suite = doc.root_element().first_element_child().unwrap();
    assert_eq!(suite.attribute("name"), Some("Brokers <prod> & \"co\""));
    // The failed read-back, the skipped rest, the failed cleanup, the leftover.
    let failed: Vec<_> = suite
        .children()
        .filter(|c| c.children().any(|n| n.tag_name().name() == "failure"))
        .map(|c| c.attribute("name").unwrap())
        .collect();
    let tenant = r.tenant_name.clone().unwrap();
    assert_eq!(
        failed,
        [
            "read tenant back".to_string(),
            "cleanup: delete tenant".to_string(),
            format!("left behind: tenant {tenant}")
        ]
    );

    let green = run(
        &SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap(),
        &Cancel::default(),
        |_| {},
    )
    .await;
    let xml = pb_validation::junit::render(
        "ok",
        "2026-11-26T10:00:00Z",
        &pb_validation::junit::validation_cases(&green),
    );
    let doc = assert_junit_shape(&xml);
    assert_eq!(doc.root_element().attribute("failures"), Some("0"));
}
