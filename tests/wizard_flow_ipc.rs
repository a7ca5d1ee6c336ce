//! The wizard's path over IPC (mock runtime) against the in-process sandbox: a
//! custom type with the preset connector and custom fields, a draft platform, an
//! instance whose credential the sandbox stores, a green connection test and
//! validation, Finish, and the registry finding it; discarding a draft removes the
//! draft platform with its keyring entries.

mod common;

use common::{harness, Harness};
use serde_json::{json, Value};

fn fields() -> Value {
    json!([
        {"key": "region", "label": "Region", "kind": "choice", "options": ["eu", "us"], "required": true, "default": "eu"},
        {"key": "replicas", "label": "Replicas", "kind": "number", "min": 1, "max": 5},
        {"key": "serviceToken", "label": "Service token", "kind": "secret"}
    ])
}

/// Steps 1–3: type (preset connector, custom fields), draft platform, instance on
/// the sandbox with its credential. Returns (platform, instance).
fn establish(h: &Harness, identifier: &str, name: &str) -> (Value, Value) {
    let sandbox = h.call("start_sandbox", json!({})).unwrap();
    let endpoint = sandbox["endpoint"].as_str().unwrap().to_owned();
    assert!(endpoint.starts_with("http://127.0.0.1:"), "{endpoint}");
    h.call(
        "create_platform_type",
        json!({"input": {"identifier": identifier, "displayName": name, "icon": "api"}}),
    )
    .unwrap();
    let presets = h.call("list_connector_presets", json!({})).unwrap();
    let preset = presets
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == sandbox["preset"])
        .unwrap();
    h.call(
        "set_platform_type_connector",
        json!({"identifier": identifier, "definition": preset["definition"]}),
    )
    .unwrap();
    let preview = h
        .call("custom_fields_schema", json!({"fields": fields()}))
        .unwrap();
    assert_eq!(preview["properties"]["region"]["enum"], json!(["eu", "us"]));
    let t = h
        .call(
            "set_platform_type_fields",
            json!({"identifier": identifier, "fields": fields()}),
        )
        .unwrap();
    assert_eq!(t["configSchema"], preview, "the preview is what is stored");
    let platform = h
        .call(
            "create_platform",
            json!({"input": {"name": name, "typeId": identifier, "status": "draft",
                "location": "local", "accessInfo": "Ask **#platform** for access"}}),
        )
        .unwrap();
    assert_eq!(platform["status"], "draft");
    let instance = h
        .call(
            "create_instance",
            json!({"platformId": platform["id"], "input": {"name": "sandbox-dev", "environment": "dev", "endpoint": endpoint}}),
        )
        .unwrap();
    assert_eq!(instance["fieldValues"], json!({"region": "eu"}), "defaults");
    let instance = h
        .call("use_sandbox_credential", json!({"id": instance["id"]}))
        .unwrap();
    assert_eq!(instance["credential"]["configured"], true);
    (platform, instance)
}

