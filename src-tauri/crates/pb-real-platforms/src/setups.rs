//! What each preset's whole-suite run needs against its real server: the preset,
//! the instance's context (endpoint, custom fields, secrets) and the platform's
//! validation plan (naming, role mappings, quotas), plus the steps the preset
//! skips and why. Shared by the tests and `make bench`, so both run the same thing.

use std::time::Duration;

use pb_connector::{presets, CallContext};
use pb_secrets::Sensitive;
use pb_validation::{QuotaDefinition, RoleMapping, ValidationPlan};
use serde_json::{json, Value};

/// One preset against one running server.
pub struct Setup {
    pub connector_text: String,
    pub ctx: CallContext,
    pub plan: ValidationPlan,
    /// Step name → a part of the message it is skipped with.
    pub skips: Vec<(String, String)>,
}

impl Setup {
    pub fn skips(&self) -> Vec<(&str, &str)> {
        self.skips
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect()
    }
}

fn ctx(base_url: String, fields: Value, secrets: &[(&str, &str)]) -> CallContext {
    CallContext {
        base_url,
        values: json!({"fields": fields})
            .as_object()
            .cloned()
            .unwrap_or_default(),
        secrets: secrets
            .iter()
            .map(|(k, v)| (k.to_string(), Sensitive::new(v.to_string())))
            .collect(),
        tls: Default::default(),
        // The shipped PostgreSQL program, as a built-in type runs it.
        exec_trust: pb_connector::exec_trust::ExecTrust::Every,
    }
}

fn roles(member: &str, reader: &str) -> Vec<RoleMapping> {
    vec![
        RoleMapping {
            project_role: "reader".into(),
            platform_role: reader.into(),
        },
        RoleMapping {
            project_role: "member".into(),
            platform_role: member.into(),
        },
    ]
}

fn quota(key: &str, label: &str, unit: &str, max: f64, default: f64) -> QuotaDefinition {
    QuotaDefinition {
        key: key.into(),
        label: label.into(),
        unit: unit.into(),
        min: 0.0,
        max,
        default,
        ..Default::default()
    }
}

fn preset(name: &str) -> String {
    presets::preset(name)
        .unwrap_or_else(|| panic!("no preset {name}"))
        .to_owned()
}

/// The built-in OPENSTACK type's preset against a bare Keystone: limits of the
/// identity service (the only service a bare Keystone has).
pub fn keystone(k: &crate::keystone::Keystone) -> Setup {
    use crate::keystone::Keystone;
    Setup {
        connector_text: preset("openstack-keystone"),
        ctx: ctx(
            k.base_url(),
            json!({"username": Keystone::ADMIN_USER, "domain_id": Keystone::DOMAIN_ID, "limits_service_type": "identity"}),
            &[("password", Keystone::ADMIN_PASSWORD)],
        ),
        plan: ValidationPlan {
            role_mappings: roles("member", "reader"),
            quotas: vec![
                quota("cores", "vCPUs", "cores", 64.0, 8.0),
                quota("instances", "Instances", "servers", 20.0, 5.0),
            ],
            environment: "dev".into(),
            delete_wait: Duration::from_secs(5),
            ..Default::default()
        },
        skips: ["vCPUs (cores)", "Instances (instances)"]
            .iter()
            .map(|q| {
                (
                    format!("quota enforced {q}"),
                    "Keystone stores limits; the services (Nova, Cinder) enforce them".to_owned(),
                )
            })
            .collect(),
    }
}

/// The built-in SCIM2 type's preset against django-scim2, which accepts only the
/// `value` form of member removal; `deprovision` is `delete` or `deactivate`.
pub fn scim(s: &crate::scim::DjangoScim, deprovision: &str) -> Setup {
    Setup {
        connector_text: preset("scim2"),
        ctx: ctx(
            s.base_url(),
            json!({"member_removal": "value", "deprovision": deprovision}),
            &[("token", crate::scim::DjangoScim::TOKEN)],
        ),
        plan: ValidationPlan {
            // SCIM has no roles on membership: the mapping only names the user's role.
            role_mappings: roles("member", "reader"),
            quotas: Vec::new(),
            environment: "dev".into(),
            delete_wait: Duration::from_secs(5),
            ..Default::default()
        },
        skips: Vec::new(),
    }
}

/// The PostgreSQL preset against a private cluster, its program at `program` (a
/// test's binary is not beside the test executable, so the bare name in the
/// preset is replaced by the path cargo built).
pub fn postgres(pg: &crate::postgres::Postgres, program: &str) -> Setup {
    use crate::postgres::Postgres;
    let text = preset("postgresql");
    let bare = "command: [pb-connector-postgresql]";
    assert!(
        text.contains(bare),
        "the preset names its program by bare name"
    );
    Setup {
        connector_text: text.replace(bare, &format!("command: [\"{program}\"]")),
        ctx: ctx(
            pg.url(),
            json!({"admin_user": Postgres::ADMIN_USER}),
            &[("password", Postgres::ADMIN_PASSWORD)],
        ),
        plan: ValidationPlan {
            // PostgreSQL has no read-only membership: only `member` is mapped.
            role_mappings: vec![RoleMapping {
                project_role: "member".into(),
                platform_role: "member".into(),
            }],
            quotas: vec![quota("connections", "Connections", "sessions", 20.0, 3.0)],
            environment: "dev".into(),
            delete_wait: Duration::ZERO,
            ..Default::default()
        },
        skips: vec![],
    }
}
