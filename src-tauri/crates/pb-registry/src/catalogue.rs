//! The built-in platform-type catalogue, shipped as data (catalogue/builtin-types.json)
//! so adding a type is a data change, not a code change.

use rusqlite::{params, Transaction};
use serde::Deserialize;

use crate::error::Result;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BuiltinType {
    pub identifier: String,
    pub display_name: String,
    pub description: String,
    pub icon: String,
    pub default_endpoint: Option<String>,
    /// The fields the type's shipped connector reads (`{{ fields.<key> }}`), e.g.
    /// OpenStack's domain; every instance fills them in.
    #[serde(default)]
    pub custom_fields: Vec<crate::custom_fields::CustomField>,
    /// The shipped preset, when one connects this type.
    #[serde(default)]
    pub preset: Option<String>,
    /// The real server the preset's whole validation suite passes against in
    /// `make test`; `None` for a type with no preset proven yet.
    #[serde(default)]
    pub proven_against: Option<String>,
}

/// The built-in type `identifier`, if it is one.
pub fn builtin(identifier: &str) -> Option<&'static BuiltinType> {
    builtin_types().iter().find(|t| t.identifier == identifier)
}

const CATALOGUE: &str = include_str!("../catalogue/builtin-types.json");

/// Parsed once per process: it is consulted on every open and every custom-type
/// create.
static BUILTIN: std::sync::LazyLock<Vec<BuiltinType>> = std::sync::LazyLock::new(|| {
    // The file is part of the build and covered by a test, so a parse failure is a
    // packaging bug, not user input.
    serde_json::from_str(CATALOGUE).expect("catalogue/builtin-types.json is valid")
});

pub fn builtin_types() -> &'static [BuiltinType] {
    &BUILTIN
}

pub fn is_builtin(identifier: &str) -> bool {
    builtin_types().iter().any(|t| t.identifier == identifier)
}

/// Inserts or refreshes the built-in types, so a new release's catalogue reaches
/// existing databases. Custom types are never touched.
pub fn sync(tx: &Transaction<'_>, now: &str) -> Result<()> {
    let mut stmt = tx.prepare(
        "INSERT INTO platform_types
            (identifier, display_name, description, icon, default_endpoint, builtin, created_at, updated_at, config_schema)
         VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?6, ?7)
         ON CONFLICT(identifier) DO UPDATE SET
            display_name = excluded.display_name,
            description = excluded.description,
            icon = excluded.icon,
            default_endpoint = excluded.default_endpoint,
            config_schema = excluded.config_schema
         WHERE builtin = 1
           AND (display_name, description, icon, default_endpoint, config_schema)
               IS NOT (excluded.display_name, excluded.description, excluded.icon, excluded.default_endpoint, excluded.config_schema)",
    )?;
    for t in builtin_types() {
        // A built-in without fields keeps NULL, as before fields were shipped.
        let schema = (!t.custom_fields.is_empty())
            .then(|| crate::custom_fields::to_schema(&t.custom_fields).to_string());
        stmt.execute(params![
            t.identifier,
            t.display_name,
            t.description,
            t.icon,
            t.default_endpoint,
            now,
            schema
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PlatformTypeInput;
    use crate::validate;

    #[test]
    fn catalogue_has_the_nine_product_types_and_each_is_valid() {
        let types = builtin_types();
        let ids: Vec<_> = types.iter().map(|t| t.identifier.as_str()).collect();
        assert_eq!(
            ids,
            [
                "AWS",
                "AZURE",
                "GCP",
                "KUBERNETES",
                "OPENSHIFT",
                "CLOUD-FOUNDRY",
                "OPENSTACK",
                "SCIM2",
                "GENERIC-REST"
            ]
        );
        for t in types {
            validate::platform_type(&PlatformTypeInput {
                identifier: t.identifier.clone(),
                display_name: t.display_name.clone(),
                description: t.description.clone(),
                icon: t.icon.clone(),
                default_endpoint: t.default_endpoint.clone(),
            })
            .unwrap_or_else(|e| panic!("{}: {e}", t.identifier));
            crate::custom_fields::check_definitions(&t.custom_fields)
                .unwrap_or_else(|e| panic!("{} fields: {e:?}", t.identifier));
            if let Some(preset) = &t.preset {
                let text = pb_connector::presets::preset(preset)
                    .unwrap_or_else(|| panic!("{}: no preset {preset}", t.identifier));
                pb_connector::parse(text).unwrap_or_else(|e| panic!("{preset}: {e}"));
            }
            // Only a type with a preset can claim one was proven.
            assert!(
                t.proven_against.is_none() || t.preset.is_some(),
                "{}",
                t.identifier
            );
        }
    }
}
