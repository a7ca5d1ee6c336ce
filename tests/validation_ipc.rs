//! The validation suite and history over IPC (mock runtime) against the sample
//! platform: settings with field errors, a run stored as history, connection tests
//! stored too, JSON and JUnit export, retention, cancelling when nothing runs.

mod common;

use common::harness;
use pb_sample_platform::{AuthConfig, SamplePlatform};
use serde_json::{json, Value};

#[test]
fn a_validation_run_over_ipc_is_stored_and_exported() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sample = rt
        .block_on(SamplePlatform::start(AuthConfig::demo(), 0))
        .unwrap();
    let h = harness();
    let platform = h.platform_with_connector("SAMPLE", "Sample", common::GENERIC_REST);
    let instance = h.instance_with_credential(&platform, "dev", &sample.base_url(), "demo-api-key");
    let id = instance["id"].clone();

    // Settings: defaults first; bad values are field errors.
    let settings = h
        .call(
            "get_validation_settings",
            json!({"platformId": platform["id"]}),
        )
        .unwrap();
    assert_eq!(
        settings["naming"]["template"],
        "{prefix}-{purpose}-{suffix}"
    );
    let err = h
        .call(
            "set_validation_settings",
            json!({"platformId": platform["id"], "settings": {
                "naming": {"template": "{prefix}", "pattern": "^[a-z-]+$", "prefix": "pb"},
                "roleMappings": [], "quotas": []}}),
        )
        .unwrap_err();
    assert_eq!(err["details"]["fields"][0]["field"], "naming.template");
    h.call(
        "set_validation_settings",
        json!({"platformId": platform["id"], "settings": {
            "naming": {"template": "{prefix}-{environment}-{suffix}", "pattern": "^[a-z0-9-]+$", "prefix": "acme"},
            "roleMappings": [{"projectRole": "member", "platformRole": "developer"}],
            "quotas": [{"key": "cpu", "label": "CPU", "unit": "cores", "min": 1, "max": 8, "default": 2}]}}),
    )
    .unwrap();

    let result = h
        .call(
            "run_validation",
            json!({"id": id, "onEvent": "__CHANNEL__:7"}),
        )
        .unwrap();
    assert_eq!(result["run"]["status"], "passed", "{result:#}");
    assert!(result["run"]["tenantName"]
        .as_str()
        .unwrap()
        .starts_with("acme-dev-"));
    assert_eq!(result["record"]["status"], "passed");
    assert_eq!(result["record"]["summary"], "14 of 14 steps passed");

    h.call(
        "test_connection",
        json!({"id": id, "onStage": "__CHANNEL__:1"}),
    )
    .unwrap();
    let runs = h.call("list_test_runs", json!({"instanceId": id})).unwrap();
    let kinds: Vec<&str> = runs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["connection_test", "validation"], "newest first");
    assert_eq!(runs[0]["summary"], "all stages passed");

    let stored = h
        .call("get_test_run", json!({"id": result["record"]["id"]}))
        .unwrap();
    assert_eq!(stored["report"]["steps"].as_array().unwrap().len(), 14);
    let junit = h
        .call(
            "export_test_run",
            json!({"id": result["record"]["id"], "format": "junit"}),
        )
        .unwrap();
    let junit = junit.as_str().unwrap();
    assert!(
        junit.contains("<testsuite name=\"dev: validation\" tests=\"14\" failures=\"0\""),
        "{junit}"
    );
    let connection_junit = h
        .call(
            "export_test_run",
            json!({"id": runs[0]["id"], "format": "junit"}),
        )
        .unwrap();
    assert!(connection_junit
        .as_str()
        .unwrap()
        .contains("<testcase name=\"probe\""));
    let exported = h
        .call(
            "export_test_run",
            json!({"id": result["record"]["id"], "format": "json"}),
        )
        .unwrap();
    assert!(
        !exported.as_str().unwrap().contains("demo-api-key"),
        "exports are redacted"
    );
    let err = h
        .call(
            "export_test_run",
            json!({"id": result["record"]["id"], "format": "pdf"}),
        )
        .unwrap_err();
    assert_eq!(err["details"]["fields"][0]["field"], "format");

    assert_eq!(
        h.call("cancel_validation", json!({"id": id})).unwrap(),
        false
    );
    let retention = h.call("get_history_retention", json!({})).unwrap();
    assert_eq!(retention, json!({"keep": 50, "maxAgeDays": 90}));
    h.call(
        "set_history_retention",
        json!({"retention": {"keep": 1, "maxAgeDays": 30}}),
    )
    .unwrap();
    h.call(
        "test_connection",
        json!({"id": id, "onStage": "__CHANNEL__:1"}),
    )
    .unwrap();
    // Pruned to the newest of each kind: the validation run stays beside the
    // newest connection test.
    let runs = h.call("list_test_runs", json!({"instanceId": id})).unwrap();
    let kinds: Vec<&str> = runs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["connection_test", "validation"],
        "pruned to the newest"
    );
    drop(sample);
}

