//! Connector commands over IPC (mock runtime) against the sample platform on
//! 127.0.0.1: a custom type gets a connector, an instance is tested and operated.

mod common;

use common::{harness, Harness};
use pb_sample_platform::{AuthConfig, SamplePlatform};
use serde_json::{json, Value};

struct Setup {
    h: Harness,
    instance: Value,
    _platform: SamplePlatform,
    // Keeps the sample platform's server tasks running while the test thread blocks
    // on IPC replies.
    _rt: tokio::runtime::Runtime,
}

fn setup(secret: &str) -> Setup {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sample = rt
        .block_on(SamplePlatform::start(AuthConfig::demo(), 0))
        .unwrap();
    let h = harness();
    let platform = h.platform_with_connector("SAMPLE", "Sample platform", common::GENERIC_REST);
    let instance = h.instance_with_credential(&platform, "dev", &sample.base_url(), secret);
    Setup {
        h,
        instance,
        _platform: sample,
        _rt: rt,
    }
}

#[test]
fn connection_test_runs_every_stage_with_the_stored_credential() {
    let s = setup("demo-api-key");
    let t =
        s.h.call(
            "test_connection",
            json!({"id": s.instance["id"], "onStage": "__CHANNEL__:1"}),
        )
        .unwrap();
    assert_eq!(t["status"], "ok", "{t:#}");
    let names: Vec<_> = t["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["dns", "tcp", "tls", "auth", "probe"]);
    assert!(t["stages"][4]["message"]
        .as_str()
        .unwrap()
        .contains("connected as api-key-client"));
    // The credential header is masked in the recorded exchange.
    let headers = &t["exchanges"][0]["requestHeaders"];
    assert!(
        headers.to_string().contains("[\"x-api-key\",\"*****\"]"),
        "{headers}"
    );
}

#[test]
fn single_operations_run_against_the_instance() {
    let s = setup("demo-api-key");
    let id = &s.instance["id"];
    let created = s
        .h
        .call(
            "run_operation",
            json!({"id": id, "operation": "create_tenant", "values": {"tenant": {"name": "team a/b", "description": "", "tags": {}}}}),
        )
        .unwrap();
    assert_eq!(created["ok"], true, "{created:#}");
    let tenant_id = created["outputs"]["tenant_id"].clone();
    let got = s
        .h
        .call(
            "run_operation",
            json!({"id": id, "operation": "get_tenant", "values": {"outputs": {"tenant_id": tenant_id}}}),
        )
        .unwrap();
    assert_eq!(got["outputs"]["tenant_name"], "team a/b");

    let unknown =
        s.h.call(
            "run_operation",
            json!({"id": id, "operation": "explode", "values": {}}),
        )
        .unwrap_err();
    assert_eq!(unknown["details"]["fields"][0]["field"], "operation");

    // A template needing a value the caller did not send fails as configuration.
    let failed =
        s.h.call(
            "run_operation",
            json!({"id": id, "operation": "create_tenant", "values": {}}),
        )
        .unwrap();
    assert_eq!(failed["ok"], false);
    assert_eq!(failed["error"]["class"], "configuration");
}

#[test]
fn a_canary_credential_never_comes_back_over_ipc() {
    let canary = "canary-connect-5e1d";
    let s = setup(canary);
    let t =
        s.h.call(
            "test_connection",
            json!({"id": s.instance["id"], "onStage": "__CHANNEL__:1"}),
        )
        .unwrap();
    assert_eq!(t["stages"][3]["status"], "failed");
    assert_eq!(t["stages"][3]["class"], "authentication");
    assert!(!t.to_string().contains(canary));
    let r =
        s.h.call(
            "run_operation",
            json!({"id": s.instance["id"], "operation": "check", "values": {}}),
        )
        .unwrap();
    assert!(!r.to_string().contains(canary));
}

#[test]
fn connector_definitions_are_validated_and_built_ins_use_presets() {
    let h = harness();
    h.call(
        "create_platform_type",
        json!({"input": {"identifier": "BROKEN", "displayName": "Broken", "icon": "api"}}),
    )
    .unwrap();
    let err = h
        .call(
            "set_platform_type_connector",
            json!({"identifier": "BROKEN", "definition": "apiVersion: platformbuilder.dev/connector/v1\nkind: http\noperations: {}\n"}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "validation");
    assert_eq!(err["details"]["fields"][0]["field"], "connector");
    assert!(err["message"].as_str().unwrap().contains("'check'"));

    let preset = h
        .call(
            "get_platform_type_connector",
            json!({"identifier": "GENERIC-REST"}),
        )
        .unwrap();
    assert!(preset.as_str().unwrap().contains("kind: http"));
    let none = h
        .call("get_platform_type_connector", json!({"identifier": "AWS"}))
        .unwrap();
    assert_eq!(none, Value::Null);
    let err = h
        .call(
            "set_platform_type_connector",
            json!({"identifier": "AWS", "definition": null}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "in_use");
}
