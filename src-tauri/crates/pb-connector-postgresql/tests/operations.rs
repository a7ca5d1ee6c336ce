//! Every operation against a real PostgreSQL cluster, in the order the
//! validation suite runs them, each result checked on the server with psql.

mod common;

use std::time::Instant;

use common::*;
use pb_real_platforms::postgres::Postgres;
use serde_json::{json, Value};

#[test]
fn every_operation_in_lifecycle_order() {
    let started = Instant::now();
    let pg = Postgres::start().unwrap_or_else(|e| panic!("{e}"));
    println!("cluster started in {} ms", started.elapsed().as_millis());
    let url = pg.url();
    let name = "pb-validation-t3st01";
    // A description that would end a naive quote, with a backslash and a newline.
    let description = "it's'); drop database postgres; -- \\ and\nmore";
    let tenant = json!({"name": name, "identifier": name, "description": description});
    let fields = json!({"admin_user": Postgres::ADMIN_USER});
    let with = |extra: Value| {
        let mut v = json!({"fields": fields, "tenant": tenant});
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        v
    };
    let mut timings = Vec::new();
    let mut op = |op: &str, values: Value| {
        let (answer, took) = call(&url, Postgres::ADMIN_PASSWORD, op, values);
        timings.push(format!("{op} {} ms", took.as_millis()));
        answer
    };

    let out = ok(&op("check", with(json!({}))), "check");
    let identity = out["identity"].as_str().unwrap();
    assert!(
        identity.starts_with("pbadmin on PostgreSQL 15."),
        "{identity}"
    );

    let out = ok(&op("create_tenant", with(json!({}))), "create_tenant");
    assert_eq!(
        (&out["tenant_id"], &out["tenant_name"]),
        (&json!(name), &json!(name))
    );
    error(
        &op("create_tenant", with(json!({}))),
        "create again",
        "conflict",
        "already exists",
    );
    let out = ok(&op("list_tenants", with(json!({}))), "list_tenants");
    assert_eq!(
        out["tenants"],
        json!([{"name": name, "id": name}]),
        "only the databases it creates are tenants: not postgres, not the templates"
    );
    let out = ok(&op("get_tenant", with(json!({}))), "get_tenant");
    assert_eq!(out["tenant_name"], json!(name));
    assert_eq!(
        out["description"],
        json!(description),
        "the description round-trips exactly"
    );
    assert_eq!(out["owner_role"], json!(format!("{name}_owner")));
    assert_eq!(
        admin_sql(
            &pg,
            "select count(*) from pg_database where datname = 'postgres'"
        ),
        "1"
    );

    // The suite's user is named exactly like its tenant.
    let password = "Gen-pass_w0rd.1";
    let user = json!({"name": name, "password": password, "role": "member"});
    let out = ok(&op("add_user", with(json!({"user": user}))), "add_user");
    assert_eq!(out["user_id"], json!(name));
    // The user logs in with that password (sent as a SCRAM verifier) and works
    // in the tenant's database with the owner's rights.
    let made = sql(
        &pg,
        name,
        password,
        name,
        "create table notes(x int); select current_user",
    );
    assert_eq!(made.as_deref(), Ok(name));
    let denied = sql(&pg, name, "wrong", name, "select 1").unwrap_err();
    assert!(
        denied.contains("password authentication failed"),
        "{denied}"
    );
    // A password that is not ASCII goes as a quoted literal (the server must
    // SASLprep it): quotes and backslashes in it stay the password's.
    let odd = "pä'ss\\wörd\"";
    let second = json!({"name": "second.user", "password": odd, "role": "owner"});
    ok(
        &op("add_user", with(json!({"user": second}))),
        "add_user non-ASCII",
    );
    assert_eq!(
        sql(&pg, "second.user", odd, name, "select 1").as_deref(),
        Ok("1")
    );
    let out = ok(&op("list_users", with(json!({}))), "list_users");
    assert_eq!(out["users"], json!([name, "second.user"]));
    ok(
        &op(
            "remove_user",
            with(json!({"user": {"name": "second.user"}})),
        ),
        "remove second",
    );

    let out = ok(
        &op("remove_user", with(json!({"user": {"name": name}}))),
        "remove_user",
    );
    assert_eq!(out["dropped_role"], json!(true));
    let owner = sql(
        &pg,
        "pbadmin",
        Postgres::ADMIN_PASSWORD,
        name,
        "select tableowner from pg_tables where tablename = 'notes'",
    );
    assert_eq!(
        owner,
        Ok(format!("{name}_owner")),
        "the tenant keeps the user's table"
    );
    assert_eq!(
        admin_sql(
            &pg,
            &format!("select count(*) from pg_roles where rolname = '{name}'")
        ),
        "0"
    );
    let out = ok(
        &op("list_users", with(json!({}))),
        "list_users after removal",
    );
    assert_eq!(out["users"], json!([]));
    not_found(
        &op("remove_user", with(json!({"user": {"name": name}}))),
        "remove again",
    );

    let quota = json!({"key": "connections", "value": 2});
    ok(&op("set_quota", with(json!({"quota": quota}))), "set_quota");
    let out = ok(&op("get_quota", with(json!({"quota": quota}))), "get_quota");
    assert_eq!(out["quota_value"], json!(2));
    let (probe, took) = call(
        &url,
        Postgres::ADMIN_PASSWORD,
        "probe_quota",
        with(json!({"quota": quota})),
    );
    let out = ok(&probe, "probe_quota");
    println!(
        "probe of a limit of 2: {} ms in all, {} ms opening sessions",
        took.as_millis(),
        out["probe_ms"]
    );
    assert!(
        out["refused"]
            .as_str()
            .unwrap()
            .contains("too many connections for database"),
        "{out}"
    );
    // Nothing of the probe is left: no role, no session.
    assert_eq!(
        admin_sql(
            &pg,
            "select count(*) from pg_roles where rolname like 'pb_probe_%'"
        ),
        "0"
    );
    let sessions = format!("select count(*) from pg_stat_activity where datname = '{name}'");
    wait_for(
        || admin_sql(&pg, &sessions) == "0",
        "the probe's sessions to end",
    );

    let unlimited = json!({"key": "connections", "value": -1});
    ok(
        &op("set_quota", with(json!({"quota": unlimited}))),
        "set_quota -1",
    );
    error(
        &op("probe_quota", with(json!({"quota": unlimited}))),
        "probe unlimited",
        "platform",
        "NOT enforced",
    );
    error(
        &op(
            "set_quota",
            with(json!({"quota": {"key": "cpu", "value": 1}})),
        ),
        "cpu",
        "configuration",
        "'connections'",
    );

    let out = ok(&op("delete_tenant", with(json!({}))), "delete_tenant");
    assert_eq!(out, json!({"dropped_database": true, "dropped_role": true}));
    not_found(&op("get_tenant", with(json!({}))), "get after delete");
    not_found(&op("delete_tenant", with(json!({}))), "delete again");
    not_found(
        &op("list_users", with(json!({}))),
        "list_users without tenant",
    );
    error(
        &op("add_user", with(json!({"user": user}))),
        "add to none",
        "platform",
        "does not exist",
    );
    println!("{}", timings.join(", "));
}
