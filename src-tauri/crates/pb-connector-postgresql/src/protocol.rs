//! The exec connector protocol (pb-connector's exec.rs): one JSON request on
//! stdin, `{"apiVersion", "operation", "endpoint", "values"}`, and one JSON answer
//! on stdout, `{"ok": true, "outputs": {...}, "notFound": bool}` or
//! `{"ok": false, "error": {"class", "message"}}`.

use serde_json::{json, Map, Value};

pub const API_VERSION: &str = "platformbuilder.dev/connector/v1";

/// Where the user should look, as the engine classifies errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// The credential: a refused password, or rights the admin user lacks.
    Authentication,
    /// The connector or instance settings: a bad endpoint, a missing field,
    /// psql not installed, an unknown operation, a malformed request.
    Configuration,
    /// Reaching the server: refused, unreachable, timed out.
    Network,
    /// What the server answered: an SQL error, a quota not enforced.
    Platform,
    /// The tenant (database or owner role) already exists: a second create of
    /// the same name, which the engine reports as HTTP 409's equivalent.
    Conflict,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Authentication => "authentication",
            Class::Configuration => "configuration",
            Class::Network => "network",
            Class::Platform => "platform",
            Class::Conflict => "conflict",
        }
    }
}

#[derive(Debug)]
pub struct Failure {
    pub class: Class,
    pub message: String,
}

impl Failure {
    pub fn new(class: Class, message: impl Into<String>) -> Failure {
        Failure {
            class,
            message: message.into(),
        }
    }
    pub fn config(message: impl Into<String>) -> Failure {
        Failure::new(Class::Configuration, message)
    }
    pub fn platform(message: impl Into<String>) -> Failure {
        Failure::new(Class::Platform, message)
    }
    pub fn conflict(message: impl Into<String>) -> Failure {
        Failure::new(Class::Conflict, message)
    }
}

#[derive(Debug, Default)]
pub struct Success {
    pub outputs: Map<String, Value>,
    pub not_found: bool,
}

impl Success {
    /// `outputs` must be a JSON object; anything else gives no outputs.
    pub fn with(outputs: Value) -> Success {
        Success {
            outputs: outputs.as_object().cloned().unwrap_or_default(),
            not_found: false,
        }
    }
    pub fn not_found() -> Success {
        Success {
            outputs: Map::new(),
            not_found: true,
        }
    }
}

pub type Outcome = Result<Success, Failure>;

pub fn answer(outcome: &Outcome) -> Value {
    match outcome {
        Ok(s) => json!({"ok": true, "outputs": s.outputs, "notFound": s.not_found}),
        Err(f) => json!({"ok": false, "error": {"class": f.class.as_str(), "message": f.message}}),
    }
}

pub struct Request {
    pub operation: String,
    pub endpoint: String,
    pub values: Value,
}

impl Request {
    pub fn parse(text: &str) -> Result<Request, Failure> {
        let v: Value = serde_json::from_str(text).map_err(|e| {
            Failure::config(format!(
                "the request on stdin is not JSON ({e}); expected {{\"apiVersion\", \"operation\", \"endpoint\", \"values\"}}"
            ))
        })?;
        match v.get("apiVersion").and_then(Value::as_str) {
            Some(API_VERSION) => {}
            Some(other) => {
                return Err(Failure::config(format!(
                    "unsupported apiVersion '{other}' (this program speaks {API_VERSION})"
                )))
            }
            None => return Err(Failure::config("the request has no apiVersion")),
        }
        let operation = v
            .get("operation")
            .and_then(Value::as_str)
            .ok_or_else(|| Failure::config("the request has no operation"))?
            .to_owned();
        let endpoint = v
            .get("endpoint")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let values = match v.get("values") {
            Some(Value::Object(_)) => v["values"].clone(),
            None | Some(Value::Null) => json!({}),
            Some(_) => return Err(Failure::config("the request's values must be an object")),
        };
        Ok(Request {
            operation,
            endpoint,
            values,
        })
    }

    /// A text value at `path` (e.g. `["tenant", "name"]`), trimmed; absent,
    /// empty or not a string is `None`. A NUL character is refused: PostgreSQL
    /// cannot store one in any text.
    pub fn text(&self, path: &[&str]) -> Result<Option<&str>, Failure> {
        Ok(self
            .password(path)?
            .map(str::trim)
            .filter(|s| !s.is_empty()))
    }

    /// A password at `path`, exactly as given (not trimmed: spaces are part
    /// of it); empty or absent is `None`, a NUL character refused.
    pub fn password(&self, path: &[&str]) -> Result<Option<&str>, Failure> {
        let mut v = &self.values;
        for key in path {
            match v.get(key) {
                Some(next) => v = next,
                None => return Ok(None),
            }
        }
        match v.as_str() {
            Some(s) if s.contains('\0') => Err(Failure::config(format!(
                "{} contains a NUL character",
                path.join(".")
            ))),
            Some("") | None => Ok(None),
            Some(s) => Ok(Some(s)),
        }
    }

    /// Like [`Request::text`], for a value the operation cannot do without.
    pub fn required(&self, path: &[&str]) -> Result<&str, Failure> {
        self.text(path)?
            .ok_or_else(|| Failure::config(format!("{} is missing", path.join("."))))
    }

    /// The tenant's identifier: `tenant.identifier`, else `tenant.name`, else
    /// the `tenant_id` an earlier create_tenant returned.
    pub fn tenant(&self) -> Result<&str, Failure> {
        for path in [
            &["tenant", "identifier"][..],
            &["tenant", "name"],
            &["outputs", "tenant_id"],
        ] {
            if let Some(t) = self.text(path)? {
                return Ok(t);
            }
        }
        Err(Failure::config(
            "no tenant: values.tenant.identifier / values.tenant.name is missing",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_checked_and_values_read() {
        assert_eq!(
            Request::parse("{oops").err().map(|f| f.class),
            Some(Class::Configuration)
        );
        let wrong = Request::parse(r#"{"apiVersion":"v0","operation":"check"}"#);
        assert!(wrong
            .err()
            .is_some_and(|f| f.message.contains("unsupported apiVersion")));
        let r = Request::parse(
            r#"{"apiVersion":"platformbuilder.dev/connector/v1","operation":"get_tenant",
                "endpoint":"postgresql://h/db",
                "values":{"tenant":{"name":" t1 ","identifier":""},"bad":"a\u0000b","n":3,
                  "user":{"password":" spaced "}}}"#,
        )
        .unwrap_or_else(|f| panic!("{}", f.message));
        assert_eq!(r.tenant().ok(), Some("t1"));
        assert!(r.text(&["bad"]).is_err());
        assert!(r.password(&["bad"]).is_err());
        assert_eq!(
            r.password(&["user", "password"]).ok().flatten(),
            Some(" spaced ")
        );
        assert_eq!(r.text(&["n"]).ok().flatten(), None);
        assert!(r
            .required(&["user", "name"])
            .is_err_and(|f| f.message == "user.name is missing"));
        let a = answer(&Err(Failure::platform("x")));
        assert_eq!(
            a,
            json!({"ok": false, "error": {"class": "platform", "message": "x"}})
        );
        let a = answer(&Ok(Success::not_found()));
        assert_eq!(a, json!({"ok": true, "outputs": {}, "notFound": true}));
    }
}
