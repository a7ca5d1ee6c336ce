//! The HTTP engine against the sample platform on 127.0.0.1.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use pb_connector::definition::{Auth, Connector, HttpConnector};
use pb_connector::{presets, CallContext, ConnectorError, Engine, ErrorClass, Operation};
use pb_sample_platform::{AuthConfig, Fault, FaultKind, SamplePlatform};
use pb_secrets::Sensitive;
use serde_json::{json, Map, Value};

fn generic_rest() -> HttpConnector {
    let Connector::Http(http) = pb_connector::parse(presets::preset("generic-rest").unwrap())
        .unwrap()
        .connector
    else {
        panic!("the generic-rest preset is an http connector")
    };
    http
}

fn ctx(p: &SamplePlatform, secrets: &[(&str, &str)], values: Value) -> CallContext {
    CallContext {
        base_url: p.base_url(),
        values: values.as_object().cloned().unwrap_or_default(),
        secrets: secrets
            .iter()
            .map(|(k, v)| (k.to_string(), Sensitive::new(v.to_string())))
            .collect::<BTreeMap<_, _>>(),
        tls: Default::default(),
        exec_trust: Default::default(),
    }
}

async fn platform() -> SamplePlatform {
    SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap()
}

fn fast_retries(c: &mut HttpConnector) {
    c.retries.backoff_ms = 10;
}

#[tokio::test]
async fn generic_rest_preset_runs_the_whole_lifecycle() {
    let p = platform().await;
    let engine = Engine::new();
    let c = generic_rest();
    let mut values = json!({
        "tenant": {"name": "pb-validation-1", "description": "throw-away", "tags": {"purpose": "validation"}},
        "user": {"name": "val-user", "email": "val@example.com", "role": "developer"},
        "quota": {"key": "cpu", "value": 4},
        "outputs": {},
    });
    let secrets = [("api_key", "demo-api-key")];

    let check = engine
        .run(&c, Operation::Check, &ctx(&p, &secrets, values.clone()))
        .await;
    assert_eq!(check.outcome.unwrap()["identity"], "api-key-client");
    assert_eq!(check.exchanges.len(), 2);

    let run = |op: Operation, values: Value| {
        let engine = &engine;
        let c = &c;
        let context = ctx(&p, &secrets, values);
        async move { engine.run(c, op, &context).await }
    };
    let created = run(Operation::CreateTenant, values.clone()).await;
    let outputs = created.outcome.unwrap();
    values["outputs"]["tenant_id"] = outputs["tenant_id"].clone();

    let got = run(Operation::GetTenant, values.clone()).await;
    assert!(!got.not_found);
    assert_eq!(got.outcome.unwrap()["tenant_name"], "pb-validation-1");

    // The engine generates the user's initial password; it reaches the platform
    // and is masked in the record.
    let added = run(Operation::AddUser, values.clone()).await;
    added.outcome.unwrap();
    let sent = added.exchanges[0].request_body.as_deref().unwrap();
    assert!(sent.contains("\"password\":\"*****\""), "{sent}");
    let users = run(Operation::ListUsers, values.clone())
        .await
        .outcome
        .unwrap();
    assert_eq!(users["users"][0]["role"], "developer");
    assert_eq!(users["users"][0]["has_password"], true);
    run(Operation::RemoveUser, values.clone())
        .await
        .outcome
        .unwrap();
    let users = run(Operation::ListUsers, values.clone())
        .await
        .outcome
        .unwrap();
    assert_eq!(users["users"], json!([]));

    run(Operation::SetQuota, values.clone())
        .await
        .outcome
        .unwrap();
    let q = run(Operation::GetQuota, values.clone())
        .await
        .outcome
        .unwrap();
    assert_eq!(q["quota_value"], 4);
    let probe = run(Operation::ProbeQuota, values.clone()).await;
    probe
        .outcome
        .expect("the platform refused going over quota");
    assert_eq!(probe.exchanges[0].status, Some(422));

    run(Operation::DeleteTenant, values.clone())
        .await
        .outcome
        .unwrap();
    let gone = run(Operation::GetTenant, values.clone()).await;
    assert!(gone.not_found, "deletion verified by the notFound status");
}

