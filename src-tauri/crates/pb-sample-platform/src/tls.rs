//! TLS for the sample platform: a private CA made at start, a server certificate
//! signed by it (or, to exercise the connector's error messages, one for the wrong
//! host, an expired one, or a self-signed one), and optional mutual TLS with client
//! certificates that the same CA issues.
//!
//! Certificate faults are per listener, not per route: the certificate is chosen
//! during the handshake, before any route is known.

use std::sync::Arc;

use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig};

/// The names the server certificate is valid for (unless a fault says otherwise).
pub const SERVER_NAMES: &[&str] = &["localhost", "sample.platform.test", "127.0.0.1"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerCertificate {
    /// Signed by the platform's CA, valid for [`SERVER_NAMES`] until 2099.
    Valid,
    /// Signed by the CA, but only for `wrong-host.example`.
    WrongHost,
    /// Signed by the CA, expired on 2025-01-01.
    Expired,
    /// Signed by the CA, expiring in 10 days.
    ExpiringSoon,
    /// Valid names and dates, but signed by itself rather than the CA.
    SelfSigned,
}

#[derive(Clone, Copy, Debug)]
pub struct TlsSetup {
    pub certificate: ServerCertificate,
    /// Refuse clients that present no certificate. A presented certificate is always
    /// checked against the platform's CA, and authenticates its holder.
    pub require_client_certificate: bool,
}

impl Default for TlsSetup {
    fn default() -> Self {
        Self {
            certificate: ServerCertificate::Valid,
            require_client_certificate: false,
        }
    }
}

/// The platform's CA: it signs the server certificate and issues client
/// certificates.
pub struct Authority {
    issuer: Issuer<'static, KeyPair>,
    pub ca_pem: String,
    ca_der: CertificateDer<'static>,
}

/// A certificate and its private key, both PEM.
pub struct IssuedCertificate {
    pub certificate_pem: String,
    pub key_pem: String,
}

fn io(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

impl Authority {
    pub fn new(name: &str) -> std::io::Result<Self> {
        let key = KeyPair::generate().map_err(io)?;
        let mut params = CertificateParams::new(Vec::<String>::new()).map_err(io)?;
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        let cert = params.self_signed(&key).map_err(io)?;
        Ok(Self {
            ca_pem: cert.pem(),
            ca_der: cert.der().clone(),
            issuer: Issuer::new(params, key),
        })
    }

    fn leaf(
        &self,
        names: &[&str],
        common_name: &str,
        usage: ExtendedKeyUsagePurpose,
        not_after: (i32, u8, u8),
        self_signed: bool,
    ) -> std::io::Result<(rcgen::Certificate, KeyPair)> {
        let key = KeyPair::generate().map_err(io)?;
        let mut params =
            CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
                .map_err(io)?;
        params
            .distinguished_name
            .push(DnType::CommonName, common_name);
        params.extended_key_usages = vec![usage];
        params.not_before = date_time_ymd(2024, 1, 1);
        params.not_after = date_time_ymd(not_after.0, not_after.1, not_after.2);
        let cert = if self_signed {
            params.self_signed(&key)
        } else {
            params.signed_by(&key, &self.issuer)
        }
        .map_err(io)?;
        Ok((cert, key))
    }

    /// A client certificate for mutual TLS; its common name is the identity the
    /// platform reports (`GET /api/whoami`).
    pub fn issue_client_certificate(
        &self,
        common_name: &str,
    ) -> std::io::Result<IssuedCertificate> {
        let (cert, key) = self.leaf(
            &[],
            common_name,
            ExtendedKeyUsagePurpose::ClientAuth,
            (2099, 1, 1),
            false,
        )?;
        Ok(IssuedCertificate {
            certificate_pem: cert.pem(),
            key_pem: key.serialize_pem(),
        })
    }

    pub fn server_config(&self, setup: TlsSetup) -> std::io::Result<ServerConfig> {
        let (names, not_after, self_signed): (&[&str], _, _) = match setup.certificate {
            ServerCertificate::Valid => (SERVER_NAMES, (2099, 1, 1), false),
            ServerCertificate::WrongHost => (&["wrong-host.example"], (2099, 1, 1), false),
            ServerCertificate::Expired => (SERVER_NAMES, (2025, 1, 1), false),
            ServerCertificate::ExpiringSoon => (SERVER_NAMES, days_from_now(10), false),
            ServerCertificate::SelfSigned => (SERVER_NAMES, (2099, 1, 1), true),
        };
        let (cert, key) = self.leaf(
            names,
            names[0],
            ExtendedKeyUsagePurpose::ServerAuth,
            not_after,
            self_signed,
        )?;
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut roots = RootCertStore::empty();
        roots.add(self.ca_der.clone()).map_err(io)?;
        let verifier =
            WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone());
        let verifier = if setup.require_client_certificate {
            verifier.build()
        } else {
            verifier.allow_unauthenticated().build()
        }
        .map_err(io)?;
        let mut config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(io)?
            .with_client_cert_verifier(verifier)
            .with_single_cert(
                vec![cert.der().clone()],
                PrivateKeyDer::try_from(key.serialize_der()).map_err(io)?,
            )
            .map_err(io)?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(config)
    }
}

/// The date `days` from today as (year, month, day), without a date library.
fn days_from_now(days: i64) -> (i32, u8, u8) {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs() as i64
        + days * 86_400;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}

/// The common name of a verified client certificate, handed to the routes.
#[derive(Clone, Debug)]
pub struct ClientCertificate(pub String);

pub(crate) fn common_name(der: &CertificateDer<'_>) -> Option<String> {
    // The subject comes after the issuer in a certificate, so the last CN attribute
    // (OID 2.5.4.3) is the subject's; this avoids an X.509 parser for one string.
    let bytes = der.as_ref();
    let oid = [0x06, 0x03, 0x55, 0x04, 0x03];
    let at = bytes.windows(oid.len()).rposition(|w| w == oid)? + oid.len();
    let len = *bytes.get(at + 1)? as usize;
    let value = bytes.get(at + 2..at + 2 + len)?;
    String::from_utf8(value.to_vec()).ok()
}
