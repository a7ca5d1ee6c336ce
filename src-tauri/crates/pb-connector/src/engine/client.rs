//! One HTTP client per distinct set of timeouts and TLS settings, so connections
//! are reused between operations.

use std::sync::Arc;
use std::time::Duration;

use super::Engine;
use crate::definition::Timeouts;
use crate::resolve::ForReqwest;
use crate::tls::TlsOptions;

/// What makes two HTTP clients different. PEM text and key material enter only as
/// SHA-256 digests, so a lookup copies no PEM and keeps no key.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(super) struct ClientKey {
    connect_ms: u64,
    total_ms: u64,
    insecure: bool,
    ca_bundle: Option<[u8; 32]>,
    identity: Option<[u8; 32]>,
}

pub(super) fn digest(parts: &[&str]) -> [u8; 32] {
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
    for part in parts {
        // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
        ctx.update(&(part.len() as u64).to_le_bytes());
        ctx.update(part.as_bytes());
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(ctx.finish().as_ref());
    out
}

/// Clients kept at most; past it the cache starts again (an administrator testing
/// hundreds of different TLS setups in one session is not worth an LRU).
const MAX_CLIENTS: usize = 64;

impl Engine {
    /// The HTTP client for these timeouts and TLS settings, built on first use.
    pub(super) fn client(
        &self,
        timeouts: &Timeouts,
        tls: &TlsOptions,
    ) -> Result<reqwest::Client, String> {
        let key = ClientKey {
            connect_ms: timeouts.connect_ms,
            total_ms: timeouts.total_ms,
            insecure: tls.insecure_skip_verify,
            ca_bundle: tls.ca_bundle_pem.as_deref().map(|p| digest(&[p])),
            identity: tls
                .client_identity
                .as_ref()
                .map(|i| digest(&[&i.certificate_pem, i.key_pem.expose()])),
        };
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(client) = clients.get(&key) {
            return Ok(client.clone());
        }
        let mut builder = reqwest::Client::builder()
            .connect_timeout(Duration::from_millis(timeouts.connect_ms))
            .timeout(Duration::from_millis(timeouts.total_ms))
            .dns_resolver(Arc::new(ForReqwest(self.resolver.clone())))
            .redirect(crate::origin::redirect_policy())
            .danger_accept_invalid_certs(tls.insecure_skip_verify);
        if let Some(pem) = &tls.ca_bundle_pem {
            crate::tls::ca_certificates(pem)?;
            let certs = reqwest::Certificate::from_pem_bundle(pem.as_bytes())
                .map_err(|e| format!("CA bundle: {e}"))?;
            builder = builder.tls_certs_only(certs);
        }
        if let Some(identity) = &tls.client_identity {
            builder = builder.identity(identity.reqwest_identity()?);
        }
        let client = builder.build().map_err(|e| format!("HTTP client: {e}"))?;
        if clients.len() >= MAX_CLIENTS {
            clients.clear();
        }
        clients.insert(key, client.clone());
        Ok(client)
    }
}
