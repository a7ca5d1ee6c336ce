//! The tenant round trip: what the suite wrote on create reads back equal, field by
//! field, as far as the connector's `get_tenant` extracts it — `tenant_name`,
//! `tenant_description`, `tenant_tags` (an object; the platform may add tags of
//! its own, so only the ones sent are compared). A difference names the field, the
//! value written and the value read.

use pb_connector::Difference;
use serde_json::{Map, Value};

use crate::suite::Fail;

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => format!("'{s}'"),
        other => other.to_string(),
    }
}

/// `Ok(what was compared)` or `Err(every difference)`; `sent` is the suite's
/// `tenant` value (name, description, tags).
pub(crate) fn compare_tenant(sent: &Value, outputs: &Map<String, Value>) -> Result<String, Fail> {
    let mut compared = Vec::new();
    let mut differences = Vec::new();
    let mut field = |label: &str, written: &Value, read: Option<&Value>| {
        let Some(read) = read else { return };
        compared.push(label.to_owned());
        if read != written {
            differences.push(Difference::new(label, text(written), text(read)));
        }
    };
    field("name", &sent["name"], outputs.get("tenant_name"));
    field(
        "description",
        &sent["description"],
        outputs.get("tenant_description"),
    );
    if let Some(read) = outputs.get("tenant_tags") {
        let written = sent["tags"].as_object().cloned().unwrap_or_default();
        match read.as_object() {
            Some(read) => {
                for (key, value) in &written {
                    compared.push(format!("tag {key}"));
                    match read.get(key) {
                        Some(v) if v == value => {}
                        Some(v) => differences.push(Difference::new(
                            format!("tag {key}"),
                            text(value),
                            text(v),
                        )),
                        None => differences.push(Difference::new(
                            format!("tag {key}"),
                            text(value),
                            "missing",
                        )),
                    }
                }
            }
            None => differences.push(Difference::new("tags", "an object of tags", text(read))),
        }
    }
    if !differences.is_empty() {
        let lines: Vec<String> = differences.iter().map(Difference::line).collect();
        return Err(Fail::new(
            format!("read back differs: {}", lines.join("; ")),
            differences,
        ));
    }
    Ok(match compared.len() {
        0 => "found (the connector extracts no tenant_name, tenant_description or tenant_tags to compare)".into(),
        _ => format!("found '{}'; read back equal: {}", sent["name"].as_str().unwrap_or_default(), compared.join(", ")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sent() -> Value {
        json!({"name": "pb-validation-a1b2c3", "description": "safe to delete", "tags": {"platformbuilder.dev/validation": "true"}})
    }

    fn outputs(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn equal_fields_pass_and_say_what_was_compared() {
        let read = outputs(json!({
            "tenant_name": "pb-validation-a1b2c3",
            "tenant_description": "safe to delete",
            "tenant_tags": {"platformbuilder.dev/validation": "true", "owner": "platform"},
        }));
        assert_eq!(
            compare_tenant(&sent(), &read).unwrap(),
            "found 'pb-validation-a1b2c3'; read back equal: name, description, tag platformbuilder.dev/validation"
        );
        assert!(compare_tenant(&sent(), &Map::new())
            .unwrap()
            .contains("extracts no tenant_name"));
    }

    #[test]
    fn every_difference_is_named_with_expected_and_actual() {
        let read = outputs(json!({
            "tenant_name": "pb-validation-a1b2c3",
            "tenant_description": "",
            "tenant_tags": {},
        }));
        let fail = compare_tenant(&sent(), &read).unwrap_err();
        assert_eq!(
            fail.message,
            "read back differs: description: expected 'safe to delete', actual ''; tag platformbuilder.dev/validation: expected 'true', actual missing"
        );
        assert_eq!(
            fail.differences,
            [
                Difference::new("description", "'safe to delete'", "''"),
                Difference::new("tag platformbuilder.dev/validation", "'true'", "missing"),
            ]
        );
        let not_tags = outputs(json!({"tenant_tags": "x"}));
        assert!(compare_tenant(&sent(), &not_tags)
            .unwrap_err()
            .message
            .contains("tags: expected an object of tags, actual 'x'"));
    }
}
