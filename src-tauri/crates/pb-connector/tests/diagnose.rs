//! The staged connection test against the sample platform over HTTP on 127.0.0.1
//! (TLS cases are in tls.rs).

use std::sync::Arc;

use pb_connector::resolve::StaticResolver;

use pb_connector::definition::{Connector, HttpConnector};
use pb_connector::diagnose::{test_connection, StageName, StageStatus};
use pb_connector::tls::TlsOptions;
use pb_connector::{presets, CallContext, Engine, ErrorClass};
use pb_sample_platform::{AuthConfig, SamplePlatform};
use pb_secrets::Sensitive;

fn generic_rest() -> HttpConnector {
    let Connector::Http(http) = pb_connector::parse(presets::preset("generic-rest").unwrap())
        .unwrap()
        .connector
    else {
        panic!("the generic-rest preset is an http connector")
    };
    http
}

fn ctx(base_url: String, secret: &str, tls: TlsOptions) -> CallContext {
    CallContext {
        base_url,
        values: Default::default(),
        secrets: [("api_key".to_string(), Sensitive::new(secret.to_string()))].into(),
        tls,
        exec_trust: Default::default(),
    }
}

fn statuses(t: &pb_connector::diagnose::ConnectionTest) -> Vec<(StageName, StageStatus)> {
    t.stages.iter().map(|s| (s.name, s.status)).collect()
}

#[tokio::test]
async fn healthy_http_platform_passes_every_stage() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let t = test_connection(
        &Engine::new(),
        &generic_rest(),
        &ctx(p.base_url(), "demo-api-key", TlsOptions::default()),
    )
    .await;
    assert_eq!(
        statuses(&t),
        [
            (StageName::Dns, StageStatus::Ok),
            (StageName::Tcp, StageStatus::Ok),
            // Plain HTTP to loopback: nothing to encrypt against.
            (StageName::Tls, StageStatus::Skipped),
            (StageName::Auth, StageStatus::Ok),
            (StageName::Probe, StageStatus::Ok),
        ]
    );
    let probe = &t.stages[4];
    assert!(
        probe.message.contains("connected as api-key-client"),
        "{}",
        probe.message
    );
    assert_eq!(t.status, StageStatus::Ok);
    assert_eq!(t.exchanges.len(), 2);
}

#[tokio::test]
async fn each_stage_is_observed_as_it_completes_even_the_ones_not_run() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let seen = std::sync::Mutex::new(Vec::new());
    let observer =
        |s: &pb_connector::diagnose::Stage| seen.lock().unwrap().push((s.name, s.status));
    let t = pb_connector::diagnose::test_connector_observed(
        &Engine::new(),
        &Connector::Http(generic_rest()),
        &ctx(p.base_url(), "wrong", TlsOptions::default()),
        &observer,
    )
    .await;
    assert_eq!(
        *seen.lock().unwrap(),
        statuses(&t),
        "same stages, same order"
    );
    assert_eq!(seen.lock().unwrap().len(), 5, "the skipped probe too");
}

#[tokio::test]
async fn wrong_credential_fails_the_auth_stage_and_skips_the_probe() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let t = test_connection(
        &Engine::new(),
        &generic_rest(),
        &ctx(p.base_url(), "wrong", TlsOptions::default()),
    )
    .await;
    let auth = &t.stages[3];
    assert_eq!(
        (auth.name, auth.status),
        (StageName::Auth, StageStatus::Failed)
    );
    assert_eq!(auth.class, Some(ErrorClass::Authentication));
    assert!(auth.remediation.as_deref().unwrap().contains("credential"));
    assert_eq!(t.stages[4].status, StageStatus::Skipped);
}

