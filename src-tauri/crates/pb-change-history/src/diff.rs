//! The field-level diff of two snapshots of a record.
//!
//! Snapshots are JSON objects. Nested objects become dotted paths; lists of objects
//! that each carry a unique `key`, `name` or `identifier` are compared element by
//! element (`tags[team]`, `customFields[region].label`) so that reordering or
//! editing one element names that element; other lists compare as one value.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::model::FieldChange;

/// A value longer than this (as JSON) is kept as a summary: a CA bundle or a long
/// description must not make every history page heavy.
pub const MAX_VALUE_CHARS: usize = 2_000;

/// The fields that differ between `before` and `after` (either may be absent: a
/// record created or deleted). `secret` names paths whose values are never kept
/// (a path or any path under it): they are reported only as changed.
pub fn field_changes(
    before: Option<&Value>,
    after: Option<&Value>,
    secret: &[String],
) -> Vec<FieldChange> {
    let mut old = BTreeMap::new();
    let mut new = BTreeMap::new();
    if let Some(v) = before {
        flatten("", v, &mut old);
    }
    if let Some(v) = after {
        flatten("", v, &mut new);
    }
    let mut fields: Vec<&String> = old.keys().chain(new.keys()).collect();
    fields.sort();
    fields.dedup();
    fields
        .into_iter()
        .filter_map(|field| {
            let (b, a) = (old.get(field), new.get(field));
            if b == a {
                return None;
            }
            if is_secret(field, secret) {
                return Some(FieldChange::secret(field.clone()));
            }
            Some(FieldChange {
                field: field.clone(),
                before: b.map(bounded),
                after: a.map(bounded),
                secret: false,
            })
        })
        .collect()
}

