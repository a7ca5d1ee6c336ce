//! `platformctl history` over a real database and the real keyring: an import and a
//! credential stored by platformctl are recorded as made through platformctl, with
//! the file and the field diff; filters, JSON and JSON lines; bad filters exit 2.

mod common;

use common::{definitions, import_definitions, json_of, Cli, CANARY};

#[test]
fn history_lists_platformctl_changes_with_their_source_and_never_a_secret() {
    let cli = Cli::new();
    import_definitions(&cli, &definitions("http://127.0.0.1:9"));
    cli.cmd()
        .args(["credential", "set", "sample/dev"])
        .write_stdin(CANARY)
        .assert()
        .success();

    let page = json_of(
        &cli.cmd()
            .args(["--json", "history"])
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    let entries = page["entries"].as_array().unwrap();
    let kinds: Vec<&str> = entries
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    // Newest first: the credential set after the import, then what the import made.
    assert_eq!(kinds[0], "credential", "{page}");
    for kind in ["platform_type", "connector", "platform", "instance"] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    assert!(entries.iter().all(|e| e["via"] == "platformctl"), "{page}");
    let file = cli.path("sample.yaml").display().to_string();
    let platform = entries.iter().find(|e| e["kind"] == "platform").unwrap();
    assert_eq!(platform["source"], file.as_str());
    assert_eq!(platform["action"], "created");
    let credential = &entries[0];
    assert!(
        credential["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["field"] == "value" && c["secret"] == true),
        "{credential}"
    );

    // Filters: one platform, one kind; the table names the change.
    let of_kind = json_of(
        &cli.cmd()
            .args(["--json", "history", "sample", "--kind", "instance"])
            .output()
            .unwrap()
            .stdout,
    );
    assert_eq!(of_kind["total"], 1, "{of_kind}");
    let table = cli
        .cmd()
        .args(["history", "--kind", "platform"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("platformctl") && text.contains("created platform Sample platform"),
        "{text}"
    );
    assert!(text.contains("name: — → Sample platform"), "{text}");

    // JSON lines, oldest first, one entry per line.
    let lines = cli
        .cmd()
        .args(["history", "--jsonl"])
        .output()
        .unwrap()
        .stdout;
    let lines = String::from_utf8(lines).unwrap();
    let parsed: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(parsed.len(), entries.len());
    assert_eq!(parsed.last().unwrap()["kind"], "credential");
    assert!(!lines.contains(CANARY) && !text.contains(CANARY));

    // Bad filters are invalid input.
    cli.cmd()
        .args(["history", "--kind", "bogus"])
        .assert()
        .code(2);
    cli.cmd()
        .args(["history", "--from", "yesterday"])
        .assert()
        .code(2);
    cli.cmd()
        .args(["history", "no-such-platform"])
        .assert()
        .code(2);
}
