//! Definitions as code in the app, over IPC: the provisioning folder chosen in
//! Settings is applied and its records become read-only ("managed by file"), and
//! a platform's documentation is generated and saved, never with a secret.

mod common;

use common::harness;
use serde_json::json;

const CANARY: &str = "canary-51be-provisioned-secret";

#[test]
fn a_provisioning_folder_is_applied_and_its_records_are_read_only() {
    let h = harness();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("definitions");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("token"), CANARY).unwrap();
    std::fs::write(
        folder.join("billing.yaml"),
        "apiVersion: platformbuilder.dev/v1
kind: Platform
metadata:
  name: billing
spec:
  displayName: Billing
  type: GENERIC-REST
  accessInfo: Ask in #billing.
---
apiVersion: platformbuilder.dev/v1
kind: Instance
metadata:
  name: prod
  platform: billing
spec:
  environment: prod
  endpoint: https://billing.example.com
  credential:
    fromFile: token
",
    )
    .unwrap();

    // A relative or missing folder is a field error.
    let err = h
        .call(
            "set_provisioning_settings",
            json!({"setting": {"folder": "definitions", "prune": false}}),
        )
        .unwrap_err();
    assert_eq!(err["details"]["fields"][0]["field"], "folder");

    let status = h
        .call(
            "set_provisioning_settings",
            json!({"setting": {"folder": folder, "prune": true}}),
        )
        .unwrap();
    assert_eq!(status["source"], "settings");
    assert_eq!(
        status["report"]["changes"].as_array().unwrap().len(),
        2,
        "{status:#}"
    );
    assert_eq!(status["report"]["problems"], json!([]));
    let app = h.call("app_status", json!({})).unwrap();
    assert_eq!(app["provisioning"]["folder"], folder.to_str().unwrap());

    let platforms = h.call("list_platforms", json!({})).unwrap();
    let platform = &platforms[0];
    assert_eq!(platform["managedBy"], folder.to_str().unwrap());
    let err = h
        .call(
            "update_platform",
            json!({"id": platform["id"], "input": {"name": "Renamed", "typeId": "GENERIC-REST"}}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "managed_by_file");
    let err = h
        .call("delete_platform", json!({"id": platform["id"]}))
        .unwrap_err();
    assert_eq!(err["code"], "managed_by_file");

    // Applying again changes nothing.
    let again = h.call("run_provisioning", json!({})).unwrap();
    assert!(
        again["report"]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["action"] == "unchanged"),
        "{again:#}"
    );

    // Documentation: preview and saved files, never the credential.
    let docs = h
        .call("get_platform_docs", json!({"platformId": platform["id"]}))
        .unwrap();
    assert!(docs["markdown"]
        .as_str()
        .unwrap()
        .contains("| prod | prod | <https://billing.example.com> | configured |"));
    assert_eq!(docs["fileStem"], "billing");
    let html = dir.path().join("billing.html");
    h.call(
        "save_platform_docs",
        json!({"platformId": platform["id"], "path": html, "format": "html"}),
    )
    .unwrap();
    assert!(std::fs::read_to_string(&html)
        .unwrap()
        .contains("<h1>Billing</h1>"));
    let err = h
        .call(
            "save_platform_docs",
            json!({"platformId": platform["id"], "path": html, "format": "pdf"}),
        )
        .unwrap_err();
    assert_eq!(err["details"]["fields"][0]["field"], "format");
    for reply in [&docs, &status, &again, &app] {
        assert!(
            !reply.to_string().contains(CANARY),
            "an IPC reply holds the secret"
        );
    }
    assert!(!std::fs::read_to_string(&html).unwrap().contains(CANARY));
}
