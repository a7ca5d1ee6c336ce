//! Documentation of a platform for the teams who use it and the engineers who run
//! it: what it is, its instances per environment, how to request a tenant and how
//! tenants are named, its custom fields, quotas, roles, links, access information
//! and the last validation of each instance. Markdown, and the same as a standalone
//! HTML page. Secrets never appear: only whether a credential is configured.

use pulldown_cmark::{html, Event, Options, Parser, Tag};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::custom_fields::FieldKind;
use crate::db::Registry;
use crate::error::Result;
use crate::ops::{fetch_platform, fetch_type};
use crate::queries::instances;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PlatformDocs {
    /// The file name without extension: the platform's identifier.
    pub file_stem: String,
    pub markdown: String,
    pub html: String,
}

/// A value inside a Markdown table cell: pipes and line breaks would end the cell.
fn cell(text: &str) -> String {
    let text = text.replace('|', "\\|").replace(['\r', '\n'], " ");
    if text.trim().is_empty() {
        "—".into()
    } else {
        text
    }
}

fn kind_name(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Text => "text",
        FieldKind::Number => "number",
        FieldKind::Boolean => "yes/no",
        FieldKind::Url => "URL",
        FieldKind::Email => "email",
        FieldKind::Choice => "one of",
        FieldKind::MultiChoice => "any of",
        FieldKind::List => "list",
        FieldKind::Json => "JSON",
        FieldKind::Secret => "secret (kept in the keyring)",
    }
}

