//! The failures an instance can run into, each answered with the right class,
//! and requests the program must answer rather than crash on.

mod common;

use std::time::Duration;

use common::*;
use pb_real_platforms::postgres::Postgres;
use serde_json::{json, Value};

#[test]
fn failures_are_classified() {
    let pg = Postgres::start().unwrap_or_else(|e| panic!("{e}"));
    let url = pg.url();
    let fields = json!({"admin_user": Postgres::ADMIN_USER});
    let values = |tenant: &str| json!({"fields": fields, "tenant": {"name": tenant}});

    let (answer, _) = call(&url, "not-the-password", "check", values("x"));
    error(
        &answer,
        "wrong password",
        "authentication",
        "password authentication failed for user \"pbadmin\"",
    );
    let (answer, _) = call(&url, Postgres::ADMIN_PASSWORD, "check", json!({}));
    error(&answer, "no admin_user", "configuration", "admin_user");

    // Hostile names are refused before anything reaches the server.
    for hostile in [
        "x\"; drop database postgres; --",
        "a'b",
        "t; select 1",
        "pg_evil",
        "x".repeat(58).as_str(),
    ] {
        let (answer, took) = call(
            &url,
            Postgres::ADMIN_PASSWORD,
            "create_tenant",
            values(hostile),
        );
        error(&answer, hostile, "configuration", "tenant name");
        assert!(took < Duration::from_secs(2));
    }
    let v = json!({"fields": fields, "tenant": {"name": "ok-tenant"}, "user": {"name": "u\"x", "role": "member"}});
    error(
        &call(&url, Postgres::ADMIN_PASSWORD, "add_user", v).0,
        "hostile user",
        "configuration",
        "user name",
    );
    assert_eq!(
        admin_sql(&pg, "select count(*) from pg_database"),
        "3",
        "only postgres, template0/1"
    );

    // Databases that are not tenants are never changed.
    for op in ["delete_tenant", "set_quota", "list_users"] {
        let mut v = values("postgres");
        v["quota"] = json!({"key": "connections", "value": 1});
        error(
            &call(&url, Postgres::ADMIN_PASSWORD, op, v).0,
            op,
            "platform",
            "is not a tenant",
        );
    }
    let v = json!({"fields": fields, "tenant": {"name": "t-roles"}, "user": {"name": "u1", "role": "reader"}});
    error(
        &call(&url, Postgres::ADMIN_PASSWORD, "add_user", v).0,
        "reader",
        "configuration",
        "not offered",
    );
    error(
        &call(&url, Postgres::ADMIN_PASSWORD, "frobnicate", values("x")).0,
        "unknown op",
        "configuration",
        "unknown operation",
    );

    // A server that is gone: a network error, well within the connect timeout.
    drop(pg);
    let (answer, took) = call(&url, Postgres::ADMIN_PASSWORD, "check", values("x"));
    error(&answer, "server stopped", "network", "Connection refused");
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[test]
fn bad_requests_are_answered_not_crashed_on() {
    for (input, says) in [
        ("garbage", "not JSON"),
        ("", "not JSON"),
        ("[1, 2]", "no apiVersion"),
        (
            r#"{"apiVersion":"v0","operation":"check"}"#,
            "unsupported apiVersion",
        ),
        (
            r#"{"apiVersion":"platformbuilder.dev/connector/v1"}"#,
            "no operation",
        ),
        (
            r#"{"apiVersion":"platformbuilder.dev/connector/v1","operation":"check","endpoint":"http://x"}"#,
            "not a postgresql:// URL",
        ),
        (
            r#"{"apiVersion":"platformbuilder.dev/connector/v1","operation":"check","values":7}"#,
            "must be an object",
        ),
    ] {
        let (stdout, _) = run(input, &[]);
        let answer: Value = serde_json::from_str(stdout.trim())
            .unwrap_or_else(|e| panic!("{input}: {e}: {stdout}"));
        error(&answer, input, "configuration", says);
    }
    let request = json!({"apiVersion": "platformbuilder.dev/connector/v1", "operation": "check",
        "endpoint": "postgresql://127.0.0.1:1/postgres", "values": {"fields": {"admin_user": "a"}}});
    let (stdout, _) = run(&request.to_string(), &[("PB_PSQL", "/nonexistent/psql")]);
    let answer: Value = serde_json::from_str(stdout.trim()).unwrap();
    error(&answer, "no psql", "configuration", "postgresql-client");
}

#[test]
fn the_preset_runs_this_program_with_the_password_in_pgpassword() {
    let text = pb_connector::presets::preset("postgresql").expect("the postgresql preset");
    let parsed = pb_connector::parse(text).unwrap_or_else(|e| panic!("{e}"));
    let pb_connector::definition::Connector::Exec(exec) = parsed.connector else {
        panic!("not an exec connector");
    };
    assert_eq!(exec.command, ["pb-connector-postgresql"]);
    assert_eq!(
        exec.secret_env.get("PGPASSWORD").map(String::as_str),
        Some("password")
    );
    assert_eq!(exec.operations.len(), pb_connector::Operation::ALL.len());
}
