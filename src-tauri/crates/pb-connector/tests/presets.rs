//! The Kubernetes preset (no API server can run here: checked by a dry run against
//! the request shapes of the Kubernetes API reference) and the signed-webhook preset
//! (live against the sample platform's receiver).

use std::collections::BTreeMap;

use pb_connector::definition::Connector;
use pb_connector::engine::RenderedRequest;
use pb_connector::{presets, CallContext, Engine, ErrorClass, Operation};
use pb_sample_platform::{AuthConfig, SamplePlatform};
use pb_secrets::Sensitive;
use serde_json::{json, Value};

fn preset(name: &str) -> Connector {
    pb_connector::parse(presets::preset(name).unwrap())
        .unwrap()
        .connector
}

fn context(base_url: &str, secret: (&str, &str), values: Value) -> CallContext {
    CallContext {
        base_url: base_url.into(),
        values: values.as_object().cloned().unwrap(),
        secrets: BTreeMap::from([(secret.0.to_string(), Sensitive::new(secret.1.to_string()))]),
        tls: Default::default(),
        exec_trust: Default::default(),
    }
}

const TOKEN: &str = "canary-k8s-token-5f2c";

fn k8s_values() -> Value {
    json!({
        "tenant": {"name": "Team A / Payments", "identifier": "team-a-payments",
                   "description": "validation", "tags": {}},
        "user": {"name": "Ada@Example.com", "email": "ada@example.com", "role": "edit"},
        "quota": {"key": "requests.cpu", "value": 4},
    })
}

fn dry(op: Operation) -> Vec<RenderedRequest> {
    Engine::new()
        .dry_run(
            &preset("kubernetes"),
            op,
            &context(
                "https://api.cluster.example:6443",
                ("token", TOKEN),
                k8s_values(),
            ),
        )
        .unwrap()
}

fn header<'a>(r: &'a RenderedRequest, name: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

const API: &str = "https://api.cluster.example:6443";