#[test]
fn a_sandbox_platform_is_established_validated_finished_and_found() {
    let h = harness();
    let (platform, instance) = establish(&h, "SANDBOX", "Sandbox platform");
    assert_eq!(platform["identifier"], "sandbox-platform");
    let id = instance["id"].clone();

    // Custom-field values are checked in Rust; a bad one changes nothing.
    let err = h
        .call(
            "update_instance",
            json!({"id": id, "input": {"name": "sandbox-dev", "environment": "dev",
                "endpoint": instance["endpoint"], "fieldValues": {"region": "mars", "replicas": 9}}}),
        )
        .unwrap_err();
    let fields: Vec<&str> = err["details"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["fieldValues.region", "fieldValues.replicas"]);
    let updated = h
        .call(
            "update_instance",
            json!({"id": id, "input": {"name": "sandbox-dev", "environment": "dev",
                "endpoint": instance["endpoint"], "fieldValues": {"region": "us", "replicas": 2}}}),
        )
        .unwrap();
    assert_eq!(updated["fieldValues"]["region"], "us");
    let with_secret = h
        .call(
            "set_instance_field_secret",
            json!({"id": id, "field": "serviceToken", "secret": "canary-field-1"}),
        )
        .unwrap();
    assert_eq!(with_secret["secretFields"], json!(["serviceToken"]));
    assert!(!with_secret.to_string().contains("canary-field-1"));

    let test = h
        .call(
            "test_connection",
            json!({"id": id, "onStage": "__CHANNEL__:1"}),
        )
        .unwrap();
    assert_eq!(test["status"], "ok", "{test:#}");
    h.call(
        "set_validation_settings",
        json!({"platformId": platform["id"], "settings": {
            "naming": {"template": "{prefix}-{purpose}-{suffix}", "pattern": "^[a-z0-9-]+$", "prefix": "pb"},
            "roleMappings": [{"projectRole": "member", "platformRole": "developer"}],
            "quotas": [{"key": "cpu", "label": "CPU cores", "unit": "cores", "min": 1, "max": 16, "default": 4}]}}),
    )
    .unwrap();
    let run = h
        .call(
            "run_validation",
            json!({"id": id, "onEvent": "__CHANNEL__:3"}),
        )
        .unwrap();
    assert_eq!(run["run"]["status"], "passed", "{run:#}");

    // Finish: the platform becomes active; the registry finds it by search and
    // by filters, with its status.
    let mut input = json!({"name": "Sandbox platform", "typeId": "SANDBOX", "status": "active"});
    input["location"] = json!("local");
    let active = h
        .call(
            "update_platform",
            json!({"id": platform["id"], "input": input}),
        )
        .unwrap();
    assert_eq!(active["status"], "active");
    assert_eq!(active["accessInfo"], "Ask **#platform** for access", "kept");
    let page = h
        .call(
            "query_registry",
            json!({"query": {"search": "sandbox", "environments": ["dev"], "statuses": ["passed"]}}),
        )
        .unwrap();
    assert_eq!(page["total"], 1, "{page:#}");
    assert_eq!(
        page["rows"][0]["instance"]["lastTest"]["kind"],
        "validation"
    );
    let facets = h.call("registry_facets", json!({})).unwrap();
    assert_eq!(facets["locations"], json!(["local"]));

    // Clone: configuration, not secrets.
    let clone = h
        .call(
            "clone_instance",
            json!({"id": id, "name": "sandbox-staging", "environment": "staging"}),
        )
        .unwrap();
    assert_eq!(clone["fieldValues"]["region"], "us");
    assert_eq!(clone["credential"]["configured"], false);
    assert_eq!(clone["secretFields"], json!([]));
}

#[test]
fn discarding_a_draft_removes_its_draft_platform_type_and_secrets() {
    let h = harness();
    let (platform, instance) = establish(&h, "SANDBOX-DISCARD", "Discarded sandbox");
    h.call(
        "set_instance_field_secret",
        json!({"id": instance["id"], "field": "serviceToken", "secret": "canary-field-2"}),
    )
    .unwrap();
    assert_eq!(h.secrets.len(), 2, "credential and secret field");
    let draft = h
        .call(
            "save_wizard_draft",
            json!({"draft": {"title": "Discarded sandbox", "step": 3,
                "data": {"platformId": platform["id"], "createdTypeId": "SANDBOX-DISCARD"}}}),
        )
        .unwrap();
    h.call("discard_wizard_draft", json!({"id": draft["id"]}))
        .unwrap();
    let err = h
        .call("get_platform", json!({"id": platform["id"]}))
        .unwrap_err();
    assert_eq!(err["code"], "not_found");
    assert_eq!(h.secrets.len(), 0, "keyring entries removed");
    let types = h.call("list_platform_types", json!({})).unwrap();
    assert!(!types.to_string().contains("SANDBOX-DISCARD"));
}

#[test]
fn operations_are_imported_from_the_sandbox_openapi_document() {
    let h = harness();
    let sandbox = h.call("start_sandbox", json!({})).unwrap();
    let url = format!("{}/openapi.yaml", sandbox["endpoint"].as_str().unwrap());
    let doc = h
        .call("import_openapi", json!({"source": {"url": url}}))
        .unwrap();
    assert_eq!(doc["title"], "Sample platform API");
    let create = doc["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["operationId"] == "createTenant")
        .unwrap();
    assert_eq!(create["suggestedOperation"], "create_tenant");
    assert_eq!(create["bodyExample"]["name"], "team-a-dev");

    let err = h
        .call(
            "import_openapi",
            json!({"source": {"text": "swagger: '2.0'"}}),
        )
        .unwrap_err();
    assert_eq!(err["details"]["fields"][0]["field"], "text");
    let err = h
        .call(
            "import_openapi",
            json!({"source": {"path": "/nonexistent/openapi.yaml"}}),
        )
        .unwrap_err();
    assert_eq!(err["details"]["fields"][0]["field"], "path");
}