#[tokio::test]
async fn every_auth_mode_authenticates_and_oauth_tokens_are_cached() {
    let p = platform().await;
    let engine = Engine::new();
    let modes = [
        (
            Auth::ApiKey {
                header: None,
                query: Some("api_key".into()),
                secret: "s".into(),
            },
            "demo-api-key",
            "api_key",
        ),
        (
            Auth::Bearer { secret: "s".into() },
            "demo-bearer-token",
            "bearer",
        ),
        (
            Auth::Basic {
                username: "{{ fields.username }}".into(),
                secret: "s".into(),
            },
            "demo-password",
            "basic",
        ),
        (
            Auth::Oauth2ClientCredentials {
                token_url: "/oauth/token".into(),
                client_id: "demo-client".into(),
                secret: "s".into(),
                scope: None,
            },
            "demo-client-secret",
            "oauth2",
        ),
    ];
    for (auth, secret, expected) in modes {
        let mut c = generic_rest();
        c.auth = auth;
        let context = ctx(
            &p,
            &[("s", secret)],
            json!({"fields": {"username": "demo"}}),
        );
        for _ in 0..2 {
            let run = engine.run(&c, Operation::Check, &context).await;
            let outputs = run.outcome.unwrap_or_else(|e| panic!("{expected}: {e}"));
            assert!(outputs.contains_key("identity"));
            let whoami = run.exchanges.last().unwrap().response_body.clone().unwrap();
            assert!(
                whoami.contains(&format!("\"auth\":\"{expected}\"")),
                "{whoami}"
            );
        }
    }
    let token_calls = p
        .requests()
        .await
        .iter()
        .filter(|r| r.contains("/oauth/token"))
        .count();
    assert_eq!(token_calls, 1, "the second check reused the cached token");
}

#[tokio::test]
async fn odd_tenant_names_reach_the_server_intact() {
    let p = platform().await;
    let engine = Engine::new();
    let mut c = generic_rest();
    c.operations
        .get_mut(&Operation::GetTenant)
        .unwrap()
        .requests[0]
        .path = "/api/tenants/by-name/{{ tenant.name | path }}".into();
    for name in ["a/b c", "100% sure", "Zürich ☃", "q?x=1&y#z"] {
        let values = json!({"tenant": {"name": name, "description": "", "tags": {}}});
        let context = ctx(&p, &[("api_key", "demo-api-key")], values);
        engine
            .run(&c, Operation::CreateTenant, &context)
            .await
            .outcome
            .unwrap();
        let got = engine.run(&c, Operation::GetTenant, &context).await;
        assert!(!got.not_found, "{name} not found by name");
        assert_eq!(got.outcome.unwrap()["tenant_name"], name);
    }
}

async fn check_with_fault(
    fault: FaultKind,
    method: Option<&str>,
    tweak: impl Fn(&mut HttpConnector),
) -> (pb_connector::OperationRun, Vec<String>, Duration) {
    let p = platform().await;
    p.set_faults(vec![Fault {
        path_prefix: "/api/health".into(),
        method: method.map(str::to_owned),
        kind: fault,
        times: Some(1),
        after: None,
    }])
    .await;
    let mut c = generic_rest();
    fast_retries(&mut c);
    tweak(&mut c);
    let started = Instant::now();
    let run = Engine::new()
        .run(
            &c,
            Operation::Check,
            &ctx(&p, &[("api_key", "demo-api-key")], json!({})),
        )
        .await;
    (run, p.requests().await, started.elapsed())
}

#[tokio::test]
async fn idempotent_requests_are_retried_after_503_and_429_honours_retry_after() {
    let (run, requests, _) = check_with_fault(FaultKind::Status { code: 503 }, None, |_| {}).await;
    run.outcome.unwrap();
    assert_eq!(
        requests
            .iter()
            .filter(|r| r.ends_with("/api/health"))
            .count(),
        2
    );
    assert_eq!(run.exchanges[0].status, Some(503));
    assert_eq!(run.exchanges[1].attempt, 1);

    let (run, _, elapsed) = check_with_fault(
        FaultKind::RateLimited {
            retry_after_secs: 1,
        },
        None,
        |_| {},
    )
    .await;
    run.outcome.unwrap();
    assert!(elapsed >= Duration::from_secs(1), "waited for Retry-After");
}

#[tokio::test]
async fn non_idempotent_requests_are_not_retried() {
    let p = platform().await;
    p.set_faults(vec![Fault {
        path_prefix: "/api/tenants".into(),
        method: Some("POST".into()),
        kind: FaultKind::Status { code: 503 },
        times: Some(1),
        after: None,
    }])
    .await;
    let c = generic_rest();
    let values = json!({"tenant": {"name": "x", "description": "", "tags": {}}});
    let run = Engine::new()
        .run(
            &c,
            Operation::CreateTenant,
            &ctx(&p, &[("api_key", "demo-api-key")], values),
        )
        .await;
    let err = run.outcome.unwrap_err();
    assert_eq!(err.class(), ErrorClass::Platform);
    assert!(
        err.to_string().contains("HTTP 503: injected status 503"),
        "{err}"
    );
    assert_eq!(run.exchanges.len(), 1);
}

