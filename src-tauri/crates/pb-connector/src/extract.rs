//! Finding values in a response body: a JSON Pointer (`/metadata/name`) for a single
//! value at a known place, or a JMESPath expression (`items[].subjects[0].name`) for
//! lists and filters, which a pointer cannot express.

use serde_json::Value;

/// The value `expression` selects, `Ok(None)` when there is none (a missing pointer
/// or a JMESPath `null`), or why the expression itself is wrong.
pub fn find(body: &Value, expression: &str) -> Result<Option<Value>, String> {
    if expression.is_empty() || expression.starts_with('/') {
        return Ok(body.pointer(expression).cloned());
    }
    let compiled = jmespath::compile(expression)
        .map_err(|e| format!("'{expression}' is neither a JSON Pointer nor valid JMESPath: {e}"))?;
    let found = compiled
        .search(body)
        .map_err(|e| format!("JMESPath '{expression}' failed: {e}"))?;
    let value = serde_json::to_value(&*found).map_err(|e| e.to_string())?;
    Ok((!value.is_null()).then_some(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pointers_and_jmespath_both_work() {
        let body = json!({"metadata": {"name": "team-a"}, "items": [
            {"subjects": [{"name": "ada"}]}, {"subjects": [{"name": "grace"}]}
        ]});
        assert_eq!(
            find(&body, "/metadata/name").unwrap(),
            Some(json!("team-a"))
        );
        assert_eq!(find(&body, "/missing").unwrap(), None);
        assert_eq!(
            find(&body, "items[].subjects[0].name").unwrap(),
            Some(json!(["ada", "grace"]))
        );
        assert_eq!(find(&body, "nothing.here").unwrap(), None);
        assert!(find(&body, "items[?").unwrap_err().contains("JMESPath"));
    }
}
