//! The meshStack export against a real SQLite file: byte-stable, parsed back by an
//! HCL parser, every attribute checked against the provider's documented schema
//! (fixtures/meshstack-provider-schema.json, v0.25.0), and no secret in it.

use std::collections::BTreeMap;

use hcl::{Expression, ObjectKey};
use pb_export::meshstack::{export, Options, PROVIDER_VERSION};
use pb_registry::offering::availability::{Availability, Publication, Restriction};
use pb_registry::offering::landing_zones::LandingZoneInput;
use pb_registry::validation_settings::ValidationSettings;
use pb_registry::{InstanceInput, PlatformInput, PlatformTypeInput, Registry};
use pb_secrets::{MemoryStore, Sensitive};
use pb_validation::QuotaDefinition;
use serde_json::Value;

const CANARY: &str = "canary-7f3a9c-secret";

fn schema() -> Value {
    serde_json::from_str(include_str!("../fixtures/meshstack-provider-schema.json")).unwrap()
}

fn populated() -> (tempfile::TempDir, Registry) {
    let dir = tempfile::tempdir().unwrap();
    let reg = Registry::open(&dir.path().join("registry.db")).unwrap();
    reg.create_platform_type(&PlatformTypeInput {
        identifier: "EVENT-STREAMING".into(),
        display_name: "Event streaming".into(),
        description: "Kafka-compatible brokers".into(),
        icon: "server".into(),
        default_endpoint: Some("https://brokers.example.com".into()),
    })
    .unwrap();
    let platform = reg
        .create_platform(&PlatformInput {
            name: "Brokers EU".into(),
            description: "Shared \"brokers\" for ${every} team".into(),
            type_id: "EVENT-STREAMING".into(),
            location: "EU Central".into(),
            support_url: Some("mailto:brokers@example.com".into()),
            docs_url: Some("https://docs.example.com/brokers".into()),
            access_info: Some("Ask in #brokers.\nThen log in with SSO.".into()),
            ..Default::default()
        })
        .unwrap();
    let store = MemoryStore::default();
    for (name, env) in [("prod", "prod"), ("dev", "dev")] {
        let i = reg
            .create_instance(
                &platform.id,
                &InstanceInput {
                    name: name.into(),
                    environment: env.into(),
                    endpoint: format!("https://{name}.brokers.example.com"),
                    ..Default::default()
                },
            )
            .unwrap();
        reg.set_credential(&store, "test", &i.id, &Sensitive::new(CANARY.to_owned()))
            .unwrap();
    }
    reg.set_validation_settings(
        &platform.id,
        &ValidationSettings {
            quotas: vec![
                QuotaDefinition {
                    key: "requests.cpu".into(),
                    label: "CPU".into(),
                    unit: "cores".into(),
                    min: 1.0,
                    max: 64.0,
                    default: 4.0,
                    description: "Cores a tenant's workloads may request".into(),
                    auto_approval_threshold: Some(8.0),
                },
                QuotaDefinition {
                    key: "topics".into(),
                    label: "Topics".into(),
                    unit: String::new(),
                    min: 0.0,
                    max: 100.0,
                    default: 10.0,
                    ..Default::default()
                },
            ],
            ..Default::default()
        },
    )
    .unwrap();
    for (id, cpu, restricted, disabled) in [
        ("brokers-default", 4.0, false, false),
        ("brokers-large", 32.0, true, false),
        ("brokers-old", 2.0, false, true),
    ] {
        reg.save_landing_zone(
            &platform.id,
            None,
            &LandingZoneInput {
                identifier: id.into(),
                name: format!("Zone {id}"),
                quotas: BTreeMap::from([("requests.cpu".to_owned(), cpu)]),
                restricted,
                disabled,
                info_link: Some("https://docs.example.com/brokers/zones".into()),
                ..Default::default()
            },
        )
        .unwrap();
    }
    // Restricted availability goes out as such (publishing itself is tested in
    // pb-registry: it needs a validated instance).
    reg.set_availability(
        &platform.id,
        &Availability {
            restriction: Restriction::Restricted,
            restricted_to: vec!["team-b".into(), "team-a".into()],
            publication: Publication::Draft,
        },
    )
    .unwrap();
    (dir, reg)
}