#[test]
fn drafts_are_tested_with_the_stored_secret_without_retyping_it() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let old = rt
        .block_on(SamplePlatform::start(AuthConfig::demo(), 0))
        .unwrap();
    let moved = rt
        .block_on(SamplePlatform::start(AuthConfig::demo(), 0))
        .unwrap();
    let h = harness();
    let platform = h.platform("Rest", "GENERIC-REST");
    let instance = h.instance_with_credential(&platform, "prod", &old.base_url(), "demo-api-key");
    let draft = |instance_id: Value, endpoint: String, secret: Value| {
        json!({"draft": {"platformId": platform["id"], "instanceId": instance_id, "secret": secret,
            "input": {"name": "prod", "environment": "prod", "endpoint": endpoint}}})
    };

    // The endpoint was edited in the form (not saved): the stored secret is used.
    let t = h
        .call(
            "test_connection_draft",
            draft(instance["id"].clone(), moved.base_url(), Value::Null),
        )
        .unwrap();
    assert_eq!(t["status"], "ok", "{t:#}");
    assert!(t["exchanges"][0]["url"]
        .as_str()
        .unwrap()
        .starts_with(&moved.base_url()));
    assert!(!t.to_string().contains("demo-api-key"));
    assert!(
        rt.block_on(moved.requests()).len() >= 2,
        "the draft's endpoint was called"
    );

    // A new instance: only a secret typed in the form can authenticate.
    let t = h
        .call(
            "test_connection_draft",
            draft(Value::Null, moved.base_url(), Value::Null),
        )
        .unwrap();
    assert_eq!(t["stages"][3]["status"], "failed");
    let t = h
        .call(
            "test_connection_draft",
            draft(Value::Null, moved.base_url(), json!("demo-api-key")),
        )
        .unwrap();
    assert_eq!(t["status"], "ok");

    // Another platform's draft cannot borrow this instance's stored secret.
    let other = h
        .call(
            "create_platform",
            json!({"input": {"name": "Other", "typeId": "GENERIC-REST"}}),
        )
        .unwrap();
    let err = h
        .call(
            "test_connection_draft",
            json!({"draft": {"platformId": other["id"], "instanceId": instance["id"], "secret": null,
                "input": {"name": "prod", "environment": "prod", "endpoint": moved.base_url()}}}),
        )
        .unwrap_err();
    assert_eq!(err["details"]["fields"][0]["field"], "instanceId");

    // Bad form values are field errors, as on save.
    let err = h
        .call(
            "test_connection_draft",
            draft(Value::Null, "ftp://nope".into(), Value::Null),
        )
        .unwrap_err();
    assert_eq!(err["details"]["fields"][0]["field"], "endpoint");

    // A validation run of the draft; drafts are not history.
    let mut args = draft(instance["id"].clone(), moved.base_url(), Value::Null);
    args["onEvent"] = json!("__CHANNEL__:9");
    let run = h.call("run_validation_draft", args).unwrap();
    assert_eq!(run["status"], "passed", "{run:#}");
    let runs = h
        .call("list_test_runs", json!({"instanceId": instance["id"]}))
        .unwrap();
    assert_eq!(runs.as_array().unwrap().len(), 0);
}

#[test]
fn every_instance_is_tested_at_once_and_each_result_is_history() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sample = rt
        .block_on(SamplePlatform::start(AuthConfig::demo(), 0))
        .unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let h = harness();
    let platform = h.platform("Rest", "GENERIC-REST");
    let mut ids = Vec::new();
    for (name, endpoint) in [
        ("a", sample.base_url()),
        ("b", format!("http://127.0.0.1:{closed}")),
        ("c", sample.base_url()),
    ] {
        let instance = h.instance_with_credential(&platform, name, &endpoint, "demo-api-key");
        ids.push(instance["id"].clone());
    }
    let results = h
        .call(
            "test_instances",
            json!({"ids": null, "concurrency": 2, "onProgress": "__CHANNEL__:11"}),
        )
        .unwrap();
    let got: Vec<(&str, &str)> = results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["instanceName"].as_str().unwrap(),
                r["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, [("a", "ok"), ("b", "failed"), ("c", "ok")]);
    assert!(results[1]["summary"]
        .as_str()
        .unwrap()
        .starts_with("TCP failed: cannot connect"));
    for id in &ids {
        let runs = h.call("list_test_runs", json!({"instanceId": id})).unwrap();
        assert_eq!(runs.as_array().unwrap().len(), 1);
    }
    // A filtered set.
    let results = h
        .call(
            "test_instances",
            json!({"ids": [ids[2]], "onProgress": "__CHANNEL__:12"}),
        )
        .unwrap();
    assert_eq!(results.as_array().unwrap().len(), 1);
    assert_eq!(results[0]["instanceName"], "c");
}
