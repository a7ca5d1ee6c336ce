//! Quoting for the SQL the connector writes, and the names it accepts.
//!
//! Two layers, on purpose: names of tenants and users must match a plain
//! pattern (so they are also easy to type in psql and show in logs), *and*
//! every identifier and literal is quoted anyway, so a name or description can
//! never end a quote and run SQL of its own.

use crate::protocol::Failure;

/// PostgreSQL's NAMEDATALEN - 1: longer names are silently truncated.
pub const MAX_NAME: usize = 63;

/// An identifier in double quotes, inner `"` doubled: case and every character
/// are kept as given.
pub fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A string literal, inner `'` doubled. With a backslash the `E'...'` form is
/// used, backslashes doubled, so the result means the same whether or not the
/// server has `standard_conforming_strings` on (as PostgreSQL's own
/// `quote_literal` does). Callers refuse NUL characters before (see
/// `Request::text`).
pub fn literal(text: &str) -> String {
    let body = text.replace('\'', "''");
    if text.contains('\\') {
        format!("E'{}'", body.replace('\\', "\\\\"))
    } else {
        format!("'{body}'")
    }
}

/// Checks a tenant or user name: letters, digits, `_`, `-`, `.`, starting with
/// a letter, digit or `_`, at most `max` bytes; not PostgreSQL's reserved
/// `pg_` prefix nor one of the role names it refuses (`public`, `none`, ...).
pub fn check_name(kind: &str, name: &str, max: usize) -> Result<(), Failure> {
    let first_ok = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    let rest_ok = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if !first_ok || !rest_ok {
        return Err(Failure::config(format!(
            "{kind} name {name:?} is not accepted: use letters, digits, '_', '-' and '.', starting with a letter, digit or '_'"
        )));
    }
    if name.len() > max {
        return Err(Failure::config(format!(
            "{kind} name '{name}' is {} bytes long; at most {max} are possible here",
            name.len()
        )));
    }
    let lower = name.to_ascii_lowercase();
    const RESERVED: [&str; 6] = [
        "public",
        "none",
        "all",
        "current_user",
        "session_user",
        "current_role",
    ];
    if lower.starts_with("pg_") || RESERVED.contains(&lower.as_str()) {
        return Err(Failure::config(format!(
            "{kind} name '{name}' is reserved by PostgreSQL"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_literals_are_quoted() {
        assert_eq!(ident("pb-team"), "\"pb-team\"");
        assert_eq!(ident("Mixed"), "\"Mixed\"");
        assert_eq!(
            ident("a\"; drop table x; --"),
            "\"a\"\"; drop table x; --\""
        );
        assert_eq!(literal("it's"), "'it''s'");
        assert_eq!(literal("plain"), "'plain'");
        assert_eq!(literal(""), "''");
        // A backslash before the quote cannot escape it, in either string mode.
        assert_eq!(literal("a\\'; drop"), "E'a\\\\''; drop'");
        assert_eq!(literal("line\nbreak"), "'line\nbreak'");
    }

    #[test]
    fn only_plain_names_are_accepted() {
        for ok in ["pb-validation-a1b2c3", "team_1", "Team.A", "_x", "a"] {
            assert!(check_name("tenant", ok, 57).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "-x",
            ".x",
            "a b",
            "a\"b",
            "a'b",
            "a;b",
            "ä",
            "pg_x",
            "PG_x",
            "public",
            "None",
            "CURRENT_USER",
        ] {
            assert!(check_name("tenant", bad, 57).is_err(), "{bad:?}");
        }
        assert!(check_name("user", &"a".repeat(63), MAX_NAME).is_ok());
        let long = check_name("user", &"a".repeat(64), MAX_NAME);
        assert!(long.is_err_and(|f| f.message.contains("64 bytes")));
    }
}
