//! Tag definitions: an organisation's rules for platform tags. A defined key may
//! restrict its values to a list or a regular expression, and may be mandatory on
//! every platform. Keys without a definition stay free-form.

use crate::change_snapshot::Subject;
use crate::validate::anchored;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::{now, Registry};
use crate::error::{FieldError, RegistryError, Result};
use crate::model::Tag;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TagDefinition {
    pub key: String,
    #[serde(default)]
    pub description: String,
    /// Every platform must carry this tag.
    #[serde(default)]
    pub mandatory: bool,
    /// When not empty, the only values allowed.
    #[serde(default)]
    pub allowed_values: Vec<String>,
    /// A regular expression values must match in full.
    #[serde(default)]
    pub pattern: Option<String>,
}

fn check_definition(def: &TagDefinition) -> Result<()> {
    let mut errors = Vec::new();
    if !crate::validate::TAG_KEY.is_match(&def.key) || def.key.len() > 63 {
        errors.push(FieldError::new(
            "key",
            "Tag keys use lower-case letters, digits, '_', '.', '-' (at most 63, starting with a letter or digit)",
        ));
    }
    if def.description.chars().count() > 500 {
        errors.push(FieldError::new(
            "description",
            "Description must be at most 500 characters",
        ));
    }
    if def.allowed_values.iter().any(|v| v.trim().is_empty()) {
        errors.push(FieldError::new(
            "allowedValues",
            "Allowed values must not be empty",
        ));
    }
    if let Some(p) = &def.pattern {
        match anchored(p) {
            Err(_) => errors.push(FieldError::new("pattern", "Not a valid regular expression")),
            Ok(re) => {
                if let Some(v) = def.allowed_values.iter().find(|v| !re.is_match(v)) {
                    errors.push(FieldError::new(
                        "allowedValues",
                        format!("The allowed value {v:?} does not match the pattern"),
                    ));
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(RegistryError::Validation(errors))
    }
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<TagDefinition>> {
    let mut stmt = conn.prepare(
        "SELECT key, description, mandatory, allowed_values, pattern FROM tag_definitions
          ORDER BY key",
    )?;
    let rows = stmt.query_map([], |r| {
        let allowed: String = r.get(3)?;
        Ok(TagDefinition {
            key: r.get(0)?,
            description: r.get(1)?,
            mandatory: r.get(2)?,
            allowed_values: serde_json::from_str(&allowed).unwrap_or_default(),
            pattern: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Checks a platform's tags against the definitions, as `tags.N.value` / `tags`.
pub(crate) fn check_tags(conn: &Connection, tags: &[Tag]) -> Result<()> {
    let defs = list(conn)?;
    let mut errors = Vec::new();
    for (i, tag) in tags.iter().enumerate() {
        let Some(def) = defs.iter().find(|d| d.key == tag.key) else {
            continue;
        };
        if !def.allowed_values.is_empty() && !def.allowed_values.contains(&tag.value) {
            errors.push(FieldError::new(
                &format!("tags.{i}.value"),
                format!(
                    "{} must be one of: {}",
                    def.key,
                    def.allowed_values.join(", ")
                ),
            ));
        } else if let Some(Ok(re)) = def.pattern.as_deref().map(anchored) {
            if !re.is_match(&tag.value) {
                errors.push(FieldError::new(
                    &format!("tags.{i}.value"),
                    format!(
                        "{} must match {}",
                        def.key,
                        def.pattern.as_deref().unwrap_or_default()
                    ),
                ));
            }
        }
    }
    for def in defs.iter().filter(|d| d.mandatory) {
        if !tags.iter().any(|t| t.key == def.key) {
            errors.push(FieldError::new(
                "tags",
                format!("The tag {} is mandatory on every platform", def.key),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(RegistryError::Validation(errors))
    }
}

impl Registry {
    pub fn list_tag_definitions(&self) -> Result<Vec<TagDefinition>> {
        self.read(list)
    }

    /// Creates or replaces the definition of its key. Existing platforms are not
    /// re-checked: a new rule applies when a platform is next saved.
    pub fn save_tag_definition(&self, def: &TagDefinition) -> Result<TagDefinition> {
        let def = TagDefinition {
            key: def.key.trim().to_owned(),
            description: def.description.trim().to_owned(),
            mandatory: def.mandatory,
            allowed_values: def
                .allowed_values
                .iter()
                .map(|v| v.trim().to_owned())
                .collect(),
            pattern: crate::validate::optional(&def.pattern),
        };
        check_definition(&def)?;
        self.with_change(Subject::TagDefinition(&def.key), |tx| {
            tx.execute(
                "INSERT INTO tag_definitions (key, description, mandatory, allowed_values, pattern, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (key) DO UPDATE SET description = ?2, mandatory = ?3,
                    allowed_values = ?4, pattern = ?5, updated_at = ?6",
                params![
                    def.key,
                    def.description,
                    def.mandatory,
                    serde_json::to_string(&def.allowed_values).expect("strings serialize"),
                    def.pattern,
                    now()
                ],
            )?;
            Ok(())
        })?;
        tracing::info!(key = %def.key, "tag definition saved");
        Ok(def)
    }

    pub fn delete_tag_definition(&self, key: &str) -> Result<()> {
        let n = self.with_change(Subject::TagDefinition(key), |tx| {
            Ok(tx.execute("DELETE FROM tag_definitions WHERE key = ?1", [key])?)
        })?;
        if n == 0 {
            return Err(RegistryError::NotFound {
                what: "tag definition",
                id: key.to_owned(),
            });
        }
        tracing::info!(key, "tag definition deleted");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(key: &str, value: &str) -> Tag {
        Tag {
            key: key.into(),
            value: value.into(),
        }
    }

    #[test]
    fn definitions_restrict_values_and_require_keys() {
        let reg = Registry::open_in_memory().unwrap();
        reg.save_tag_definition(&TagDefinition {
            key: "cost-center".into(),
            description: "Who pays".into(),
            mandatory: true,
            allowed_values: vec![],
            pattern: Some("CC-[0-9]{4}".into()),
        })
        .unwrap();
        reg.save_tag_definition(&TagDefinition {
            key: "tier".into(),
            description: String::new(),
            mandatory: false,
            allowed_values: vec!["gold".into(), "silver".into()],
            pattern: None,
        })
        .unwrap();
        reg.read(|c| {
            check_tags(
                c,
                &[
                    tag("cost-center", "CC-1234"),
                    tag("tier", "gold"),
                    tag("free", "x"),
                ],
            )?;
            let err =
                check_tags(c, &[tag("cost-center", "12"), tag("tier", "bronze")]).unwrap_err();
            let fields: Vec<&str> = err
                .field_errors()
                .iter()
                .map(|e| e.field.as_str())
                .collect();
            assert_eq!(fields, ["tags.0.value", "tags.1.value"]);
            let err = check_tags(c, &[]).unwrap_err();
            assert!(err.field_errors()[0]
                .message
                .contains("cost-center is mandatory"));
            Ok(())
        })
        .unwrap();
        assert_eq!(reg.list_tag_definitions().unwrap().len(), 2);
        reg.delete_tag_definition("tier").unwrap();
        assert!(matches!(
            reg.delete_tag_definition("tier"),
            Err(RegistryError::NotFound { .. })
        ));
    }

    #[test]
    fn bad_definitions_are_refused() {
        let reg = Registry::open_in_memory().unwrap();
        let err = reg
            .save_tag_definition(&TagDefinition {
                key: "Bad Key".into(),
                description: String::new(),
                mandatory: false,
                allowed_values: vec!["x".into()],
                pattern: Some("[0-9]+".into()),
            })
            .unwrap_err();
        let fields: Vec<&str> = err
            .field_errors()
            .iter()
            .map(|e| e.field.as_str())
            .collect();
        assert_eq!(fields, ["key", "allowedValues"]);
        assert!(reg.list_tag_definitions().unwrap().is_empty());
    }
}
