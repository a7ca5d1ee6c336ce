//! What the tests share: running the program through the exec protocol exactly
//! as the engine does (JSON on stdin, JSON on stdout, only PATH and the
//! secret's environment variable set), and looking at the server with psql.
// Each test file uses a different part of this.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pb_real_platforms::postgres::Postgres;
use serde_json::{json, Value};

pub const PROGRAM: &str = env!("CARGO_BIN_EXE_pb-connector-postgresql");
pub const PSQL: &str = "/usr/lib/postgresql/15/bin/psql";

/// Runs one operation; (answer, how long it took).
pub fn call(endpoint: &str, password: &str, op: &str, values: Value) -> (Value, Duration) {
    let request = json!({
        "apiVersion": "platformbuilder.dev/connector/v1",
        "operation": op,
        "endpoint": endpoint,
        "values": values,
    });
    let (stdout, took) = run(&request.to_string(), &[("PGPASSWORD", password)]);
    let answer = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("{op}: not JSON ({e}): {stdout}"));
    (answer, took)
}

/// The program with `input` on stdin and an environment like the engine's.
pub fn run(input: &str, env: &[(&str, &str)]) -> (String, Duration) {
    let started = Instant::now();
    let mut child = Command::new(PROGRAM)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the program");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "exit {}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        started.elapsed(),
    )
}

/// Runs SQL with psql itself as `user`: what the program did, seen independently.
pub fn sql(
    pg: &Postgres,
    user: &str,
    password: &str,
    db: &str,
    query: &str,
) -> Result<String, String> {
    let out = Command::new(PSQL)
        .args([
            "-X",
            "-q",
            "-A",
            "-t",
            "-w",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            pg.host(),
        ])
        .args([
            "-p",
            &pg.port().to_string(),
            "-U",
            user,
            "-d",
            db,
            "-c",
            query,
        ])
        .env("PGPASSWORD", password)
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).trim().to_owned();
    if out.status.success() {
        Ok(text(&out.stdout))
    } else {
        Err(text(&out.stderr))
    }
}

pub fn admin_sql(pg: &Postgres, query: &str) -> String {
    sql(
        pg,
        Postgres::ADMIN_USER,
        Postgres::ADMIN_PASSWORD,
        "postgres",
        query,
    )
    .unwrap_or_else(|e| panic!("{query}: {e}"))
}

pub fn ok(answer: &Value, op: &str) -> Value {
    assert_eq!(answer["ok"], json!(true), "{op}: {answer}");
    assert_eq!(answer["notFound"], json!(false), "{op}: {answer}");
    answer["outputs"].clone()
}

pub fn not_found(answer: &Value, op: &str) {
    assert_eq!(
        (&answer["ok"], &answer["notFound"]),
        (&json!(true), &json!(true)),
        "{op}: {answer}"
    );
}

pub fn error(answer: &Value, op: &str, class: &str, says: &str) {
    assert_eq!(answer["ok"], json!(false), "{op}: {answer}");
    assert_eq!(answer["error"]["class"], json!(class), "{op}: {answer}");
    let message = answer["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(says),
        "{op}: '{message}' does not say '{says}'"
    );
}

pub fn wait_for(mut done: impl FnMut() -> bool, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !done() {
        assert!(Instant::now() < deadline, "waited 5 s for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}
