//! Reading psql's failures: the SQLSTATE, a one-line message, and the error
//! class the engine shows (where the user should look).

use crate::protocol::{Class, Failure};

/// The SQLSTATE of the first error in psql's stderr (VERBOSITY verbose prints
/// `ERROR:  42P04: database "x" already exists`).
pub fn sqlstate(stderr: &str) -> Option<String> {
    let at = stderr.find("ERROR:")?;
    let rest = stderr[at + 6..].trim_start();
    let (code, _) = rest.split_once(':')?;
    (code.len() == 5 && code.chars().all(|c| c.is_ascii_alphanumeric())).then(|| code.to_owned())
}

/// psql's error, readable: prefixes, SQLSTATEs and LOCATION lines dropped,
/// DETAIL and HINT kept, on one line.
pub fn message(stderr: &str) -> String {
    let mut parts = Vec::new();
    for line in stderr.lines() {
        let mut l = line.trim();
        if l.starts_with("psql:") {
            // "psql:<stdin>:12: ERROR: ..." or "psql: error: ..."
            l = l
                .strip_prefix("psql: error:")
                .unwrap_or_else(|| l.splitn(4, ':').nth(3).unwrap_or(l));
        }
        let l = l.trim();
        if l.is_empty() || l.starts_with("LOCATION:") || l.starts_with("NOTICE:") {
            continue;
        }
        let l = match (l.strip_prefix("ERROR:"), sqlstate(l)) {
            (Some(rest), Some(code)) => rest.trim_start()[code.len() + 1..].trim().to_owned(),
            (Some(rest), None) => rest.trim().to_owned(),
            _ => l.to_owned(),
        };
        parts.push(l.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    let text = parts.join(" ");
    if text.is_empty() {
        return "psql failed without a message".into();
    }
    let mut cut: String = text.chars().take(600).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    cut
}

/// Which class a psql failure belongs to. psql exits with 2 when the
/// connection failed or broke, 3 when the script hit an error, 1 for its own
/// errors. Connection failures carry no SQLSTATE, so they are told apart by
/// PostgreSQL's (English) messages.
pub fn classify(code: Option<i32>, stderr: &str) -> Failure {
    let text = message(stderr);
    let lower = stderr.to_lowercase();
    let state = sqlstate(stderr);
    let class = if code == Some(2) || (state.is_none() && lower.contains("connection to server")) {
        if [
            "password authentication failed",
            "no password supplied",
            "pg_hba.conf",
            "authentication failed",
            "role \"",
        ]
        .iter()
        .any(|m| lower.contains(m))
        {
            Class::Authentication
        } else if lower.contains("database \"") && lower.contains("does not exist") {
            Class::Configuration
        } else if lower.contains("too many connections") || lower.contains("connection slots") {
            Class::Platform
        } else {
            Class::Network
        }
    } else {
        match state.as_deref() {
            // insufficient_privilege: the credential lacks a right.
            Some("42501") => Class::Authentication,
            Some(s) if s.starts_with("08") => Class::Network,
            _ => Class::Platform,
        }
    };
    Failure::new(class, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_classified_from_psql_output() {
        let auth = "psql: error: connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  password authentication failed for user \"pbadmin\"\n";
        let f = classify(Some(2), auth);
        assert_eq!(f.class, Class::Authentication);
        assert!(
            f.message
                .contains("FATAL: password authentication failed for user \"pbadmin\""),
            "{}",
            f.message
        );
        let refused = "psql: error: connection to server at \"127.0.0.1\", port 1 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?\n";
        let f = classify(Some(2), refused);
        assert_eq!(f.class, Class::Network);
        assert!(f.message.ends_with("Connection refused Is the server running on that host and accepting TCP/IP connections?"), "{}", f.message);
        let exists =
            "ERROR:  42P04: database \"t\" already exists\nLOCATION:  createdb, dbcommands.c:1\n";
        assert_eq!(sqlstate(exists).as_deref(), Some("42P04"));
        let f = classify(Some(3), exists);
        assert_eq!(
            (f.class, f.message.as_str()),
            (Class::Platform, "database \"t\" already exists")
        );
        let denied = "psql:<stdin>:3: ERROR:  42501: permission denied to create database\n";
        let f = classify(Some(3), denied);
        assert_eq!(
            (f.class, f.message.as_str()),
            (
                Class::Authentication,
                "permission denied to create database"
            )
        );
        let f = classify(Some(2), "psql: error: connection to server at \"h\", port 1 failed: FATAL:  database \"nope\" does not exist\n");
        assert_eq!(f.class, Class::Configuration);
        let f = classify(Some(3), "ERROR:  2BP01: role \"x\" cannot be dropped because some objects depend on it\nDETAIL:  owner of database y\n");
        assert_eq!(f.message, "role \"x\" cannot be dropped because some objects depend on it DETAIL: owner of database y");
        assert_eq!(
            classify(Some(1), "").message,
            "psql failed without a message"
        );
    }
}
