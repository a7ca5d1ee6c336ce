//! An exec connector from an imported definition file does not run until this
//! machine trusts it (issue 13): `check` refuses it and the program is never
//! started (its marker file is not created); `trust add` lets it run; editing the
//! program revokes the trust; `import --trust-exec` trusts what it writes.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

struct Fixture {
    data: tempfile::TempDir,
    program: std::path::PathBuf,
    marker: std::path::PathBuf,
    definitions: std::path::PathBuf,
}

fn write_program(program: &Path, marker: &Path, extra: &str) {
    std::fs::write(
        program,
        format!(
            "#!/bin/sh\n{extra}\ntouch '{}'\necho '{{\"ok\": true, \"outputs\": {{\"identity\": \"cli\"}}}}'\n",
            marker.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(program, std::fs::Permissions::from_mode(0o755)).unwrap();
}

impl Fixture {
    fn new() -> Self {
        let data = tempfile::tempdir().unwrap();
        let program = data.path().join("their-cli");
        let marker = data.path().join("the-program-ran");
        write_program(&program, &marker, "");
        let definitions = data.path().join("shared.yaml");
        std::fs::write(
            &definitions,
            format!(
                "apiVersion: platformbuilder.dev/v1
kind: PlatformType
metadata:
  name: FROM-A-COLLEAGUE
spec:
  displayName: From a colleague
  icon: server
  connector:
    apiVersion: platformbuilder.dev/connector/v1
    kind: exec
    command: ['{}', '--json']
    operations: [check]
---
apiVersion: platformbuilder.dev/v1
kind: Platform
metadata:
  name: shared
spec:
  displayName: Shared
  type: FROM-A-COLLEAGUE
---
apiVersion: platformbuilder.dev/v1
kind: Instance
metadata:
  name: dev
  platform: shared
spec:
  environment: dev
  endpoint: https://platform.example.com
",
                program.display()
            ),
        )
        .unwrap();
        Self {
            data,
            program,
            marker,
            definitions,
        }
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("platformctl").unwrap();
        cmd.env("PB_DATA_DIR", self.data.path().join("app"));
        cmd
    }

    fn check(&self) -> (i32, Value) {
        let out = self
            .cmd()
            .args(["--json", "check", "shared/dev"])
            .output()
            .unwrap();
        let json = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
        (out.status.code().unwrap_or(-1), json)
    }

    fn trust_list(&self) -> Value {
        let out = self
            .cmd()
            .args(["--json", "trust", "list"])
            .output()
            .unwrap();
        assert!(out.status.success());
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

#[test]
fn an_imported_exec_connector_runs_only_once_trusted_and_until_its_program_changes() {
    let f = Fixture::new();
    let import = f
        .cmd()
        .args(["import"])
        .arg(&f.definitions)
        .output()
        .unwrap();
    assert!(import.status.success(), "{import:?}");
    let note = String::from_utf8_lossy(&import.stderr);
    assert!(
        note.contains("will not run until trusted: platformctl trust add FROM-A-COLLEAGUE"),
        "{note}"
    );

    let (code, json) = f.check();
    assert_ne!(code, 0, "{json}");
    let text = json.to_string();
    assert!(text.contains("exec_not_trusted"), "{text}");
    assert!(!f.marker.exists(), "an untrusted program ran");

    let list = f.trust_list();
    assert_eq!(list[0]["platformType"], "FROM-A-COLLEAGUE");
    assert_eq!(list[0]["trusted"], false);
    let sha = list[0]["fingerprint"]["programSha256"].as_str().unwrap();
    assert_eq!(sha.len(), 64);

    let add = f
        .cmd()
        .args(["trust", "add", "FROM-A-COLLEAGUE"])
        .output()
        .unwrap();
    assert!(add.status.success(), "{add:?}");
    assert!(String::from_utf8_lossy(&add.stdout).contains(sha));
    let (code, json) = f.check();
    assert_eq!(code, 0, "{json}");
    assert!(f.marker.exists(), "the trusted program did not run");

    // Someone replaces the program: trust lapses, and nothing runs.
    std::fs::remove_file(&f.marker).unwrap();
    write_program(&f.program, &f.marker, "# replaced");
    let (code, json) = f.check();
    assert_ne!(code, 0);
    assert!(json.to_string().contains("exec_not_trusted"), "{json}");
    assert!(!f.marker.exists());
    let list = f.trust_list();
    assert_eq!(list[0]["trusted"], false);
    assert_eq!(list[0]["staleTrust"], true);

    let remove = f
        .cmd()
        .args(["trust", "remove", "FROM-A-COLLEAGUE"])
        .output()
        .unwrap();
    assert!(remove.status.success());
    assert_eq!(f.trust_list()[0]["staleTrust"], false);
}

#[test]
fn import_with_trust_exec_trusts_what_it_wrote_and_exports_carry_no_trust() {
    let f = Fixture::new();
    let import = f
        .cmd()
        .args(["import", "--trust-exec"])
        .arg(&f.definitions)
        .output()
        .unwrap();
    assert!(import.status.success(), "{import:?}");
    assert!(
        String::from_utf8_lossy(&import.stderr).contains("trusted (--trust-exec) FROM-A-COLLEAGUE")
    );
    let (code, json) = f.check();
    assert_eq!(code, 0, "{json}");
    assert!(f.marker.exists());

    let export = f.cmd().args(["export"]).output().unwrap();
    assert!(export.status.success());
    let text = String::from_utf8_lossy(&export.stdout);
    assert!(!text.to_lowercase().contains("trust"), "{text}");
    let sha = f.trust_list()[0]["fingerprint"]["programSha256"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(!text.contains(&sha));
}
