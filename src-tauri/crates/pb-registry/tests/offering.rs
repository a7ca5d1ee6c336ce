//! Ready for application teams, over a real SQLite file: locations as records
//! (and their migration from bare strings), landing zones within the quota
//! definitions, auto-approval thresholds, and publishing only when ready.

use std::collections::BTreeMap;

use pb_registry::history::NewTestRun;
use pb_registry::offering::availability::{Availability, Publication, Restriction};
use pb_registry::offering::landing_zones::LandingZoneInput;
use pb_registry::offering::locations::LocationInput;
use pb_registry::validation_settings::ValidationSettings;
use pb_registry::{InstanceInput, PlatformInput, Registry, RegistryError};
use pb_validation::{QuotaDefinition, RoleMapping};
use serde_json::Value;

fn setup() -> (tempfile::TempDir, Registry, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let reg = Registry::open(&dir.path().join("registry.db")).unwrap();
    let platform = reg
        .create_platform(&PlatformInput {
            name: "Brokers".into(),
            type_id: "GENERIC-REST".into(),
            location: "EU Central".into(),
            ..Default::default()
        })
        .unwrap();
    let instance = reg
        .create_instance(
            &platform.id,
            &InstanceInput {
                name: "prod".into(),
                environment: "prod".into(),
                endpoint: "https://prod.example.com".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let settings = ValidationSettings {
        quotas: vec![QuotaDefinition {
            key: "cpu".into(),
            label: "CPU".into(),
            unit: "cores".into(),
            min: 1.0,
            max: 16.0,
            default: 4.0,
            auto_approval_threshold: Some(8.0),
            description: "Cores a tenant's workloads may use".into(),
        }],
        role_mappings: vec![RoleMapping {
            project_role: "member".into(),
            platform_role: "developer".into(),
        }],
        ..Default::default()
    };
    reg.set_validation_settings(&platform.id, &settings)
        .unwrap();
    (dir, reg, platform.id, instance.id)
}

fn zone(identifier: &str, cpu: f64) -> LandingZoneInput {
    LandingZoneInput {
        identifier: identifier.into(),
        name: "Default".into(),
        description: "What most teams start with".into(),
        info_link: Some("https://docs.example.com/brokers/zones".into()),
        quotas: BTreeMap::from([("cpu".to_owned(), cpu)]),
        ..Default::default()
    }
}

fn fields(e: RegistryError) -> Vec<(String, String)> {
    e.field_errors()
        .iter()
        .map(|f| (f.field.clone(), f.message.clone()))
        .collect()
}

#[test]
fn a_bare_location_becomes_a_record_and_is_found_again_by_name() {
    let (_dir, reg, id, _) = setup();
    let p = reg.get_platform(&id).unwrap();
    assert_eq!(
        (p.location.as_str(), p.location_name.as_str()),
        ("eu-central", "EU Central")
    );
    let other = reg
        .create_platform(&PlatformInput {
            name: "Databases".into(),
            type_id: "GENERIC-REST".into(),
            location: "eu central".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(other.location, "eu-central");
    let locations = reg.list_locations().unwrap();
    assert_eq!(locations.len(), 1);
    assert_eq!(locations[0].platform_count, 2);
    // A location in use cannot go; an unknown identifier is a field error.
    assert_eq!(
        reg.delete_location("eu-central").unwrap_err().code(),
        "in_use"
    );
    let bad = reg
        .create_location(&LocationInput {
            identifier: "EU_West".into(),
            display_name: String::new(),
            description: String::new(),
        })
        .unwrap_err();
    let f = fields(bad);
    assert_eq!(f[0].0, "identifier");
    assert_eq!(f[1].0, "displayName");
}

#[test]
fn a_landing_zone_quota_outside_its_bounds_is_a_field_error_and_nothing_is_saved() {
    let (_dir, reg, id, _) = setup();
    let err = reg
        .save_landing_zone(&id, None, &zone("brokers-default", 32.0))
        .unwrap_err();
    let f = fields(err);
    assert_eq!(f[0].0, "quotas.cpu");
    assert!(
        f[0].1.contains("between 1 cores and 16 cores"),
        "{}",
        f[0].1
    );
    let mut unknown = zone("brokers-default", 4.0);
    unknown.quotas.insert("memory".into(), 1.0);
    assert_eq!(
        fields(reg.save_landing_zone(&id, None, &unknown).unwrap_err())[0].0,
        "quotas.memory"
    );
    assert!(reg.list_landing_zones(&id).unwrap().is_empty());

    let saved = reg
        .save_landing_zone(&id, None, &zone("brokers-default", 6.0))
        .unwrap();
    assert_eq!(saved.quotas["cpu"], 6.0);
    // Taken identifiers and bounds that would strand a zone are refused too.
    assert_eq!(
        fields(
            reg.save_landing_zone(&id, None, &zone("brokers-default", 2.0))
                .unwrap_err()
        )[0]
        .0,
        "identifier"
    );
    let mut lower = reg.validation_settings(&id).unwrap();
    lower.quotas[0].max = 5.0;
    lower.quotas[0].auto_approval_threshold = Some(5.0);
    let f = fields(reg.set_validation_settings(&id, &lower).unwrap_err());
    assert_eq!(f[0].0, "quotas.0.max");
    assert!(f[0].1.contains("brokers-default"), "{}", f[0].1);
    assert_eq!(reg.validation_settings(&id).unwrap().quotas[0].max, 16.0);
}

#[test]
fn an_auto_approval_threshold_above_the_maximum_is_a_field_error() {
    let (_dir, reg, id, _) = setup();
    let mut s = reg.validation_settings(&id).unwrap();
    s.quotas[0].auto_approval_threshold = Some(17.0);
    let f = fields(reg.set_validation_settings(&id, &s).unwrap_err());
    assert_eq!(f, [(
        "quotas.0.autoApprovalThreshold".to_owned(),
        "The auto-approval threshold must lie between the minimum and the maximum: requests up to it are approved at once".to_owned()
    )]);
    assert_eq!(
        reg.validation_settings(&id).unwrap().quotas[0].auto_approval_threshold,
        Some(8.0)
    );
}

fn validated(reg: &Registry, instance: &str, status: &str) {
    reg.record_test_run(NewTestRun {
        instance_id: instance,
        kind: "validation",
        status,
        started_at_ms: 1_795_000_000_000,
        duration_ms: 900,
        summary: format!("validation {status}"),
        report: &Value::Null,
        connector_version: reg.instance_connector_version(instance).unwrap(),
    })
    .unwrap();
}

#[test]
fn publishing_needs_a_validated_instance_and_a_landing_zone() {
    let (_dir, reg, id, instance) = setup();
    let publish = Availability {
        restriction: Restriction::Public,
        restricted_to: vec![],
        publication: Publication::Published,
    };
    let f = fields(reg.set_availability(&id, &publish).unwrap_err());
    assert_eq!(f[0].0, "publication");
    assert!(
        f[0].1.contains("an instance whose last validation passed"),
        "{}",
        f[0].1
    );
    assert!(f[0].1.contains("a landing zone"), "{}", f[0].1);
    let p = reg.get_platform(&id).unwrap();
    assert_eq!(
        (p.availability.restriction, p.availability.publication),
        (Restriction::Private, Publication::Draft)
    );

    validated(&reg, &instance, "failed");
    reg.save_landing_zone(&id, None, &zone("brokers-default", 4.0))
        .unwrap();
    let f = fields(reg.set_availability(&id, &publish).unwrap_err());
    assert!(!f[0].1.contains("a landing zone"), "{}", f[0].1);
    validated(&reg, &instance, "passed");
    let ready = reg.publication_readiness(&id).unwrap();
    assert!(ready.missing.is_empty(), "{:?}", ready.missing);
    assert_eq!(ready.validated_instances, ["prod"]);
    let p = reg.set_availability(&id, &publish).unwrap();
    assert_eq!(p.availability.publication, Publication::Published);

    // Restricted needs workspaces; a published platform never goes back to draft.
    let restricted = Availability {
        restriction: Restriction::Restricted,
        restricted_to: vec!["Team A".into()],
        publication: Publication::Draft,
    };
    let f = fields(reg.set_availability(&id, &restricted).unwrap_err());
    let names: Vec<_> = f.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(names, ["restrictedTo.0", "publication"]);
    let entries = reg
        .change_history(&pb_registry::pb_change_history::HistoryQuery::default())
        .unwrap();
    assert!(entries.entries.iter().any(|e| e
        .changes
        .iter()
        .any(|c| c.field == "availability.publication")));
}

#[test]
fn validation_with_a_landing_zone_uses_its_quotas_and_role_overrides() {
    let (_dir, reg, id, instance) = setup();
    let mut z = zone("brokers-small", 2.0);
    z.role_mappings = vec![RoleMapping {
        project_role: "member".into(),
        platform_role: "contributor".into(),
    }];
    reg.save_landing_zone(&id, None, &z).unwrap();
    let plan = reg.validation_plan(&instance).unwrap();
    assert_eq!(
        (plan.quotas[0].default, plan.landing_zone.as_deref()),
        (4.0, None)
    );
    let i = reg.instance(&instance).unwrap();
    let plan = reg
        .validation_plan_in(&id, &i.environment, Some("brokers-small"))
        .unwrap();
    assert_eq!(plan.quotas[0].test_value(), 2.0);
    assert_eq!(plan.role_mappings[0].platform_role, "contributor");
    assert_eq!(plan.landing_zone.as_deref(), Some("brokers-small"));
}

#[test]
fn a_database_of_the_previous_schema_gets_its_locations_as_records() {
    use pb_registry::migrate::{migrate, MIGRATIONS};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.db");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        migrate(&mut conn, Some(&path), &MIGRATIONS[..12]).unwrap();
        conn.execute(
            "INSERT INTO platform_types (identifier, display_name, icon, created_at, updated_at)
             VALUES ('EVENTS', 'Event streaming', 'server', 't', 't')",
            [],
        )
        .unwrap();
        for (n, location) in ["EU West", "eu-west", "Frankfurt (DE)", "", "§§"]
            .iter()
            .enumerate()
        {
            conn.execute(
                "INSERT INTO platforms (id, identifier, name, type_id, location, tags,
                     created_at, updated_at)
                 VALUES (?1, ?1, ?2, 'EVENTS', ?3, '[]', 't', 't')",
                rusqlite::params![format!("p{n}"), format!("Platform {n}"), location],
            )
            .unwrap();
        }
    }
    let reg = Registry::open(&path).unwrap();
    assert_eq!(
        reg.schema_version().unwrap(),
        pb_registry::migrate::latest_version()
    );
    let platforms = reg.list_platforms().unwrap();
    assert_eq!(platforms.len(), 5, "every platform kept");
    let located: Vec<_> = platforms
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.location.as_str(),
                p.location_name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        located,
        [
            ("Platform 0", "eu-west", "EU West"),
            ("Platform 1", "eu-west", "EU West"),
            ("Platform 2", "frankfurt-de", "Frankfurt (DE)"),
            ("Platform 3", "", ""),
            ("Platform 4", "location", "§§"),
        ]
    );
    for p in &platforms {
        assert_eq!(p.availability, Availability::default());
    }
    assert_eq!(reg.list_locations().unwrap().len(), 3);
}

#[test]
fn the_registry_filters_by_publication_and_shows_the_location_by_name() {
    use pb_registry::registry_query::RegistryQuery;
    let (_dir, reg, id, instance) = setup();
    reg.create_platform(&PlatformInput {
        name: "Databases".into(),
        type_id: "GENERIC-REST".into(),
        ..Default::default()
    })
    .unwrap();
    validated(&reg, &instance, "passed");
    reg.save_landing_zone(&id, None, &zone("brokers-default", 4.0))
        .unwrap();
    reg.set_availability(
        &id,
        &Availability {
            restriction: Restriction::Public,
            restricted_to: vec![],
            publication: Publication::Published,
        },
    )
    .unwrap();
    let facets = reg.registry_facets().unwrap();
    assert_eq!(facets.publications, ["draft", "published"]);
    assert_eq!(facets.locations, ["EU Central"]);
    let page = reg
        .query_registry(&RegistryQuery {
            publications: vec!["published".into()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 1);
    let row = &page.rows[0];
    assert_eq!(
        (row.platform_name.as_str(), row.location.as_str()),
        ("Brokers", "EU Central")
    );
    assert_eq!(row.availability.publication, Publication::Published);
    // Renaming the location is seen by the cached index.
    reg.update_location(&LocationInput {
        identifier: "eu-central".into(),
        display_name: "Frankfurt".into(),
        description: String::new(),
    })
    .unwrap();
    let page = reg
        .query_registry(&RegistryQuery {
            search: "frankfurt".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 1);
}

#[test]
fn deleting_a_platform_records_the_deletion_of_its_landing_zones() {
    use pb_registry::pb_change_history::{ChangeAction, HistoryQuery, RecordKind};
    let (_dir, reg, id, _) = setup();
    reg.save_landing_zone(&id, None, &zone("brokers-default", 4.0))
        .unwrap();
    reg.delete_platform(&pb_secrets::MemoryStore::new(), "test", &id)
        .unwrap();
    let zones = reg
        .change_history(&HistoryQuery {
            kind: Some(RecordKind::LandingZone),
            ..Default::default()
        })
        .unwrap();
    let actions: Vec<_> = zones.entries.iter().map(|e| e.action).collect();
    assert_eq!(actions, [ChangeAction::Deleted, ChangeAction::Created]);
}