#[test]
fn kubernetes_requests_match_the_api_reference() {
    // check: GET /version, then a SelfSubjectReview (authentication.k8s.io/v1).
    let check = dry(Operation::Check);
    assert_eq!(check[0].method, "GET");
    assert_eq!(check[0].url, format!("{API}/version"));
    assert_eq!(check[1].method, "POST");
    assert_eq!(
        check[1].url,
        format!("{API}/apis/authentication.k8s.io/v1/selfsubjectreviews")
    );
    assert_eq!(
        check[1].body,
        Some(json!({"apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"}))
    );
    // The token is sent as a bearer token, and masked in what is shown.
    assert_eq!(header(&check[0], "Authorization"), Some("*****"));

    // Namespace: POST /api/v1/namespaces with a core/v1 Namespace.
    let create = &dry(Operation::CreateTenant)[0];
    assert_eq!(
        (create.method.as_str(), create.url.as_str()),
        ("POST", format!("{API}/api/v1/namespaces").as_str())
    );
    let ns = create.body.as_ref().unwrap();
    assert_eq!(ns["apiVersion"], "v1");
    assert_eq!(ns["kind"], "Namespace");
    assert_eq!(ns["metadata"]["name"], "team-a-payments");
    assert_eq!(
        ns["metadata"]["annotations"]["platformbuilder.dev/display-name"],
        "Team A / Payments"
    );
    assert_eq!(header(create, "Content-Type"), None, "JSON by default");

    for (op, method) in [
        (Operation::GetTenant, "GET"),
        (Operation::DeleteTenant, "DELETE"),
    ] {
        let r = &dry(op)[0];
        assert_eq!(r.method, method);
        assert_eq!(r.url, format!("{API}/api/v1/namespaces/team-a-payments"));
    }

    // RoleBinding (rbac.authorization.k8s.io/v1) binding a ClusterRole to a User.
    let bind = &dry(Operation::AddUser)[0];
    assert_eq!(bind.method, "POST");
    assert_eq!(
        bind.url,
        format!("{API}/apis/rbac.authorization.k8s.io/v1/namespaces/team-a-payments/rolebindings")
    );
    let rb = bind.body.as_ref().unwrap();
    assert_eq!(rb["apiVersion"], "rbac.authorization.k8s.io/v1");
    assert_eq!(rb["kind"], "RoleBinding");
    assert_eq!(rb["metadata"]["name"], "pb-ada.example.com");
    assert_eq!(
        rb["roleRef"],
        json!({"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "edit"})
    );
    assert_eq!(
        rb["subjects"],
        json!([{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "Ada@Example.com"}])
    );
    let unbind = &dry(Operation::RemoveUser)[0];
    assert_eq!(unbind.method, "DELETE");
    assert!(unbind
        .url
        .ends_with("/namespaces/team-a-payments/rolebindings/pb-ada.example.com"));
    let list = &dry(Operation::ListUsers)[0];
    assert!(list.url.ends_with(
        "/rolebindings?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dplatform-builder"
    ));

    // ResourceQuota (core/v1) by server-side apply: PATCH with the apply content
    // type and a field manager; spec.hard keyed by the quota, quantities as strings.
    let apply = &dry(Operation::SetQuota)[0];
    assert_eq!(apply.method, "PATCH");
    assert_eq!(
        apply.url,
        format!("{API}/api/v1/namespaces/team-a-payments/resourcequotas/pb-requests.cpu?fieldManager=platform-builder&force=true")
    );
    assert_eq!(
        header(apply, "Content-Type"),
        Some("application/apply-patch+yaml")
    );
    let rq = apply.body.as_ref().unwrap();
    assert_eq!(rq["apiVersion"], "v1");
    assert_eq!(rq["kind"], "ResourceQuota");
    assert_eq!(rq["metadata"]["name"], "pb-requests.cpu");
    assert_eq!(rq["spec"]["hard"], json!({"requests.cpu": "4"}));
    let read = &dry(Operation::GetQuota)[0];
    assert_eq!(read.method, "GET");
    assert!(read.url.ends_with("/resourcequotas/pb-requests.cpu"));

    // No quota probe: exceeding a ResourceQuota needs workloads, not one request.
    assert!(!preset("kubernetes").defines(Operation::ProbeQuota));

    // Nothing shown anywhere carries the token.
    let everything = serde_json::to_string(
        &Operation::ALL
            .into_iter()
            .filter(|op| preset("kubernetes").defines(*op))
            .flat_map(dry)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    assert!(!everything.contains(TOKEN));
}

#[test]
fn dry_runs_show_placeholders_for_earlier_outputs_and_need_no_network() {
    let rendered = Engine::new()
        .dry_run(
            &preset("generic-rest"),
            Operation::GetTenant,
            &context(
                "http://127.0.0.1:9",
                ("api_key", "canary-dry-run-key"),
                json!({"outputs": {"tenant_id": "<output tenant_id>"}}),
            ),
        )
        .unwrap();
    assert_eq!(
        rendered[0].url,
        "http://127.0.0.1:9/api/tenants/%3Coutput%20tenant_id%3E"
    );
    assert_eq!(header(&rendered[0], "X-API-Key"), Some("*****"));

    // A signature is computed when sending; the dry run shows it masked.
    let signed = Engine::new()
        .dry_run(
            &preset("signed-webhook"),
            Operation::Check,
            &context(
                "http://127.0.0.1:9",
                ("signing_secret", "s3cr3t-value"),
                json!({}),
            ),
        )
        .unwrap();
    assert_eq!(header(&signed[0], "X-Signature"), Some("*****"));
    assert_eq!(header(&signed[0], "X-Timestamp"), Some("<time of sending>"));
}

#[tokio::test]
async fn signed_webhook_deliveries_are_accepted_and_forgeries_refused() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let connector = preset("signed-webhook");
    let engine = Engine::new();
    let values = json!({
        "tenant": {"name": "Team B", "identifier": "team-b", "description": "", "tags": {"env": "dev"}},
        "user": {"name": "grace", "email": "grace@example.com", "role": "admin"},
        "quota": {"key": "storage_gb", "value": 50},
    });
    let good = context(
        &p.base_url(),
        ("signing_secret", "demo-webhook-secret"),
        values.clone(),
    );

    let check = engine
        .run_connector(&connector, Operation::Check, &good)
        .await;
    assert_eq!(
        check.outcome.as_ref().unwrap()["identity"],
        "sample-webhook",
        "{:?}",
        check.outcome
    );
    for op in [
        Operation::CreateTenant,
        Operation::AddUser,
        Operation::SetQuota,
        Operation::RemoveUser,
        Operation::DeleteTenant,
    ] {
        let run = engine.run_connector(&connector, op, &good).await;
        run.outcome
            .unwrap_or_else(|e| panic!("{}: {e}", op.as_str()));
        // The signature is recorded masked.
        let sent = &run.exchanges[0].request_headers;
        // Names as they go on the wire (lower case).
        assert!(
            sent.contains(&("x-signature".into(), "*****".into())),
            "{sent:?}"
        );
    }
    let events: Vec<Value> = reqwest_get(&format!("{}/_admin/webhook-events", p.base_url())).await;
    let types: Vec<&str> = events.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        [
            "ping",
            "tenant.created",
            "user.added",
            "quota.set",
            "user.removed",
            "tenant.deleted"
        ]
    );
    assert_eq!(events[1]["tenant"]["tags"], json!({"env": "dev"}));
    assert_eq!(
        events[3]["quota"],
        json!({"key": "storage_gb", "value": 50})
    );

    // A wrong secret: refused as an authentication problem, nothing recorded.
    let forged = context(
        &p.base_url(),
        ("signing_secret", "canary-wrong-secret"),
        values,
    );
    let run = engine
        .run_connector(&connector, Operation::CreateTenant, &forged)
        .await;
    let err = run.outcome.unwrap_err();
    assert_eq!(err.class(), ErrorClass::Authentication);
    assert!(
        err.to_string().contains("signature does not match"),
        "{err}"
    );
    let after: Vec<Value> = reqwest_get(&format!("{}/_admin/webhook-events", p.base_url())).await;
    assert_eq!(after.len(), events.len());
    let shown = format!("{:?} {err}", run.exchanges);
    assert!(!shown.contains("canary-wrong-secret"));
}

async fn reqwest_get<T: serde::de::DeserializeOwned>(url: &str) -> T {
    pb_connector::tls::install_crypto_provider();
    reqwest::get(url).await.unwrap().json().await.unwrap()
}
