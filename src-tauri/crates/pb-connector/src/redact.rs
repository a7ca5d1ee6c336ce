//! Redaction of recorded exchanges: every known secret value is replaced wherever it
//! appears, credential-bearing headers are masked whatever their value, and bodies
//! are capped.

use pb_secrets::Sensitive;

pub const MASK: &str = "*****";
/// Bodies are kept up to this many bytes in recorded exchanges.
pub const BODY_LIMIT: usize = 4096;

const SENSITIVE_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
    "api-key",
    "x-auth-token",
    // Keystone and others issue session tokens in this response header.
    "x-subject-token",
];

#[derive(Default, Clone)]
pub struct Redactor {
    secrets: Vec<String>,
}

impl Redactor {
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a Sensitive<String>>) -> Self {
        let mut r = Self::default();
        for s in secrets {
            r.add(s);
        }
        r
    }

    /// Adds a secret learnt during a run (e.g. an issued OAuth2 access token) and
    /// the encodings it may appear in: percent-encoded (a path segment),
    /// form-encoded (a query string or form body, as sent), JSON-escaped (inside a
    /// JSON body). Base64 in basic auth is covered by masking the header.
    pub fn add(&mut self, secret: &Sensitive<String>) {
        let raw = secret.expose();
        // Very short values would mask unrelated text and reveal little; they still
        // never appear because headers carrying them are masked.
        // Already known (an OAuth2 token is learnt from the token response and
        // again when it is sent): nothing to add.
        if raw.len() < 4 || self.secrets.contains(raw) {
            return;
        }
        let percent =
            percent_encoding::utf8_percent_encode(raw, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        let path = crate::template::encode_segment(raw);
        let form: String = url::form_urlencoded::byte_serialize(raw.as_bytes()).collect();
        let json = serde_json::to_string(raw).unwrap_or_default();
        let json = json.trim_matches('"').to_owned();
        for form in [raw.clone(), percent, path, form, json] {
            if !self.secrets.contains(&form) {
                self.secrets.push(form);
            }
        }
        // Longest first, so a secret containing another is replaced whole.
        self.secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }

    pub fn text(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for s in &self.secrets {
            if out.contains(s.as_str()) {
                out = out.replace(s.as_str(), MASK);
            }
        }
        out
    }

    pub fn header(&self, name: &str, value: &str) -> String {
        if SENSITIVE_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
            MASK.to_owned()
        } else {
            self.text(value)
        }
    }

    /// Redacted and capped at [`BODY_LIMIT`] bytes (on a character boundary).
    pub fn body(&self, body: &str) -> String {
        let redacted = self.text(body);
        if redacted.len() <= BODY_LIMIT {
            return redacted;
        }
        let mut end = BODY_LIMIT;
        while !redacted.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}… ({} bytes in all)", &redacted[..end], redacted.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_and_their_url_encoding_are_masked() {
        let r = Redactor::new([&Sensitive::new("s3cr3t/+x".to_string())]);
        assert_eq!(r.text("a s3cr3t/+x b"), "a ***** b");
        assert_eq!(r.text("key=s3cr3t%2F%2Bx"), "key=*****");

        // Every encoding a request can carry it in: form (query strings, as sent),
        // path segment, JSON string.
        let tricky = "a-b.c_d/e f+g=\"h\\";
        let r = Redactor::new([&Sensitive::new(tricky.to_string())]);
        let form: String = url::form_urlencoded::byte_serialize(tricky.as_bytes()).collect();
        assert_eq!(r.text(&format!("?k={form}&x=1")), "?k=*****&x=1");
        let segment = crate::template::encode_segment(tricky);
        assert_eq!(r.text(&format!("/t/{segment}/u")), "/t/*****/u");
        let json = serde_json::json!({ "p": tricky }).to_string();
        assert_eq!(r.text(&json), r#"{"p":"*****"}"#);
        assert_eq!(r.header("Authorization", "Basic abc"), MASK);
        assert_eq!(
            r.header("Content-Type", "application/json"),
            "application/json"
        );
    }

    #[test]
    fn long_bodies_are_capped() {
        let r = Redactor::default();
        let body = "é".repeat(5000);
        let out = r.body(&body);
        assert!(out.len() < 4200);
        assert!(out.ends_with("(10000 bytes in all)"));
    }
}
