//! Definition files are someone else's text (issue 13): a file nested 100,000
//! levels deep, in YAML flow style or JSON, is refused with its line and without
//! stalling the import (the YAML parser alone took more than a minute on it), a
//! provisioning folder holding one is reported and applies nothing, and
//! ordinary documents beside it still read.

use std::time::{Duration, Instant};

use pb_registry::definitions::{self, SecretTarget};
use pb_registry::Registry;
use pb_secrets::MemoryStore;

fn deep_yaml(levels: usize) -> String {
    format!(
        "apiVersion: platformbuilder.dev/v1\nkind: PlatformType\nmetadata:\n  name: DEEP\nspec:\n  displayName: {}{}\n",
        "[".repeat(levels),
        "]".repeat(levels)
    )
}

fn deep_json(levels: usize) -> String {
    format!(
        "{{\"apiVersion\": \"platformbuilder.dev/v1\", \"kind\": \"PlatformType\", \"metadata\": {{\"name\": \"DEEP\"}}, \"spec\": {{\"displayName\": {}{}}}}}",
        "[".repeat(levels),
        "]".repeat(levels)
    )
}

/// Far more than the refusal needs (microseconds); only a hang would pass it.
const NO_HANG: Duration = Duration::from_secs(20);

#[test]
fn a_file_nested_100000_levels_deep_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("deep.yaml", deep_yaml(100_000)),
        ("deep.json", deep_json(100_000)),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &text).unwrap();
        let reg = Registry::open_in_memory().unwrap();
        let store = MemoryStore::default();
        let target = SecretTarget {
            store: &store,
            service: "pb-test",
        };
        let started = Instant::now();
        let problems =
            definitions::import(&reg, &target, std::slice::from_ref(&path), false).unwrap_err();
        assert!(
            started.elapsed() < NO_HANG,
            "{name}: {:?}",
            started.elapsed()
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        let p = &problems[0];
        assert!(p.message.contains("nested more than 128 levels"), "{p}");
        assert_eq!(
            p.line,
            Some(if name.ends_with("json") { 1 } else { 6 }),
            "{p}"
        );
        assert!(reg
            .list_platform_types()
            .unwrap()
            .iter()
            .all(|t| t.identifier != "DEEP"));
    }
}

#[test]
fn a_provisioning_folder_with_a_deep_file_applies_nothing_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a-deep.yaml"), deep_yaml(100_000)).unwrap();
    std::fs::write(
        dir.path().join("b-fine.yaml"),
        "apiVersion: platformbuilder.dev/v1\nkind: PlatformType\nmetadata:\n  name: FINE\nspec:\n  displayName: Fine\n  icon: server\n",
    )
    .unwrap();
    let reg = Registry::open_in_memory().unwrap();
    let store = MemoryStore::default();
    let target = SecretTarget {
        store: &store,
        service: "pb-test",
    };
    let started = Instant::now();
    let report = definitions::provision(&reg, &target, dir.path(), false);
    assert!(started.elapsed() < NO_HANG);
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert!(report.problems[0].file.ends_with("a-deep.yaml"));
    assert!(
        report.changes.is_empty(),
        "all or nothing: {:?}",
        report.changes
    );
}

#[test]
fn nesting_up_to_the_limit_reads_and_json_custom_field_values_are_bounded_too() {
    // 120 levels inside spec: within the limit, so the document's own problem
    // (displayName is not a string) is what gets reported.
    let text = deep_yaml(120);
    let (_, problems) = definitions::parse::read_text(std::path::Path::new("ok.yaml"), &text);
    assert_eq!(problems.len(), 1);
    assert!(!problems[0].message.contains("nested"), "{}", problems[0]);
    // A JSON custom field's value goes through serde_json, whose limit is 128.
    let deep_value = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(serde_json::from_str::<serde_json::Value>(&deep_value).is_err());
}

#[test]
fn reading_a_folder_stops_when_its_time_budget_is_spent() {
    let dir = tempfile::tempdir().unwrap();
    for n in 0..3 {
        std::fs::write(
            dir.path().join(format!("{n}.yaml")),
            "apiVersion: platformbuilder.dev/v1\nkind: PlatformType\nmetadata:\n  name: T\nspec:\n  displayName: T\n  icon: server\n",
        )
        .unwrap();
    }
    let folder = [dir.path().to_path_buf()];
    let (_, problems) = definitions::parse::read_paths_within(&folder, Some(Duration::ZERO));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .message
            .starts_with("reading stopped after 0 files"),
        "{}",
        problems[0]
    );
    let (documents, problems) = definitions::parse::read_paths_within(&folder, None);
    assert_eq!((documents.len(), problems.len()), (3, 0));
}
