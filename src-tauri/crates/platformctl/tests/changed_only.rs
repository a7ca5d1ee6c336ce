//! `platformctl test --all --changed-only`, as cron runs it against the sample
//! platform on 127.0.0.1 and the real keyring (inside .ci/session.sh): quiet while
//! nothing changes, one line and exit 1 when an instance goes down, one line and
//! exit 0 when it comes back.

use pb_sample_platform::{AuthConfig, SamplePlatform};

mod common;
use common::*;

fn changed_only(cli: &Cli, code: i32) -> String {
    let out = cli
        .cmd()
        .args(["test", "--all", "--changed-only"])
        .assert()
        .code(code)
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

fn set_credential(cli: &Cli, secret: &str) {
    cli.cmd()
        .args(["credential", "set", "sample/dev"])
        .write_stdin(secret.to_owned())
        .assert()
        .success();
}

#[test]
fn only_changes_of_health_are_printed_and_only_going_down_fails() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sample = rt
        .block_on(SamplePlatform::start(AuthConfig::demo(), 0))
        .unwrap();
    let cli = Cli::new();
    import_definitions(&cli, &definitions(&sample.base_url()));

    // The first run finds it up: nothing to say.
    assert_eq!(changed_only(&cli, 0), "");
    assert_eq!(changed_only(&cli, 0), "");

    // A revoked credential: it went down (exit 1), once.
    set_credential(&cli, CANARY);
    let down = changed_only(&cli, 1);
    assert!(down.starts_with("down  sample/dev"), "{down}");
    assert_eq!(down.lines().count(), 1);
    assert!(!down.contains(CANARY));
    assert_eq!(
        changed_only(&cli, 0),
        "",
        "a failure that lasts is not news"
    );

    // JSON names the change for scripts.
    set_credential(&cli, "demo-api-key");
    let out = cli
        .cmd()
        .args(["--json", "test", "--all", "--changed-only"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let report = json_of(&out);
    assert_eq!(report["wentDown"], 0);
    assert_eq!(report["changes"][0]["instance"], "sample/dev");
    assert_eq!(
        (&report["changes"][0]["from"], &report["changes"][0]["to"]),
        (&serde_json::json!("down"), &serde_json::json!("up"))
    );
    assert_eq!(changed_only(&cli, 0), "");

    // Nothing listens any more: down and unreachable (exit 3).
    drop(sample);
    drop(rt);
    let gone = changed_only(&cli, 3);
    assert!(gone.starts_with("down  sample/dev"), "{gone}");
}
