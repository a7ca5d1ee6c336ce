//! Joins the registry and the connector engine: which connector an instance uses,
//! and the context it runs with (endpoint, field values, secrets from the keyring).

use pb_connector::definition::Connector;
use pb_connector::tls::TlsOptions;
use pb_connector::{presets, CallContext};
use pb_secrets::SecretStore;
use pb_secrets::Sensitive;
use serde_json::{json, Map, Value};

use crate::db::Registry;
use crate::error::{RegistryError, Result};
use crate::model::{Instance, Platform};
use crate::ops::{credential_key, fetch_instance, fetch_platform, fetch_type};
use crate::queries::platform_types;

/// Secret custom fields are offered under their own key (so an auth scheme can name
/// one, e.g. `secret: servicePassword`), taking precedence over the credential.
pub(crate) fn add_field_secrets(
    secrets: &dyn SecretStore,
    service: &str,
    instance: &Instance,
    ctx: &mut CallContext,
) -> Result<()> {
    for key in &instance.secret_fields {
        let entry = crate::instance_fields::field_secret_key(service, &instance.id, key);
        if let Some(value) = secrets.get(&entry)? {
            ctx.secrets.insert(key.clone(), value);
        }
    }
    Ok(())
}

/// Built-in types whose connector is a shipped preset (named in the catalogue).
pub(crate) fn builtin_preset(type_id: &str) -> Option<&'static str> {
    crate::catalogue::builtin(type_id)
        .and_then(|t| t.preset.as_deref())
        .and_then(presets::preset)
}

fn parse(text: &str) -> Result<Connector> {
    let def = pb_connector::parse(text).map_err(|e| RegistryError::field("connector", e))?;
    Ok(def.connector)
}

impl Registry {
    /// Stores (after validating) or clears a custom type's connector definition.
    pub fn set_platform_type_connector(&self, identifier: &str, text: Option<&str>) -> Result<()> {
        if let Some(text) = text {
            parse(text)?;
        }
        let actor = self.actor();
        self.with_tx(|tx| {
            let t = fetch_type(tx, identifier)?;
            crate::ops::ensure_editable(format!("Platform type {identifier}"), &t.managed_by)?;
            if t.builtin {
                return Err(RegistryError::InUse(format!(
                    "{identifier} is a built-in platform type; define a custom type to give it your own connector"
                )));
            }
            crate::connector_versions::save(tx, &actor, identifier, text)?;
            Ok(())
        })
    }

    /// The connector text of a type: its own, or the preset of a built-in.
    pub fn platform_type_connector(&self, identifier: &str) -> Result<Option<String>> {
        let stored = self.read(|c| platform_types::connector(c, identifier))?;
        Ok(stored.or_else(|| builtin_preset(identifier).map(str::to_owned)))
    }

    /// Everything needed to call the instance's platform.
    pub fn connector_for_instance(
        &self,
        secrets: &dyn SecretStore,
        service: &str,
        instance_id: &str,
    ) -> Result<(Connector, CallContext)> {
        let (instance, platform) = self.read(|c| {
            let i = fetch_instance(c, instance_id)?;
            let p = fetch_platform(c, &i.platform_id)?;
            Ok((i, p))
        })?;
        let credential = secrets.get(&credential_key(service, instance_id))?;
        let tls = crate::instance_tls::tls_options(secrets, service, &instance)?;
        let (connector, mut ctx) = self.call_context(&platform, &instance, credential, tls)?;
        add_field_secrets(secrets, service, &instance, &mut ctx)?;
        Ok((connector, ctx))
    }

