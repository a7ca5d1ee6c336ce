//! What the platformctl tests share: a data directory of their own, the command
//! pointed at it, and definitions of a sample-platform instance (Generic REST).
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;

pub const CANARY: &str = "canary-3f9a1c77-cli-secret";

pub fn definitions(endpoint: &str) -> String {
    let connector: String = pb_connector::presets::preset("generic-rest")
        .unwrap()
        .lines()
        .map(|l| format!("    {l}\n"))
        .collect();
    format!(
        "apiVersion: platformbuilder.dev/v1
kind: PlatformType
metadata:
  name: SAMPLE-CLI
spec:
  displayName: Sample (CLI)
  icon: server
  connector:
{connector}---
apiVersion: platformbuilder.dev/v1
kind: Platform
metadata:
  name: sample
  version: 1
spec:
  displayName: Sample platform
  type: SAMPLE-CLI
---
apiVersion: platformbuilder.dev/v1
kind: Instance
metadata:
  name: dev
  platform: sample
spec:
  environment: dev
  endpoint: {endpoint}
  credential:
    fromEnv: PB_CLI_TEST_TOKEN
"
    )
}

pub struct Cli {
    data: tempfile::TempDir,
}

impl Cli {
    pub fn new() -> Self {
        Self {
            data: tempfile::tempdir().unwrap(),
        }
    }

    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("platformctl").unwrap();
        cmd.env("PB_DATA_DIR", self.data.path())
            .env_remove("PB_CLI_TEST_TOKEN");
        cmd
    }

    pub fn path(&self, name: &str) -> std::path::PathBuf {
        self.data.path().join(name)
    }
}

pub fn json_of(output: &[u8]) -> Value {
    serde_json::from_slice(output)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(output)))
}

/// Writes `text` as a definition file and imports it, the credential from the
/// variable the definitions reference (the sample platform's demo key).
pub fn import_definitions(cli: &Cli, text: &str) {
    let file = cli.path("sample.yaml");
    std::fs::write(&file, text).unwrap();
    cli.cmd()
        .arg("import")
        .arg(&file)
        .env("PB_CLI_TEST_TOKEN", "demo-api-key")
        .assert()
        .success();
}
