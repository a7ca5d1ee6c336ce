//! How steps are judged: a failure with what was expected against what happened,
//! and comparisons of values as platforms return them.

use pb_connector::Difference;
use serde_json::Value;

/// Why a step failed: its message, and what was expected against what happened.
#[derive(Debug)]
pub(crate) struct Fail {
    pub message: String,
    pub differences: Vec<Difference>,
}

impl Fail {
    pub(crate) fn new(message: impl Into<String>, differences: Vec<Difference>) -> Self {
        Self {
            message: message.into(),
            differences,
        }
    }

    /// A failure of one comparison.
    pub(crate) fn one(
        message: impl Into<String>,
        what: impl Into<String>,
        expected: impl Into<String>,
        actual: impl Into<String>,
    ) -> Self {
        Self::new(message, vec![Difference::new(what, expected, actual)])
    }
}

pub(crate) fn same_value(actual: &Value, expected: &Value) -> bool {
    // Platforms return quotas as numbers or strings ("4", 4, 4.0): compare as text
    // of the number when both sides are numeric.
    let number = |v: &Value| match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    match (number(actual), number(expected)) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        _ => actual == expected,
    }
}
