//! Field-level validation. Every check reports against the UI's field name, and all
//! problems of one input are reported together so the form can show them at once.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::error::{FieldError, RegistryError, Result};
use crate::model::{InstanceInput, PlatformInput, PlatformTypeInput, Tag};

/// Icons the UI can draw. Built-in types use the brand-like ones.
pub const ICONS: &[&str] = &[
    "aws",
    "azure",
    "gcp",
    "kubernetes",
    "openshift",
    "cloudfoundry",
    "openstack",
    "scim",
    "api",
    "cloud",
    "server",
    "database",
    "message",
    "identity",
    "box",
    "network",
];

static TYPE_IDENTIFIER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Z0-9](?:[A-Z0-9-]*[A-Z0-9])?$").expect("valid regex"));
pub(crate) static TAG_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z0-9][a-z0-9_.-]*$").expect("valid regex"));
static ENVIRONMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$").expect("valid regex"));

pub(crate) struct Checks(Vec<FieldError>);

impl Checks {
    pub(crate) fn new() -> Self {
        Self(Vec::new())
    }

    pub(crate) fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    pub(crate) fn text(
        &mut self,
        field: &str,
        value: &str,
        label: &str,
        required: bool,
        max: usize,
    ) {
        let len = value.trim().chars().count();
        if required && len == 0 {
            self.fail(field, format!("{label} is required"));
        } else if len > max {
            self.fail(field, format!("{label} must be at most {max} characters"));
        }
    }

    pub(crate) fn url(&mut self, field: &str, value: Option<&str>, label: &str, schemes: &[&str]) {
        let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
            return;
        };
        let example = if schemes.contains(&"mailto") {
            "https://support.example.com or mailto:team@example.com"
        } else {
            "https://api.example.com"
        };
        let parsed = match url::Url::parse(value) {
            Ok(u) => u,
            // The parser's own wording ("relative URL without a base") means
            // nothing to an administrator; say what a valid value looks like.
            Err(_) => {
                return self.fail(
                    field,
                    format!("{label} must be a full URL such as {example}"),
                );
            }
        };
        if !schemes.contains(&parsed.scheme()) {
            return self.fail(
                field,
                format!("{label} must be a full URL such as {example}"),
            );
        }
        if parsed.scheme() != "mailto" && parsed.host_str().is_none_or(str::is_empty) {
            return self.fail(field, format!("{label} needs a host name, e.g. {example}"));
        }
        // Credentials in a URL would end up in SQLite, exports and logs.
        if !parsed.username().is_empty() || parsed.password().is_some() {
            self.fail(
                field,
                "Do not put credentials in the URL; store them as the instance's credential",
            );
        }
    }

    /// A record's identifier other tools reference (a location, a landing zone):
    /// lower-case words of letters and digits joined by single `-`, as meshStack
    /// names them; and its optional description.
    pub(crate) fn identifier_and_description(
        &mut self,
        identifier: &str,
        example: &str,
        description: &str,
    ) {
        let words = identifier.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
        if !words || identifier.len() > 63 {
            self.fail(
                "identifier",
                format!("Identifier uses lower-case letters and digits, words joined by single '-' (at most 63), e.g. {example}"),
            );
        }
        self.text("description", description, "Description", false, 2000);
    }

    pub(crate) fn finish(self) -> Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(RegistryError::Validation(self.0))
        }
    }
}

/// Empty optional strings mean "not set".
static PLATFORM_IDENTIFIER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$").expect("valid regex"));

pub fn platform_identifier(identifier: &str) -> Result<()> {
    if PLATFORM_IDENTIFIER.is_match(identifier) {
        Ok(())
    } else {
        Err(RegistryError::field(
            "identifier",
            "Identifier uses lower-case letters, digits and '-' (not at the start or end, at most 63), e.g. event-streaming-eu",
        ))
    }
}

/// Lower-case letters and digits of `text`, other runs as one `-`, at most 63.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out: String = out.trim_end_matches('-').chars().take(63).collect();
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// A pattern the administrator typed, matched against the whole value (as HTML's
/// `pattern` and JSON Schema do for the UI), not a substring.
pub(crate) fn anchored(pattern: &str) -> std::result::Result<Regex, regex::Error> {
    Regex::new(&format!("^(?:{pattern})$"))
}

