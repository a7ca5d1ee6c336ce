//! Finding and removing what validation runs left behind: a run that was killed, or
//! whose cleanup failed, leaves a tenant named by the validation convention (the
//! platform's prefix, the purpose `validation`, a six-character suffix). A sweep
//! lists the platform's tenants and deletes exactly those whose names the
//! convention could have made, and no other: a name that is merely close is never
//! touched, so an application team's tenant cannot be swept by accident.

use pb_connector::definition::Connector;
use pb_connector::listing::{list_tenants, ListedTenant};
use pb_connector::{CallContext, Engine, Operation};
use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

use crate::plan::NamingConvention;

/// The suite's suffix: six characters from this alphabet (see `suite::unique_suffix`).
const SUFFIX: &str = "[a-z0-9]{6}";

/// Which names the validation convention makes, as one anchored regex.
#[derive(Clone, Debug)]
pub struct LeftoverPattern {
    regex: regex::Regex,
    shown: String,
}

impl LeftoverPattern {
    /// The names `naming` gives validation tenants in `environment`.
    pub fn new(naming: &NamingConvention, environment: &str) -> Self {
        let mut pattern = String::from("^");
        let mut shown = String::new();
        let mut rest = naming.template.as_str();
        while let Some(open) = rest.find('{') {
            let (literal, tail) = rest.split_at(open);
            pattern.push_str(&regex::escape(literal));
            shown.push_str(literal);
            let Some(close) = tail.find('}') else {
                rest = tail;
                break;
            };
            let (part, text) = match &tail[..=close] {
                "{prefix}" => (regex::escape(&naming.prefix), naming.prefix.clone()),
                "{purpose}" => ("validation".to_owned(), "validation".to_owned()),
                "{suffix}" => (SUFFIX.to_owned(), "??????".to_owned()),
                "{environment}" => (regex::escape(environment), environment.to_owned()),
                other => (regex::escape(other), other.to_owned()),
            };
            pattern.push_str(&part);
            shown.push_str(&text);
            rest = &tail[close + 1..];
        }
        pattern.push_str(&regex::escape(rest));
        shown.push_str(rest);
        pattern.push('$');
        // Every part is escaped or fixed, so the regex always compiles.
        let regex = regex::Regex::new(&pattern).unwrap_or_else(|_| never());
        Self { regex, shown }
    }

    pub fn matches(&self, name: &str) -> bool {
        self.regex.is_match(name)
    }

    /// The pattern as an administrator reads it: `pb-validation-??????`.
    pub fn shown(&self) -> &str {
        &self.shown
    }
}

fn never() -> regex::Regex {
    regex::Regex::new("$^").expect("a regex that matches nothing")
}

/// A listed tenant, marked when the validation convention could have made its name.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MarkedTenant {
    pub name: String,
    pub id: String,
    pub leftover: bool,
}

pub fn mark(tenants: &[ListedTenant], pattern: &LeftoverPattern) -> Vec<MarkedTenant> {
    tenants
        .iter()
        .map(|t| MarkedTenant {
            name: t.name.clone(),
            id: t.id.clone(),
            leftover: pattern.matches(&t.name),
        })
        .collect()
}

/// A tenant a sweep could not delete, and why.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SweepFailure {
    pub name: String,
    pub id: String,
    pub error: String,
}

/// What a sweep found and did.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SweepReport {
    /// The convention's names, as shown: `pb-validation-??????`.
    pub pattern: String,
    /// Every leftover found (what a dry run would delete).
    pub leftovers: Vec<ListedTenant>,
    pub deleted: Vec<ListedTenant>,
    pub failed: Vec<SweepFailure>,
    /// Tenants the platform lists that the sweep left alone (not the convention's).
    pub kept: usize,
    /// Why the platform could not be listed completely; the sweep then deletes
    /// only among the tenants it did list.
    pub listing_error: Option<String>,
    pub dry_run: bool,
}

/// Lists the platform and deletes its validation leftovers. `only`, when given,
/// narrows the sweep to these tenant ids (the ones an administrator confirmed),
/// and even then a tenant whose listed name does not match is never deleted.
pub async fn sweep(
    engine: &Engine,
    connector: &Connector,
    ctx: &CallContext,
    pattern: &LeftoverPattern,
    only: Option<&[String]>,
    dry_run: bool,
) -> SweepReport {
    let listing = list_tenants(engine, connector, ctx).await;
    let (leftovers, others): (Vec<ListedTenant>, Vec<ListedTenant>) = listing
        .tenants
        .into_iter()
        .partition(|t| pattern.matches(&t.name));
    let chosen: Vec<ListedTenant> = leftovers
        .iter()
        .filter(|t| only.is_none_or(|ids| ids.contains(&t.id)))
        .cloned()
        .collect();
    let mut report = SweepReport {
        pattern: pattern.shown().to_owned(),
        leftovers,
        deleted: Vec::new(),
        failed: Vec::new(),
        kept: others.len(),
        listing_error: listing.error.map(|e| e.message),
        dry_run,
    };
    if dry_run {
        return report;
    }
    for tenant in chosen {
        match delete(engine, connector, ctx, &tenant).await {
            Ok(()) => report.deleted.push(tenant),
            Err(error) => report.failed.push(SweepFailure {
                name: tenant.name,
                id: tenant.id,
                error,
            }),
        }
    }
    report
}

/// `delete_tenant` with the values the suite's own cleanup has: the tenant's name
/// (also as `identifier`) and its id, as `tenant.id` and as the `tenant_id` output
/// create_tenant would have given. A tenant already gone counts as deleted.
async fn delete(
    engine: &Engine,
    connector: &Connector,
    ctx: &CallContext,
    tenant: &ListedTenant,
) -> Result<(), String> {
    let mut ctx = ctx.clone();
    ctx.values.insert(
        "tenant".into(),
        json!({"name": tenant.name, "identifier": tenant.name, "id": tenant.id}),
    );
    ctx.values
        .insert("outputs".into(), json!({"tenant_id": tenant.id}));
    let run = engine
        .run_connector(connector, Operation::DeleteTenant, &ctx)
        .await;
    run.outcome.map(|_| ()).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_conventions_names_match() {
        let pattern = LeftoverPattern::new(&NamingConvention::default(), "dev");
        assert_eq!(pattern.shown(), "pb-validation-??????");
        assert!(pattern.matches("pb-validation-a1b2c3"));
        for near in [
            "pb-validation-a1b2c",
            "pb-validation-a1b2c3d",
            "pb-validation-A1B2C3",
            "pb-validation-a1b2c3 ",
            "xpb-validation-a1b2c3",
            "pb-validation--a1b2c3",
            "pb-validationa-1b2c3",
            "pb-production-a1b2c3",
            "team-pb-validation-a1b2c3",
        ] {
            assert!(!pattern.matches(near), "{near}");
        }
    }

    #[test]
    fn the_template_prefix_and_environment_are_taken_literally() {
        let naming = NamingConvention {
            template: "{prefix}.{environment}.{purpose}.{suffix}".into(),
            pattern: ".*".into(),
            prefix: "a+b".into(),
        };
        let pattern = LeftoverPattern::new(&naming, "prod");
        assert!(pattern.matches("a+b.prod.validation.x9y8z7"));
        assert!(
            !pattern.matches("aab.prod.validation.x9y8z7"),
            "+ is not a regex here"
        );
        assert!(
            !pattern.matches("a+bxprodxvalidationxx9y8z7"),
            ". is not a regex here"
        );
        assert!(
            !pattern.matches("a+b.dev.validation.x9y8z7"),
            "another environment"
        );
    }
}
