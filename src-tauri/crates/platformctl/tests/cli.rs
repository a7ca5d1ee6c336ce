//! platformctl as a pipeline runs it (assert_cmd), against the sample platform on
//! 127.0.0.1 and the real OS keyring (run inside .ci/session.sh): import a
//! definition, store a credential from stdin, check, validate with a JUnit file,
//! test everything; the documented exit codes; no secret in any output.

use std::path::Path;

use pb_sample_platform::{AuthConfig, SamplePlatform};

mod common;
use common::*;

#[test]
fn help_documents_examples_and_exit_codes() {
    let out = Cli::new()
        .cmd()
        .arg("--help")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let help = String::from_utf8(out).unwrap();
    for needed in [
        "import",
        "export",
        "check",
        "validate",
        "credential",
        "Exit codes",
        "3  a platform could not be reached",
    ] {
        assert!(help.contains(needed), "--help lacks '{needed}':\n{help}");
    }
    let bash = Cli::new()
        .cmd()
        .args(["completions", "bash"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8_lossy(&bash).contains("platformctl"));
}

#[test]
fn invalid_input_exits_2_and_names_the_problem() {
    let cli = Cli::new();
    cli.cmd().args(["check", "no-such/dev"]).assert().code(2);
    cli.cmd().args(["check", "not-a-path"]).assert().code(2);
    std::fs::write(cli.path("bad.yaml"), "apiVersion: platformbuilder.dev/v1\nkind: Platform\nmetadata:\n  name: x\nspec:\n  displayName: X\n  type: NOPE\n  colour: red\n").unwrap();
    let out = cli
        .cmd()
        .args(["--json", "import"])
        .arg(cli.path("bad.yaml"))
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let problems = json_of(&out)["problems"].as_array().unwrap().clone();
    assert_eq!(problems[0]["line"], 8, "{problems:?}");
    assert_eq!(problems[0]["path"], "spec.colour");
    cli.cmd().arg("list").assert().success();
}

#[test]
fn import_store_check_validate_and_test_against_the_sample_platform() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sample = rt
        .block_on(SamplePlatform::start(AuthConfig::demo(), 0))
        .unwrap();
    let cli = Cli::new();
    let file = cli.path("sample.yaml");
    std::fs::write(&file, definitions(&sample.base_url())).unwrap();

    // A dry run changes nothing; the import takes the credential from the variable.
    let dry = cli
        .cmd()
        .args(["--json", "import", "--dry-run"])
        .arg(&file)
        .env("PB_CLI_TEST_TOKEN", "demo-api-key")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(json_of(&dry)["changes"].as_array().unwrap().len(), 3);
    cli.cmd().args(["check", "sample/dev"]).assert().code(2);
    cli.cmd()
        .arg("import")
        .arg(&file)
        .env("PB_CLI_TEST_TOKEN", "demo-api-key")
        .assert()
        .success();
    let again = cli
        .cmd()
        .args(["--json", "import"])
        .arg(&file)
        .env("PB_CLI_TEST_TOKEN", "demo-api-key")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(
        json_of(&again)["changes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["action"] == "unchanged"),
        "{}",
        json_of(&again)
    );

    cli.cmd().args(["check", "sample/dev"]).assert().code(0);
    let junit = cli.path("validation.xml");
    cli.cmd()
        .args(["validate", "sample/dev", "--junit"])
        .arg(&junit)
        .assert()
        .code(0);
    let xml = std::fs::read_to_string(&junit).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("valid JUnit XML");
    assert!(doc.descendants().any(|n| n.has_tag_name("testcase")));
    assert!(
        doc.descendants().all(|n| !n.has_tag_name("failure")),
        "{xml}"
    );

    // A wrong credential from stdin: the test runs and fails (exit 1).
    cli.cmd()
        .args(["credential", "set", "sample/dev"])
        .write_stdin(format!("{CANARY}\n"))
        .assert()
        .success();
    cli.cmd().args(["check", "sample/dev"]).assert().code(1);
    let all = cli
        .cmd()
        .args(["--json", "test", "--all", "--junit"])
        .arg(cli.path("all.xml"))
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert_eq!(json_of(&all)["failed"], 1);

    // Nothing listens on the endpoint any more: unreachable (exit 3).
    drop(sample);
    drop(rt);
    cli.cmd()
        .args(["credential", "set", "sample/dev"])
        .write_stdin("demo-api-key")
        .assert()
        .success();
    cli.cmd().args(["check", "sample/dev"]).assert().code(3);

    // The canary was stored once; no output, export or report repeats it.
    cli.cmd()
        .args(["credential", "set", "sample/dev"])
        .write_stdin(CANARY)
        .assert()
        .success();
    for args in [
        vec!["--json", "list"],
        vec!["--json", "show", "sample"],
        vec!["--json", "export"],
        vec!["export"],
        vec!["--json", "check", "sample/dev"],
        vec!["--json", "sweep", "sample/dev"],
        vec!["sweep", "sample/dev", "--yes"],
        vec!["history"],
        vec!["--json", "history", "sample"],
        vec!["history", "--jsonl"],
    ] {
        let out = cli.cmd().args(&args).output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!text.contains(CANARY), "{args:?} printed the secret");
    }
    cli.cmd()
        .args(["export", "--out"])
        .arg(cli.path("out"))
        .assert()
        .success();
    for file in files(&cli.path("out")) {
        assert!(
            !std::fs::read_to_string(&file).unwrap().contains(CANARY),
            "{}",
            file.display()
        );
    }
    for report in ["validation.xml", "all.xml"] {
        assert!(!std::fs::read_to_string(cli.path(report))
            .unwrap()
            .contains(CANARY));
    }
    let listed = json_of(&cli.cmd().args(["--json", "list"]).output().unwrap().stdout);
    assert_eq!(listed[0]["instances"][0]["credentialConfigured"], true);
}

fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.path().is_dir() {
            out.extend(files(&entry.path()));
        } else {
            out.push(entry.path());
        }
    }
    out
}

#[test]
fn works_on_the_database_while_the_app_has_it_open() {
    let cli = Cli::new();
    // The app's side: a registry open on the same file for the whole test.
    let app = pb_registry::Registry::open(&cli.path("registry.db")).unwrap();
    assert!(app.list_platforms().unwrap().is_empty());
    let file = cli.path("ledger.yaml");
    std::fs::write(&file, "apiVersion: platformbuilder.dev/v1\nkind: Platform\nmetadata:\n  name: ledger\nspec:\n  displayName: Ledger\n  type: GENERIC-REST\n").unwrap();
    cli.cmd().arg("import").arg(&file).assert().success();
    // The app sees the platform at once, in its lists and its registry table.
    assert_eq!(app.list_platforms().unwrap()[0].identifier, "ledger");
    let table = app.query_registry(&Default::default()).unwrap();
    assert_eq!(table.total, 1);
    cli.cmd().args(["show", "ledger"]).assert().success();
}
