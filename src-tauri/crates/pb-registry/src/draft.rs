//! Testing an instance that is not saved yet: the administrator's form values
//! (endpoint, environment, TLS settings) with the secrets already stored for the
//! saved instance looked up by its id, so a stored secret is never re-typed and the
//! UI never sends a mask back as a secret. A secret typed in the form (not saved
//! yet) is used instead when given.

use pb_connector::definition::Connector;
use pb_connector::tls::{ClientIdentity, TlsOptions};
use pb_connector::CallContext;
use pb_secrets::{SecretStore, Sensitive};
use serde::Deserialize;
use ts_rs::TS;

use crate::db::Registry;
use crate::error::{RegistryError, Result};
use crate::instance_tls::client_key_key;
use crate::model::{CredentialStatus, Instance, InstanceInput, InstanceTls};
use crate::ops::{credential_key, fetch_instance, fetch_platform, normalize_instance};

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DraftInstance {
    pub platform_id: String,
    /// The saved instance being edited, whose stored secrets are used.
    #[serde(default)]
    pub instance_id: Option<String>,
    pub input: InstanceInput,
    /// A credential typed in the form and not stored yet.
    #[serde(default)]
    #[ts(type = "string | null")]
    pub secret: Option<Sensitive<String>>,
}

impl Registry {
    pub fn connector_for_draft(
        &self,
        secrets: &dyn SecretStore,
        service: &str,
        draft: &DraftInstance,
    ) -> Result<(Connector, CallContext)> {
        let input = normalize_instance(&draft.input);
        crate::validate::instance(&input)?;
        let (platform, saved) = self.read(|c| {
            let platform = fetch_platform(c, &draft.platform_id)?;
            let saved = match &draft.instance_id {
                Some(id) => Some(fetch_instance(c, id)?),
                None => None,
            };
            // The stored secrets of an instance go only to its own platform.
            if saved.as_ref().is_some_and(|i| i.platform_id != platform.id) {
                return Err(RegistryError::field(
                    "instanceId",
                    "This instance belongs to another platform; its stored secrets are not used here",
                ));
            }
            Ok((platform, saved))
        })?;
        // TLS settings from the form, or the saved ones when the form sends none.
        let tls = match (&input.tls, &saved) {
            (Some(t), _) => InstanceTls {
                ca_bundle_pem: t.ca_bundle_pem.clone(),
                client_certificate_pem: t.client_certificate_pem.clone(),
                insecure_skip_verify: t.insecure_skip_verify,
                ..Default::default()
            },
            (None, Some(s)) => s.tls.clone(),
            (None, None) => InstanceTls::default(),
        };
        let stored = |key: pb_secrets::SecretKey| -> Result<Option<Sensitive<String>>> {
            Ok(match &saved {
                Some(_) => secrets.get(&key)?,
                None => None,
            })
        };
        let id = draft.instance_id.clone().unwrap_or_default();
        let credential = match &draft.secret {
            Some(typed) => Some(typed.clone()),
            None => stored(credential_key(service, &id))?,
        };
        let client_identity = match &tls.client_certificate_pem {
            Some(certificate) => {
                stored(client_key_key(service, &id))?.map(|key_pem| ClientIdentity {
                    certificate_pem: certificate.clone(),
                    key_pem,
                })
            }
            None => None,
        };
        let instance = Instance {
            id,
            platform_id: platform.id.clone(),
            name: input.name.clone(),
            environment: input.environment.clone(),
            endpoint: input.endpoint.clone(),
            credential: CredentialStatus {
                configured: credential.is_some(),
                version: 0,
                updated_at: None,
                problem: None,
            },
            tls: tls.clone(),
            validation: None,
            connector_version: None,
            field_values: input
                .field_values
                .clone()
                .or_else(|| saved.as_ref().map(|s| s.field_values.clone()))
                .unwrap_or_default(),
            secret_fields: saved
                .as_ref()
                .map(|s| s.secret_fields.clone())
                .unwrap_or_default(),
            secret_problems: Default::default(),
            last_test: None,
            created_at: String::new(),
            updated_at: String::new(),
            managed_by: None,
        };
        let options = TlsOptions {
            ca_bundle_pem: tls.ca_bundle_pem,
            client_identity,
            insecure_skip_verify: tls.insecure_skip_verify,
        };
        let (connector, mut ctx) = self.call_context(&platform, &instance, credential, options)?;
        if saved.is_some() {
            crate::integration::add_field_secrets(secrets, service, &instance, &mut ctx)?;
        }
        Ok((connector, ctx))
    }
}
