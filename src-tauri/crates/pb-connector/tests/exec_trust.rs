//! Local trust for exec connectors (issue 13): a program that this machine has not
//! trusted is never started, and trust lapses when the command, the environment
//! the connector sets, the program file or a script it names changes.

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use pb_connector::definition::{Connector, ExecConnector};
use pb_connector::exec_trust::{fingerprint, ExecTrust};
use pb_connector::{CallContext, Engine, ErrorClass, Operation};

/// A program that proves it ran by creating a marker file.
fn marker_program(dir: &Path) -> (PathBuf, PathBuf) {
    let marker = dir.join("ran");
    let program = dir.join("platform-cli");
    std::fs::write(
        &program,
        format!(
            "#!/bin/sh\ntouch '{}'\necho '{{\"ok\": true, \"outputs\": {{}}}}'\n",
            marker.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
    (program, marker)
}

fn exec(command: Vec<String>) -> ExecConnector {
    ExecConnector {
        command,
        timeout_ms: 10_000,
        env: BTreeMap::new(),
        secret_env: BTreeMap::new(),
        operations: vec![Operation::Check],
        unsupported: BTreeMap::new(),
        duplicate: None,
    }
}

async fn check(connector: &ExecConnector, trust: ExecTrust) -> pb_connector::OperationRun {
    let ctx = CallContext {
        base_url: "https://platform.example.com".into(),
        exec_trust: trust,
        ..Default::default()
    };
    Engine::new()
        .run_connector(&Connector::Exec(connector.clone()), Operation::Check, &ctx)
        .await
}

fn listed(connector: &ExecConnector) -> ExecTrust {
    ExecTrust::Listed(BTreeSet::from([fingerprint(connector).unwrap().key]))
}

#[tokio::test]
async fn an_untrusted_program_is_not_started_and_the_error_says_how_to_trust_it() {
    let dir = tempfile::tempdir().unwrap();
    let (program, marker) = marker_program(dir.path());
    let c = exec(vec![program.display().to_string()]);

    let run = check(&c, ExecTrust::default()).await;
    let err = run.outcome.unwrap_err();
    assert_eq!(err.code(), "exec_not_trusted");
    assert_eq!(err.class(), ErrorClass::Configuration);
    let message = err.to_string();
    let sha = fingerprint(&c).unwrap().program_sha256;
    assert!(message.contains(&sha), "{message}");
    assert!(message.contains("platformctl trust add"), "{message}");
    assert!(run.exchanges.is_empty(), "nothing was exchanged");
    assert!(
        !marker.exists(),
        "the program ran although it is not trusted"
    );

    let run = check(&c, listed(&c)).await;
    assert!(run.outcome.is_ok(), "{:?}", run.outcome);
    assert!(marker.exists(), "the trusted program did not run");
}

#[tokio::test]
async fn changing_the_program_file_revokes_trust() {
    let dir = tempfile::tempdir().unwrap();
    let (program, marker) = marker_program(dir.path());
    let c = exec(vec![program.display().to_string()]);
    let trust = listed(&c);
    let mut text = std::fs::read_to_string(&program).unwrap();
    text.push_str("# one more line\n");
    std::fs::write(&program, text).unwrap();

    let err = check(&c, trust).await.outcome.unwrap_err();
    assert_eq!(err.code(), "exec_not_trusted");
    assert!(!marker.exists());
}

#[tokio::test]
async fn the_command_environment_and_named_scripts_are_part_of_what_is_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("cli.sh");
    std::fs::write(&script, "echo '{\"ok\": true}'\n").unwrap();
    let base = exec(vec!["/bin/sh".into(), script.display().to_string()]);
    let trust = listed(&base);
    assert!(check(&base, trust.clone()).await.outcome.is_ok());

    let mut other_args = base.clone();
    other_args.command.push("--verbose".into());
    let mut other_env = base.clone();
    other_env
        .env
        .insert("LD_PRELOAD".into(), "/tmp/evil.so".into());
    let mut other_secret_env = base.clone();
    other_secret_env
        .secret_env
        .insert("TOKEN".into(), "api_key".into());
    for changed in [other_args, other_env, other_secret_env] {
        let err = check(&changed, trust.clone()).await.outcome.unwrap_err();
        assert_eq!(err.code(), "exec_not_trusted", "{:?}", changed);
    }

    // The script /bin/sh runs is named by path: editing it needs a new trust too.
    std::fs::write(&script, "echo edited; echo '{\"ok\": true}'\n").unwrap();
    let err = check(&base, trust).await.outcome.unwrap_err();
    assert_eq!(err.code(), "exec_not_trusted");
}

#[test]
fn a_bare_program_name_is_resolved_through_path_and_hashed() {
    let fp = fingerprint(&exec(vec!["sh".into(), "-c".into(), "true".into()])).unwrap();
    assert!(fp.program.starts_with('/'), "{}", fp.program);
    assert_eq!(fp.program_sha256.len(), 64);
    let missing = fingerprint(&exec(vec!["pb-no-such-program-anywhere".into()])).unwrap_err();
    assert_eq!(missing.code(), "definition_error");
    assert!(missing.to_string().contains("pb-no-such-program-anywhere"));
}
