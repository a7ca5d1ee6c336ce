//! Documentation of a platform for the teams who use it and the engineers who run
//! it: what it is, its instances per environment, how to request a tenant and how
//! tenants are named, its custom fields, quotas, roles, links, access information
//! and the last validation of each instance. Markdown, and the same as a standalone
//! HTML page. Secrets never appear: only whether a credential is configured.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::custom_fields::FieldKind;
use crate::db::Registry;
use crate::error::Result;
use crate::ops::{fetch_platform, fetch_type};
use crate::queries::instances;

mod html;
mod offering;
mod text;

use text::{cell, code, link, readable_time};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PlatformDocs {
    /// The file name without extension: the platform's identifier.
    pub file_stem: String,
    pub markdown: String,
    pub html: String,
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
                md.push_str(&format!("- {}\n", link(o)));
            }
        }
        pb_connector::definition::Connector::Exec(exec) => {
            let command = pb_connector::exec_trust::command_line(&exec.command);
            md.push_str(&format!(
                "A local program on the administrator's machine: {}.\n",
                code(&command)
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
                        "Program SHA-256 {}; {}.",
                        code(&fp.program_sha256),
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

/// The naming convention the validation suite uses (the defaults until the
/// platform's settings are saved), with the example the window shows.
fn naming(n: &pb_validation::NamingConvention) -> String {
    let example = n.example();
    let example = if n.matches(&example) {
        format!("for example {}", code(&example))
    } else {
        // Only a convention saved before `check` existed can get here.
        format!(
            "the template gives {}, which the pattern does not accept: correct the naming convention in the platform's validation settings",
            code(&example)
        )
    };
    format!(
        "\nTenant names follow {} and must match {}; {example}.\n",
        code(&n.template),
        code(&n.pattern),
    )
}

fn markdown(conn: &Connection, platform_id: &str, generated_at: &str) -> Result<(String, String)> {
    let p = fetch_platform(conn, platform_id)?;
    let t = fetch_type(conn, &p.type_id)?;
    let mut list = instances::list_for_platform(conn, platform_id)?;
    list.sort_by(|a, b| (&a.environment, &a.name).cmp(&(&b.environment, &b.name)));
    let settings = crate::validation_settings::stored(conn, platform_id)?.unwrap_or_default();
    let mut md = format!("# {}\n\n", p.name);
    if !p.description.is_empty() {
        md.push_str(&format!("{}\n\n", p.description));
    }
    md.push_str(&format!(
        "| | |\n|---|---|\n| Identifier | {} |\n| Type | {} ({}) |\n| Location | {} |\n",
        code(&p.identifier),
        cell(&t.display_name),
        code(&t.identifier),
        cell(if p.location_name.is_empty() {
            &p.location
        } else {
            &p.location_name
        })
    ));
    md.push_str(&offering::availability_rows(&p));
    for tag in &p.tags {
        md.push_str(&format!(
            "| Tag {} | {} |\n",
            code(&tag.key),
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
                Some((status, at, summary)) => format!(
                    "{} on {}: {}",
                    cell(&status),
                    readable_time(&at),
                    cell(&summary)
                ),
                None => "not validated yet".into(),
            };
            md.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                cell(&i.environment),
                cell(&i.name),
                link(&i.endpoint),
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
    md.push_str(&naming(&settings.naming));
    if !t.custom_fields.is_empty() {
        md.push_str("\n## Configuration of each instance\n\n| Field | Key | Kind | Required | Meaning |\n|---|---|---|---|---|\n");
        for f in &t.custom_fields {
            md.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                cell(&f.label),
                code(&f.key),
                kind_name(f.kind),
                if f.required { "yes" } else { "no" },
                cell(&f.help)
            ));
        }
    }
    md.push_str(&offering::quotas_and_zones(conn, &p, &settings)?);
    if !settings.role_mappings.is_empty() {
        md.push_str("\n## Roles\n\n| Project role | Role on the platform |\n|---|---|\n");
        for r in &settings.role_mappings {
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
                md.push_str(&format!("- Support: {}\n", link(u)));
            }
            if let Some(u) = docs {
                md.push_str(&format!("- Documentation: {}\n", link(u)));
            }
        }
    }
    md.push_str(&format!(
        "\n---\nGenerated by Platform Builder on {}.\n",
        readable_time(generated_at)
    ));
    Ok((p.identifier, md))
}

impl Registry {
    /// The platform's documentation; `generated_at` (a date or an RFC 3339 time)
    /// is printed in its footer, as people read it.
    pub fn platform_docs(&self, platform_id: &str, generated_at: &str) -> Result<PlatformDocs> {
        let (identifier, md) = self.read(|c| markdown(c, platform_id, generated_at))?;
        let title = md
            .lines()
            .next()
            .unwrap_or_default()
            .trim_start_matches("# ")
            .to_owned();
        Ok(PlatformDocs {
            html: html::to_html(&title, &md),
            markdown: md,
            file_stem: identifier,
        })
    }
}
