//! What the suite's tests share: the Generic REST preset against the sample
//! platform on 127.0.0.1, with a plan of two role mappings and one quota.
#![allow(dead_code)]

use std::time::Duration;

use pb_connector::definition::Connector;
use pb_connector::{presets, CallContext, Engine};
use pb_sample_platform::{Fault, FaultKind, SamplePlatform};
use pb_secrets::Sensitive;
use pb_validation::{
    run_suite, Cancel, QuotaDefinition, RoleMapping, StepStatus, SuiteEvent, TestRun,
    ValidationPlan,
};

pub fn generic_rest() -> Connector {
    pb_connector::parse(presets::preset("generic-rest").unwrap())
        .unwrap()
        .connector
}

pub fn plan() -> ValidationPlan {
    ValidationPlan {
        role_mappings: vec![
            RoleMapping {
                project_role: "reader".into(),
                platform_role: "viewer".into(),
            },
            RoleMapping {
                project_role: "member".into(),
                platform_role: "developer".into(),
            },
        ],
        quotas: vec![QuotaDefinition {
            key: "cpu".into(),
            label: "CPU".into(),
            unit: "cores".into(),
            min: 1.0,
            max: 16.0,
            default: 4.0,
            ..Default::default()
        }],
        environment: "dev".into(),
        delete_wait: Duration::ZERO,
        ..Default::default()
    }
}

pub fn ctx(p: &SamplePlatform) -> CallContext {
    CallContext {
        base_url: p.base_url(),
        secrets: [(
            "api_key".to_string(),
            Sensitive::new("demo-api-key".to_string()),
        )]
        .into(),
        ..Default::default()
    }
}

pub async fn run(
    p: &SamplePlatform,
    cancel: &Cancel,
    mut on: impl FnMut(&SuiteEvent) + Send,
) -> TestRun {
    run_suite(
        &Engine::new(),
        &generic_rest(),
        &ctx(p),
        &plan(),
        cancel,
        |e| on(&e),
    )
    .await
}

pub fn statuses(r: &TestRun) -> Vec<(String, StepStatus)> {
    r.steps.iter().map(|s| (s.name.clone(), s.status)).collect()
}

pub async fn tenants_left(p: &SamplePlatform) -> usize {
    p.shared.store.lock().await.tenants.len()
}

/// The suite with `connector` instead of the preset, against the sample platform.
pub async fn run_with(p: &SamplePlatform, connector: &Connector) -> TestRun {
    run_suite(
        &Engine::new(),
        connector,
        &ctx(p),
        &plan(),
        &Cancel::default(),
        |_| {},
    )
    .await
}

/// A fault on every request to `path` (and `method`, if given), for the whole run.
pub fn fault(path: &str, method: Option<&str>, kind: FaultKind) -> Fault {
    Fault {
        path_prefix: path.into(),
        method: method.map(str::to_owned),
        kind,
        times: None,
        after: None,
    }
}