fn is_secret(field: &str, secret: &[String]) -> bool {
    secret.iter().any(|s| {
        field == s
            || field
                .strip_prefix(s.as_str())
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
    })
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

/// Leaves by path; null and empty values count as absent, so `None` → `""` is no
/// change.
fn flatten(prefix: &str, value: &Value, out: &mut BTreeMap<String, Value>) {
    match value {
        Value::Null => {}
        Value::String(s) if s.is_empty() => {}
        Value::Object(map) => {
            for (k, v) in map {
                flatten(&join(prefix, k), v, out);
            }
        }
        Value::Array(items) if items.is_empty() => {}
        Value::Array(items) => match element_keys(items) {
            Some((field, keys)) => {
                for (key, item) in keys.into_iter().zip(items) {
                    let path = format!("{prefix}[{key}]");
                    let before = out.len();
                    // The key is in the path already.
                    let mut rest = item.clone();
                    if let Value::Object(map) = &mut rest {
                        map.remove(field);
                    }
                    flatten(&path, &rest, out);
                    if out.len() == before {
                        // An element with only its key still exists.
                        out.insert(path, Value::Bool(true));
                    }
                }
            }
            None => {
                out.insert(prefix.to_owned(), value.clone());
            }
        },
        leaf => {
            out.insert(prefix.to_owned(), leaf.clone());
        }
    }
}

/// The key field and the unique key of each element, when every element is an
/// object with one.
fn element_keys(items: &[Value]) -> Option<(&'static str, Vec<String>)> {
    ["key", "name", "identifier", "step"]
        .iter()
        .find_map(|field| {
            let keys: Option<Vec<String>> = items
                .iter()
                .map(|item| match item.get(field)? {
                    Value::String(s) if !s.is_empty() => Some(s.clone()),
                    _ => None,
                })
                .collect();
            let keys = keys?;
            let mut unique = keys.clone();
            unique.sort();
            unique.dedup();
            (unique.len() == keys.len()).then_some((*field, keys))
        })
}

fn bounded(value: &Value) -> Value {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let chars = text.chars().count();
    if chars <= MAX_VALUE_CHARS {
        return value.clone();
    }
    let head: String = text.chars().take(200).collect();
    Value::String(format!("{head}… ({chars} characters)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(changes: &[FieldChange]) -> Vec<&str> {
        changes.iter().map(|c| c.field.as_str()).collect()
    }

    #[test]
    fn only_changed_leaves_are_listed_with_both_sides() {
        let before = json!({"name": "a", "links": {"docs": "x", "support": "y"}, "n": 1});
        let after = json!({"name": "a", "links": {"docs": "z", "support": "y"}, "n": 2});
        let changes = field_changes(Some(&before), Some(&after), &[]);
        assert_eq!(fields(&changes), ["links.docs", "n"]);
        assert_eq!(changes[0].before, Some(json!("x")));
        assert_eq!(changes[0].after, Some(json!("z")));
        assert!(field_changes(Some(&before), Some(&before), &[]).is_empty());
    }

    #[test]
    fn keyed_lists_name_the_element_and_ignore_order() {
        let before =
            json!({"tags": [{"key": "team", "value": "a"}, {"key": "cost", "value": "1"}]});
        let after = json!({"tags": [{"key": "cost", "value": "1"}, {"key": "team", "value": "b"}, {"key": "tier", "value": "gold"}]});
        let changes = field_changes(Some(&before), Some(&after), &[]);
        assert_eq!(fields(&changes), ["tags[team].value", "tags[tier].value"]);
        assert_eq!(changes[1].before, None);
    }

    #[test]
    fn lists_without_keys_compare_whole() {
        let before = json!({"enum": ["a", "b"]});
        let after = json!({"enum": ["b", "a"]});
        let changes = field_changes(Some(&before), Some(&after), &[]);
        assert_eq!(changes[0].field, "enum");
        assert_eq!(changes[0].after, Some(json!(["b", "a"])));
    }

    #[test]
    fn created_and_deleted_list_every_field_on_one_side() {
        let v = json!({"name": "prod", "endpoint": "https://x", "description": ""});
        let created = field_changes(None, Some(&v), &[]);
        assert_eq!(fields(&created), ["endpoint", "name"]);
        assert!(created.iter().all(|c| c.before.is_none()));
        let deleted = field_changes(Some(&v), None, &[]);
        assert!(deleted
            .iter()
            .all(|c| c.after.is_none() && c.before.is_some()));
    }

    #[test]
    fn null_and_empty_are_the_same_absence() {
        let before = json!({"supportUrl": null, "tags": []});
        let after = json!({"supportUrl": "", "tags": []});
        assert!(field_changes(Some(&before), Some(&after), &[]).is_empty());
    }

    #[test]
    fn secret_paths_keep_no_value() {
        let before = json!({"fieldValues": {"token": "old-secret", "region": "eu"}});
        let after = json!({"fieldValues": {"token": "new-secret", "region": "us"}});
        let secret = vec!["fieldValues.token".to_owned()];
        let changes = field_changes(Some(&before), Some(&after), &secret);
        assert_eq!(changes[0].field, "fieldValues.region");
        assert_eq!(changes[1], FieldChange::secret("fieldValues.token"));
        let text = serde_json::to_string(&changes).unwrap();
        assert!(!text.contains("old-secret") && !text.contains("new-secret"));
        // A path that only starts with the same letters is not the secret.
        let near = json!({"fieldValues": {"tokenUrl": "https://t"}});
        assert!(!field_changes(None, Some(&near), &secret)[0].secret);
    }

    #[test]
    fn long_values_are_kept_as_a_summary() {
        let pem = "A".repeat(10_000);
        let changes = field_changes(None, Some(&json!({"caBundlePem": pem})), &[]);
        let kept = changes[0].after.as_ref().unwrap().as_str().unwrap();
        assert!(
            kept.len() < 300 && kept.ends_with("(10000 characters)"),
            "{kept}"
        );
    }

    #[test]
    fn an_element_with_only_its_key_is_still_listed() {
        let after = json!({"steps": [{"step": "check"}]});
        assert_eq!(
            fields(&field_changes(None, Some(&after), &[])),
            ["steps[check]"]
        );
    }
}
