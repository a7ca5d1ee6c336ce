//! Listing a platform's tenants: `list_tenants` run page after page until the last
//! one. The platform's replies are untrusted: a next link is fetched only from the
//! origins the connector may talk to (the engine's guard refuses any other, so a
//! reply cannot move the credential to another host), and the walk is bounded in
//! pages and tenants, so a platform that pages forever cannot stall the app.

use std::collections::HashSet;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::definition::{Connector, Operation, Paging};
use crate::engine::{CallContext, Engine, Exchange, OperationError};
use crate::error::ConnectorError;

/// No listing reads more pages than this.
pub const MAX_PAGES: u32 = 1_000;
/// Nor more tenants than this.
pub const MAX_TENANTS: usize = 100_000;
/// Exchanges kept for the window: the first pages and the last, which explain a
/// failure; a listing of a thousand pages does not need a thousand records.
const KEPT_EXCHANGES: usize = 20;

/// A tenant as the platform lists it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ListedTenant {
    pub name: String,
    pub id: String,
}

/// Every tenant `list_tenants` found, or as many as it found before it failed.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TenantListing {
    pub tenants: Vec<ListedTenant>,
    pub pages: u32,
    /// Set when the listing stopped before the last page; `tenants` is then what
    /// the pages before it held.
    pub error: Option<OperationError>,
    pub exchanges: Vec<Exchange>,
    // JSON numbers: durations never approach 2^53 ms.
    #[ts(type = "number")]
    pub duration_ms: u64,
}

impl TenantListing {
    pub fn complete(&self) -> bool {
        self.error.is_none()
    }
}

/// The connector with `list_tenants`'s last request fetching `page.next` as it is.
/// The link goes in as a value, never as template text: a reply holding `{{ ... }}`
/// is sent literally, not evaluated.
fn following(connector: &Connector) -> Connector {
    let mut copy = connector.clone();
    if let Connector::Http(http) = &mut copy {
        if let Some(last) = http
            .operations
            .get_mut(&Operation::ListTenants)
            .and_then(|spec| spec.requests.last_mut())
        {
            last.path = "{{ page.next }}".into();
            last.query.clear();
        }
    }
    copy
}

fn paging(connector: &Connector) -> Option<Paging> {
    connector
        .as_http()?
        .operations
        .get(&Operation::ListTenants)?
        .paging
        .clone()
}

/// The `page` values of a listing's first page: what a single run of `list_tenants`
/// (Try it, a dry run) renders with.
pub fn first_page(connector: &Connector) -> Value {
    let size = match paging(connector) {
        Some(Paging::Offset(o)) => o.size,
        _ => 0,
    };
    json!({"number": 1, "offset": 0, "size": size, "next": null})
}

/// A page's `tenants` output: a list of objects with a name and an id (strings or
/// numbers, both kept as text).
fn page_tenants(page: u32, value: Option<&Value>) -> Result<Vec<ListedTenant>, String> {
    let Some(value) = value else {
        return Err(format!(
            "page {page} has no 'tenants' output; extract it as a list of {{name, id}}, e.g. `tenants: \"items[].{{name: name, id: id}}\"`"
        ));
    };
    let Value::Array(items) = value else {
        return Err(format!(
            "page {page}: 'tenants' is not a list of {{name, id}} but {value}"
        ));
    };
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    items
        .iter()
        .enumerate()
        .map(
            |(i, item)| match (text(item.get("name")), text(item.get("id"))) {
                (Some(name), Some(id)) => Ok(ListedTenant { name, id }),
                _ => Err(format!(
                    "page {page}: tenant {i} needs a name and an id, got {}",
                    excerpt(&item.to_string())
                )),
            },
        )
        .collect()
}

/// One line of at most 120 characters, for messages about what a page held.
fn excerpt(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > 120 {
        format!("{}…", line.chars().take(120).collect::<String>())
    } else {
        line
    }
}

/// Runs `list_tenants` through every page.
pub async fn list_tenants(
    engine: &Engine,
    connector: &Connector,
    ctx: &CallContext,
) -> TenantListing {
    let started = Instant::now();
    let paging = paging(connector);
    let follow = matches!(paging, Some(Paging::Next(_))).then(|| following(connector));
    let size = match &paging {
        Some(Paging::Offset(o)) => o.size,
        _ => 0,
    };
    let mut listing = TenantListing {
        tenants: Vec::new(),
        pages: 0,
        error: None,
        exchanges: Vec::new(),
        duration_ms: 0,
    };
    let mut ctx = ctx.clone();
    let mut next: Option<String> = None;
    let mut seen_links = HashSet::new();
    let mut dropped = 0usize;
    let fail = |listing: &mut TenantListing, e: ConnectorError| {
        listing.error = Some(OperationError::of(&e))
    };
    loop {
        if listing.pages == MAX_PAGES {
            fail(
                &mut listing,
                ConnectorError::Listing(format!(
                    "the platform still had more after {MAX_PAGES} pages; the listing stops there"
                )),
            );
            break;
        }
        let number = listing.pages + 1;
        let offset = listing.tenants.len();
        // Same shape as `first_page`.
        ctx.values.insert(
            "page".into(),
            json!({"number": number, "offset": offset, "size": size, "next": next}),
        );
        let runs_with = match (&follow, &next) {
            (Some(follow), Some(_)) => follow,
            _ => connector,
        };
        let run = engine
            .run_connector(runs_with, Operation::ListTenants, &ctx)
            .await;
        listing.pages = number;
        for exchange in run.exchanges {
            if listing.exchanges.len() >= KEPT_EXCHANGES {
                listing.exchanges.remove(KEPT_EXCHANGES / 2);
                dropped += 1;
            }
            listing.exchanges.push(exchange);
        }
        let outputs = match run.outcome {
            Ok(outputs) => outputs,
            Err(e) => {
                fail(&mut listing, e);
                break;
            }
        };
        let found = match page_tenants(number, outputs.get("tenants")) {
            Ok(found) => found,
            Err(message) => {
                fail(&mut listing, ConnectorError::Listing(message));
                break;
            }
        };
        let count = found.len();
        listing.tenants.extend(found);
        if listing.tenants.len() > MAX_TENANTS {
            listing.tenants.truncate(MAX_TENANTS);
            fail(
                &mut listing,
                ConnectorError::Listing(format!(
                    "the platform lists more than {MAX_TENANTS} tenants; the listing stops there"
                )),
            );
            break;
        }
        next = match &paging {
            None => None,
            Some(Paging::Offset(_)) => {
                let more = match outputs.get("total").and_then(Value::as_u64) {
                    Some(total) => (listing.tenants.len() as u64) < total,
                    None => count as u64 >= u64::from(size),
                };
                (count > 0 && more).then(String::new)
            }
            Some(Paging::Next(_)) => match outputs.get("next") {
                Some(Value::String(link)) if !link.trim().is_empty() => Some(link.clone()),
                _ => None,
            },
        };
        let Some(link) = &next else { break };
        // A platform that links a page to itself (or back) would page forever.
        if !link.is_empty() && !seen_links.insert(link.clone()) {
            fail(
                &mut listing,
                ConnectorError::Listing(format!(
                    "page {number} links to a page already read ({}); the listing stops there",
                    excerpt(link)
                )),
            );
            break;
        }
    }
    if dropped > 0 {
        tracing::debug!(dropped, "list_tenants: exchanges of middle pages not kept");
    }
    listing.duration_ms = started.elapsed().as_millis() as u64;
    listing
}
