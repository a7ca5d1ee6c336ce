//! TLS and mutual TLS against the sample platform's HTTPS listener: certificate
//! verification with the instance's CA bundle, each certificate fault explained,
//! the insecure switch, and client certificates.

use pb_connector::definition::{Auth, Connector, HttpConnector};
use pb_connector::diagnose::{test_connection, ConnectionTest, StageName, StageStatus};
use pb_connector::tls::{ClientIdentity, TlsOptions};
use pb_connector::{presets, CallContext, Engine, ErrorClass, Operation};
use pb_sample_platform::tls::{ServerCertificate, TlsSetup};
use pb_sample_platform::{AuthConfig, SamplePlatform};
use pb_secrets::Sensitive;

fn generic_rest(auth: Auth) -> HttpConnector {
    let Connector::Http(mut http) = pb_connector::parse(presets::preset("generic-rest").unwrap())
        .unwrap()
        .connector
    else {
        panic!("the generic-rest preset is an http connector")
    };
    http.auth = auth;
    http
}

fn api_key() -> Auth {
    Auth::ApiKey {
        header: Some("X-API-Key".into()),
        query: None,
        secret: "api_key".into(),
    }
}

async fn platform(certificate: ServerCertificate, require_client: bool) -> SamplePlatform {
    SamplePlatform::start_tls(
        AuthConfig::demo(),
        0,
        TlsSetup {
            certificate,
            require_client_certificate: require_client,
        },
    )
    .await
    .unwrap()
}

fn ctx(p: &SamplePlatform, tls: TlsOptions) -> CallContext {
    CallContext {
        base_url: p.base_url(),
        values: Default::default(),
        secrets: [(
            "api_key".to_string(),
            Sensitive::new("demo-api-key".to_string()),
        )]
        .into(),
        tls,
        exec_trust: Default::default(),
    }
}

fn trusting(p: &SamplePlatform) -> TlsOptions {
    TlsOptions {
        ca_bundle_pem: p.ca_pem().map(str::to_owned),
        ..Default::default()
    }
}

async fn diagnose(p: &SamplePlatform, auth: Auth, tls: TlsOptions) -> ConnectionTest {
    test_connection(&Engine::new(), &generic_rest(auth), &ctx(p, tls)).await
}

/// Runs `check` alone (not the staged test).
async fn check(p: &SamplePlatform, auth: Auth, tls: TlsOptions) -> pb_connector::OperationRun {
    Engine::new()
        .run(&generic_rest(auth), Operation::Check, &ctx(p, tls))
        .await
}

fn stage(t: &ConnectionTest, name: StageName) -> &pb_connector::diagnose::Stage {
    t.stages.iter().find(|s| s.name == name).unwrap()
}

#[tokio::test]
async fn the_instance_ca_bundle_verifies_the_platform_and_shows_its_certificate() {
    let p = platform(ServerCertificate::Valid, false).await;
    let t = diagnose(&p, api_key(), trusting(&p)).await;
    let tls = stage(&t, StageName::Tls);
    assert_eq!(tls.status, StageStatus::Ok, "{}", tls.message);
    let cert = tls.certificate.as_ref().unwrap();
    assert!(
        cert.sans.contains(&"localhost".to_string()),
        "{:?}",
        cert.sans
    );
    assert!(cert.issuer.contains("Sample Platform CA"));
    assert!(cert.days_to_expiry > 365);
    assert!(cert.protocol.starts_with("TLSv1"), "{}", cert.protocol);
    assert!(tls.detail.as_deref().unwrap().contains("issuer:"));
    assert_eq!(t.status, StageStatus::Ok, "{:?}", t.stages);
}

#[tokio::test]
async fn each_certificate_fault_is_explained_with_the_presented_certificate() {
    let cases = [
        // The system's roots do not know the platform's private CA.
        (
            ServerCertificate::Valid,
            false,
            "not signed by a trusted CA",
        ),
        (
            ServerCertificate::SelfSigned,
            true,
            "not signed by a trusted CA",
        ),
        (
            ServerCertificate::WrongHost,
            true,
            "not valid for this host name",
        ),
        (ServerCertificate::Expired, true, "has expired"),
    ];
    for (certificate, with_bundle, expected) in cases {
        let p = platform(certificate, false).await;
        let tls = if with_bundle {
            trusting(&p)
        } else {
            TlsOptions::default()
        };
        let t = diagnose(&p, api_key(), tls.clone()).await;
        let s = stage(&t, StageName::Tls);
        assert_eq!(s.status, StageStatus::Failed, "{certificate:?}");
        assert_eq!(s.class, Some(ErrorClass::Tls));
        assert!(
            s.message.contains(expected),
            "{certificate:?}: {}",
            s.message
        );
        assert!(s.remediation.as_deref().unwrap().contains("certificate"));
        // What was presented is still shown, so the administrator can compare.
        assert!(s.certificate.is_some(), "{certificate:?}");
        assert_eq!(stage(&t, StageName::Probe).status, StageStatus::Skipped);

        // An operation (not only the diagnostics) fails the same way.
        let run = check(&p, api_key(), tls).await;
        let err = run.outcome.unwrap_err();
        assert_eq!(err.class(), ErrorClass::Tls, "{certificate:?}: {err}");
        assert_eq!(err.code(), "tls_failed");
        assert!(err.to_string().contains(expected), "{err}");
        assert_eq!(run.exchanges.len(), 1, "TLS failures are not retried");
    }
}

