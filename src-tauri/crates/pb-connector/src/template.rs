//! Templates (minijinja) with strict undefined variables: a typo in a variable name
//! is an error that names the operation and field, never an empty string sent to
//! a platform.

use minijinja::{Environment, UndefinedBehavior};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

/// Everything but RFC 3986 unreserved characters is encoded in a path segment, so a
/// tenant named `a/b c` stays one segment: `a%2Fb%20c`.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// One path segment, percent-encoded (what the `path` filter does).
pub fn encode_segment(value: &str) -> String {
    utf8_percent_encode(value, PATH_SEGMENT).to_string()
}

/// Every template of a definition (any string holding `{{` or `{%`) must parse, so
/// a typo is found when the definition is saved or imported, not when an operation
/// first runs. `Err` says where: `operations.create_tenant.body.name: ...`.
pub fn check_syntax(value: &Value) -> Result<(), String> {
    fn walk(value: &Value, path: &mut Vec<String>) -> Result<(), String> {
        match value {
            Value::String(s) if s.contains("{{") || s.contains("{%") => {
                let env = Environment::new();
                env.template_from_str(s).map(|_| ()).map_err(|e| {
                    let detail = e.detail().map(|d| format!(" ({d})")).unwrap_or_default();
                    format!(
                        "template syntax error at {}: {}{detail}",
                        path.join("."),
                        e.kind()
                    )
                })
            }
            Value::Array(items) => items.iter().enumerate().try_for_each(|(n, v)| {
                path.push(n.to_string());
                let r = walk(v, path);
                path.pop();
                r
            }),
            Value::Object(map) => map.iter().try_for_each(|(k, v)| {
                path.push(k.clone());
                let r = walk(v, path);
                path.pop();
                r
            }),
            _ => Ok(()),
        }
    }
    walk(value, &mut Vec::new())
}

/// A `when` condition must parse as an expression (it has no braces, so
/// [`check_syntax`] does not see it).
pub fn check_expression(expr: &str) -> Result<(), String> {
    if expr.contains("{{") || expr.contains("{%") {
        return Err("write the expression without braces, e.g. fields.mode == 'deactivate'".into());
    }
    Environment::new()
        .compile_expression(expr)
        .map(|_| ())
        .map_err(|e| match e.detail() {
            Some(d) => format!("{} ({d})", e.kind()),
            None => e.to_string(),
        })
}

pub struct Templates {
    env: Environment<'static>,
}

impl Default for Templates {
    fn default() -> Self {
        Self::new()
    }
}

impl Templates {
    pub fn new() -> Self {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.add_filter("path", |value: String| encode_segment(&value));
        env.add_filter("query", |value: String| {
            percent_encoding::utf8_percent_encode(&value, PATH_SEGMENT).to_string()
        });
        Self { env }
    }

    /// Renders one template string. `Err` is a readable message.
    pub fn render(&self, template: &str, context: &Value) -> Result<String, String> {
        if !template.contains("{{") && !template.contains("{%") {
            return Ok(template.to_owned());
        }
        self.env
            .render_str(template, context)
            .map_err(|e| match e.detail() {
                Some(detail) => format!("{} ({detail})", e.kind()),
                None => e.to_string(),
            })
    }

    /// Evaluates a `when` condition: true, false, or why it cannot be evaluated
    /// (an undefined value is an error, as in templates, not false).
    pub fn condition(&self, expr: &str, context: &Value) -> Result<bool, String> {
        let compiled = self
            .env
            .compile_expression(expr)
            .map_err(|e| e.to_string())?;
        let out = compiled.eval(context).map_err(|e| match e.detail() {
            Some(detail) => format!("{} ({detail})", e.kind()),
            None => e.to_string(),
        })?;
        if out.is_undefined() {
            return Err(format!("undefined value: {expr}"));
        }
        Ok(out.is_true())
    }

    /// Renders every string inside a JSON value. A string that is exactly one
    /// `{{ expression }}` keeps the expression's JSON type (so `{{ quota.value }}`
    /// stays a number).
    pub fn render_value(&self, value: &Value, context: &Value) -> Result<Value, String> {
        Ok(match value {
            Value::String(s) => {
                let trimmed = s.trim();
                if let Some(expr) = single_expression(trimmed) {
                    let compiled = self
                        .env
                        .compile_expression(expr)
                        .map_err(|e| e.to_string())?;
                    let out = compiled.eval(context).map_err(|e| e.to_string())?;
                    if out.is_undefined() {
                        return Err(format!("undefined value: {expr}"));
                    }
                    serde_json::to_value(&out).map_err(|e| e.to_string())?
                } else {
                    Value::String(self.render(s, context)?)
                }
            }
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|v| self.render_value(v, context))
                    .collect::<Result<_, _>>()?,
            ),
            // Keys are templates too: some APIs key by a value (Kubernetes'
            // `spec.hard: {"requests.cpu": "2"}` keys by the quota).
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| Ok((self.render(k, context)?, self.render_value(v, context)?)))
                    .collect::<Result<_, String>>()?,
            ),
            other => other.clone(),
        })
    }
}

fn single_expression(s: &str) -> Option<&str> {
    let inner = s.strip_prefix("{{")?.strip_suffix("}}")?;
    (!inner.contains("{{") && !inner.contains("}}")).then(|| inner.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn path_filter_keeps_a_name_in_one_segment() {
        let t = Templates::new();
        let ctx = json!({"tenant": {"name": "a/b c%ü"}});
        assert_eq!(
            t.render("/t/{{ tenant.name | path }}", &ctx).unwrap(),
            "/t/a%2Fb%20c%25%C3%BC"
        );
    }

    #[test]
    fn undefined_variables_are_errors() {
        let t = Templates::new();
        let err = t
            .render("{{ tenant.nmae }}", &json!({"tenant": {}}))
            .unwrap_err();
        assert!(err.contains("undefined"), "{err}");
    }

    #[test]
    fn single_expressions_keep_their_type() {
        let t = Templates::new();
        let ctx = json!({"quota": {"value": 4}, "tags": {"a": "b"}});
        let out = t
            .render_value(
                &json!({"limit": "{{ quota.value }}", "tags": "{{ tags }}", "text": "n={{ quota.value }}"}),
                &ctx,
            )
            .unwrap();
        assert_eq!(out, json!({"limit": 4, "tags": {"a": "b"}, "text": "n=4"}));
    }
}