fn last_validation(
    conn: &Connection,
    instance_id: &str,
) -> Result<Option<(String, String, String)>> {
    Ok(conn
        .query_row(
            "SELECT status, started_at, summary FROM test_runs
              WHERE instance_id = ?1 AND kind = 'validation'
              ORDER BY started_at DESC LIMIT 1",
            [instance_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

/// How Platform Builder reaches the platform: which origins an HTTP connector
/// sends to (its credentials go nowhere else), or which local program an exec
/// connector runs and whether this machine trusts it.
fn reach(conn: &Connection, type_id: &str, builtin: bool) -> Result<String> {
    let text = crate::queries::platform_types::connector(conn, type_id)?
        .or_else(|| crate::integration::builtin_preset(type_id).map(str::to_owned));
    let Some(Ok(def)) = text.map(|t| pb_connector::parse(&t)) else {
        return Ok(String::new());
    };
    let mut md = String::from("\n## How Platform Builder reaches it\n\n");
    match def.connector {
        pb_connector::definition::Connector::Http(http) if http.allowed_origins.is_empty() => {
            md.push_str("HTTP requests to each instance's endpoint, and to no other origin: its credentials go nowhere else.\n");
        }
        pb_connector::definition::Connector::Http(http) => {
            md.push_str("HTTP requests to each instance's endpoint and to these origins the connector declares, which may receive its credentials:\n\n");
            for o in &http.allowed_origins {
                md.push_str(&format!("- `{o}`\n"));
            }
        }
        pb_connector::definition::Connector::Exec(exec) => {
            let command = pb_connector::exec_trust::command_line(&exec.command);
            md.push_str(&format!(
                "A local program on the administrator's machine: `{}`.\n",
                command.replace('`', "'")
            ));
            let trust = match pb_connector::exec_trust::fingerprint(&exec) {
                _ if builtin || pb_connector::exec_trust::is_shipped(&exec) => {
                    "It ships with Platform Builder.".to_owned()
                }
                Ok(fp) => {
                    let trusted: bool = conn.query_row(
                        "SELECT EXISTS (SELECT 1 FROM exec_trust WHERE platform_type = ?1 AND key = ?2)",
                        [type_id, fp.key.as_str()],
                        |r| r.get(0),
                    )?;
                    format!(
                        "Program SHA-256 `{}`; {}.",
                        fp.program_sha256,
                        if trusted {
                            "trusted on the machine this was generated on"
                        } else {
                            "not trusted on the machine this was generated on, so it does not run there"
                        }
                    )
                }
                Err(e) => format!("The program cannot be read: {}.", cell(&e.to_string())),
            };
            md.push_str(&format!("{trust}\n"));
        }
    }
    Ok(md)
}

fn markdown(conn: &Connection, platform_id: &str, generated_at: &str) -> Result<(String, String)> {
    let p = fetch_platform(conn, platform_id)?;
    let t = fetch_type(conn, &p.type_id)?;
    let mut list = instances::list_for_platform(conn, platform_id)?;
    list.sort_by(|a, b| (&a.environment, &a.name).cmp(&(&b.environment, &b.name)));
    let settings = crate::validation_settings::stored(conn, platform_id)?;
    let mut md = format!("# {}\n\n", p.name);
    if !p.description.is_empty() {
        md.push_str(&format!("{}\n\n", p.description));
    }
    md.push_str(&format!(
        "| | |\n|---|---|\n| Identifier | `{}` |\n| Type | {} (`{}`) |\n| Location | {} |\n",
        p.identifier,
        cell(&t.display_name),
        t.identifier,
        cell(&p.location)
    ));
    for tag in &p.tags {
        md.push_str(&format!(
            "| Tag `{}` | {} |\n",
            cell(&tag.key),
            cell(&tag.value)
        ));
    }
    md.push_str("\n## Instances and endpoints\n\n");
    if list.is_empty() {
        md.push_str("No instances are registered yet.\n");
    } else {
        md.push_str("| Environment | Instance | Endpoint | Credential | Last validation |\n|---|---|---|---|---|\n");
        for i in &list {
            let validation = match last_validation(conn, &i.id)? {
                Some((status, at, summary)) => format!("{status} on {at}: {}", cell(&summary)),
                None => "not validated yet".into(),
            };
            md.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                cell(&i.environment),
                cell(&i.name),
                cell(&i.endpoint),
                if i.credential.configured {
                    "configured"
                } else {
                    "not configured"
                },
                validation
            ));
        }
    }
    md.push_str(&reach(conn, &t.identifier, t.builtin)?);
    md.push_str("\n## Requesting a tenant\n\n");
    if p.access_info.trim().is_empty() {
        md.push_str("Ask the platform team (see Support below).\n");
    } else {
        md.push_str(&format!("{}\n", p.access_info.trim()));
    }
    if let Some(s) = &settings {
        let n = &s.naming;
        md.push_str(&format!(
            "\nTenant names follow `{}` and must match `{}`; for example `{}`.\n",
            n.template,
            n.pattern,
            n.render(
                "orders",
                "a1b2",
                list.first().map_or("prod", |i| i.environment.as_str())
            )
        ));
    }
    if !t.custom_fields.is_empty() {
        md.push_str("\n## Configuration of each instance\n\n| Field | Key | Kind | Required | Meaning |\n|---|---|---|---|---|\n");
        for f in &t.custom_fields {
            md.push_str(&format!(
                "| {} | `{}` | {} | {} | {} |\n",
                cell(&f.label),
                f.key,
                kind_name(f.kind),
                if f.required { "yes" } else { "no" },
                cell(&f.help)
            ));
        }
    }
    if let Some(s) = settings.as_ref().filter(|s| !s.quotas.is_empty()) {
        md.push_str("\n## Quotas\n\n| Quota | Key | Unit | Minimum | Maximum | Default |\n|---|---|---|---|---|---|\n");
        for q in &s.quotas {
            md.push_str(&format!(
                "| {} | `{}` | {} | {} | {} | {} |\n",
                cell(&q.label),
                q.key,
                cell(&q.unit),
                q.min,
                q.max,
                q.default
            ));
        }
    }
    if let Some(s) = settings.as_ref().filter(|s| !s.role_mappings.is_empty()) {
        md.push_str("\n## Roles\n\n| Project role | Role on the platform |\n|---|---|\n");
        for r in &s.role_mappings {
            md.push_str(&format!(
                "| {} | {} |\n",
                cell(&r.project_role),
                cell(&r.platform_role)
            ));
        }
    }
    md.push_str("\n## Support and documentation\n\n");
    match (&p.support_url, &p.docs_url) {
        (None, None) => md.push_str("No links are recorded.\n"),
        (support, docs) => {
            if let Some(u) = support {
                md.push_str(&format!("- Support: <{u}>\n"));
            }
            if let Some(u) = docs {
                md.push_str(&format!("- Documentation: <{u}>\n"));
            }
        }
    }
    md.push_str(&format!(
        "\n---\nGenerated by Platform Builder on {generated_at}.\n"
    ));
    Ok((p.identifier, md))
}

fn safe_url(url: pulldown_cmark::CowStr<'_>) -> pulldown_cmark::CowStr<'_> {
    let lower = url.trim().to_ascii_lowercase();
    let scheme = lower.split_once(':').map(|(s, _)| s);
    let relative = scheme.is_none_or(|s| s.contains('/') || s.contains('?') || s.contains('#'));
    if relative || matches!(scheme, Some("http" | "https" | "mailto")) {
        url
    } else {
        "#".into()
    }
}

/// A standalone page. Raw HTML in the markdown (from access information) is shown
/// as text, so a document cannot carry scripts.
fn to_html(title: &str, md: &str) -> String {
    let parser = Parser::new_ext(md, Options::ENABLE_TABLES).map(|e| match e {
        Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
        // A link or image whose address is not http(s), mailto or relative
        // (`javascript:`, `data:`) would run or embed something when clicked.
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut body = String::new();
    html::push_html(&mut body, parser);
    let escaped_title = title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{escaped_title}</title>\n<style>\nbody {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }}\ntable {{ border-collapse: collapse; margin: 1rem 0; }}\nth, td {{ border: 1px solid #ccc; padding: .3rem .6rem; text-align: left; vertical-align: top; }}\ncode {{ background: #f3f3f3; padding: 0 .2rem; }}\n</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
}

impl Registry {
    /// The platform's documentation; `generated_at` is printed in its footer.
    pub fn platform_docs(&self, platform_id: &str, generated_at: &str) -> Result<PlatformDocs> {
        let (identifier, md) = self.read(|c| markdown(c, platform_id, generated_at))?;
        let title = md
            .lines()
            .next()
            .unwrap_or_default()
            .trim_start_matches("# ")
            .to_owned();
        Ok(PlatformDocs {
            html: to_html(&title, &md),
            markdown: md,
            file_stem: identifier,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_that_would_run_something_lose_their_address() {
        let html = to_html(
            "t",
            "[a](javascript:alert(1)) [b](https://x.example) [c](/docs) ![d](data:text/html,x) [e](JavaScript:x)",
        );
        assert!(!html.to_ascii_lowercase().contains("javascript:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(html.contains("href=\"https://x.example\""), "{html}");
        assert!(html.contains("href=\"/docs\""), "{html}");
    }
}
