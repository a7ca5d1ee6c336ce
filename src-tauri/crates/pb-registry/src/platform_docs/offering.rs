//! The parts of a platform's documentation about ordering it: who may, whether it
//! is offered, what each quota allows (and which requests are approved at once),
//! and the landing zones a tenant starts from.

use rusqlite::Connection;

use super::text::{cell, code, link};
use crate::error::Result;
use crate::model::Platform;
use crate::offering::availability::{Publication, Restriction};
use crate::validation_settings::ValidationSettings;

/// Table rows for the platform's overview: availability and publication.
pub(super) fn availability_rows(p: &Platform) -> String {
    let a = &p.availability;
    let who = match a.restriction {
        Restriction::Public => "every workspace".to_owned(),
        Restriction::Private => "the owning workspace only".to_owned(),
        Restriction::Restricted => format!(
            "only {}",
            a.restricted_to
                .iter()
                .map(|w| code(w))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let offered = match a.publication {
        Publication::Draft => "not offered yet",
        Publication::Published => "published: teams can order it",
        Publication::Deprecated => "deprecated: no new tenants, please move on",
        Publication::Unpublished => "unpublished: not offered",
    };
    format!("| Who may order it | {who} |\n| Offered | {offered} |\n")
}

fn number(v: f64, unit: &str) -> String {
    if unit.is_empty() {
        format!("{v}")
    } else {
        format!("{v} {}", cell(unit))
    }
}

/// The quotas (with what is approved at once) and the landing zones.
pub(super) fn quotas_and_zones(
    conn: &Connection,
    p: &Platform,
    settings: &ValidationSettings,
) -> Result<String> {
    let mut md = String::new();
    if !settings.quotas.is_empty() {
        md.push_str("\n## Quotas\n\n| Quota | Key | Minimum | Maximum | Default | Approved at once | Meaning |\n|---|---|---|---|---|---|---|\n");
        for q in &settings.quotas {
            let at_once = match q.auto_approval_threshold {
                Some(t) => format!("up to {}", number(t, &q.unit)),
                None => "no: an operator reviews every request".into(),
            };
            md.push_str(&format!(
                "| {} | {} | {} | {} | {} | {at_once} | {} |\n",
                cell(&q.label),
                code(&q.key),
                number(q.min, &q.unit),
                number(q.max, &q.unit),
                number(q.default, &q.unit),
                cell(&q.description)
            ));
        }
        md.push_str("\nA request for more than a quota's value in your tenant's landing zone is approved at once up to the value above; beyond it, the platform team decides.\n");
    }
    let zones = crate::offering::landing_zones::list(conn, &p.id)?;
    let offered: Vec<_> = zones.iter().filter(|z| !z.disabled).collect();
    if !offered.is_empty() {
        md.push_str("\n## Landing zones\n\nA new tenant is created from one of these.\n\n| Landing zone | Identifier | Quotas | Approval | More |\n|---|---|---|---|---|\n");
        for z in offered {
            let quotas = settings
                .quotas
                .iter()
                .map(|q| format!("{} {}", cell(&q.label), number(z.quota_value(q), &q.unit)))
                .collect::<Vec<_>>()
                .join(", ");
            md.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                cell(&z.name),
                code(&z.identifier),
                if quotas.is_empty() {
                    "—".into()
                } else {
                    quotas
                },
                if z.restricted {
                    "an operator approves each tenant"
                } else {
                    "at once"
                },
                z.info_link
                    .as_deref()
                    .map(link)
                    .unwrap_or_else(|| cell(&z.description))
            ));
        }
    }
    Ok(md)
}
