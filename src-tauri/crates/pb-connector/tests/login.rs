//! Session logins (`auth: {type: login}`) and header semantics against the sample
//! platform's `POST /api/sessions` (token in the `X-Subject-Token` response header,
//! sent back in `X-Auth-Token`). Keystone, the real platform with this scheme, is
//! covered in pb-real-platforms.

use pb_connector::definition::{Connector, HttpConnector};
use pb_connector::diagnose::{test_connection, StageName, StageStatus};
use pb_connector::{CallContext, Engine, Operation};
use pb_sample_platform::{AuthConfig, SamplePlatform};
use pb_secrets::Sensitive;

const LOGIN: &str = r#"apiVersion: platformbuilder.dev/connector/v1
kind: http
headers:
  Accept: application/json
auth:
  type: login
  secret: password
  request:
    method: POST
    path: /api/sessions
    body:
      json:
        username: "{{ fields.username }}"
        password: "{{ secrets.password }}"
    expect: [201]
    errorMessage: /message
  token:
    header: X-Subject-Token
  expiresAt: /session/expiresAt
  send:
    X-Auth-Token: "{{ token }}"
operations:
  check:
    requests:
      - method: GET
        path: /api/whoami
        headers:
          accept: "*/*"
        extract:
          identity: /name
          scheme: /auth
  create_tenant:
    requests:
      - method: POST
        path: /api/tenants
        body:
          json: {name: "{{ tenant.name }}"}
        expect: [201]
        extract:
          tenant_id: /id
"#;

fn connector(text: &str) -> HttpConnector {
    match pb_connector::parse(text).unwrap().connector {
        Connector::Http(h) => h,
        Connector::Exec(_) => panic!("http"),
    }
}

fn ctx(p: &SamplePlatform, password: &str) -> CallContext {
    CallContext {
        base_url: p.base_url(),
        values:
            serde_json::json!({"fields": {"username": "demo"}, "tenant": {"name": "pb-login-1"}})
                .as_object()
                .cloned()
                .unwrap(),
        secrets: [("password".to_string(), Sensitive::new(password.to_string()))].into(),
        tls: Default::default(),
        exec_trust: Default::default(),
    }
}

/// Every token the sample platform issued, to grep records for.
async fn issued_tokens(p: &SamplePlatform) -> Vec<String> {
    p.shared.tokens.lock().await.all()
}

#[tokio::test]
async fn a_login_issues_a_token_that_is_sent_cached_and_masked() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let engine = Engine::new();
    let c = connector(LOGIN);
    let run = engine
        .run(&c, Operation::Check, &ctx(&p, "demo-password"))
        .await;
    let outputs = run.outcome.clone().unwrap();
    assert_eq!(outputs["identity"], "demo");
    assert_eq!(outputs["scheme"], "session");
    let names: Vec<_> = run.exchanges.iter().map(|e| e.request.as_str()).collect();
    assert_eq!(names, ["login", "GET /api/whoami"]);
    let login = &run.exchanges[0];
    assert_eq!(login.status, Some(201));
    // The token in the response header and the password in the body are masked
    // wherever they appear in the record.
    let token_header = login
        .response_headers
        .iter()
        .find(|(k, _)| k == "x-subject-token")
        .unwrap();
    assert_eq!(token_header.1, "*****");
    assert!(!login
        .request_body
        .as_deref()
        .unwrap()
        .contains("demo-password"));
    let whoami = &run.exchanges[1];
    let sent = |name: &str| -> Vec<String> {
        whoami
            .request_headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
            .collect()
    };
    assert_eq!(sent("x-auth-token"), ["*****"]);
    // The request's own Accept replaced the connector's: one header, its value.
    assert_eq!(sent("accept"), ["*/*"]);
    assert_eq!(sent("user-agent").len(), 1);
    assert_eq!(sent("host"), [p.addr.to_string()]);

    // The next operation reuses the cached token: no second login.
    let create = engine
        .run(&c, Operation::CreateTenant, &ctx(&p, "demo-password"))
        .await;
    create.outcome.clone().unwrap();
    let names: Vec<_> = create
        .exchanges
        .iter()
        .map(|e| e.request.as_str())
        .collect();
    assert_eq!(names, ["POST /api/tenants"]);
    // The record shows what left: the connector's Accept, the JSON content type
    // and the body's length.
    let post = &create.exchanges[0];
    let header = |name: &str| {
        post.request_headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    assert_eq!(header("accept").as_deref(), Some("application/json"));
    assert_eq!(header("content-type").as_deref(), Some("application/json"));
    let body_len = post.request_body.as_deref().unwrap().len();
    assert_eq!(header("content-length"), Some(body_len.to_string()));
    let tokens = issued_tokens(&p).await;
    assert_eq!(tokens.len(), 1, "one login for both operations");
    let recorded = format!("{:?} {:?}", run.exchanges, create.exchanges);
    assert!(
        !recorded.contains(&tokens[0]),
        "the token leaked into a record"
    );
}

