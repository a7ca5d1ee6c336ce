//! The SCIM 2.0 preset, proven by the whole validation suite against a real SCIM
//! service provider nobody here wrote (django-scim2 from PyPI, in a minimal Django
//! project that only configures it), in both deprovisioning modes, and against the
//! sample platform's SCIM endpoints with the preset's defaults.

use pb_connector::{CallContext, Engine, Operation};
use pb_real_platforms::scim::DjangoScim;
use pb_real_platforms::setups;
use pb_real_platforms::suite::{assert_whole_suite_passed, run_whole_suite};
use pb_sample_platform::{AuthConfig, SamplePlatform};
use pb_secrets::Sensitive;
use serde_json::Value;

fn step_requests(run: &pb_validation::TestRun, step: &str) -> Vec<String> {
    run.steps
        .iter()
        .find(|s| s.name == step)
        .map(|s| s.exchanges.iter().map(|e| e.request.clone()).collect())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scim_preset_passes_the_whole_suite_against_django_scim2() {
    let server = tokio::task::spawn_blocking(DjangoScim::start)
        .await
        .unwrap()
        .unwrap_or_else(|e| panic!("{e}"));

    // Deleting removed users (the default).
    let setup = setups::scim(&server, "delete");
    let (connector, run) = run_whole_suite(&setup.connector_text, &setup.ctx, &setup.plan).await;
    let table = assert_whole_suite_passed(&run, &setup.skips());
    println!("{table}");
    // Members are listed by id only: the user was recognised by its user_id.
    let listed = run.steps.iter().find(|s| s.name == "user listed").unwrap();
    let body = listed.exchanges[0].response_body.as_deref().unwrap();
    let group: Value = serde_json::from_str(body).unwrap();
    assert!(group["members"][0]["value"].is_string(), "{body}");
    assert_eq!(
        step_requests(&run, "remove user"),
        ["remove from the tenant's group (value)", "delete the user"]
    );

    // list_tenants and the sweep: only the convention's leftover goes.
    let pages =
        pb_real_platforms::sweep::assert_sweeps_only_leftovers(&connector, &setup.ctx, &setup.plan)
            .await;
    println!("listed in {pages} page(s); the leftover swept, the near miss kept");

    // Deactivating them, as Okta does: the membership goes, the account stays.
    let setup = setups::scim(&server, "deactivate");
    let (_, run) = run_whole_suite(&setup.connector_text, &setup.ctx, &setup.plan).await;
    let table = assert_whole_suite_passed(&run, &setup.skips());
    println!("{table}");
    assert_eq!(
        step_requests(&run, "remove user"),
        [
            "remove from the tenant's group (value)",
            "deactivate the user"
        ]
    );
    let user = run
        .tenant_name
        .clone()
        .unwrap()
        .replace("pb-validation-", "");
    let users = http_get(&format!(
        "{}/scim/v2/Users?filter=userName%20eq%20%22pb-validation-{user}%22",
        server.base_url()
    ))
    .await;
    assert_eq!(users["Resources"][0]["active"], false, "{users}");

    // A wrong token: refused as unauthorized, though django-scim2's 401 has no body.
    let mut wrong = setup.ctx.clone();
    wrong
        .secrets
        .insert("token".into(), Sensitive::new("not-the-token".into()));
    let refused = Engine::new()
        .run_connector(&connector, Operation::Check, &wrong)
        .await;
    assert_eq!(refused.outcome.unwrap_err().code(), "unauthorized");
}

#[tokio::test]
async fn the_scim_preset_passes_the_whole_suite_against_the_sample_platform() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    // The sample platform takes the RFC's filter form and deletion, the preset's
    // defaults, so the instance sets no fields.
    let ctx = CallContext {
        base_url: p.base_url(),
        secrets: [(
            "token".to_string(),
            Sensitive::new("demo-bearer-token".to_string()),
        )]
        .into(),
        ..Default::default()
    };
    let plan = pb_validation::ValidationPlan {
        role_mappings: vec![pb_validation::RoleMapping {
            project_role: "member".into(),
            platform_role: "member".into(),
        }],
        environment: "dev".into(),
        ..Default::default()
    };
    let preset = pb_connector::presets::preset("scim2").unwrap();
    let (_, run) = run_whole_suite(preset, &ctx, &plan).await;
    let table = assert_whole_suite_passed(&run, &[]);
    assert_eq!(
        step_requests(&run, "remove user"),
        ["remove from the tenant's group (filter)", "delete the user"],
        "{table}"
    );
}

/// A read of the server's own state, with the test token, outside the connector.
async fn http_get(url: &str) -> Value {
    let out = tokio::process::Command::new("curl")
        .args(["-sS", "--max-time", "10", "-H"])
        .arg(format!("Authorization: Bearer {}", DjangoScim::TOKEN))
        .arg(url)
        .output()
        .await
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
}
