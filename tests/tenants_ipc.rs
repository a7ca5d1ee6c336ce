//! The Tenants tab's commands through IPC against the sample platform on
//! 127.0.0.1: tenants listed through every page with leftovers marked, a sweep that
//! deletes only listed leftovers (an id that names another tenant is left alone),
//! and a connector without list_tenants refused with a stable code.

mod common;

use std::collections::BTreeMap;

use common::harness;
use pb_sample_platform::{AuthConfig, SamplePlatform};
use serde_json::{json, Value};

const PRESET: &str = include_str!("../src-tauri/crates/pb-connector/presets/generic-rest.yaml");

#[test]
fn tenants_are_listed_marked_and_only_leftovers_swept() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sample = rt
        .block_on(SamplePlatform::start(AuthConfig::demo(), 0))
        .unwrap();
    let ids: BTreeMap<String, String> = rt.block_on(async {
        let mut store = sample.shared.store.lock().await;
        let mut names: Vec<String> = (0..120).map(|i| format!("team-{i:03}")).collect();
        names.extend(
            [
                "pb-validation-aaaaaa",
                "pb-validation-aaaaa",
                "pb-validation-bbbbbb",
            ]
            .map(String::from),
        );
        names
            .into_iter()
            .map(|n| {
                let t = store.create_tenant(&n, "", BTreeMap::new()).unwrap();
                (n, t.id)
            })
            .collect()
    });
    let h = harness();
    let platform = h.platform_with_connector("SAMPLE-T", "Sample tenants", PRESET);
    let instance = h.instance_with_credential(&platform, "dev", &sample.base_url(), "demo-api-key");
    let iid = instance["id"].clone();

    let listed = h.call("list_instance_tenants", json!({"id": iid})).unwrap();
    assert!(listed["error"].is_null(), "{listed}");
    assert_eq!(listed["pages"], 2, "pages of 100");
    assert_eq!(listed["pattern"], "pb-validation-??????");
    let tenants = listed["tenants"].as_array().unwrap();
    assert_eq!(tenants.len(), 123);
    // Listed in the platform's order (by its random ids here), so compared sorted.
    let mut marked: Vec<&str> = tenants
        .iter()
        .filter(|t| t["leftover"] == true)
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    marked.sort();
    assert_eq!(marked, ["pb-validation-aaaaaa", "pb-validation-bbbbbb"]);

    // The confirmation named one leftover; the request also names a tenant that is
    // not one (a tampered or stale list): only the leftover goes.
    let swept = h
        .call(
            "sweep_leftovers",
            json!({"id": iid, "tenantIds": [ids["pb-validation-aaaaaa"], ids["pb-validation-aaaaa"], ids["team-007"]]}),
        )
        .unwrap();
    let deleted: Vec<&Value> = swept["deleted"].as_array().unwrap().iter().collect();
    assert_eq!(deleted.len(), 1, "{swept}");
    assert_eq!(deleted[0]["name"], "pb-validation-aaaaaa");
    let left: Vec<String> = rt.block_on(async {
        let store = sample.shared.store.lock().await;
        store.tenants.values().map(|t| t.name.clone()).collect()
    });
    assert_eq!(left.len(), 122);
    assert!(left.iter().any(|n| n == "pb-validation-aaaaa"));
    assert!(
        left.iter().any(|n| n == "pb-validation-bbbbbb"),
        "not confirmed, not deleted"
    );
    assert!(left.iter().any(|n| n == "team-007"));
}

#[test]
fn a_connector_without_list_tenants_is_refused_with_a_stable_code() {
    let start = PRESET.find("  list_tenants:").unwrap();
    let end = PRESET.find("  delete_tenant:").unwrap();
    let without = format!("{}{}", &PRESET[..start], &PRESET[end..]);
    let h = harness();
    let platform = h.platform_with_connector("SAMPLE-N", "No listing", &without);
    let instance = h.instance_with_credential(&platform, "dev", "http://127.0.0.1:9", "k");
    for cmd in ["list_instance_tenants", "sweep_leftovers"] {
        let e = h
            .call(cmd, json!({"id": instance["id"], "tenantIds": []}))
            .unwrap_err();
        assert_eq!(e["code"], "operation_not_defined", "{cmd}: {e}");
        assert!(
            e["message"].as_str().unwrap().contains("list_tenants"),
            "{e}"
        );
    }
}