/// Every attribute of `expr` (an object) against the schema's `attributes`:
/// known, not read-only, of the documented type and values, and every required
/// one present. Returns the problems, each with its path.
fn check(path: &str, expr: &Expression, attributes: &Value, problems: &mut Vec<String>) {
    let Expression::Object(object) = expr else {
        problems.push(format!("{path}: expected an object"));
        return;
    };
    let mut present = Vec::new();
    for (key, value) in object.iter() {
        let name = match key {
            ObjectKey::Identifier(i) => i.to_string(),
            ObjectKey::Expression(Expression::String(s)) => s.clone(),
            other => panic!("{path}: unexpected key {other:?}"),
        };
        let at = format!("{path}.{name}");
        present.push(name.clone());
        let Some(spec) = attributes.get(&name) else {
            problems.push(format!("{at}: not in the provider's schema"));
            continue;
        };
        if spec["kind"] == "computed" {
            problems.push(format!("{at}: read-only in the provider's schema"));
        }
        check_value(&at, value, spec, problems);
    }
    let one_of = attributes.as_object().unwrap();
    for (name, spec) in one_of {
        if spec["kind"] == "required" && !present.contains(name) {
            problems.push(format!("{path}.{name}: required but missing"));
        }
    }
}

fn check_value(at: &str, value: &Expression, spec: &Value, problems: &mut Vec<String>) {
    let ty = spec["type"].as_str().unwrap_or_default();
    match (ty, value) {
        ("object", Expression::Traversal(_)) => {} // a reference to another resource's ref
        ("object", Expression::Object(o)) => {
            if let Some(choices) = spec.get("exactly_one_of") {
                let n = o.len();
                assert!(choices.is_array());
                if n != 1 {
                    problems.push(format!("{at}: exactly one of {choices} must be set"));
                }
            }
            check(at, value, &spec["nested"], problems);
            if spec.get("exactly_one_of").is_some() {
                // Only the chosen block was checked for its own required fields.
                problems.retain(|p| {
                    !(p.starts_with(at)
                        && p.ends_with("required but missing")
                        && p.matches('.').count() == at.matches('.').count() + 1)
                });
            }
        }
        ("list" | "set", Expression::Array(items)) => {
            for (n, item) in items.iter().enumerate() {
                match spec.get("nested") {
                    Some(nested) => check(&format!("{at}[{n}]"), item, nested, problems),
                    None => {
                        if !matches!(item, Expression::String(_)) {
                            problems.push(format!("{at}[{n}]: expected a string"));
                        }
                    }
                }
            }
        }
        ("string", Expression::String(s)) => {
            if let Some(values) = spec.get("values").and_then(Value::as_array) {
                if !values.iter().any(|v| v == s) {
                    problems.push(format!("{at}: '{s}' is not one of {values:?}"));
                }
            }
            if let Some(pattern) = spec.get("pattern").and_then(Value::as_str) {
                if !regex::Regex::new(pattern).unwrap().is_match(s) {
                    problems.push(format!("{at}: '{s}' does not match {pattern}"));
                }
            }
        }
        ("string", Expression::Variable(_) | Expression::Traversal(_)) => {}
        ("number", Expression::Number(n)) => {
            if n.as_i64().is_none() {
                problems.push(format!("{at}: {n} is not a whole number"));
            }
        }
        ("bool", Expression::Bool(_)) => {}
        (ty, other) => problems.push(format!("{at}: a {ty} was expected, found {other:?}")),
    }
}

/// A resource block's arguments as one object expression, to check like any object.
fn arguments(block: &hcl::Block) -> Expression {
    Expression::Object(
        block
            .body()
            .attributes()
            .map(|a| {
                (
                    ObjectKey::Identifier(hcl::Identifier::unchecked(a.key())),
                    a.expr().clone(),
                )
            })
            .collect(),
    )
}

