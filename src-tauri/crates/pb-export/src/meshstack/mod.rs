//! Terraform for the meshStack provider (meshcloud/terraform-provider-meshstack,
//! written for [`PROVIDER_VERSION`]): the platform types, the locations, one
//! `meshstack_platform` per instance and its landing zones, with the owning
//! workspace as a variable. The attribute names are the provider's documented
//! schema, kept as a fixture in `fixtures/` and checked by the tests.

mod check;
mod icon;
mod readme;

use std::collections::BTreeSet;
use std::path::PathBuf;

use pb_registry::offering::availability::{Publication, Restriction};
use pb_registry::offering::landing_zones::LandingZone;
use pb_registry::offering::locations::Location;
use pb_registry::validate::slug;
use pb_registry::{Instance, Platform, PlatformStatus, PlatformType, Registry};
use pb_validation::QuotaDefinition;

use crate::hcl::{self, label, Value};
use crate::{ExportError, ExportFile};

/// The provider release the export is written for (and checked against).
pub const PROVIDER_VERSION: &str = "0.25.0";

/// What to export.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Platform identifiers; empty: every platform the wizard has finished.
    pub platforms: Vec<String>,
}

/// One platform with what its resources are made of.
pub(crate) struct Offering {
    pub platform: Platform,
    pub instances: Vec<Instance>,
    pub quotas: Vec<QuotaDefinition>,
    pub zones: Vec<LandingZone>,
}

/// Everything the export reads, in the order it is written.
pub(crate) struct Catalogue {
    pub types: Vec<PlatformType>,
    pub locations: Vec<Location>,
    pub offerings: Vec<Offering>,
}

fn read(registry: &Registry, options: &Options) -> Result<Catalogue, ExportError> {
    let mut platforms: Vec<Platform> = registry
        .list_platforms()?
        .into_iter()
        .filter(|p| p.status == PlatformStatus::Active)
        .collect();
    if !options.platforms.is_empty() {
        let unknown: Vec<String> = options
            .platforms
            .iter()
            .filter(|id| !platforms.iter().any(|p| &p.identifier == *id))
            .map(|id| format!("no finished platform '{id}'"))
            .collect();
        if !unknown.is_empty() {
            return Err(ExportError::Incomplete(unknown));
        }
        platforms.retain(|p| options.platforms.contains(&p.identifier));
    }
    platforms.sort_by(|a, b| a.identifier.cmp(&b.identifier));
    let used_types: BTreeSet<&str> = platforms.iter().map(|p| p.type_id.as_str()).collect();
    let used_locations: BTreeSet<&str> = platforms.iter().map(|p| p.location.as_str()).collect();
    let mut types: Vec<PlatformType> = registry
        .list_platform_types()?
        .into_iter()
        .filter(|t| used_types.contains(t.identifier.as_str()))
        .collect();
    types.sort_by(|a, b| a.identifier.cmp(&b.identifier));
    let mut locations: Vec<Location> = registry
        .list_locations()?
        .into_iter()
        .filter(|l| used_locations.contains(l.identifier.as_str()))
        .collect();
    locations.sort_by(|a, b| a.identifier.cmp(&b.identifier));
    let mut offerings = Vec::new();
    for platform in platforms {
        let mut instances = registry.list_instances(&platform.id)?;
        instances.sort_by(|a, b| a.name.cmp(&b.name));
        let quotas = registry.validation_settings(&platform.id)?.quotas;
        let zones = registry.list_landing_zones(&platform.id)?;
        offerings.push(Offering {
            platform,
            instances,
            quotas,
            zones,
        });
    }
    Ok(Catalogue {
        types,
        locations,
        offerings,
    })
}

/// meshStack takes whole numbers for quotas; a fraction is named, not rounded.
fn whole(value: f64, what: impl FnOnce() -> String, problems: &mut Vec<String>) -> i64 {
    if value.fract() != 0.0 || !value.is_finite() || value.abs() > 9.0e15 {
        problems.push(format!(
            "{} is {value}; meshStack takes whole numbers",
            what()
        ));
        return value.round() as i64;
    }
    value as i64
}

/// The meshStack platform's name for one instance: lower-case words joined by `-`.
fn platform_name(platform: &Platform, instance: &Instance) -> String {
    slug(&format!("{}-{}", platform.identifier, instance.name))
}

fn owner() -> Value {
    Value::Expr("var.owning_workspace".into())
}

