//! Records the window tests start from, written to the registry before the app
//! starts: an instance on the sample platform, ready to validate.

use std::time::Duration;

use pb_registry::{InstanceInput, Registry};
use pb_secrets::{KeyringStore, SecretKey, SecretStore, Sensitive};

use crate::KEYRING_SERVICE;

pub fn keyring() -> KeyringStore {
    KeyringStore::new(KEYRING_SERVICE, Duration::from_secs(10))
}

/// Instance `sample-dev` (environment dev) of the platform at `url`, the sample
/// platform's demo key in the real keyring and the role mapping its users need
/// (member → developer); the instance's id.
pub fn sample_instance(reg: &Registry, platform_id: &str, url: &str) -> String {
    let instance = reg
        .create_instance(
            platform_id,
            &InstanceInput {
                name: "sample-dev".into(),
                environment: "dev".into(),
                endpoint: url.into(),
                ..Default::default()
            },
        )
        .unwrap();
    let mut settings = reg.validation_settings(platform_id).unwrap();
    settings.role_mappings = serde_json::from_value(serde_json::json!([
        {"projectRole": "member", "platformRole": "developer"}
    ]))
    .unwrap();
    reg.set_validation_settings(platform_id, &settings).unwrap();
    reg.set_credential(
        &keyring(),
        KEYRING_SERVICE,
        &instance.id,
        &Sensitive::new("demo-api-key".to_owned()),
    )
    .unwrap();
    instance.id
}

/// Removes the credential `sample_instance` stored.
pub fn forget_credential(instance_id: &str) {
    let key = SecretKey::new(
        KEYRING_SERVICE,
        format!("instance/{instance_id}/credential"),
    );
    keyring().delete(&key).unwrap();
}
