//! The IPC layer through Tauri's mock runtime: commands are reachable, replies have
//! the shape the generated TypeScript types promise, errors arrive as
//! `{code, message, details}`, and a credential never comes back.

mod common;

use common::harness;
use serde_json::{json, Value};

#[test]
fn catalogue_and_custom_type_round_trip() {
    let h = harness();
    let types = h.call("list_platform_types", json!({})).unwrap();
    assert_eq!(types.as_array().unwrap().len(), 9);
    assert_eq!(types[0]["identifier"], "AWS");
    assert_eq!(types[0]["builtin"], true);
    assert!(types[0]["displayName"].is_string(), "camelCase fields");

    let created = h
        .call(
            "create_platform_type",
            json!({"input": {"identifier": "KAFKA", "displayName": "Kafka", "icon": "message"}}),
        )
        .unwrap();
    assert_eq!(created["builtin"], false);
    assert_eq!(created["defaultEndpoint"], Value::Null);
}

#[test]
fn validation_errors_arrive_with_code_message_and_fields() {
    let h = harness();
    let err = h
        .call(
            "create_platform_type",
            json!({"input": {"identifier": "bad id", "displayName": "", "icon": "message"}}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "validation");
    assert_eq!(err["message"], "2 fields are invalid");
    let fields: Vec<_> = err["details"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["identifier", "displayName"]);

    let err = h.call("get_platform", json!({"id": "nope"})).unwrap_err();
    assert_eq!(err["code"], "not_found");
    assert_eq!(err["message"], "platform nope does not exist");
}

#[test]
fn credential_is_write_only_over_ipc() {
    let h = harness();
    let platform = h
        .call(
            "create_platform",
            json!({"input": {"name": "Brokers", "typeId": "GENERIC-REST", "tags": [{"key": "team", "value": "a"}]}}),
        )
        .unwrap();
    let instance = h
        .call(
            "create_instance",
            json!({"platformId": platform["id"], "input": {"name": "prod", "environment": "prod", "endpoint": "https://mq.example.com"}}),
        )
        .unwrap();
    let canary = "canary-ipc-7f3a91";
    let reply = h
        .call(
            "set_instance_credential",
            json!({"id": instance["id"], "secret": canary}),
        )
        .unwrap();
    assert_eq!(reply["credential"]["configured"], true);
    assert_eq!(reply["credential"]["version"], 1);
    assert!(!reply.to_string().contains(canary));
    let listed = h
        .call("list_instances", json!({"platformId": platform["id"]}))
        .unwrap();
    assert!(!listed.to_string().contains(canary));
    assert_eq!(h.secrets.len(), 1);

    h.call("delete_instance", json!({"id": instance["id"]}))
        .unwrap();
    assert!(
        h.secrets.is_empty(),
        "keyring entry removed with the instance"
    );
}

#[test]
fn locked_keyring_is_reported_with_a_remediation() {
    let h = harness();
    let platform = h
        .call(
            "create_platform",
            json!({"input": {"name": "Brokers", "typeId": "GENERIC-REST"}}),
        )
        .unwrap();
    let instance = h
        .call(
            "create_instance",
            json!({"platformId": platform["id"], "input": {"name": "prod", "environment": "prod", "endpoint": "https://mq.example.com"}}),
        )
        .unwrap();
    h.secrets.set_locked(true);
    let err = h
        .call(
            "set_instance_credential",
            json!({"id": instance["id"], "secret": "x"}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "keyring_timeout");
    assert!(err["details"]["remediation"].is_string());

    let status = h.call("app_status", json!({})).unwrap();
    assert_eq!(status["keyring"]["available"], false);
    assert_eq!(status["schemaVersion"], 13);
}

#[test]
fn capability_file_grants_exactly_the_registered_commands() {
    let capability: Value =
        serde_json::from_str(include_str!("../src-tauri/capabilities/main.json")).unwrap();
    let mut granted: Vec<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        // The plugin permissions: the native open-file and save-file dialogs.
        .filter(|p| !["dialog:allow-open", "dialog:allow-save"].contains(p))
        .map(|p| p.trim_start_matches("allow-").replace('-', "_"))
        .collect();
    let build_rs = include_str!("../src-tauri/build.rs");
    let mut registered: Vec<String> = build_rs
        .lines()
        .filter_map(|l| l.trim().strip_prefix('"'))
        .filter_map(|l| l.strip_suffix("\","))
        .map(str::to_owned)
        .collect();
    granted.sort();
    registered.sort();
    assert_eq!(granted, registered);
    assert_eq!(registered.len(), 89);

    // The one scoped permission: the system browser opens web and mail links only
    // (not file:, not a program), and nothing else of the opener plugin is granted.
    let scoped: Vec<&Value> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| !p.is_string())
        .collect();
    assert_eq!(
        scoped,
        [&json!({
            "identifier": "opener:allow-open-url",
            "allow": [{"url": "https://*"}, {"url": "http://*"}, {"url": "mailto:*"}]
        })]
    );
}
