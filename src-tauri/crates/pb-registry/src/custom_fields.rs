//! Custom fields: the configuration a platform type asks of each instance (a
//! project id, a region, a service account...). The administrator builds them as a
//! list of typed fields; they are stored as a JSON Schema (what the UI renders the
//! instance form from) and read back from it, and both the definitions and every
//! instance's values are checked here, so a hand-edited schema or a UI bug cannot
//! store something the form would not accept.
//!
//! Secret fields are write-only: their values live in the OS keyring, never in the
//! schema (no default) or in the instance's stored values.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::validate::anchored;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use ts_rs::TS;

use crate::error::{FieldError, RegistryError, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FieldKind {
    Text,
    Number,
    Boolean,
    Url,
    Email,
    /// One of `options`.
    Choice,
    /// Any of `options`.
    MultiChoice,
    /// A list of free texts.
    List,
    /// A JSON document (stored as text, given to templates parsed).
    Json,
    /// Write-only; kept in the OS keyring.
    Secret,
}

impl FieldKind {
    fn as_str(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Number => "number",
            FieldKind::Boolean => "boolean",
            FieldKind::Url => "url",
            FieldKind::Email => "email",
            FieldKind::Choice => "choice",
            FieldKind::MultiChoice => "multi_choice",
            FieldKind::List => "list",
            FieldKind::Json => "json",
            FieldKind::Secret => "secret",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        serde_json::from_value(Value::String(s.to_owned())).ok()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomField {
    /// Template name: `{{ fields.<key> }}`. `[a-z][a-zA-Z0-9_]*`.
    pub key: String,
    pub label: String,
    #[serde(default)]
    pub help: String,
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
    /// Pre-filled value of a new instance (never for secrets).
    #[serde(default)]
    #[ts(type = "unknown")]
    pub default: Option<Value>,
    /// A regular expression a text (or each list item) must match in full.
    #[serde(default)]
    pub pattern: Option<String>,
    /// Number: smallest value. Text: shortest length. Lists: fewest items.
    #[serde(default)]
    pub min: Option<f64>,
    /// Number: largest value. Text: longest length. Lists: most items.
    #[serde(default)]
    pub max: Option<f64>,
    /// The choices of `choice` and `multi_choice`.
    #[serde(default)]
    pub options: Vec<String>,
}

/// Far more than a platform needs; keeps the instance form usable.
const MAX_FIELDS: usize = 100;
static KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z][a-zA-Z0-9_]{0,62}$").expect("valid regex"));
static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[^@\s]+@[^@\s]+\.[^@\s]+$").expect("valid regex"));

/// Trims what the administrator typed; an empty pattern means none.
pub fn normalize(fields: &[CustomField]) -> Vec<CustomField> {
    fields
        .iter()
        .map(|f| CustomField {
            key: f.key.trim().to_owned(),
            label: f.label.trim().to_owned(),
            help: f.help.trim().to_owned(),
            pattern: crate::validate::optional(&f.pattern),
            options: f.options.iter().map(|o| o.trim().to_owned()).collect(),
            ..f.clone()
        })
        .collect()
}

/// The schema unsaved fields would be stored as (the builder's live preview), or
/// the same field errors saving would give.
pub fn preview(fields: &[CustomField]) -> Result<Value> {
    let fields = normalize(fields);
    check_definitions(&fields)?;
    Ok(to_schema(&fields))
}

/// Checks the definitions: unique keys, sensible constraints, defaults that the
/// field itself would accept. All problems at once, as `fields.N.<attribute>`.
pub fn check_definitions(fields: &[CustomField]) -> Result<()> {
    let mut errors = Vec::new();
    let mut fail = |f: String, m: String| errors.push(FieldError::new(&f, m));
    if fields.len() > MAX_FIELDS {
        fail(
            "fields".into(),
            format!("At most {MAX_FIELDS} custom fields"),
        );
    }
    let mut seen = HashSet::new();
    for (i, field) in fields.iter().enumerate() {
        let at = |attr: &str| format!("fields.{i}.{attr}");
        if !KEY.is_match(&field.key) {
            fail(at("key"), "Key must start with a lower-case letter and use only letters, digits and _ (at most 63)".into());
        } else if !seen.insert(field.key.as_str()) {
            fail(
                at("key"),
                format!("Another field already uses the key {}", field.key),
            );
        }
        let label = field.label.trim().chars().count();
        if label == 0 {
            fail(at("label"), "Label is required".into());
        } else if label > 80 {
            fail(at("label"), "Label must be at most 80 characters".into());
        }
        if field.help.chars().count() > 500 {
            fail(
                at("help"),
                "Help text must be at most 500 characters".into(),
            );
        }
        if let Some(p) = &field.pattern {
            if let Err(e) = anchored(p) {
                // The regex crate's last line names the problem ("error: unclosed group").
                let last = e.to_string();
                let last = last.lines().last().unwrap_or_default().trim();
                let first = last.strip_prefix("error: ").unwrap_or(last).to_owned();
                fail(
                    at("pattern"),
                    format!("Not a valid regular expression: {first}"),
                );
            }
        }
        if let (Some(min), Some(max)) = (field.min, field.max) {
            if min > max {
                fail(at("max"), "Maximum must not be below the minimum".into());
            }
        }
        let non_negative = !matches!(field.kind, FieldKind::Number);
        for (name, v) in [("min", field.min), ("max", field.max)] {
            if v.is_some_and(|v| !v.is_finite() || (non_negative && (v < 0.0 || v.fract() != 0.0)))
            {
                fail(at(name), "Must be a whole number, 0 or more".into());
            }
        }
        match field.kind {
            FieldKind::Choice | FieldKind::MultiChoice => {
                if field.options.is_empty() {
                    fail(at("options"), "Add at least one choice".into());
                }
                let mut uniq = HashSet::new();
                for o in &field.options {
                    if o.trim().is_empty() {
                        fail(at("options"), "Choices must not be empty".into());
                    } else if !uniq.insert(o.as_str()) {
                        fail(at("options"), format!("The choice {o} is listed twice"));
                    }
                }
            }
            _ if !field.options.is_empty() => {
                fail(at("options"), "Only choice fields have choices".into());
            }
            _ => {}
        }
        match (&field.default, field.kind) {
            (Some(_), FieldKind::Secret) => {
                fail(
                    at("default"),
                    "A secret field cannot have a default value".into(),
                );
            }
            (Some(d), _) if !d.is_null() => {
                if let Err(m) = check_value(field, d) {
                    fail(at("default"), format!("Default value: {m}"));
                }
            }
            _ => {}
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(RegistryError::Validation(errors))
    }
}

fn count_ok(field: &CustomField, n: usize, what: &str) -> std::result::Result<(), String> {
    if let Some(min) = field.min.filter(|m| (n as f64) < *m) {
        return Err(format!("needs at least {min} {what}"));
    }
    if let Some(max) = field.max.filter(|m| (n as f64) > *m) {
        return Err(format!("allows at most {max} {what}"));
    }
    Ok(())
}

fn matches_pattern(field: &CustomField, s: &str) -> std::result::Result<(), String> {
    match field.pattern.as_deref().map(anchored) {
        Some(Ok(re)) if !re.is_match(s) => Err(format!(
            "{s:?} does not match the pattern {}",
            field.pattern.as_deref().unwrap_or_default()
        )),
        _ => Ok(()),
    }
}

/// Whether one value fits its field; the message reads after the field's label.
fn check_value(field: &CustomField, value: &Value) -> std::result::Result<(), String> {
    let text = || value.as_str().ok_or_else(|| "must be text".to_owned());
    match field.kind {
        FieldKind::Text => {
            let s = text()?;
            count_ok(field, s.chars().count(), "characters")?;
            matches_pattern(field, s)
        }
        FieldKind::Number => {
            let n = value.as_f64().ok_or("must be a number")?;
            if field.min.is_some_and(|m| n < m) || field.max.is_some_and(|m| n > m) {
                return Err(match (field.min, field.max) {
                    (Some(a), Some(b)) => format!("must be between {a} and {b}"),
                    (Some(a), None) => format!("must be at least {a}"),
                    (_, Some(b)) => format!("must be at most {b}"),
                    _ => unreachable!("a bound was violated"),
                });
            }
            Ok(())
        }
        FieldKind::Boolean => value
            .as_bool()
            .map(|_| ())
            .ok_or("must be yes or no".into()),
        FieldKind::Url => {
            let s = text()?;
            match url::Url::parse(s) {
                Ok(u) if matches!(u.scheme(), "http" | "https") && u.has_host() => {
                    matches_pattern(field, s)
                }
                _ => Err("must be an http(s) address such as https://example.com".into()),
            }
        }
        FieldKind::Email => {
            let s = text()?;
            if EMAIL.is_match(s) {
                matches_pattern(field, s)
            } else {
                Err("must be an email address such as team@example.com".into())
            }
        }
        FieldKind::Choice => {
            let s = text()?;
            if field.options.iter().any(|o| o == s) {
                Ok(())
            } else {
                Err(format!("must be one of: {}", field.options.join(", ")))
            }
        }
        FieldKind::MultiChoice | FieldKind::List => {
            let items = value.as_array().ok_or("must be a list")?;
            count_ok(field, items.len(), "items")?;
            let mut seen = HashSet::new();
            for item in items {
                let s = item.as_str().ok_or("must be a list of texts")?;
                if field.kind == FieldKind::MultiChoice {
                    if !field.options.iter().any(|o| o == s) {
                        return Err(format!("{s:?} is not one of: {}", field.options.join(", ")));
                    }
                    if !seen.insert(s) {
                        return Err(format!("{s:?} is chosen twice"));
                    }
                } else {
                    matches_pattern(field, s)?;
                }
            }
            Ok(())
        }
        FieldKind::Json => serde_json::from_str::<Value>(text()?)
            .map(|_| ())
            .map_err(|e| format!("is not valid JSON ({e})")),
        FieldKind::Secret => Err("is a secret: set it with Replace, not as a value".into()),
    }
}

/// Checks an instance's values against its type's fields, as `fieldValues.<key>`.
/// Empty values ("", null, []) count as absent. Secret fields are never values.
pub fn check_values(fields: &[CustomField], values: &Map<String, Value>) -> Result<()> {
    let mut errors = Vec::new();
    for (key, value) in values {
        let Some(field) = fields.iter().find(|f| &f.key == key) else {
            errors.push(FieldError::new(
                &format!("fieldValues.{key}"),
                format!("{key} is not a custom field of this platform type"),
            ));
            continue;
        };
        if is_empty(value) && field.kind != FieldKind::Secret {
            continue;
        }
        if let Err(m) = check_value(field, value) {
            errors.push(FieldError::new(
                &format!("fieldValues.{key}"),
                format!("{} {m}", field.label),
            ));
        }
    }
    for field in fields {
        let given = values.get(&field.key).is_some_and(|v| !is_empty(v));
        if field.required && field.kind != FieldKind::Secret && !given {
            errors.push(FieldError::new(
                &format!("fieldValues.{}", field.key),
                format!("{} is required", field.label),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(RegistryError::Validation(errors))
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// The values as templates see them under `fields`: JSON fields parsed, empty
/// values left out.
pub fn template_values(fields: &[CustomField], values: &Map<String, Value>) -> Value {
    let mut out = Map::new();
    for (key, value) in values.iter().filter(|(_, v)| !is_empty(v)) {
        let json_kind = fields
            .iter()
            .any(|f| &f.key == key && f.kind == FieldKind::Json);
        let parsed = match (json_kind, value.as_str()) {
            (true, Some(s)) => serde_json::from_str(s).unwrap_or_else(|_| value.clone()),
            _ => value.clone(),
        };
        out.insert(key.clone(), parsed);
    }
    Value::Object(out)
}

/// Values a new instance starts with: the defaults.
pub fn defaults(fields: &[CustomField]) -> Map<String, Value> {
    fields
        .iter()
        .filter_map(|f| {
            f.default
                .clone()
                .filter(|d| !d.is_null())
                .map(|d| (f.key.clone(), d))
        })
        .collect()
}

fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

/// The schema keywords that carry a kind's min and max (None: it has no bounds).
fn bound_keys(kind: FieldKind) -> Option<(&'static str, &'static str)> {
    match kind {
        FieldKind::Number => Some(("minimum", "maximum")),
        FieldKind::Text => Some(("minLength", "maxLength")),
        FieldKind::MultiChoice | FieldKind::List => Some(("minItems", "maxItems")),
        _ => None,
    }
}

/// The JSON Schema (draft 2020-12) the instance form is rendered from. Order and
/// kind ride along as `x-pb-order` / `x-pb-kind` so the list reads back exactly.
pub fn to_schema(fields: &[CustomField]) -> Value {
    let mut properties = Map::new();
    for f in fields {
        let mut p = Map::new();
        p.insert("title".into(), json!(f.label));
        if !f.help.is_empty() {
            p.insert("description".into(), json!(f.help));
        }
        p.insert("x-pb-kind".into(), json!(f.kind.as_str()));
        if let Some((min_key, max_key)) = bound_keys(f.kind) {
            if let Some(v) = f.min {
                p.insert(min_key.into(), number(v));
            }
            if let Some(v) = f.max {
                p.insert(max_key.into(), number(v));
            }
        }
        let pattern = f.pattern.as_ref().map(|x| json!(format!("^(?:{x})$")));
        match f.kind {
            FieldKind::Text | FieldKind::Url | FieldKind::Email => {
                p.insert("type".into(), json!("string"));
                match f.kind {
                    FieldKind::Url => p.insert("format".into(), json!("uri")),
                    FieldKind::Email => p.insert("format".into(), json!("email")),
                    _ => None,
                };
                if let Some(pattern) = pattern {
                    p.insert("pattern".into(), pattern);
                }
            }
            FieldKind::Number => {
                p.insert("type".into(), json!("number"));
            }
            FieldKind::Boolean => {
                p.insert("type".into(), json!("boolean"));
            }
            FieldKind::Choice => {
                p.insert("type".into(), json!("string"));
                p.insert("enum".into(), json!(f.options));
            }
            FieldKind::MultiChoice => {
                p.insert("type".into(), json!("array"));
                p.insert("uniqueItems".into(), json!(true));
                p.insert("items".into(), json!({"type": "string", "enum": f.options}));
            }
            FieldKind::List => {
                p.insert("type".into(), json!("array"));
                let mut items = json!({"type": "string"});
                if let Some(pattern) = pattern {
                    items["pattern"] = pattern;
                }
                p.insert("items".into(), items);
            }
            FieldKind::Json => {
                p.insert("type".into(), json!("string"));
                p.insert("contentMediaType".into(), json!("application/json"));
            }
            FieldKind::Secret => {
                p.insert("type".into(), json!("string"));
                p.insert("writeOnly".into(), json!(true));
            }
        }
        if let Some(d) = f.default.as_ref().filter(|d| !d.is_null()) {
            p.insert("default".into(), d.clone());
        }
        properties.insert(f.key.clone(), Value::Object(p));
    }
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.key.as_str())
        .collect();
    let order: Vec<&str> = fields.iter().map(|f| f.key.as_str()).collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "additionalProperties": false,
        "properties": properties,
        "required": required,
        "x-pb-order": order,
    })
}

/// Reads the fields back from a schema made by [`to_schema`].
pub fn from_schema(schema: &Value) -> Result<Vec<CustomField>> {
    let bad = |m: &str| RegistryError::field("configSchema", format!("Custom field schema: {m}"));
    let properties = schema["properties"]
        .as_object()
        .ok_or_else(|| bad("no properties"))?;
    let order = schema["x-pb-order"]
        .as_array()
        .ok_or_else(|| bad("no x-pb-order"))?;
    let required: HashSet<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let unanchor = |p: &str| {
        p.strip_prefix("^(?:")
            .and_then(|p| p.strip_suffix(")$"))
            .unwrap_or(p)
            .to_owned()
    };
    let mut fields = Vec::with_capacity(order.len());
    for key in order {
        let key = key
            .as_str()
            .ok_or_else(|| bad("x-pb-order must list keys"))?;
        let p = properties
            .get(key)
            .ok_or_else(|| bad(&format!("{key} is not a property")))?;
        let kind = p["x-pb-kind"]
            .as_str()
            .and_then(FieldKind::parse)
            .ok_or_else(|| bad(&format!("{key} has no known x-pb-kind")))?;
        let (min_key, max_key) = bound_keys(kind).unwrap_or(("-", "-"));
        let options_at = if kind == FieldKind::MultiChoice {
            &p["items"]["enum"]
        } else {
            &p["enum"]
        };
        let pattern_at = if kind == FieldKind::List {
            &p["items"]["pattern"]
        } else {
            &p["pattern"]
        };
        fields.push(CustomField {
            key: key.to_owned(),
            label: p["title"].as_str().unwrap_or(key).to_owned(),
            help: p["description"].as_str().unwrap_or_default().to_owned(),
            kind,
            required: required.contains(key),
            default: p.get("default").cloned(),
            pattern: pattern_at.as_str().map(unanchor),
            min: p[min_key].as_f64(),
            max: p[max_key].as_f64(),
            options: options_at
                .as_array()
                .map(|o| {
                    o.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
        });
    }
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(key: &str, kind: FieldKind) -> CustomField {
        CustomField {
            key: key.into(),
            label: key.to_uppercase(),
            help: String::new(),
            kind,
            required: false,
            default: None,
            pattern: None,
            min: None,
            max: None,
            options: vec![],
        }
    }

    fn all_kinds() -> Vec<CustomField> {
        vec![
            CustomField {
                pattern: Some("[a-z]+-[0-9]+".into()),
                min: Some(3.0),
                max: Some(20.0),
                required: true,
                help: "The project's id".into(),
                default: Some(json!("proj-1")),
                ..field("project", FieldKind::Text)
            },
            CustomField {
                min: Some(1.0),
                max: Some(64.5),
                ..field("cpu", FieldKind::Number)
            },
            field("ha", FieldKind::Boolean),
            field("console", FieldKind::Url),
            field("owner", FieldKind::Email),
            CustomField {
                options: vec!["eu".into(), "us".into()],
                ..field("region", FieldKind::Choice)
            },
            CustomField {
                options: vec!["a".into(), "b".into()],
                max: Some(2.0),
                ..field("zones", FieldKind::MultiChoice)
            },
            CustomField {
                pattern: Some("[0-9.]+".into()),
                ..field("cidrs", FieldKind::List)
            },
            field("extra", FieldKind::Json),
            field("serviceToken", FieldKind::Secret),
        ]
    }

    #[test]
    fn schema_round_trips_every_kind_in_order() {
        let fields = all_kinds();
        check_definitions(&fields).unwrap();
        let schema = to_schema(&fields);
        assert_eq!(
            schema["properties"]["project"]["pattern"],
            "^(?:[a-z]+-[0-9]+)$"
        );
        assert_eq!(
            schema["properties"]["zones"]["items"]["enum"],
            json!(["a", "b"])
        );
        assert_eq!(schema["properties"]["serviceToken"]["writeOnly"], true);
        assert_eq!(schema["required"], json!(["project"]));
        assert_eq!(from_schema(&schema).unwrap(), fields);
    }

    #[test]
    fn bad_definitions_are_reported_per_field() {
        let fields = vec![
            field("Bad Key", FieldKind::Text),
            CustomField {
                label: " ".into(),
                ..field("dup", FieldKind::Text)
            },
            field("dup", FieldKind::Choice),
            CustomField {
                pattern: Some("(".into()),
                ..field("p", FieldKind::Text)
            },
            CustomField {
                min: Some(5.0),
                max: Some(1.0),
                ..field("n", FieldKind::Number)
            },
            CustomField {
                default: Some(json!("x")),
                ..field("s", FieldKind::Secret)
            },
            CustomField {
                default: Some(json!(99)),
                max: Some(10.0),
                ..field("d", FieldKind::Number)
            },
            CustomField {
                min: Some(-1.0),
                ..field("t", FieldKind::Text)
            },
        ];
        let err = check_definitions(&fields).unwrap_err();
        let got: Vec<&str> = err
            .field_errors()
            .iter()
            .map(|e| e.field.as_str())
            .collect();
        assert_eq!(
            got,
            [
                "fields.0.key",
                "fields.1.label",
                "fields.2.key",
                "fields.2.options",
                "fields.3.pattern",
                "fields.4.max",
                "fields.5.default",
                "fields.6.default",
                "fields.7.min"
            ]
        );
        assert!(
            err.field_errors()[7].message.contains("at most 10"),
            "{err:?}"
        );
        assert_eq!(
            err.field_errors()[4].message,
            "Not a valid regular expression: unclosed group"
        );
    }

    #[test]
    fn values_are_checked_against_their_fields() {
        let fields = all_kinds();
        let good = json!({
            "project": "web-42", "cpu": 2, "ha": true, "console": "https://c.example.com",
            "owner": "team@example.com", "region": "eu", "zones": ["a", "b"],
            "cidrs": ["10.0.0.0"], "extra": "{\"a\": 1}"
        });
        check_values(&fields, good.as_object().unwrap()).unwrap();

        let bad = json!({
            "cpu": 100, "ha": "yes", "console": "ftp://x", "owner": "nobody",
            "region": "mars", "zones": ["a", "a"], "cidrs": ["x"], "extra": "{",
            "serviceToken": "s3cret", "unknown": 1
        });
        let err = check_values(&fields, bad.as_object().unwrap()).unwrap_err();
        let msgs: Vec<String> = err
            .field_errors()
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        assert_eq!(msgs.len(), 11, "{msgs:#?}");
        assert!(msgs.contains(&"fieldValues.project: PROJECT is required".to_owned()));
        assert!(msgs.contains(&"fieldValues.cpu: CPU must be between 1 and 64.5".to_owned()));
        assert!(msgs.contains(&"fieldValues.region: REGION must be one of: eu, us".to_owned()));
        // The secret's value is never echoed.
        assert!(msgs.iter().all(|m| !m.contains("s3cret")), "{msgs:#?}");
        assert!(msgs.iter().any(|m| m.starts_with("fieldValues.unknown:")));
    }

    #[test]
    fn templates_see_parsed_json_and_no_empty_values() {
        let fields = all_kinds();
        let values = json!({"extra": "{\"a\": [1]}", "project": "", "cpu": 2});
        let t = template_values(&fields, values.as_object().unwrap());
        assert_eq!(t, json!({"extra": {"a": [1]}, "cpu": 2}));
        assert_eq!(
            defaults(&fields),
            *json!({"project": "proj-1"}).as_object().unwrap()
        );
    }
}