/// No credential stored: the auth stage says to set it, not to fix the connector,
/// and nothing reaches the platform.
#[tokio::test]
async fn a_missing_credential_says_to_set_it_and_sends_nothing() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let mut context = ctx(p.base_url(), "unused", TlsOptions::default());
    context.secrets.clear();
    let t = test_connection(&Engine::new(), &generic_rest(), &context).await;
    let auth = &t.stages[3];
    assert_eq!(
        (auth.name, auth.status),
        (StageName::Auth, StageStatus::Failed)
    );
    assert_eq!(auth.code.as_deref(), Some("secret_missing"));
    assert!(auth.message.contains("'api_key'"), "{}", auth.message);
    let advice = auth.remediation.as_deref().unwrap();
    assert!(advice.contains("Set the instance's credential"), "{advice}");
    assert!(!advice.contains("connector definition"), "{advice}");
    assert!(t.exchanges.is_empty(), "nothing is sent without the secret");
    assert_eq!(t.stages[4].status, StageStatus::Skipped);
}

#[tokio::test]
async fn refused_port_fails_early_and_a_bad_url_is_a_configuration_error() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let t = test_connection(
        &Engine::new(),
        &generic_rest(),
        &ctx(
            format!("http://127.0.0.1:{closed}"),
            "k",
            TlsOptions::default(),
        ),
    )
    .await;
    assert_eq!(t.stages[1].status, StageStatus::Failed);
    assert_eq!(t.stages[1].class, Some(ErrorClass::Network));
    assert!(t.stages[1].message.contains("cannot connect"));
    assert!(t.stages[2..]
        .iter()
        .all(|s| s.status == StageStatus::Skipped));

    let t = test_connection(
        &Engine::new(),
        &generic_rest(),
        &ctx("not a url".into(), "k", TlsOptions::default()),
    )
    .await;
    assert_eq!(t.stages[0].class, Some(ErrorClass::Configuration));
}

/// Names resolve through the engine's resolver, here a fixed table, so a lookup
/// never leaves the machine.
fn engine_knowing_sample_platform() -> Engine {
    Engine::with_resolver(Arc::new(
        StaticResolver::new().with("sample.platform.test", "127.0.0.1".parse().unwrap()),
    ))
}

#[tokio::test]
async fn unknown_host_fails_the_dns_stage() {
    let t = test_connection(
        &engine_knowing_sample_platform(),
        &generic_rest(),
        &ctx(
            "http://missing.platform.test:8080".into(),
            "k",
            TlsOptions::default(),
        ),
    )
    .await;
    let dns = &t.stages[0];
    assert_eq!(
        (dns.name, dns.status),
        (StageName::Dns, StageStatus::Failed)
    );
    assert_eq!(dns.class, Some(ErrorClass::Network));
    assert!(
        dns.message.contains("cannot resolve missing.platform.test")
            && dns.message.contains("unknown host"),
        "{}",
        dns.message
    );
    assert!(dns.remediation.as_deref().unwrap().contains("endpoint URL"));
    assert!(t.stages[1..]
        .iter()
        .all(|s| s.status == StageStatus::Skipped));
}

#[tokio::test]
async fn a_resolved_name_is_used_by_every_stage_and_request() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let engine = engine_knowing_sample_platform();
    let base = format!("http://sample.platform.test:{}", p.addr.port());
    let t = test_connection(
        &engine,
        &generic_rest(),
        &ctx(base.clone(), "demo-api-key", TlsOptions::default()),
    )
    .await;
    assert_eq!(t.stages[0].message, "sample.platform.test → 127.0.0.1");
    assert_eq!(t.status, StageStatus::Ok, "{:?}", t.stages);
    assert!(t.exchanges[0].url.starts_with(&base));

    // The operation itself (not only the diagnostics) resolves through it too.
    let run = engine
        .run(
            &generic_rest(),
            pb_connector::Operation::Check,
            &ctx(
                base.replace("sample.", "missing."),
                "k",
                TlsOptions::default(),
            ),
        )
        .await;
    let err = run.outcome.unwrap_err();
    assert_eq!(err.class(), ErrorClass::Network);
    assert!(err.to_string().contains("unknown host"), "{err}");
}
