//! IPC commands of the registry table and the wizard's data: the paged, filtered
//! registry query, locations, tag definitions, custom fields (secret values to the
//! keyring), cloning an instance, and the connector presets.

use std::sync::Arc;

use pb_connector::presets::ConnectorPreset;
use pb_registry::custom_fields::CustomField;
use pb_registry::registry_query::{RegistryFacets, RegistryPage, RegistryQuery};
use pb_registry::tag_definitions::TagDefinition;
use pb_registry::{Instance, PlatformType};
use pb_secrets::Sensitive;
use tauri::State;
use tracing::instrument;

use crate::commands::run;
use crate::context::AppContext;
use crate::error::AppError;

type Ctx<'a> = State<'a, Arc<AppContext>>;

#[tauri::command]
#[instrument(skip_all)]
pub async fn query_registry(ctx: Ctx<'_>, query: RegistryQuery) -> Result<RegistryPage, AppError> {
    run(&ctx, "query_registry", move |c| {
        Ok(c.registry()?.query_registry(&query)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all)]
pub async fn registry_facets(ctx: Ctx<'_>) -> Result<RegistryFacets, AppError> {
    run(&ctx, "registry_facets", |c| {
        Ok(c.registry()?.registry_facets()?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all)]
pub async fn list_tag_definitions(ctx: Ctx<'_>) -> Result<Vec<TagDefinition>, AppError> {
    run(&ctx, "list_tag_definitions", |c| {
        Ok(c.registry()?.list_tag_definitions()?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(key = %definition.key))]
pub async fn save_tag_definition(
    ctx: Ctx<'_>,
    definition: TagDefinition,
) -> Result<TagDefinition, AppError> {
    run(&ctx, "save_tag_definition", move |c| {
        Ok(c.registry()?.save_tag_definition(&definition)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(key = %key))]
pub async fn delete_tag_definition(ctx: Ctx<'_>, key: String) -> Result<(), AppError> {
    run(&ctx, "delete_tag_definition", move |c| {
        Ok(c.registry()?.delete_tag_definition(&key)?)
    })
    .await
}

/// The JSON Schema unsaved custom fields would be stored as: the builder's live
/// preview renders exactly what instance owners will see.
#[tauri::command]
#[instrument(skip_all)]
pub async fn custom_fields_schema(
    ctx: Ctx<'_>,
    fields: Vec<CustomField>,
) -> Result<serde_json::Value, AppError> {
    run(&ctx, "custom_fields_schema", move |_| {
        Ok(pb_registry::custom_fields::preview(&fields)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(identifier = %identifier))]
pub async fn set_platform_type_fields(
    ctx: Ctx<'_>,
    identifier: String,
    fields: Vec<CustomField>,
) -> Result<PlatformType, AppError> {
    run(&ctx, "set_platform_type_fields", move |c| {
        Ok(c.registry()?.set_custom_fields(
            c.secrets.as_ref(),
            &c.keyring_service,
            &identifier,
            &fields,
        )?)
    })
    .await
}

/// The value arrives once and goes to the keyring; the reply only lists the field
/// as set.
#[tauri::command]
#[instrument(skip_all, fields(id = %id, field = %field))]
pub async fn set_instance_field_secret(
    ctx: Ctx<'_>,
    id: String,
    field: String,
    secret: Sensitive<String>,
) -> Result<Instance, AppError> {
    run(&ctx, "set_instance_field_secret", move |c| {
        Ok(c.registry()?.set_field_secret(
            c.secrets.as_ref(),
            &c.keyring_service,
            &id,
            &field,
            &secret,
        )?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(id = %id, field = %field))]
pub async fn remove_instance_field_secret(
    ctx: Ctx<'_>,
    id: String,
    field: String,
) -> Result<Instance, AppError> {
    run(&ctx, "remove_instance_field_secret", move |c| {
        Ok(c.registry()?.remove_field_secret(
            c.secrets.as_ref(),
            &c.keyring_service,
            &id,
            &field,
        )?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all, fields(id = %id))]
pub async fn clone_instance(
    ctx: Ctx<'_>,
    id: String,
    name: String,
    environment: String,
) -> Result<Instance, AppError> {
    run(&ctx, "clone_instance", move |c| {
        Ok(c.registry()?.clone_instance(&id, &name, &environment)?)
    })
    .await
}

#[tauri::command]
#[instrument(skip_all)]
pub async fn list_connector_presets(ctx: Ctx<'_>) -> Result<Vec<ConnectorPreset>, AppError> {
    run(&ctx, "list_connector_presets", |_| {
        Ok(pb_connector::presets::list())
    })
    .await
}