    /// The connector of the platform's type and the context to call `instance` with.
    pub(crate) fn call_context(
        &self,
        platform: &Platform,
        instance: &Instance,
        credential: Option<Sensitive<String>>,
        tls: TlsOptions,
    ) -> Result<(Connector, CallContext)> {
        let text = self
            .platform_type_connector(&platform.type_id)?
            .ok_or_else(|| {
                RegistryError::InUse(format!(
                    "platform type {} has no connector yet; define one before testing",
                    platform.type_id
                ))
            })?;
        let connector = parse(&text)?;
        let mut ctx = CallContext {
            base_url: instance.endpoint.clone(),
            tls,
            ..Default::default()
        };
        // The instance's one credential is offered under every secret name the
        // connector reads (its auth secret, or an exec connector's secretEnv names).
        if let Some(secret) = credential {
            for name in connector.secret_names() {
                ctx.secrets.insert(name.to_owned(), secret.clone());
            }
        }
        let tags: Map<String, Value> = platform
            .tags
            .iter()
            .map(|t| (t.key.clone(), Value::String(t.value.clone())))
            .collect();
        ctx.values.insert(
            "platform".into(),
            json!({"name": platform.name, "location": platform.location, "tags": tags}),
        );
        ctx.values.insert(
            "instance".into(),
            json!({"name": instance.name, "environment": instance.environment}),
        );
        let platform_type = self.read(|c| fetch_type(c, &platform.type_id))?;
        ctx.values.insert(
            "fields".into(),
            crate::custom_fields::template_values(
                &platform_type.custom_fields,
                &instance.field_values,
            ),
        );
        ctx.exec_trust =
            self.exec_trust_for(&platform.type_id, platform_type.builtin, &connector)?;
        Ok((connector, ctx))
    }

    /// What the validation suite needs besides the connector: the platform's
    /// settings and the instance's environment.
    pub fn validation_plan(&self, instance_id: &str) -> Result<pb_validation::ValidationPlan> {
        self.validation_plan_with_zone(instance_id, None)
    }

    /// [`Registry::validation_plan`] with a landing zone of the instance's platform.
    pub fn validation_plan_with_zone(
        &self,
        instance_id: &str,
        landing_zone: Option<&str>,
    ) -> Result<pb_validation::ValidationPlan> {
        let instance = self.read(|c| fetch_instance(c, instance_id))?;
        self.validation_plan_in(&instance.platform_id, &instance.environment, landing_zone)
    }

    /// The plan for a platform's instance in `environment` (also for drafts).
    pub fn validation_plan_for(
        &self,
        platform_id: &str,
        environment: &str,
    ) -> Result<pb_validation::ValidationPlan> {
        self.validation_plan_in(platform_id, environment, None)
    }

    /// The plan with a landing zone of the platform chosen: the tenant is created
    /// with the zone's quota values (the quota steps set and check those), and
    /// the zone's role mappings replace the platform's for the roles they name.
    pub fn validation_plan_in(
        &self,
        platform_id: &str,
        environment: &str,
        landing_zone: Option<&str>,
    ) -> Result<pb_validation::ValidationPlan> {
        let mut settings = self.validation_settings(platform_id)?;
        let zone = match landing_zone {
            Some(id) => {
                let zone = self.landing_zone(id)?;
                if zone.platform_id != platform_id {
                    return Err(RegistryError::field(
                        "landingZone",
                        format!("Landing zone '{id}' belongs to another platform"),
                    ));
                }
                if zone.disabled {
                    return Err(RegistryError::field(
                        "landingZone",
                        format!("Landing zone '{id}' is disabled: no tenant is created from it"),
                    ));
                }
                for q in &mut settings.quotas {
                    q.default = zone.quota_value(q);
                }
                for o in &zone.role_mappings {
                    match settings
                        .role_mappings
                        .iter_mut()
                        .find(|m| m.project_role == o.project_role)
                    {
                        Some(m) => m.platform_role = o.platform_role.clone(),
                        None => settings.role_mappings.push(o.clone()),
                    }
                }
                Some(zone.identifier)
            }
            None => None,
        };
        Ok(pb_validation::ValidationPlan {
            landing_zone: zone,
            naming: settings.naming,
            role_mappings: settings.role_mappings,
            quotas: settings.quotas,
            environment: environment.to_owned(),
            // Long enough for platforms that delete asynchronously (a Kubernetes
            // namespace finalises in seconds when empty).
            delete_wait: std::time::Duration::from_secs(30),
            strictness: settings.strictness,
            known_deviations: settings.known_deviations,
        })
    }
}