fn files(reg: &Registry) -> BTreeMap<String, String> {
    export(reg, &Options::default())
        .unwrap()
        .into_iter()
        .map(|f| (f.path.display().to_string(), f.text))
        .collect()
}

#[test]
fn every_resource_matches_the_providers_documented_schema() {
    let (_dir, reg) = populated();
    let schema = schema();
    assert!(schema["version"]
        .as_str()
        .unwrap()
        .starts_with(PROVIDER_VERSION));
    let mut problems = Vec::new();
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, text) in files(&reg) {
        if !path.ends_with(".tf") {
            continue;
        }
        let body =
            hcl::parse(&text).unwrap_or_else(|e| panic!("{path} does not parse: {e}\n{text}"));
        for block in body.blocks() {
            if block.identifier() != "resource" {
                continue;
            }
            let kind = block.labels()[0].as_str().to_owned();
            let name = block.labels()[1].as_str().to_owned();
            let attributes = &schema["resources"][&kind]["attributes"];
            assert!(attributes.is_object(), "{kind} is not in the fixture");
            let object = arguments(block);
            check(
                &format!("{kind}.{name}"),
                &object,
                attributes,
                &mut problems,
            );
            seen.entry(kind).or_default().push(name);
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    let counts: Vec<(&str, usize)> = seen.iter().map(|(k, v)| (k.as_str(), v.len())).collect();
    // One type, one location, a platform per instance, the two enabled zones on each.
    assert_eq!(
        counts,
        [
            ("meshstack_landingzone", 4),
            ("meshstack_location", 1),
            ("meshstack_platform", 2),
            ("meshstack_platform_type", 1),
        ]
    );
}

#[test]
fn the_export_is_byte_stable_says_what_it_maps_and_holds_no_secret() {
    let (dir, reg) = populated();
    let first = files(&reg);
    assert_eq!(first, files(&reg), "the same records give the same bytes");
    let out = dir.path().join("meshstack");
    pb_export::write(&out, &export(&reg, &Options::default()).unwrap()).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "README.md",
            "landing_zones.tf",
            "locations.tf",
            "platform_types.tf",
            "platforms.tf",
            "variables.tf",
            "versions.tf"
        ]
    );
    for (path, text) in &first {
        assert!(!text.contains(CANARY), "{path} holds the secret");
    }
    let platforms = &first["platforms.tf"];
    let body = hcl::parse(platforms).unwrap();
    assert!(body
        .blocks()
        .any(|b| b.labels()[1].as_str() == "brokers_eu_prod"));
    let spec: Value = hcl::from_str::<Value>(platforms).unwrap();
    let prod_spec = &spec["resource"]["meshstack_platform"]["brokers_eu_prod"]["spec"];
    assert_eq!(
        prod_spec["endpoint"],
        serde_json::json!("https://prod.brokers.example.com")
    );
    // Template syntax in a record is text, not an expression.
    assert_eq!(
        prod_spec["description"],
        serde_json::json!("Shared \"brokers\" for ${every} team")
    );
    assert_eq!(
        prod_spec["availability"]["restricted_to_workspaces"],
        serde_json::json!(["team-a", "team-b"])
    );
    assert_eq!(
        prod_spec["availability"]["publication_state"],
        serde_json::json!("UNPUBLISHED")
    );
    let quota = &prod_spec["quota_definitions"][0];
    assert_eq!(quota["auto_approval_threshold"], serde_json::json!(8));
    assert_eq!(
        quota["description"],
        serde_json::json!("Cores a tenant's workloads may request")
    );
    let zones: Value = hcl::from_str(&first["landing_zones.tf"]).unwrap();
    let large =
        &zones["resource"]["meshstack_landingzone"]["brokers_large__brokers_eu_prod"]["spec"];
    assert_eq!(large["restricted"], serde_json::json!(true));
    assert_eq!(
        large["quotas"],
        hcl::from_str::<Value>(
            "x = [{ key = \"requests.cpu\", value = 32 }, { key = \"topics\", value = 10 }]"
        )
        .unwrap()["x"]
    );
    let readme = &first["README.md"];
    assert!(readme.contains(&format!("`meshcloud/meshstack` {PROVIDER_VERSION}")));
    assert!(
        readme.contains("requests up to 8 cores are approved at once"),
        "{readme}"
    );
    assert!(
        readme.contains("Landing zone brokers-old is disabled"),
        "{readme}"
    );
    assert!(!first["landing_zones.tf"].contains("brokers-old"));
}