pub fn optional(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

pub fn platform_type(input: &PlatformTypeInput) -> Result<()> {
    let mut c = Checks::new();
    let id = input.identifier.trim();
    if id.is_empty() {
        c.fail("identifier", "Identifier is required");
    } else if id.len() > 40 {
        c.fail("identifier", "Identifier must be at most 40 characters");
    } else if !TYPE_IDENTIFIER.is_match(id) {
        c.fail(
            "identifier",
            "Identifier may contain only capital letters A-Z, digits and '-', and must not start or end with '-'",
        );
    }
    c.text("displayName", &input.display_name, "Display name", true, 80);
    c.text(
        "description",
        &input.description,
        "Description",
        false,
        2000,
    );
    if !ICONS.contains(&input.icon.as_str()) {
        c.fail("icon", format!("Unknown icon '{}'", input.icon));
    }
    c.url(
        "defaultEndpoint",
        input.default_endpoint.as_deref(),
        "Default endpoint",
        &["https", "http"],
    );
    c.finish()
}

pub fn platform(input: &PlatformInput) -> Result<()> {
    let mut c = Checks::new();
    c.text("name", &input.name, "Name", true, 80);
    c.text(
        "description",
        &input.description,
        "Description",
        false,
        2000,
    );
    if input.type_id.trim().is_empty() {
        c.fail("typeId", "Platform type is required");
    }
    c.text("location", &input.location, "Location", false, 80);
    c.url(
        "supportUrl",
        input.support_url.as_deref(),
        "Support link",
        &["https", "http", "mailto"],
    );
    c.url(
        "docsUrl",
        input.docs_url.as_deref(),
        "Documentation link",
        &["https", "http"],
    );
    tags(&mut c, &input.tags);
    c.text(
        "accessInfo",
        input.access_info.as_deref().unwrap_or_default(),
        "Access information",
        false,
        20_000,
    );
    c.finish()
}

fn tags(c: &mut Checks, tags: &[Tag]) {
    let mut seen = HashSet::new();
    for (i, tag) in tags.iter().enumerate() {
        let field = format!("tags.{i}.key");
        if tag.key.is_empty() {
            c.fail(&field, "Tag key is required");
        } else if !TAG_KEY.is_match(&tag.key) || tag.key.len() > 63 {
            c.fail(
                &field,
                "Tag keys use lower-case letters, digits, '_', '.', '-' (at most 63, starting with a letter or digit)",
            );
        } else if !seen.insert(tag.key.as_str()) {
            c.fail(&field, format!("Tag '{}' is given twice", tag.key));
        }
        if tag.value.chars().count() > 255 {
            c.fail(
                &format!("tags.{i}.value"),
                "Tag values must be at most 255 characters",
            );
        }
    }
}

pub fn instance(input: &InstanceInput) -> Result<()> {
    let mut c = Checks::new();
    c.text("name", &input.name, "Name", true, 80);
    let env = input.environment.trim();
    if env.is_empty() {
        c.fail("environment", "Environment is required");
    } else if !ENVIRONMENT.is_match(env) || env.len() > 40 {
        c.fail(
            "environment",
            "Environment uses lower-case letters, digits and '-' (not at the start or end), e.g. dev, staging, prod",
        );
    }
    if input.endpoint.trim().is_empty() {
        c.fail("endpoint", "Endpoint URL is required");
    } else {
        c.url(
            "endpoint",
            Some(&input.endpoint),
            "Endpoint URL",
            &["https", "http"],
        );
    }
    if let Some(tls) = &input.tls {
        let pems = [
            ("tls.caBundlePem", &tls.ca_bundle_pem, "The CA bundle"),
            (
                "tls.clientCertificatePem",
                &tls.client_certificate_pem,
                "The client certificate",
            ),
        ];
        for (field, pem, what) in pems {
            let Some(pem) = pem else { continue };
            if pem.len() > MAX_PEM {
                c.fail(field, format!("{what} must be at most 512 KiB"));
            } else if let Err(e) = pb_connector::tls::certificates(pem, what) {
                c.fail(field, e);
            }
        }
    }
    c.finish()
}

/// Certificate chains and bundles are a few KiB; this is far above any real one.
const MAX_PEM: usize = 512 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    fn type_input(id: &str) -> PlatformTypeInput {
        PlatformTypeInput {
            identifier: id.into(),
            display_name: "Kafka".into(),
            description: String::new(),
            icon: "message".into(),
            default_endpoint: Some("https://kafka.example.com".into()),
        }
    }

    fn fields(r: Result<()>) -> Vec<String> {
        r.unwrap_err()
            .field_errors()
            .iter()
            .map(|e| e.field.clone())
            .collect()
    }

    #[test]
    fn type_identifier_rules() {
        for ok in ["KAFKA", "K8S-PAAS", "A", "X1"] {
            platform_type(&type_input(ok)).unwrap();
        }
        for bad in ["kafka", "K_8", "-A", "A-", "", "ÄBC", "A B"] {
            assert_eq!(
                fields(platform_type(&type_input(bad))),
                ["identifier"],
                "{bad}"
            );
        }
    }

    #[test]
    fn reports_every_bad_field_at_once() {
        let input = PlatformTypeInput {
            identifier: "bad id".into(),
            display_name: " ".into(),
            description: String::new(),
            icon: "nope".into(),
            default_endpoint: Some("ftp://x".into()),
        };
        assert_eq!(
            fields(platform_type(&input)),
            ["identifier", "displayName", "icon", "defaultEndpoint"]
        );
    }

    #[test]
    fn platform_urls_and_tags() {
        let mut input = PlatformInput {
            name: "Event streaming".into(),
            type_id: "KAFKA".into(),
            support_url: Some("mailto:team@example.com".into()),
            docs_url: Some("https://docs.example.com".into()),
            tags: vec![Tag {
                key: "cost-center".into(),
                value: "42".into(),
            }],
            ..Default::default()
        };
        platform(&input).unwrap();
        input.docs_url = Some("not a url".into());
        input.tags.push(Tag {
            key: "cost-center".into(),
            value: "x".into(),
        });
        input.tags.push(Tag {
            key: "Bad Key".into(),
            value: "x".into(),
        });
        assert_eq!(
            fields(platform(&input)),
            ["docsUrl", "tags.1.key", "tags.2.key"]
        );
    }

    #[test]
    fn url_messages_say_what_a_valid_value_looks_like() {
        let mut input = InstanceInput {
            name: "prod".into(),
            environment: "prod-".into(),
            endpoint: "kafka.example.com:9092".into(),
            tls: None,
            field_values: None,
        };
        let err = instance(&input).unwrap_err();
        let messages: Vec<_> = err
            .field_errors()
            .iter()
            .map(|e| e.message.clone())
            .collect();
        assert!(
            messages[0].contains("not at the start or end"),
            "{messages:?}"
        );
        assert_eq!(
            messages[1],
            "Endpoint URL must be a full URL such as https://api.example.com"
        );
        input.environment = "prod".into();
        input.endpoint = "https://admin:s3cr3t@api.example.com".into();
        let err = instance(&input).unwrap_err();
        assert!(err.field_errors()[0]
            .message
            .contains("Do not put credentials in the URL"));
        assert!(!err.to_string().contains("s3cr3t"));
    }

    #[test]
    fn empty_tag_key_is_required() {
        let input = PlatformInput {
            name: "x".into(),
            type_id: "AWS".into(),
            tags: vec![Tag {
                key: String::new(),
                value: String::new(),
            }],
            ..Default::default()
        };
        let err = platform(&input).unwrap_err();
        assert_eq!(err.field_errors()[0].message, "Tag key is required");
    }

    #[test]
    fn instance_rules() {
        let mut input = InstanceInput {
            name: "prod".into(),
            environment: "prod".into(),
            endpoint: "https://api.example.com".into(),
            tls: None,
            field_values: None,
        };
        instance(&input).unwrap();
        input.environment = "Prod!".into();
        input.endpoint = "".into();
        assert_eq!(fields(instance(&input)), ["environment", "endpoint"]);
    }
}
