//! Location and LandingZone documents and a platform's availability in
//! definition files: applied with the rest, checked like the app checks them,
//! and a bad one keeps the whole file out.

use std::path::{Path, PathBuf};

use pb_registry::definitions::{self, Action, Problem, SecretTarget};
use pb_registry::offering::availability::Restriction;
use pb_registry::Registry;
use pb_secrets::MemoryStore;

const PLATFORM: &str = "apiVersion: platformbuilder.dev/v1
kind: Location
metadata:
  name: eu-central
spec:
  displayName: EU Central
  description: Frankfurt
---
apiVersion: platformbuilder.dev/v1
kind: Platform
metadata:
  name: brokers
spec:
  displayName: Brokers
  type: GENERIC-REST
  location: EU Central
  quotas:
  - key: cpu
    label: CPU
    unit: cores
    min: 1
    max: 16
    default: 4
    autoApprovalThreshold: 8
  availability:
    restriction: restricted
    restrictedTo: [team-a]
---
apiVersion: platformbuilder.dev/v1
kind: LandingZone
metadata:
  name: brokers-default
  platform: brokers
spec:
  displayName: Default
  quotas:
    cpu: CPU_VALUE
";

fn write(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("brokers.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

fn import(reg: &Registry, path: &Path) -> Result<definitions::ImportReport, Vec<Problem>> {
    let store = MemoryStore::new();
    let target = SecretTarget {
        store: &store,
        service: "dev.platformbuilder.test",
    };
    definitions::import(reg, &target, &[path.to_owned()], false)
}

#[test]
fn locations_zones_and_availability_are_applied_and_a_second_import_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let reg = Registry::open(&dir.path().join("registry.db")).unwrap();
    let file = write(dir.path(), &PLATFORM.replace("CPU_VALUE", "6"));
    let report = import(&reg, &file).unwrap();
    assert_eq!(report.count(Action::Create), 3, "{report:?}");
    let p = reg.list_platforms().unwrap().remove(0);
    // The display name in the platform found the Location document's identifier.
    assert_eq!(
        (p.location.as_str(), p.location_name.as_str()),
        ("eu-central", "EU Central")
    );
    assert_eq!(p.availability.restriction, Restriction::Restricted);
    assert_eq!(p.availability.restricted_to, ["team-a"]);
    let zones = reg.list_landing_zones(&p.id).unwrap();
    assert_eq!(zones[0].quotas["cpu"], 6.0);
    let again = import(&reg, &file).unwrap();
    assert_eq!(again.count(Action::Unchanged), 3, "{again:?}");
}

#[test]
fn a_zone_quota_outside_its_bounds_is_a_problem_at_its_path_and_nothing_is_applied() {
    let dir = tempfile::tempdir().unwrap();
    let reg = Registry::open(&dir.path().join("registry.db")).unwrap();
    let file = write(dir.path(), &PLATFORM.replace("CPU_VALUE", "64"));
    let problems = import(&reg, &file).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, "spec.quotas.cpu");
    assert!(
        problems[0].message.contains("between 1 cores and 16 cores"),
        "{problems:?}"
    );
    assert!(reg.list_platforms().unwrap().is_empty());
    assert!(reg.list_locations().unwrap().is_empty());
}

#[test]
fn publishing_from_a_file_needs_a_validated_instance_too() {
    let dir = tempfile::tempdir().unwrap();
    let reg = Registry::open(&dir.path().join("registry.db")).unwrap();
    let text = PLATFORM.replace("CPU_VALUE", "6").replace(
        "    restrictedTo: [team-a]\n",
        "    restrictedTo: [team-a]\n    publication: published\n",
    );
    let problems = import(&reg, &write(dir.path(), &text)).unwrap_err();
    // Found when checking, at its path, like every other problem of the file.
    assert_eq!(
        problems[0].path, "spec.availability.publication",
        "{problems:?}"
    );
    assert!(
        problems[0]
            .message
            .contains("Publishing needs an instance whose last validation passed"),
        "{problems:?}"
    );
    assert!(
        !problems[0].message.contains("landing zone"),
        "the file brings one: {problems:?}"
    );
    assert!(
        reg.list_platforms().unwrap().is_empty(),
        "the whole file stays out"
    );
    // A threshold above the maximum is the file's problem, at its path.
    let text = PLATFORM
        .replace("CPU_VALUE", "6")
        .replace("autoApprovalThreshold: 8", "autoApprovalThreshold: 20");
    let problems = import(&reg, &write(dir.path(), &text)).unwrap_err();
    assert_eq!(
        problems[0].path, "spec.quotas[0].autoApprovalThreshold",
        "{problems:?}"
    );
}

#[test]
fn narrowing_the_bounds_in_a_file_is_refused_while_a_stored_zone_is_outside_them() {
    let dir = tempfile::tempdir().unwrap();
    let reg = Registry::open(&dir.path().join("registry.db")).unwrap();
    import(
        &reg,
        &write(dir.path(), &PLATFORM.replace("CPU_VALUE", "12")),
    )
    .unwrap();
    // The platform alone, its maximum lowered below the stored zone's 12.
    let only_platform: String = PLATFORM
        .replace("CPU_VALUE", "12")
        .split("---")
        .take(2)
        .collect::<Vec<_>>()
        .join("---")
        .replace("max: 16", "max: 8");
    let problems = import(&reg, &write(dir.path(), &only_platform)).unwrap_err();
    assert_eq!(problems[0].path, "spec.quotas", "{problems:?}");
    assert!(
        problems[0]
            .message
            .contains("landing zone brokers-default sets cpu"),
        "{problems:?}"
    );
    let p = reg.list_platforms().unwrap().remove(0);
    assert_eq!(reg.validation_settings(&p.id).unwrap().quotas[0].max, 16.0);
}