#[tokio::test]
async fn a_revoked_token_gets_one_fresh_login() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let engine = Engine::new();
    let c = connector(LOGIN);
    engine
        .run(&c, Operation::Check, &ctx(&p, "demo-password"))
        .await
        .outcome
        .unwrap();
    // The platform forgets every session (a restart, a revocation).
    reqwest_delete(&format!("{}/_admin/sessions", p.base_url())).await;
    let run = engine
        .run(&c, Operation::Check, &ctx(&p, "demo-password"))
        .await;
    assert_eq!(run.outcome.unwrap()["identity"], "demo");
    let seen: Vec<_> = run
        .exchanges
        .iter()
        .map(|e| (e.request.as_str(), e.status))
        .collect();
    assert_eq!(
        seen,
        [
            ("GET /api/whoami", Some(401)),
            ("login", Some(201)),
            ("GET /api/whoami", Some(200))
        ]
    );
}

#[tokio::test]
async fn a_refused_login_is_unauthorized_with_the_platforms_message() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let engine = Engine::new();
    let run = engine
        .run(
            &connector(LOGIN),
            Operation::Check,
            &ctx(&p, "wrong-password"),
        )
        .await;
    let e = run.outcome.unwrap_err();
    assert_eq!(e.code(), "unauthorized");
    assert!(e.to_string().contains("wrong user name or password"), "{e}");
    assert!(!e.to_string().contains("wrong-password"));
    // Only the login was sent: nothing went out with a credential it did not get.
    assert_eq!(run.exchanges.len(), 1);

    // The connection test's auth stage shows the login exchange.
    let t = test_connection(&engine, &connector(LOGIN), &ctx(&p, "wrong-password")).await;
    let auth = t.stages.iter().find(|s| s.name == StageName::Auth).unwrap();
    assert_eq!(auth.status, StageStatus::Failed);
    let detail = auth.detail.as_deref().unwrap();
    assert!(detail.starts_with("POST "), "{detail}");
    assert!(detail.contains("/api/sessions → HTTP 401"), "{detail}");
}

#[tokio::test]
async fn a_login_without_a_token_says_where_it_looked() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let text = LOGIN.replace("header: X-Subject-Token", "header: X-Session-Id");
    let run = Engine::new()
        .run(
            &connector(&text),
            Operation::Check,
            &ctx(&p, "demo-password"),
        )
        .await;
    let e = run.outcome.unwrap_err();
    assert_eq!(e.code(), "extraction_failed");
    assert!(
        e.to_string().contains("the response header X-Session-Id"),
        "{e}"
    );
}

#[tokio::test]
async fn the_connection_test_shows_the_login_and_an_honest_auth_stage() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let engine = Engine::new();
    let t = test_connection(&engine, &connector(LOGIN), &ctx(&p, "demo-password")).await;
    let auth = t.stages.iter().find(|s| s.name == StageName::Auth).unwrap();
    assert_eq!(auth.status, StageStatus::Ok, "{:?}", t.stages);
    assert_eq!(auth.message, "logged in: token issued and accepted");
    assert!(auth.detail.as_deref().unwrap().contains("→ HTTP 201"));
    assert!(!format!("{t:?}").contains("demo-password"));

    // Basic auth against a route that answers 404: nothing proves the password
    // was accepted, so the auth stage does not claim it.
    let basic = r#"apiVersion: platformbuilder.dev/connector/v1
kind: http
auth: {type: basic, username: demo, secret: password}
operations:
  check:
    requests:
      - {method: GET, path: /api/api/health}
"#;
    let t = test_connection(&engine, &connector(basic), &ctx(&p, "demo-password")).await;
    let auth = t.stages.iter().find(|s| s.name == StageName::Auth).unwrap();
    assert_eq!(auth.status, StageStatus::Warning);
    assert!(
        auth.message
            .starts_with("not confirmed: the probe answered HTTP 404"),
        "{}",
        auth.message
    );
    let probe = t
        .stages
        .iter()
        .find(|s| s.name == StageName::Probe)
        .unwrap();
    assert_eq!(probe.status, StageStatus::Failed);
    // The failed probe shows the response itself.
    let detail = probe.detail.as_deref().unwrap();
    assert!(
        detail.contains("→ HTTP 404") && detail.contains("content-length: 0"),
        "{detail}"
    );
}

#[tokio::test]
async fn a_dry_run_shows_where_the_token_will_go() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let c = Connector::Http(connector(LOGIN));
    let requests = Engine::new()
        .dry_run(&c, Operation::Check, &ctx(&p, "demo-password"))
        .unwrap();
    let header = requests[0]
        .headers
        .iter()
        .find(|(k, _)| k == "X-Auth-Token")
        .unwrap();
    // Masked like every credential header, whatever it holds.
    assert_eq!(header.1, "*****");
}

#[test]
fn login_definitions_are_checked() {
    let both = LOGIN.replace(
        "header: X-Subject-Token",
        "header: X-Subject-Token\n    pointer: /token",
    );
    assert!(pb_connector::parse(&both)
        .unwrap_err()
        .contains("exactly one"));
    let no_send = LOGIN.replace("X-Auth-Token: \"{{ token }}\"", "X-Trace: \"1\"");
    assert!(pb_connector::parse(&no_send).unwrap_err().contains("send"));
    let typo = LOGIN.replace("expiresAt:", "expiresat:");
    assert!(pb_connector::parse(&typo)
        .unwrap_err()
        .contains("expiresat"));
}

async fn reqwest_delete(url: &str) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let status = reqwest::Client::new()
        .delete(url)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status.as_u16(), 204);
}
