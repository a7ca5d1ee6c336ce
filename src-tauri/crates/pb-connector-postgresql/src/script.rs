//! What the operations' psql scripts share: the tenant they work on, the guard
//! every script on an existing tenant starts with, and reading their output.
//!
//! Scripts decide on the server's state in one session, without a round trip
//! per question: `select ... as flag \gset` stores a boolean in a psql variable
//! and `\if :flag` branches on it (psql 10 and later). They report what they did
//! with `\echo marker` lines, and their results as one line of JSON (`jsonb`
//! prints on one line; `json_agg` would not).

use serde_json::Value;

use crate::protocol::{Failure, Outcome, Request};
use crate::quote::{check_name, ident, literal, MAX_NAME};

/// The suffix of a tenant's owner role. Roles are cluster-wide and the
/// validation suite names its test user exactly like its tenant
/// (`pb-validation-<suffix>` both), so the role cannot be the bare tenant name.
pub const OWNER_SUFFIX: &str = "_owner";

/// A tenant: the database `name`, owned by the NOLOGIN role `<name>_owner`.
pub struct Tenant {
    pub name: String,
    pub owner: String,
}

impl Tenant {
    pub fn from_request(request: &Request) -> Result<Tenant, Failure> {
        let name = request.tenant()?;
        check_name("tenant", name, MAX_NAME - OWNER_SUFFIX.len())?;
        Ok(Tenant {
            name: name.to_owned(),
            owner: format!("{name}{OWNER_SUFFIX}"),
        })
    }

    /// The database as an SQL identifier and literal, and the owner role's.
    pub fn db_ident(&self) -> String {
        ident(&self.name)
    }
    pub fn db_literal(&self) -> String {
        literal(&self.name)
    }
    pub fn owner_ident(&self) -> String {
        ident(&self.owner)
    }
    pub fn owner_literal(&self) -> String {
        literal(&self.owner)
    }

    /// The start of every script on an existing tenant: stops with
    /// `no-tenant` when the database does not exist, and with `not-a-tenant`
    /// when its owner is not the tenant's NOLOGIN owner role. So the connector
    /// never grants, limits or drops a database it did not make a tenant of
    /// (`postgres` itself, an application's database owned by a login role).
    pub fn guard(&self) -> String {
        let (db, owner) = (self.db_literal(), self.owner_literal());
        format!(
            "select exists(select from pg_database where datname = {db}) as db_exists,\n\
             exists(select from pg_database d join pg_roles r on r.oid = d.datdba\n\
               where d.datname = {db} and r.rolname = {owner}\n\
               and not r.rolcanlogin and not r.rolsuper) as is_tenant \\gset\n\
             \\if :db_exists\n\\else\n\\echo no-tenant\n\\quit\n\\endif\n\
             \\if :is_tenant\n\\else\n\\echo not-a-tenant\n\\quit\n\\endif\n"
        )
    }

    /// The outcome of a guarded script that stopped at the guard, if it did:
    /// `missing` for a database that does not exist (not found for reads and
    /// deletes, an error for changes).
    pub fn stopped(&self, stdout: &str, missing: impl FnOnce() -> Outcome) -> Option<Outcome> {
        if has(stdout, "no-tenant") {
            return Some(missing());
        }
        if has(stdout, "not-a-tenant") {
            return Some(Err(Failure::platform(format!(
                "database \"{}\" is not a tenant: its owner is not the NOLOGIN role \"{}\" this connector creates, so it is left alone",
                self.name, self.owner
            ))));
        }
        None
    }

    /// For changes to a tenant that does not exist.
    pub fn no_such_tenant(&self) -> Outcome {
        Err(Failure::platform(format!(
            "tenant database \"{}\" does not exist",
            self.name
        )))
    }
}

/// Whether the script echoed `marker` on a line of its own.
pub fn has(stdout: &str, marker: &str) -> bool {
    stdout.lines().any(|l| l.trim() == marker)
}

/// The last line of output that is JSON (an object, array or `null`).
pub fn last_json(stdout: &str) -> Option<Value> {
    stdout
        .lines()
        .rev()
        .map(str::trim)
        .filter(|l| l.starts_with('{') || l.starts_with('[') || *l == "null")
        .find_map(|l| serde_json::from_str(l).ok())
}

/// The script's JSON result, or a platform error naming what was expected.
pub fn result(stdout: &str, what: &str) -> Result<Value, Failure> {
    last_json(stdout).ok_or_else(|| {
        Failure::platform(format!(
            "psql printed no {what}: {}",
            stdout.chars().take(300).collect::<String>()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn outputs_are_read_and_tenants_named() {
        let out = "created-role\n{\"a\": 1}\nnoise\n";
        assert!(has(out, "created-role") && !has(out, "created"));
        assert_eq!(last_json(out), Some(json!({"a": 1})));
        assert_eq!(last_json("null\n"), Some(Value::Null));
        assert!(result("", "tenant").is_err());
        let r = Request::parse(
            r#"{"apiVersion":"platformbuilder.dev/connector/v1","operation":"x","values":{"tenant":{"name":"t1"}}}"#,
        );
        let t = r
            .and_then(|r| Tenant::from_request(&r))
            .unwrap_or_else(|f| panic!("{}", f.message));
        assert_eq!(
            (t.owner_ident(), t.db_literal()),
            ("\"t1_owner\"".into(), "'t1'".into())
        );
        assert!(t.guard().contains("r.rolname = 't1_owner'"));
        assert!(t
            .stopped("no-tenant\n", Tenant::no_such_tenant_ok)
            .is_some_and(|o| o.is_ok()));
        assert!(t.stopped("{}", Tenant::no_such_tenant_ok).is_none());
    }

    impl Tenant {
        fn no_such_tenant_ok() -> Outcome {
            Ok(crate::protocol::Success::not_found())
        }
    }
}
