//! The staged connection test against real servers on 127.0.0.1: the sample platform
//! over HTTP, and TLS servers with certificates made for each case.

use std::sync::Arc;

use pb_connector::definition::{Connector, HttpConnector};
use pb_connector::diagnose::{test_connection, StageName, StageStatus};
use pb_connector::tls::TlsOptions;
use pb_connector::{presets, CallContext, Engine, ErrorClass};
use pb_sample_platform::{AuthConfig, SamplePlatform};
use pb_secrets::Sensitive;
use rcgen::{date_time_ymd, BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

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

    // (A failing DNS lookup is not tested here: it would send a query to the
    // machine's resolver, and tests talk only to 127.0.0.1.)

    let t = test_connection(
        &Engine::new(),
        &generic_rest(),
        &ctx("not a url".into(), "k", TlsOptions::default()),
    )
    .await;
    assert_eq!(t.stages[0].class, Some(ErrorClass::Configuration));
}

struct TlsCase {
    ca_pem: String,
    port: u16,
}

/// A TLS server on 127.0.0.1 whose certificate (signed by a fresh CA) has the given
/// names and expiry, answering every request like the platform's health check.
async fn tls_server(names: &[&str], not_after: (i32, u8, u8)) -> TlsCase {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "PB Test CA");
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);

    let key = KeyPair::generate().unwrap();
    let mut params =
        CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>()).unwrap();
    params.distinguished_name.push(DnType::CommonName, names[0]);
    params.not_before = date_time_ymd(2024, 1, 1);
    params.not_after = date_time_ymd(not_after.0, not_after.1, not_after.2);
    let cert = params.signed_by(&key, &issuer).unwrap();

    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(
        vec![cert.der().clone()],
        rustls::pki_types::PrivateKeyDer::try_from(key.serialize_der()).unwrap(),
    )
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut buf = [0u8; 4096];
                let _ = tls.read(&mut buf).await;
                let body = r#"{"status":"ok","name":"tls-client"}"#;
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(response.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    TlsCase {
        ca_pem: ca_cert.pem(),
        port,
    }
}

fn check_only() -> HttpConnector {
    let mut c = generic_rest();
    // The TLS test server answers every request like the health check.
    c.operations
        .get_mut(&pb_connector::Operation::Check)
        .unwrap()
        .requests
        .truncate(1);
    c
}

#[tokio::test]
async fn tls_with_the_instance_ca_bundle_verifies_and_shows_the_certificate() {
    let s = tls_server(&["localhost"], (2099, 1, 1)).await;
    let tls = TlsOptions {
        ca_bundle_pem: Some(s.ca_pem.clone()),
        insecure_skip_verify: false,
    };
    let t = test_connection(
        &Engine::new(),
        &check_only(),
        &ctx(format!("https://localhost:{}", s.port), "k", tls),
    )
    .await;
    let stage = &t.stages[2];
    assert_eq!(
        (stage.name, stage.status),
        (StageName::Tls, StageStatus::Ok),
        "{}",
        stage.message
    );
    let cert = stage.certificate.as_ref().unwrap();
    assert_eq!(cert.sans, ["localhost"]);
    assert!(cert.issuer.contains("PB Test CA"));
    assert!(cert.days_to_expiry > 365);
    assert!(cert.protocol.starts_with("TLSv1"), "{}", cert.protocol);
    assert_eq!(
        t.stages[4].status,
        StageStatus::Ok,
        "{}",
        t.stages[4].message
    );
}

#[tokio::test]
async fn tls_failures_are_explained_with_the_presented_certificate() {
    // Not signed by a CA the instance trusts.
    let s = tls_server(&["localhost"], (2099, 1, 1)).await;
    let t = test_connection(
        &Engine::new(),
        &check_only(),
        &ctx(
            format!("https://localhost:{}", s.port),
            "k",
            TlsOptions::default(),
        ),
    )
    .await;
    let stage = &t.stages[2];
    assert_eq!(stage.status, StageStatus::Failed);
    assert_eq!(stage.class, Some(ErrorClass::Tls));
    assert!(
        stage.message.contains("not signed by a trusted CA"),
        "{}",
        stage.message
    );
    assert!(stage
        .certificate
        .as_ref()
        .unwrap()
        .issuer
        .contains("PB Test CA"));

    // Wrong host name.
    let s = tls_server(&["platform.example.com"], (2099, 1, 1)).await;
    let tls = TlsOptions {
        ca_bundle_pem: Some(s.ca_pem.clone()),
        insecure_skip_verify: false,
    };
    let t = test_connection(
        &Engine::new(),
        &check_only(),
        &ctx(format!("https://localhost:{}", s.port), "k", tls),
    )
    .await;
    assert!(
        t.stages[2].message.contains("not valid for this host name"),
        "{}",
        t.stages[2].message
    );

    // Expired.
    let s = tls_server(&["localhost"], (2025, 1, 1)).await;
    let tls = TlsOptions {
        ca_bundle_pem: Some(s.ca_pem.clone()),
        insecure_skip_verify: false,
    };
    let t = test_connection(
        &Engine::new(),
        &check_only(),
        &ctx(format!("https://localhost:{}", s.port), "k", tls),
    )
    .await;
    assert!(
        t.stages[2].message.contains("expired"),
        "{}",
        t.stages[2].message
    );
    assert!(t.stages[2].certificate.as_ref().unwrap().days_to_expiry < 0);

    // Verification switched off: a warning, and the probe runs.
    let s = tls_server(&["localhost"], (2099, 1, 1)).await;
    let tls = TlsOptions {
        ca_bundle_pem: None,
        insecure_skip_verify: true,
    };
    let t = test_connection(
        &Engine::new(),
        &check_only(),
        &ctx(format!("https://localhost:{}", s.port), "k", tls),
    )
    .await;
    assert_eq!(t.stages[2].status, StageStatus::Warning);
    assert!(t.stages[2].message.contains("NOT verified"));
    assert_eq!(
        t.stages[4].status,
        StageStatus::Ok,
        "{}",
        t.stages[4].message
    );
    assert_eq!(t.status, StageStatus::Warning);
}

#[tokio::test]
async fn certificates_expiring_soon_are_a_warning() {
    let soon = chrono_like_soon();
    let s = tls_server(&["localhost"], soon).await;
    let tls = TlsOptions {
        ca_bundle_pem: Some(s.ca_pem.clone()),
        insecure_skip_verify: false,
    };
    let t = test_connection(
        &Engine::new(),
        &check_only(),
        &ctx(format!("https://localhost:{}", s.port), "k", tls),
    )
    .await;
    assert_eq!(
        t.stages[2].status,
        StageStatus::Warning,
        "{}",
        t.stages[2].message
    );
    assert!(t.stages[2].message.contains("expires in"));
}

/// A date about 10 days from now (year, month, day), without a date library.
fn chrono_like_soon() -> (i32, u8, u8) {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        + 10 * 86_400;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}
