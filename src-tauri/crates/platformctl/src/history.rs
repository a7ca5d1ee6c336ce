//! `platformctl history`: the change history, as a table, JSON or JSON lines.

use pb_registry::pb_change_history::{ChangeEntry, FieldChange, HistoryQuery, RecordKind};
use serde_json::Value;

use crate::output::{self, Exit, Failure};
use crate::Context;

/// What `history` was asked for.
pub struct HistoryArgs {
    pub platform: Option<String>,
    pub kind: Option<String>,
    pub record: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: u32,
    pub jsonl: bool,
}

fn kind(text: &str) -> Result<RecordKind, Failure> {
    RecordKind::parse(text).ok_or_else(|| {
        let known: Vec<&str> = RecordKind::ALL.iter().map(|k| k.as_str()).collect();
        Failure::new(
            Exit::Invalid,
            format!(
                "--kind {text} is not a kind of record; use one of {}",
                known.join(", ")
            ),
        )
    })
}

fn shown(value: &Option<Value>) -> String {
    match value {
        None => "—".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn change_line(c: &FieldChange) -> String {
    if c.secret {
        format!("    {}: changed (secret)", c.field)
    } else {
        format!(
            "    {}: {} → {}",
            c.field,
            shown(&c.before),
            shown(&c.after)
        )
    }
}

fn print_entry(e: &ChangeEntry) {
    let source = e
        .source
        .as_deref()
        .map(|s| format!(" ({s})"))
        .unwrap_or_default();
    println!(
        "{}  {:<12} {:<13}{} {} {} {}",
        e.at,
        e.user,
        e.via.as_str(),
        source,
        e.action.as_str(),
        e.kind.as_str().replace('_', " "),
        e.record
    );
    for c in &e.changes {
        println!("{}", change_line(c));
    }
}

pub fn run(ctx: &Context, args: HistoryArgs) -> Result<Exit, Failure> {
    let platform_id = match &args.platform {
        Some(p) => Some(output::platform_id(ctx, p)?),
        None => None,
    };
    let query = HistoryQuery {
        platform_id,
        kind: args.kind.as_deref().map(kind).transpose()?,
        record: args.record,
        from: args.from,
        to: args.to,
        limit: Some(args.limit),
        offset: None,
    };
    if args.jsonl {
        let lines = ctx
            .registry
            .export_change_history(&query)
            .map_err(output::registry_failure)?;
        print!("{lines}");
        return Ok(Exit::Ok);
    }
    let page = ctx
        .registry
        .change_history(&query)
        .map_err(output::registry_failure)?;
    if ctx.json {
        println!("{}", serde_json::to_value(&page).unwrap_or_default());
        return Ok(Exit::Ok);
    }
    if page.entries.is_empty() {
        println!("no changes recorded");
    }
    for entry in &page.entries {
        print_entry(entry);
    }
    if page.total as usize > page.entries.len() {
        println!(
            "({} of {} changes shown; --limit shows more)",
            page.entries.len(),
            page.total
        );
    }
    Ok(Exit::Ok)
}
