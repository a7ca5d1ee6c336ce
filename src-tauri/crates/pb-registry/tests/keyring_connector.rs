//! A connector call whose credential comes from the real OS keyring (run inside
//! `.ci/session.sh`, as `make test` does): stored through the registry, read back at
//! call time, sent to the sample platform on 127.0.0.1, and accepted.

use std::time::Duration;

use pb_connector::{Engine, Operation};
use pb_registry::{InstanceInput, PlatformInput, PlatformTypeInput, Registry};
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