fn platform_type(t: &PlatformType) -> String {
    let mut spec = vec![
        ("display_name", Value::str(&t.display_name)),
        ("icon", Value::str(icon::data_uri(&t.display_name, &t.icon))),
    ];
    if let Some(endpoint) = &t.default_endpoint {
        spec.push(("default_endpoint", Value::str(endpoint)));
    }
    hcl::resource(
        "meshstack_platform_type",
        &label(&t.identifier),
        &[
            (
                "metadata".into(),
                Value::object([
                    ("name", Value::str(&t.identifier)),
                    ("owned_by_workspace", owner()),
                ]),
            ),
            ("spec".into(), Value::object(spec)),
        ],
    )
}

fn location(l: &Location) -> String {
    let description = if l.description.is_empty() {
        l.display_name.clone()
    } else {
        l.description.clone()
    };
    hcl::resource(
        "meshstack_location",
        &label(&l.identifier),
        &[
            (
                "metadata".into(),
                Value::object([
                    ("name", Value::str(&l.identifier)),
                    ("owned_by_workspace", owner()),
                ]),
            ),
            (
                "spec".into(),
                Value::object([
                    ("display_name", Value::str(&l.display_name)),
                    ("description", Value::str(description)),
                ]),
            ),
        ],
    )
}

fn quota_definition(q: &QuotaDefinition, platform: &str, problems: &mut Vec<String>) -> Value {
    let what =
        |field: &'static str| move || format!("platform {platform}: quota {} {field}", q.key);
    // No threshold: nothing above the minimum is approved without an operator.
    let threshold = q.auto_approval_threshold.unwrap_or(q.min);
    Value::object([
        ("quota_key", Value::str(&q.key)),
        ("label", Value::str(&q.label)),
        ("description", Value::str(&q.description)),
        ("unit", Value::str(&q.unit)),
        ("min_value", Value::Int(whole(q.min, what("min"), problems))),
        ("max_value", Value::Int(whole(q.max, what("max"), problems))),
        (
            "auto_approval_threshold",
            Value::Int(whole(threshold, what("auto-approval threshold"), problems)),
        ),
    ])
}

fn availability(p: &Platform) -> Value {
    let a = &p.availability;
    let restriction = match a.restriction {
        Restriction::Public => "PUBLIC",
        Restriction::Private => "PRIVATE",
        Restriction::Restricted => "RESTRICTED",
    };
    // meshStack knows published and unpublished; a deprecated platform is taken
    // out of the marketplace (its tenants stay), a draft was never in it.
    let publication = match a.publication {
        Publication::Published => "PUBLISHED",
        Publication::Draft | Publication::Deprecated | Publication::Unpublished => "UNPUBLISHED",
    };
    let mut entries = vec![
        ("restriction", Value::str(restriction)),
        ("publication_state", Value::str(publication)),
    ];
    if a.restriction == Restriction::Restricted {
        let mut workspaces = a.restricted_to.clone();
        workspaces.sort();
        entries.push((
            "restricted_to_workspaces",
            Value::List(workspaces.into_iter().map(Value::Str).collect()),
        ));
    }
    Value::object(entries)
}

fn platform(o: &Offering, instance: &Instance, problems: &mut Vec<String>) -> String {
    let p = &o.platform;
    let description = if p.description.is_empty() {
        format!("{} ({} environment)", p.name, instance.environment)
    } else {
        p.description.clone()
    };
    let mut spec = vec![
        (
            "display_name",
            Value::str(format!("{} ({})", p.name, instance.name)),
        ),
        ("description", Value::str(description)),
        ("endpoint", Value::str(&instance.endpoint)),
        (
            "location_ref",
            Value::Expr(format!("meshstack_location.{}.ref", label(&p.location))),
        ),
    ];
    if let Some(url) = &p.support_url {
        spec.push(("support_url", Value::str(url)));
    }
    if let Some(url) = &p.docs_url {
        spec.push(("documentation_url", Value::str(url)));
    }
    if !p.access_info.is_empty() {
        spec.push(("access_information", Value::str(&p.access_info)));
    }
    spec.push(("availability", availability(p)));
    spec.push((
        "quota_definitions",
        Value::List(
            o.quotas
                .iter()
                .map(|q| quota_definition(q, &p.identifier, problems))
                .collect(),
        ),
    ));
    spec.push((
        "config",
        Value::object([(
            "custom",
            Value::object([(
                "platform_type_ref",
                Value::Expr(format!("meshstack_platform_type.{}.ref", label(&p.type_id))),
            )]),
        )]),
    ));
    hcl::resource(
        "meshstack_platform",
        &label(&platform_name(p, instance)),
        &[
            (
                "metadata".into(),
                Value::object([
                    ("name", Value::str(platform_name(p, instance))),
                    ("owned_by_workspace", owner()),
                ]),
            ),
            ("spec".into(), Value::object(spec)),
        ],
    )
}

