//! The exec connector with a real program (a Python script standing in for a
//! platform CLI): JSON in on stdin, JSON out on stdout, secrets only in the
//! environment, bounded by its timeout.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use pb_connector::definition::{Connector, ExecConnector};
use pb_connector::diagnose::{test_connector, StageName, StageStatus};
use pb_connector::{CallContext, Engine, ErrorClass, Operation};
use pb_secrets::Sensitive;
use serde_json::{json, Value};

/// A stand-in platform CLI. It reports its argv and what it received, so the tests
/// can check that no secret reached argv and that stdin carried the values.
const SCRIPT: &str = r#"
import json, os, sys, time
request = json.load(sys.stdin)
op = request["operation"]
values = request["values"]
token = os.environ.get("PLATFORM_TOKEN", "")
mode = os.environ.get("MODE", "")
if mode == "hang":
    time.sleep(30)
if mode == "crash":
    sys.stderr.write("Traceback: platform exploded; token was " + token + "\n")
    sys.exit(3)
if mode == "garbage":
    print("not json")
    sys.exit(0)
if token != "cli-token" and not token.startswith("canary-"):
    print(json.dumps({"ok": False, "error": {"class": "authentication", "message": "token rejected"}}))
    sys.exit(1)
if op == "check":
    print(json.dumps({"ok": True, "outputs": {"identity": "cli-user", "argv": sys.argv, "env_keys": sorted(os.environ)}}))
elif op == "create_tenant":
    print(json.dumps({"ok": True, "outputs": {"tenant_id": "t-" + values["tenant"]["name"], "echo": token}}))
elif op == "get_tenant":
    print(json.dumps({"ok": True, "notFound": True}))
"#;

/// Debian's interpreter where it exists (a pyenv shim would add its own variables).
fn python() -> String {
    if std::path::Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3".into()
    } else {
        "python3".into()
    }
}

