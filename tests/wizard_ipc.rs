//! Wizard drafts over IPC (mock runtime): saved, resumed, listed, discarded; a
//! draft carrying a secret is refused with a field error and changes nothing.

mod common;

use common::harness;
use serde_json::json;

#[test]
fn wizard_drafts_are_saved_listed_resumed_and_discarded() {
    let h = harness();
    let saved = h
        .call(
            "save_wizard_draft",
            json!({"draft": {"title": "Kafka", "step": 2,
                "data": {"type": "GENERIC-REST", "details": {"name": "Kafka", "tags": [{"key": "team", "value": "x"}]}}}}),
        )
        .unwrap();
    let id = saved["id"].clone();
    assert_eq!(saved["step"], 2);
    let moved = h
        .call(
            "save_wizard_draft",
            json!({"draft": {"id": id, "title": "Kafka", "step": 3,
                "data": {"type": "GENERIC-REST", "connection": {"endpoint": "https://kafka.example.com"}}}}),
        )
        .unwrap();
    assert_eq!(moved["step"], 3);
    let list = h.call("list_wizard_drafts", json!({})).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    let resumed = h.call("get_wizard_draft", json!({"id": id})).unwrap();
    assert_eq!(
        resumed["data"]["connection"]["endpoint"],
        "https://kafka.example.com"
    );

    let err = h
        .call(
            "save_wizard_draft",
            json!({"draft": {"id": id, "title": "Kafka", "step": 3,
                "data": {"connection": {"token": "canary-wizard-7"}}}}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "validation");
    assert_eq!(err["details"]["fields"][0]["field"], "data");
    assert!(!err.to_string().contains("canary-wizard-7"));
    let still = h.call("get_wizard_draft", json!({"id": id})).unwrap();
    assert_eq!(still["step"], 3, "the refused save changed nothing");

    h.call("discard_wizard_draft", json!({"id": id})).unwrap();
    let list = h.call("list_wizard_drafts", json!({})).unwrap();
    assert!(list.as_array().unwrap().is_empty());
    let err = h.call("get_wizard_draft", json!({"id": id})).unwrap_err();
    assert_eq!(err["code"], "not_found");
}