fn landing_zone(
    o: &Offering,
    instance: &Instance,
    z: &LandingZone,
    problems: &mut Vec<String>,
) -> String {
    let target = label(&platform_name(&o.platform, instance));
    let quotas = o
        .quotas
        .iter()
        .map(|q| {
            let value = whole(
                z.quota_value(q),
                || format!("landing zone {}: quota {}", z.identifier, q.key),
                problems,
            );
            Value::object([("key", Value::str(&q.key)), ("value", Value::Int(value))])
        })
        .collect();
    let description = if z.description.is_empty() {
        z.name.clone()
    } else {
        z.description.clone()
    };
    let mut spec = vec![
        ("display_name", Value::str(&z.name)),
        ("description", Value::str(description)),
        // Deleting a tenant stays an operator's decision, as in the app.
        ("automate_deletion_approval", Value::Bool(false)),
        ("automate_deletion_replication", Value::Bool(false)),
        // Always written: the provider clears a restriction left out.
        ("restricted", Value::Bool(z.restricted)),
    ];
    if let Some(link) = &z.info_link {
        spec.push(("info_link", Value::str(link)));
    }
    spec.push((
        "platform_ref",
        Value::Expr(format!("meshstack_platform.{target}.ref")),
    ));
    spec.push((
        "platform_properties",
        Value::object([("custom", Value::Object(vec![]))]),
    ));
    spec.push(("quotas", Value::List(quotas)));
    hcl::resource(
        "meshstack_landingzone",
        &format!("{}__{target}", label(&z.identifier)),
        &[
            (
                "metadata".into(),
                Value::object([
                    ("name", Value::str(&z.identifier)),
                    ("owned_by_workspace", owner()),
                ]),
            ),
            ("spec".into(), Value::object(spec)),
        ],
    )
}

const HEADER: &str =
    "# Written by Platform Builder for the meshStack Terraform provider; see README.md.\n";

fn file(path: &str, resources: Vec<String>) -> ExportFile {
    let mut text = HEADER.to_owned();
    for r in resources {
        text.push('\n');
        text.push_str(&r);
    }
    ExportFile {
        path: PathBuf::from(path),
        text,
    }
}

/// The Terraform files for the chosen platforms. Byte-stable: the same records
/// give the same files (sorted by identifier, no timestamps).
pub fn export(registry: &Registry, options: &Options) -> Result<Vec<ExportFile>, ExportError> {
    let catalogue = read(registry, options)?;
    let mut problems = check::problems_of(&catalogue);
    let mut platforms = Vec::new();
    let mut zones = Vec::new();
    for o in &catalogue.offerings {
        for instance in &o.instances {
            platforms.push(platform(o, instance, &mut problems));
            for z in o.zones.iter().filter(|z| !z.disabled) {
                zones.push(landing_zone(o, instance, z, &mut problems));
            }
        }
    }
    if !problems.is_empty() {
        return Err(ExportError::Incomplete(problems));
    }
    let versions = hcl::block(
        "terraform",
        &[(
            "required_providers".into(),
            Value::object([(
                "meshstack",
                Value::object([
                    ("source", Value::str("meshcloud/meshstack")),
                    ("version", Value::str(format!("~> {PROVIDER_VERSION}"))),
                ]),
            )]),
        )],
    );
    let variables = hcl::block(
        "variable \"owning_workspace\"",
        &[
            ("type".into(), Value::Expr("string".into())),
            (
                "description".into(),
                Value::str("Identifier of the meshStack workspace that owns these platforms"),
            ),
        ],
    );
    Ok(vec![
        readme::readme(&catalogue),
        file("versions.tf", vec![versions]),
        file("variables.tf", vec![variables]),
        file(
            "platform_types.tf",
            catalogue.types.iter().map(platform_type).collect(),
        ),
        file(
            "locations.tf",
            catalogue.locations.iter().map(location).collect(),
        ),
        file("platforms.tf", platforms),
        file("landing_zones.tf", zones),
    ])
}
