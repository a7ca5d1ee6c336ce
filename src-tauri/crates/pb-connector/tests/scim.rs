//! The SCIM 2.0 preset, live against the sample platform's SCIM endpoints.

use std::collections::BTreeMap;

use pb_connector::{presets, CallContext, Engine, Operation};
use pb_sample_platform::{AuthConfig, SamplePlatform};
use pb_secrets::Sensitive;
use serde_json::{json, Value};

#[tokio::test]
async fn scim_preset_provisions_a_group_and_manages_a_member() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let connector = pb_connector::parse(presets::preset("scim2").unwrap())
        .unwrap()
        .connector;
    let engine = Engine::new();
    let mut values = json!({
        "tenant": {"name": "pb-validation-7", "description": "", "tags": {}},
        "user": {"name": "val.user@example.com", "email": "val.user@example.com", "role": "developer"},
        "outputs": {},
    });
    let run = |op: Operation, values: Value| {
        let ctx = CallContext {
            base_url: p.base_url(),
            values: values.as_object().cloned().unwrap(),
            secrets: BTreeMap::from([(
                "token".to_string(),
                Sensitive::new("demo-bearer-token".to_string()),
            )]),
            tls: Default::default(),
            exec_trust: Default::default(),
        };
        let engine = &engine;
        let connector = &connector;
        async move { engine.run_connector(connector, op, &ctx).await }
    };

    run(Operation::Check, values.clone()).await.outcome.unwrap();
    let created = run(Operation::CreateTenant, values.clone())
        .await
        .outcome
        .unwrap();
    values["outputs"]["tenant_id"] = created["tenant_id"].clone();
    let got = run(Operation::GetTenant, values.clone())
        .await
        .outcome
        .unwrap();
    assert_eq!(got["tenant_name"], "pb-validation-7");

    let added = run(Operation::AddUser, values.clone()).await;
    assert_eq!(added.exchanges.len(), 2, "create user, then add to group");
    values["outputs"]["user_id"] = added.outcome.unwrap()["user_id"].clone();
    let users = run(Operation::ListUsers, values.clone())
        .await
        .outcome
        .unwrap();
    assert_eq!(users["users"][0]["display"], "val.user@example.com");

    run(Operation::RemoveUser, values.clone())
        .await
        .outcome
        .unwrap();
    let users = run(Operation::ListUsers, values.clone())
        .await
        .outcome
        .unwrap();
    assert_eq!(users["users"], json!([]));

    run(Operation::DeleteTenant, values.clone())
        .await
        .outcome
        .unwrap();
    assert!(run(Operation::GetTenant, values.clone()).await.not_found);

    // A wrong token is an authentication failure, not a platform error.
    let ctx = CallContext {
        base_url: p.base_url(),
        secrets: BTreeMap::from([("token".to_string(), Sensitive::new("nope".to_string()))]),
        ..Default::default()
    };
    let err = engine
        .run_connector(&connector, Operation::Check, &ctx)
        .await
        .outcome
        .unwrap_err();
    assert_eq!(err.class(), pb_connector::ErrorClass::Authentication);
}