#[tokio::test]
async fn faults_are_classified_with_actionable_messages() {
    // Hanging: bounded by the total timeout, not retried.
    let (run, requests, elapsed) =
        check_with_fault(FaultKind::Hang, None, |c| c.timeouts.total_ms = 400).await;
    let err = run.outcome.unwrap_err();
    assert!(
        matches!(err, ConnectorError::Timeout { ms: 400, .. }),
        "{err}"
    );
    assert_eq!(err.class(), ErrorClass::Network);
    assert!(elapsed < Duration::from_secs(3));
    assert_eq!(requests.len(), 1);

    // Slow but within the timeout: succeeds, and the exchange shows the wait.
    let (run, _, _) = check_with_fault(FaultKind::Latency { ms: 300 }, None, |c| {
        c.timeouts.total_ms = 5_000
    })
    .await;
    run.outcome.unwrap();
    assert!(run.exchanges[0].duration_ms >= 300);
    // Slower than the timeout: a timeout naming the limit, not retried.
    let (run, requests, elapsed) = check_with_fault(FaultKind::Latency { ms: 3_000 }, None, |c| {
        c.timeouts.total_ms = 300
    })
    .await;
    let err = run.outcome.unwrap_err();
    assert_eq!(err.code(), "timeout");
    assert!(err.to_string().contains("within 300 ms"), "{err}");
    assert!(elapsed < Duration::from_secs(2));
    assert_eq!(requests.len(), 1);

    // The connection drops in the middle of the body: a network error that says so,
    // quickly, and not retried (the request may have had its effect).
    let (run, _, elapsed) = check_with_fault(FaultKind::ResetMidBody, None, |_| {}).await;
    let err = run.outcome.unwrap_err();
    assert_eq!(err.class(), ErrorClass::Network, "{err}");
    assert!(
        err.to_string()
            .contains("the connection broke while reading the response"),
        "{err}"
    );
    assert!(elapsed < Duration::from_secs(3));
    assert_eq!(run.exchanges.len(), 1);
    assert_eq!(run.exchanges[0].status, None);

    // Success rule on a broken body.
    let (run, _, _) = check_with_fault(FaultKind::InvalidJson, None, |_| {}).await;
    let err = run.outcome.unwrap_err();
    assert_eq!(err.code(), "invalid_body");

    // Wrong credential.
    let p = platform().await;
    let run = Engine::new()
        .run(
            &generic_rest(),
            Operation::Check,
            &ctx(&p, &[("api_key", "wrong")], json!({})),
        )
        .await;
    let err = run.outcome.unwrap_err();
    assert_eq!(err.class(), ErrorClass::Authentication);
    assert!(err.to_string().contains("HTTP 401"), "{err}");

    // Nothing listening.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut c = generic_rest();
    fast_retries(&mut c);
    let context = CallContext {
        base_url: format!("http://127.0.0.1:{closed}"),
        values: Map::new(),
        secrets: [("api_key".to_string(), Sensitive::new("k".to_string()))].into(),
        tls: Default::default(),
        exec_trust: Default::default(),
    };
    let run = Engine::new().run(&c, Operation::Check, &context).await;
    let err = run.outcome.unwrap_err();
    assert_eq!(err.class(), ErrorClass::Network);
    assert!(err.to_string().contains("cannot reach"), "{err}");
    assert_eq!(
        run.exchanges.len(),
        3,
        "connect failures on GET are retried"
    );
}

#[tokio::test]
async fn template_errors_name_the_operation_and_field() {
    let p = platform().await;
    let c = generic_rest();
    let run = Engine::new()
        .run(
            &c,
            Operation::CreateTenant,
            &ctx(&p, &[("api_key", "demo-api-key")], json!({"tenant": {}})),
        )
        .await;
    let err = run.outcome.unwrap_err();
    assert_eq!(err.class(), ErrorClass::Configuration);
    let text = err.to_string();
    assert!(
        text.starts_with("create_tenant: template error in requests[0].body.json"),
        "{text}"
    );
    assert!(run.exchanges.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn canary_secrets_never_appear_in_exchanges_or_errors() {
    let p = platform().await;
    let engine = Engine::new();
    let canary = format!("canary-{}", uuid::Uuid::new_v4().simple());
    let modes = [
        Auth::ApiKey {
            header: Some("X-API-Key".into()),
            query: Some("api_key".into()),
            secret: "s".into(),
        },
        Auth::Bearer { secret: "s".into() },
        Auth::Basic {
            username: "demo".into(),
            secret: "s".into(),
        },
        Auth::Oauth2ClientCredentials {
            token_url: "/oauth/token".into(),
            client_id: "demo-client".into(),
            secret: "s".into(),
            scope: None,
        },
    ];
    for auth in modes {
        let mut c = generic_rest();
        c.auth = auth;
        // The canary is also echoed back by the platform inside a tenant description.
        let values =
            json!({"tenant": {"name": format!("t-{canary}"), "description": canary, "tags": {}}});
        let context = ctx(&p, &[("s", &canary)], values.clone());
        for op in [Operation::Check, Operation::CreateTenant] {
            let run = engine.run(&c, op, &context).await;
            let recorded = serde_json::to_string(&run.exchanges).unwrap();
            assert!(!recorded.contains(&canary), "{op:?} leaked: {recorded}");
            if let Err(e) = &run.outcome {
                assert!(!e.to_string().contains(&canary));
            }
            assert!(!run.exchanges.is_empty());
        }
    }
}