fn connector(mode: &str, timeout_ms: u64) -> Connector {
    let dir = std::env::temp_dir().join(format!("pb-exec-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("platform-cli.py");
    std::fs::write(&script, SCRIPT).unwrap();
    Connector::Exec(ExecConnector {
        command: vec![python(), script.display().to_string(), "--json".into()],
        timeout_ms,
        env: BTreeMap::from([("MODE".to_string(), mode.to_string())]),
        secret_env: BTreeMap::from([("PLATFORM_TOKEN".to_string(), "token".to_string())]),
        operations: vec![
            Operation::Check,
            Operation::CreateTenant,
            Operation::GetTenant,
        ],
        unsupported: BTreeMap::new(),
        duplicate: None,
    })
}

fn ctx(token: &str, values: Value) -> CallContext {
    CallContext {
        base_url: "https://platform.example.com".into(),
        values: values.as_object().cloned().unwrap_or_default(),
        secrets: [("token".to_string(), Sensitive::new(token.to_string()))].into(),
        tls: Default::default(),
        // The test wrote these programs itself.
        exec_trust: pb_connector::exec_trust::ExecTrust::Every,
    }
}

#[tokio::test]
async fn check_and_operations_run_the_program_with_secrets_only_in_env() {
    // Set in this process only; env_clear must keep it from the program.
    std::env::set_var("PB_EXEC_TEST_MARKER", "1");
    let c = connector("", 10_000);
    let run = Engine::new()
        .run_connector(&c, Operation::Check, &ctx("cli-token", json!({})))
        .await;
    let outputs = run.outcome.unwrap();
    assert_eq!(outputs["identity"], "cli-user");
    assert!(
        !outputs["argv"].to_string().contains("cli-token"),
        "argv: {}",
        outputs["argv"]
    );
    // The app's own environment does not reach the program (only PATH, HOME, ...).
    let keys: Vec<&str> = outputs["env_keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    assert!(keys.contains(&"PLATFORM_TOKEN") && keys.contains(&"MODE"));
    assert!(!keys.contains(&"PB_EXEC_TEST_MARKER"), "{keys:?}");

    let run = Engine::new()
        .run_connector(
            &c,
            Operation::CreateTenant,
            &ctx("cli-token", json!({"tenant": {"name": "a b"}})),
        )
        .await;
    assert_eq!(run.outcome.unwrap()["tenant_id"], "t-a b");
    let run = Engine::new()
        .run_connector(&c, Operation::GetTenant, &ctx("cli-token", json!({})))
        .await;
    assert!(run.not_found);
    let run = Engine::new()
        .run_connector(&c, Operation::DeleteTenant, &ctx("cli-token", json!({})))
        .await;
    assert_eq!(run.outcome.unwrap_err().code(), "operation_not_defined");
}

#[tokio::test]
async fn failures_are_classified_and_carry_stderr_without_secrets() {
    let canary = format!("canary-{}", uuid::Uuid::new_v4().simple());
    let run = Engine::new()
        .run_connector(
            &connector("", 10_000),
            Operation::Check,
            &ctx("wrong", json!({})),
        )
        .await;
    assert_eq!(run.outcome.unwrap_err().class(), ErrorClass::Authentication);

    let run = Engine::new()
        .run_connector(
            &connector("crash", 10_000),
            Operation::Check,
            &ctx(&canary, json!({})),
        )
        .await;
    let err = run.outcome.unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("exited with code 3") && text.contains("platform exploded"),
        "{text}"
    );
    assert!(!text.contains(&canary), "{text}");
    let recorded = serde_json::to_string(&run.exchanges).unwrap();
    assert!(!recorded.contains(&canary), "{recorded}");

    let run = Engine::new()
        .run_connector(
            &connector("garbage", 10_000),
            Operation::Check,
            &ctx("cli-token", json!({})),
        )
        .await;
    assert_eq!(run.outcome.unwrap_err().code(), "invalid_body");

    // Echoed secrets in outputs are masked before they can be shown.
    let run = Engine::new()
        .run_connector(
            &connector("", 10_000),
            Operation::CreateTenant,
            &ctx(&canary, json!({"tenant": {"name": "x"}})),
        )
        .await;
    assert_eq!(run.shown_outputs["echo"], "*****");
}

#[tokio::test]
async fn a_hanging_program_is_killed_at_its_timeout() {
    let started = Instant::now();
    let run = Engine::new()
        .run_connector(
            &connector("hang", 500),
            Operation::Check,
            &ctx("cli-token", json!({})),
        )
        .await;
    let err = run.outcome.unwrap_err();
    assert!(
        matches!(err, pb_connector::ConnectorError::Timeout { ms: 500, .. }),
        "{err}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn the_connection_test_of_an_exec_connector_is_its_check() {
    let t = test_connector(
        &Engine::new(),
        &connector("", 10_000),
        &ctx("cli-token", json!({})),
    )
    .await;
    let statuses: Vec<_> = t.stages.iter().map(|s| (s.name, s.status)).collect();
    assert_eq!(
        statuses[..4]
            .iter()
            .filter(|(_, s)| *s == StageStatus::Skipped)
            .count(),
        4
    );
    assert_eq!(statuses[4], (StageName::Probe, StageStatus::Ok));
    assert!(t.stages[4].message.contains("connected as cli-user"));
}

#[tokio::test]
async fn a_program_that_floods_stdout_is_stopped_at_the_output_limit() {
    let c = Connector::Exec(ExecConnector {
        command: vec![
            "/bin/sh".into(),
            "-c".into(),
            "cat >/dev/null; head -c 20000000 /dev/zero | tr '\\0' a".into(),
        ],
        timeout_ms: 30_000,
        env: BTreeMap::new(),
        secret_env: BTreeMap::new(),
        operations: vec![Operation::Check],
        unsupported: BTreeMap::new(),
        duplicate: None,
    });
    let run = Engine::new()
        .run_connector(&c, Operation::Check, &ctx("cli-token", json!({})))
        .await;
    let err = run.outcome.unwrap_err();
    assert_eq!(err.code(), "invalid_body", "{err}");
    assert!(err.to_string().contains("more than 4 MiB"), "{err}");
}

#[test]
fn an_exec_connector_declares_its_conflict_as_the_class_conflict() {
    let text = "apiVersion: platformbuilder.dev/connector/v1\nkind: exec\ncommand: [prog]\noperations: [check, create_tenant]\n";
    let declared = pb_connector::parse(&format!("{text}duplicate: {{conflict: 409}}\n")).unwrap();
    let Connector::Exec(exec) = declared.connector else {
        panic!("exec")
    };
    assert!(exec.duplicate.is_some());
    let e = pb_connector::parse(&format!("{text}duplicate: {{conflict: 422}}\n"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("counts as 409"), "{e}");
}