#[tokio::test]
async fn switching_verification_off_is_a_warning_and_expiry_soon_too() {
    let p = platform(ServerCertificate::SelfSigned, false).await;
    let insecure = TlsOptions {
        insecure_skip_verify: true,
        ..Default::default()
    };
    let t = diagnose(&p, api_key(), insecure).await;
    let s = stage(&t, StageName::Tls);
    assert_eq!(s.status, StageStatus::Warning);
    assert!(s.message.contains("NOT verified"), "{}", s.message);
    assert_eq!(stage(&t, StageName::Probe).status, StageStatus::Ok);
    assert_eq!(t.status, StageStatus::Warning);

    let p = platform(ServerCertificate::ExpiringSoon, false).await;
    let t = diagnose(&p, api_key(), trusting(&p)).await;
    let s = stage(&t, StageName::Tls);
    assert_eq!(s.status, StageStatus::Warning, "{}", s.message);
    assert!(s.message.contains("expires in"), "{}", s.message);
    assert!(s.remediation.as_deref().unwrap().contains("Renew"));
}

fn identity(cert: &pb_sample_platform::tls::IssuedCertificate) -> ClientIdentity {
    ClientIdentity {
        certificate_pem: cert.certificate_pem.clone(),
        key_pem: Sensitive::new(cert.key_pem.clone()),
    }
}

#[tokio::test]
async fn a_client_certificate_authenticates_by_itself() {
    let p = platform(ServerCertificate::Valid, true).await;
    let cert = p.issue_client_certificate("team-robot").unwrap();
    let tls = TlsOptions {
        client_identity: Some(identity(&cert)),
        ..trusting(&p)
    };
    let t = diagnose(&p, Auth::MutualTls, tls.clone()).await;
    assert_eq!(t.status, StageStatus::Ok, "{:?}", t.stages);
    assert_eq!(
        stage(&t, StageName::Auth).message,
        "client certificate accepted"
    );
    let probe = stage(&t, StageName::Probe);
    assert!(
        probe.message.contains("connected as team-robot"),
        "{}",
        probe.message
    );

    // The key never shows in what is recorded or reported.
    let key_line = cert
        .key_pem
        .lines()
        .nth(1)
        .expect("a PEM body line")
        .to_owned();
    let recorded = serde_json::to_string(&t).unwrap();
    assert!(!recorded.contains(&key_line));
    assert!(!format!("{:?}", tls).contains(&key_line));
}

#[tokio::test]
async fn client_certificate_problems_are_explained() {
    let p = platform(ServerCertificate::Valid, true).await;

    // None configured, but the platform requires one.
    let t = diagnose(&p, api_key(), trusting(&p)).await;
    let auth = stage(&t, StageName::Auth);
    assert_eq!(auth.status, StageStatus::Failed, "{:?}", t.stages);
    assert_eq!(auth.class, Some(ErrorClass::Tls));
    assert!(
        auth.message.contains("requires a client certificate"),
        "{}",
        auth.message
    );

    // Issued by a CA the platform does not trust.
    let stranger = platform(ServerCertificate::Valid, false).await;
    let foreign = stranger.issue_client_certificate("stranger").unwrap();
    let tls = TlsOptions {
        client_identity: Some(identity(&foreign)),
        ..trusting(&p)
    };
    let t = diagnose(&p, Auth::MutualTls, tls).await;
    let auth = stage(&t, StageName::Auth);
    assert_eq!(auth.status, StageStatus::Failed, "{:?}", t.stages);
    assert!(
        auth.message
            .contains("rejected this instance's client certificate"),
        "{}",
        auth.message
    );

    // A key that does not belong to the certificate: refused before connecting.
    let mine = p.issue_client_certificate("mine").unwrap();
    let tls = TlsOptions {
        client_identity: Some(ClientIdentity {
            certificate_pem: mine.certificate_pem.clone(),
            key_pem: Sensitive::new(foreign.key_pem.clone()),
        }),
        ..trusting(&p)
    };
    let run = check(&p, Auth::MutualTls, tls).await;
    let err = run.outcome.unwrap_err();
    assert_eq!(err.class(), ErrorClass::Configuration, "{err}");
    assert!(err.to_string().contains("TLS settings"), "{err}");
    assert!(run.exchanges.is_empty());

    // Not PEM at all; the message does not quote it.
    let tls = TlsOptions {
        client_identity: Some(ClientIdentity {
            certificate_pem: mine.certificate_pem.clone(),
            key_pem: Sensitive::new("canary-not-a-key".into()),
        }),
        ..trusting(&p)
    };
    let run = check(&p, Auth::MutualTls, tls).await;
    let err = run.outcome.unwrap_err().to_string();
    assert!(err.contains("not a PEM private key"), "{err}");
    assert!(!err.contains("canary-not-a-key"));

    // mutual_tls auth without any client certificate configured.
    let run = check(&p, Auth::MutualTls, trusting(&p)).await;
    let err = run.outcome.unwrap_err();
    assert_eq!(err.class(), ErrorClass::Configuration);
    assert!(err.to_string().contains("client certificate"), "{err}");
}

#[tokio::test]
async fn a_client_certificate_combines_with_another_scheme() {
    // Optional client certificates: the API key authenticates, the certificate is
    // presented too, and the platform names the certificate's holder.
    let p = platform(ServerCertificate::Valid, false).await;
    let cert = p.issue_client_certificate("gateway").unwrap();
    let tls = TlsOptions {
        client_identity: Some(identity(&cert)),
        ..trusting(&p)
    };
    let run = check(&p, api_key(), tls).await;
    let outputs = run.outcome.unwrap();
    assert_eq!(outputs["identity"], "gateway");
}
