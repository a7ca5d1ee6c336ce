//! The one quota PostgreSQL enforces per database: `connections`, the
//! database's CONNECTION LIMIT (concurrent sessions; -1 is unlimited).
//! Superusers are exempt from it, which is why probe.rs checks it as a tenant
//! member, never as the admin.

use serde_json::{json, Value};

use crate::protocol::{Failure, Outcome, Request, Success};
use crate::psql::Psql;
use crate::script::{result, Tenant};

pub const KEY: &str = "connections";
/// A sanity bound: more than this is a typo, not a limit (PostgreSQL's
/// max_connections is 100 by default).
const MAX_LIMIT: i64 = 100_000;

/// `values.quota.key` must be `connections` (absent means it too).
pub fn check_key(request: &Request) -> Result<(), Failure> {
    match request.text(&["quota", "key"])? {
        None | Some(KEY) => Ok(()),
        Some(other) => Err(Failure::config(format!(
            "quota '{other}' is not offered: PostgreSQL enforces '{KEY}' (the database's CONNECTION LIMIT) per database"
        ))),
    }
}

/// `values.quota.value` as a whole number of sessions, from a number or text.
fn value(request: &Request) -> Result<i64, Failure> {
    let v = &request.values["quota"]["value"];
    let n = match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    match n {
        Some(n) if n.fract() == 0.0 && (-1.0..=MAX_LIMIT as f64).contains(&n) => Ok(n as i64),
        _ => Err(Failure::config(format!(
            "quota.value {v} is not a number of connections from -1 (unlimited) to {MAX_LIMIT}"
        ))),
    }
}

pub fn set(psql: &Psql, request: &Request) -> Outcome {
    check_key(request)?;
    let t = Tenant::from_request(request)?;
    let limit = value(request)?;
    let out = psql.run(&format!(
        "{guard}\
         alter database {db} connection limit {limit};\n\
         select jsonb_build_object('quota_value', datconnlimit) from pg_database where datname = {dbl};\n",
        guard = t.guard(),
        db = t.db_ident(),
        dbl = t.db_literal(),
    ))?;
    if let Some(stopped) = t.stopped(&out, || t.no_such_tenant()) {
        return stopped;
    }
    Ok(Success::with(result(&out, "quota")?))
}

/// `quota_value`: the database's CONNECTION LIMIT (-1: unlimited).
pub fn get(psql: &Psql, request: &Request) -> Outcome {
    check_key(request)?;
    let t = Tenant::from_request(request)?;
    let out = psql.run(&format!(
        "{guard}\
         select jsonb_build_object('quota_value', datconnlimit) from pg_database where datname = {dbl};\n",
        guard = t.guard(),
        dbl = t.db_literal(),
    ))?;
    if let Some(stopped) = t.stopped(&out, || Ok(Success::not_found())) {
        return stopped;
    }
    let v = result(&out, "quota")?;
    Ok(Success::with(json!({
        "quota_value": v["quota_value"],
        "unlimited": v["quota_value"] == json!(-1),
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(quota: Value) -> Request {
        let text = json!({"apiVersion": crate::protocol::API_VERSION, "operation": "set_quota",
            "values": {"quota": quota}})
        .to_string();
        Request::parse(&text).unwrap_or_else(|f| panic!("{}", f.message))
    }

    #[test]
    fn quota_values_are_whole_numbers_of_connections() {
        assert_eq!(
            value(&request(json!({"key": "connections", "value": 3}))).ok(),
            Some(3)
        );
        assert_eq!(value(&request(json!({"value": 3.0}))).ok(), Some(3));
        assert_eq!(value(&request(json!({"value": "-1"}))).ok(), Some(-1));
        for bad in [
            json!(2.5),
            json!(-2),
            json!("many"),
            json!(null),
            json!(1e9),
        ] {
            assert!(value(&request(json!({"value": bad}))).is_err(), "{bad}");
        }
        assert!(check_key(&request(json!({"key": "cpu"})))
            .is_err_and(|f| f.message.contains("'connections'")));
        assert!(check_key(&request(json!({}))).is_ok());
    }
}