#[test]
fn what_meshstack_cannot_take_is_named_not_guessed() {
    let (_dir, reg) = populated();
    let p = reg.list_platforms().unwrap().remove(0);
    let mut s = reg.validation_settings(&p.id).unwrap();
    s.quotas[1].max = 99.5;
    reg.set_validation_settings(&p.id, &s).unwrap();
    let err = export(&reg, &Options::default()).unwrap_err();
    assert_eq!(err.code(), "export_incomplete");
    assert!(
        err.to_string().contains("quota topics max is 99.5"),
        "{err}"
    );
    let err = export(
        &reg,
        &Options {
            platforms: vec!["nope".into()],
        },
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("no finished platform 'nope'"),
        "{err}"
    );
}

#[test]
fn the_schema_check_catches_misnamed_read_only_and_missing_attributes() {
    let schema = schema();
    let body = hcl::parse(
        r#"resource "meshstack_location" "x" {
  metadata = { name = "Bad_Name", owned_by_workspace = "w", uuid = "u" }
  spec     = { display_name = "X", descripton = "typo" }
}"#,
    )
    .unwrap();
    let block = body.blocks().next().unwrap();
    let object = arguments(block);
    let mut problems = Vec::new();
    check(
        "x",
        &object,
        &schema["resources"]["meshstack_location"]["attributes"],
        &mut problems,
    );
    problems.sort();
    assert_eq!(
        problems,
        [
            "x.metadata.name: 'Bad_Name' does not match ^[a-z0-9]+(-[a-z0-9]+)*$",
            "x.metadata.uuid: read-only in the provider's schema",
            "x.spec.description: required but missing",
            "x.spec.descripton: not in the provider's schema",
        ]
    );
}

#[test]
fn names_meshstack_would_refuse_or_that_collide_are_named() {
    let (_dir, reg) = populated();
    let p = reg.list_platforms().unwrap().remove(0);
    // "prod" exists; "Prod!" slugs to the same meshStack platform name.
    reg.create_instance(
        &p.id,
        &InstanceInput {
            name: "Prod!".into(),
            environment: "prod".into(),
            endpoint: "https://prod2.brokers.example.com".into(),
            ..Default::default()
        },
    )
    .unwrap();
    // A landing zone is refused such a name when saved; a platform type's
    // identifier allows it, and the export names it.
    let zone = LandingZoneInput {
        identifier: "double--dash".into(),
        name: "Odd".into(),
        ..Default::default()
    };
    let refused = reg.save_landing_zone(&p.id, None, &zone).unwrap_err();
    assert_eq!(refused.field_errors()[0].field, "identifier");
    reg.create_platform_type(&PlatformTypeInput {
        identifier: "ODD--TYPE".into(),
        display_name: "Odd".into(),
        icon: "server".into(),
        ..Default::default()
    })
    .unwrap();
    reg.create_platform(&PlatformInput {
        name: "Odd".into(),
        type_id: "ODD--TYPE".into(),
        location: "EU Central".into(),
        ..Default::default()
    })
    .unwrap();
    let err = export(&reg, &Options::default()).unwrap_err().to_string();
    assert!(
        err.contains("both become meshStack platform 'brokers-eu-prod'"),
        "{err}"
    );
    assert!(
        err.contains("platform type 'ODD--TYPE' is not a meshStack name"),
        "{err}"
    );
}
