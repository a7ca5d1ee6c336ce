//! An instance's TLS: its settings become the connector's TLS options, and the
//! mutual-TLS client key is kept in the OS keyring (the certificate is public and
//! lives in SQLite; the key never does).

use pb_connector::tls::{ClientIdentity, TlsOptions};
use pb_secrets::{SecretKey, SecretStore, Sensitive};

use crate::change_snapshot::Credential;
use crate::db::{now, Registry};
use crate::error::{RegistryError, Result};
use crate::model::Instance;
use crate::ops::fetch_instance;
use crate::queries::instances;

/// The keyring entry that holds an instance's client key.
pub fn client_key_key(service: &str, instance_id: &str) -> SecretKey {
    SecretKey::new(service, format!("instance/{instance_id}/client-key"))
}

/// A PEM private key is well under this; anything larger is a mistake.
const MAX_KEY: usize = 64 * 1024;

impl Registry {
    /// Stores (or replaces) the instance's client key, after checking that it is a
    /// private key and, if the certificate is already set, that it belongs to it.
    pub fn set_client_key(
        &self,
        secrets: &dyn SecretStore,
        service: &str,
        id: &str,
        key_pem: &Sensitive<String>,
    ) -> Result<Instance> {
        let key = key_pem.expose().trim();
        if key.is_empty() {
            return Err(RegistryError::field("secret", "Paste the client key (PEM)"));
        }
        if key.len() > MAX_KEY {
            return Err(RegistryError::field(
                "secret",
                "The client key must be at most 64 KiB",
            ));
        }
        let key = Sensitive::new(format!("{key}\n"));
        let instance = self.read(|c| fetch_instance(c, id))?;
        let check = ClientIdentity {
            certificate_pem: instance
                .tls
                .client_certificate_pem
                .clone()
                .unwrap_or_default(),
            key_pem: key.clone(),
        };
        match (&instance.tls.client_certificate_pem, check.parts()) {
            // Without a certificate, `parts` fails on the certificate; check the
            // key on its own then.
            (None, _) => pb_connector::tls::check_private_key(key.expose())
                .map_err(|e| RegistryError::field("secret", capitalise(&e)))?,
            (Some(_), Err(e)) => return Err(RegistryError::field("secret", capitalise(&e))),
            (Some(_), Ok(_)) => {}
        }
        self.keyring_then_row(
            id,
            Credential::ClientKey,
            true,
            || Ok(secrets.set(&client_key_key(service, id), &key)?),
            |tx| {
                let at = now();
                instances::mark_client_key(tx, id, Some(&at), &at)
            },
        )
    }

    pub fn remove_client_key(
        &self,
        secrets: &dyn SecretStore,
        service: &str,
        id: &str,
    ) -> Result<Instance> {
        self.keyring_then_row(
            id,
            Credential::ClientKey,
            false,
            || {
                secrets
                    .delete(&client_key_key(service, id))
                    .map(drop)
                    .map_err(Into::into)
            },
            |tx| instances::mark_client_key(tx, id, None, &now()),
        )
    }
}

fn capitalise(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The connector's TLS options for an instance; the client key is read from the
/// keyring only when a client certificate is set.
pub(crate) fn tls_options(
    secrets: &dyn SecretStore,
    service: &str,
    instance: &Instance,
) -> Result<TlsOptions> {
    let tls = &instance.tls;
    let client_identity = match (&tls.client_certificate_pem, tls.client_key_configured) {
        (Some(certificate), true) => {
            secrets
                .get(&client_key_key(service, &instance.id))?
                .map(|key_pem| ClientIdentity {
                    certificate_pem: certificate.clone(),
                    key_pem,
                })
        }
        _ => None,
    };
    Ok(TlsOptions {
        ca_bundle_pem: tls.ca_bundle_pem.clone(),
        client_identity,
        insecure_skip_verify: tls.insecure_skip_verify,
    })
}
