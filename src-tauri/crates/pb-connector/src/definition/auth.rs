//! How a connector authenticates (`auth`): the schemes and the session login's
//! token source. See docs/connectors.md#authentication-auth.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::RequestSpec;

/// How requests authenticate. `secret` names an entry of the instance's secrets
/// (resolved from the OS keyring at call time).
#[derive(
    Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema, ts_rs::TS,
)]
#[ts(export)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Auth {
    #[default]
    None,
    ApiKey {
        /// Send in this header (e.g. `X-API-Key`) ...
        #[serde(default)]
        header: Option<String>,
        /// ... or in this query parameter.
        #[serde(default)]
        query: Option<String>,
        secret: String,
    },
    Bearer {
        secret: String,
    },
    Basic {
        /// Template, e.g. `{{ fields.username }}`.
        username: String,
        secret: String,
    },
    #[serde(rename_all = "camelCase")]
    Oauth2ClientCredentials {
        /// Template; relative to the instance endpoint or absolute.
        token_url: String,
        client_id: String,
        secret: String,
        #[serde(default)]
        scope: Option<String>,
    },
    /// The instance's client certificate is the credential (mutual TLS). The
    /// certificate is part of the instance's TLS settings; its private key is kept
    /// in the OS keyring. Any other scheme can be combined with a client
    /// certificate too; this one says the certificate alone authenticates.
    MutualTls,
    /// Signed requests, as webhook receivers expect: `timestampHeader` carries the
    /// Unix time in seconds, `signatureHeader` carries
    /// `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`, so a receiver can
    /// check both who sent the request and that it is fresh.
    /// A session login, as Keystone, Rancher, Proxmox, vCenter or Harbor expect: a
    /// login request (which may use the secret and custom fields) issues a token,
    /// taken from a response header or from the body, and sent with every request
    /// in the headers of `send` (`X-Auth-Token: "{{ token }}"`). The token is cached
    /// per instance until it expires; a 401 answered to a cached token triggers one
    /// fresh login.
    #[serde(rename_all = "camelCase")]
    Login {
        /// The instance's secret the login request uses (`{{ secrets.<name> }}`).
        secret: String,
        request: Box<RequestSpec>,
        token: TokenSource,
        /// JSON Pointer or JMESPath to the token's expiry in the login response
        /// body: an RFC 3339 time or Unix seconds.
        #[serde(default)]
        expires_at: Option<String>,
        /// How long a token lives when the response does not say (default 3600,
        /// at most a day).
        #[serde(default)]
        lifetime_seconds: Option<u64>,
        /// Headers that carry the token: name → template with `{{ token }}`.
        send: BTreeMap<String, String>,
    },
    #[serde(rename_all = "camelCase")]
    HmacSignature {
        secret: String,
        #[serde(default = "default_signature_header")]
        signature_header: String,
        #[serde(default = "default_timestamp_header")]
        timestamp_header: String,
    },
}

/// Where a login response carries the token: exactly one of a response header or a
/// JSON Pointer / JMESPath into the body.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TokenSource {
    #[serde(default)]
    pub header: Option<String>,
    #[serde(default)]
    pub pointer: Option<String>,
}

fn default_signature_header() -> String {
    "X-Signature".into()
}

fn default_timestamp_header() -> String {
    "X-Timestamp".into()
}
