//! A small writer of Terraform's native syntax for the shapes exports need:
//! resources whose arguments are attributes holding strings, numbers, booleans,
//! references, lists and objects. Output is deterministic (attributes in the
//! order given, `=` aligned within an object as `terraform fmt` aligns a run of
//! one-line attributes), so the same records always give the same bytes.

/// An attribute's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    Bool(bool),
    /// An expression written as is, e.g. `var.owning_workspace` or
    /// `meshstack_location.eu_central.ref`. Only ever built from our own
    /// resource labels, never from record text.
    Expr(String),
    List(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    pub fn str(s: impl Into<String>) -> Self {
        Value::Str(s.into())
    }

    pub fn object<'a>(entries: impl IntoIterator<Item = (&'a str, Value)>) -> Self {
        Value::Object(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        )
    }

    fn is_multiline(&self) -> bool {
        match self {
            Value::List(items) => items.iter().any(|i| i.is_multiline()) && !items.is_empty(),
            Value::Object(entries) => !entries.is_empty(),
            _ => false,
        }
    }
}

/// A quoted template string: quotes, backslashes and control characters escaped,
/// and `${` / `%{` doubled so text from a record is never evaluated as a template.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A resource label or attribute name: letters, digits, `_` and `-`, starting
/// with a letter or `_`; anything else becomes `_`.
pub fn label(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect::<String>()
        .replace('-', "_");
    if !out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

fn write_value(out: &mut String, value: &Value, indent: usize) {
    let pad = "  ".repeat(indent);
    match value {
        Value::Str(s) => out.push_str(&quote(s)),
        Value::Int(n) => out.push_str(&n.to_string()),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Expr(e) => out.push_str(e),
        Value::List(items) if items.is_empty() => out.push_str("[]"),
        Value::List(items) if !value.is_multiline() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, item, indent);
            }
            out.push(']');
        }
        Value::List(items) => {
            out.push_str("[\n");
            for item in items {
                out.push_str(&pad);
                out.push_str("  ");
                write_value(out, item, indent + 1);
                out.push_str(",\n");
            }
            out.push_str(&pad);
            out.push(']');
        }
        Value::Object(entries) if entries.is_empty() => out.push_str("{}"),
        Value::Object(entries) => {
            out.push_str("{\n");
            write_attributes(out, entries, indent + 1);
            out.push_str(&pad);
            out.push('}');
        }
    }
}

/// Attributes one per line; a run of one-line attributes has its `=` aligned.
fn write_attributes(out: &mut String, entries: &[(String, Value)], indent: usize) {
    let pad = "  ".repeat(indent);
    let mut start = 0;
    while start < entries.len() {
        // The run of one-line attributes from `start` (a multi-line value ends it,
        // itself included, as terraform fmt does).
        let mut end = start;
        while end < entries.len() && !entries[end].1.is_multiline() {
            end += 1;
        }
        let run_end = if end < entries.len() { end + 1 } else { end };
        let width = entries[start..run_end]
            .iter()
            .map(|(k, _)| k.len())
            .max()
            .unwrap_or(0);
        for (key, value) in &entries[start..run_end] {
            out.push_str(&pad);
            out.push_str(key);
            out.push_str(&" ".repeat(width - key.len()));
            out.push_str(" = ");
            write_value(out, value, indent);
            out.push('\n');
        }
        start = run_end;
    }
}

/// `resource "<kind>" "<label>" { ... }` with its arguments.
pub fn resource(kind: &str, label: &str, arguments: &[(String, Value)]) -> String {
    let mut out = format!("resource {} {} {{\n", quote(kind), quote(label));
    write_attributes(&mut out, arguments, 1);
    out.push_str("}\n");
    out
}

/// A block of nested blocks and attributes written as given (terraform,
/// variable): `name "label" { body }`, where body is already written.
pub fn block(header: &str, body: &[(String, Value)]) -> String {
    let mut out = format!("{header} {{\n");
    write_attributes(&mut out, body, 1);
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_and_never_templates() {
        assert_eq!(quote("a\"b\\c\nd"), r#""a\"b\\c\nd""#);
        assert_eq!(quote("${var.x} %{if}"), r#""$${var.x} %%{if}""#);
        assert_eq!(quote("$5 and 100%"), r#""$5 and 100%""#);
        assert_eq!(quote("bell\u{7}"), r#""bell\u0007""#);
    }

    #[test]
    fn labels_start_with_a_letter() {
        assert_eq!(label("K8S-PAAS"), "k8s_paas");
        assert_eq!(label("3rd party"), "_3rd_party");
    }

    #[test]
    fn one_line_attributes_are_aligned_and_objects_nest() {
        let text = resource(
            "x",
            "y",
            &[
                ("a".into(), Value::Int(1)),
                ("long_name".into(), Value::Bool(true)),
                (
                    "spec".into(),
                    Value::object([("k", Value::str("v")), ("list", Value::List(vec![]))]),
                ),
                ("empty".into(), Value::Object(vec![])),
            ],
        );
        assert_eq!(
            text,
            "resource \"x\" \"y\" {\n  a         = 1\n  long_name = true\n  spec      = {\n    k    = \"v\"\n    list = []\n  }\n  empty = {}\n}\n"
        );
    }
}
