//! A connector call whose credential comes from the real OS keyring (run inside
//! `.ci/session.sh`, as `make test` does): stored through the registry, read back at
//! call time, sent to the sample platform on 127.0.0.1, and accepted.

use std::time::Duration;

use pb_connector::{Engine, Operation};
use pb_registry::{InstanceInput, InstanceTlsInput, PlatformInput, PlatformTypeInput, Registry};
use pb_sample_platform::{AuthConfig, SamplePlatform};
use pb_secrets::{KeyringStore, SecretStore};

const SERVICE: &str = "dev.platformbuilder.app.tests";

#[tokio::test(flavor = "multi_thread")]
async fn a_credential_from_the_real_keyring_authenticates_a_connector() {
    let sample = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let keyring = KeyringStore::new(SERVICE, Duration::from_secs(10));
    let dir = tempfile::tempdir().unwrap();
    let reg = Registry::open(&dir.path().join("registry.db")).unwrap();

    reg.create_platform_type(&PlatformTypeInput {
        identifier: "SAMPLE".into(),
        display_name: "Sample".into(),
        icon: "api".into(),
        ..Default::default()
    })
    .unwrap();
    let preset = pb_connector::presets::preset("generic-rest").unwrap();
    reg.set_platform_type_connector("SAMPLE", Some(preset))
        .unwrap();
    let platform = reg
        .create_platform(&PlatformInput {
            name: "Sample".into(),
            type_id: "SAMPLE".into(),
            ..Default::default()
        })
        .unwrap();
    let instance = reg
        .create_instance(
            &platform.id,
            &InstanceInput {
                name: "dev".into(),
                environment: "dev".into(),
                endpoint: sample.base_url(),
                tls: None,
                field_values: None,
            },
        )
        .unwrap();
    reg.set_credential(&keyring, SERVICE, &instance.id, &"demo-api-key".into())
        .unwrap();

    let (connector, ctx) = reg
        .connector_for_instance(&keyring, SERVICE, &instance.id)
        .unwrap();
    let run = Engine::new()
        .run_connector(&connector, Operation::Check, &ctx)
        .await;
    let outputs = run.outcome.unwrap();
    assert_eq!(outputs["identity"], "api-key-client");

    reg.delete_instance(&keyring, SERVICE, &instance.id)
        .unwrap();
    assert!(keyring
        .get(&pb_registry::ops::credential_key(SERVICE, &instance.id))
        .unwrap()
        .is_none());
}

/// Mutual TLS end to end: the instance's CA bundle and client certificate in
/// SQLite, its client key in the real keyring, the sample platform requiring a
/// client certificate. The key never reaches the database file.
#[tokio::test(flavor = "multi_thread")]
async fn mutual_tls_with_a_client_key_from_the_real_keyring() {
    use pb_sample_platform::tls::{ServerCertificate, TlsSetup};
    let sample = SamplePlatform::start_tls(
        AuthConfig::demo(),
        0,
        TlsSetup {
            certificate: ServerCertificate::Valid,
            require_client_certificate: true,
        },
    )
    .await
    .unwrap();
    let issued = sample.issue_client_certificate("payments-robot").unwrap();
    let keyring = KeyringStore::new(SERVICE, Duration::from_secs(10));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    let reg = Registry::open(&db).unwrap();
    reg.create_platform_type(&PlatformTypeInput {
        identifier: "MTLS".into(),
        display_name: "mTLS platform".into(),
        icon: "api".into(),
        ..Default::default()
    })
    .unwrap();
    let connector = pb_connector::presets::preset("generic-rest")
        .unwrap()
        .replace(
            "type: api_key\n  header: X-API-Key\n  secret: api_key",
            "type: mutual_tls",
        );
    assert!(connector.contains("type: mutual_tls"));
    reg.set_platform_type_connector("MTLS", Some(&connector))
        .unwrap();
    let platform = reg
        .create_platform(&PlatformInput {
            name: "mTLS".into(),
            type_id: "MTLS".into(),
            ..Default::default()
        })
        .unwrap();
    let mut input = InstanceInput {
        name: "prod".into(),
        environment: "prod".into(),
        endpoint: sample.base_url(),
        tls: Some(InstanceTlsInput {
            ca_bundle_pem: Some(issued.key_pem.clone()),
            client_certificate_pem: Some("not a certificate".into()),
            insecure_skip_verify: false,
        }),
        field_values: None,
    };
    // A private key pasted into a certificate field is refused (and so never
    // stored in SQLite); so is text that is not PEM.
    let err = reg.create_instance(&platform.id, &input).unwrap_err();
    let fields: Vec<(String, String)> = err
        .field_errors()
        .iter()
        .map(|f| (f.field.clone(), f.message.clone()))
        .collect();
    assert_eq!(fields.len(), 2, "{fields:?}");
    assert_eq!(fields[0].0, "tls.caBundlePem");
    assert!(fields[0].1.contains("contains a private key"), "{fields:?}");
    assert_eq!(fields[1].0, "tls.clientCertificatePem");
    assert!(fields[1].1.contains("no certificate"), "{fields:?}");

    input.tls = Some(InstanceTlsInput {
        ca_bundle_pem: sample.ca_pem().map(str::to_owned),
        client_certificate_pem: Some(issued.certificate_pem.clone()),
        insecure_skip_verify: false,
    });
    let instance = reg.create_instance(&platform.id, &input).unwrap();
    assert!(!instance.tls.client_key_configured);

    // Without the key: a configuration error naming the client certificate.
    let (connector, ctx) = reg
        .connector_for_instance(&keyring, SERVICE, &instance.id)
        .unwrap();
    let err = Engine::new()
        .run_connector(&connector, Operation::Check, &ctx)
        .await
        .outcome
        .unwrap_err();
    assert!(err.to_string().contains("client certificate"), "{err}");

    // A key of another certificate is refused before it is stored.
    let other = sample.issue_client_certificate("other").unwrap();
    let err = reg
        .set_client_key(
            &keyring,
            SERVICE,
            &instance.id,
            &other.key_pem.clone().into(),
        )
        .unwrap_err();
    assert!(
        err.field_errors()[0].message.contains("does not belong"),
        "{err}"
    );

    let updated = reg
        .set_client_key(
            &keyring,
            SERVICE,
            &instance.id,
            &issued.key_pem.clone().into(),
        )
        .unwrap();
    assert!(updated.tls.client_key_configured);
    let (connector, ctx) = reg
        .connector_for_instance(&keyring, SERVICE, &instance.id)
        .unwrap();
    let outputs = Engine::new()
        .run_connector(&connector, Operation::Check, &ctx)
        .await
        .outcome
        .unwrap();
    assert_eq!(outputs["identity"], "payments-robot");

    // Updating the instance without TLS settings keeps them.
    input.tls = None;
    input.name = "production".into();
    let kept = reg.update_instance(&instance.id, &input).unwrap();
    assert_eq!(kept.tls.ca_bundle_pem.as_deref(), sample.ca_pem());
    assert!(kept.tls.client_key_configured);

    // The key is in the keyring, and nowhere in the database files (WAL included).
    let key_body = issued.key_pem.lines().nth(1).unwrap().to_owned();
    drop(reg);
    for file in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(file.unwrap().path()).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains(&key_body));
    }
    let reg = Registry::open(&db).unwrap();
    let entry = pb_registry::instance_tls::client_key_key(SERVICE, &instance.id);
    assert!(keyring.get(&entry).unwrap().is_some());

    reg.delete_instance(&keyring, SERVICE, &instance.id)
        .unwrap();
    assert!(keyring.get(&entry).unwrap().is_none());
}
