//! TLS for connectors: how the instance's TLS settings become a verifier, and the
//! handshake the connection test performs to show the certificate the platform
//! presents (subject, issuer, SANs, expiry) and whether it verifies.

use std::sync::Arc;
use std::time::Duration;

use pb_secrets::Sensitive;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WantsClientCert;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{ClientConfig, ConfigBuilder, DigitallySignedStruct, RootCertStore, SignatureScheme};
use serde::{Deserialize, Serialize};

/// An instance's TLS settings. Verification is on unless the administrator switches
/// it off explicitly for this instance (the UI marks that as insecure).
#[derive(Clone, Debug, Default)]
pub struct TlsOptions {
    /// PEM certificates trusted instead of the system's roots, for platforms with an
    /// internal CA.
    pub ca_bundle_pem: Option<String>,
    /// Mutual TLS: the certificate this instance presents, and its private key
    /// (from the keyring).
    pub client_identity: Option<ClientIdentity>,
    pub insecure_skip_verify: bool,
}

/// A client certificate chain (PEM, not secret) and its private key (PEM, secret).
#[derive(Clone, Debug)]
pub struct ClientIdentity {
    pub certificate_pem: String,
    pub key_pem: Sensitive<String>,
}

impl ClientIdentity {
    /// Checks both parts before anything is sent; the messages never quote the key.
    pub fn parts(&self) -> Result<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>), String> {
        let certs = certificates(&self.certificate_pem, "the client certificate")?;
        let key =
            PrivateKeyDer::from_pem_slice(self.key_pem.expose().as_bytes()).map_err(|_| {
                "the client key is not a PEM private key (PKCS#8, PKCS#1 or SEC1)".to_owned()
            })?;
        // Caught here rather than as an opaque handshake failure ("DecryptError")
        // at the platform.
        if !key_matches(&certs[0], &key)? {
            return Err("the client key does not belong to the client certificate".into());
        }
        Ok((certs, key))
    }

    /// One PEM with certificate and key, as reqwest reads an identity.
    pub(crate) fn reqwest_identity(&self) -> Result<reqwest::Identity, String> {
        self.parts()?;
        let pem = Sensitive::new(format!(
            "{}\n{}",
            self.certificate_pem.trim_end(),
            self.key_pem.expose()
        ));
        reqwest::Identity::from_pem(pem.expose().as_bytes())
            .map_err(|_| "the client certificate and key do not form a usable identity".to_owned())
    }
}

/// Checks that a PEM text is a private key this build can use (before a client
/// certificate is known to pair it with). Messages never quote the key.
pub fn check_private_key(pem: &str) -> Result<(), String> {
    let key = PrivateKeyDer::from_pem_slice(pem.as_bytes()).map_err(|_| {
        "not a PEM private key (PKCS#8, PKCS#1 or SEC1; encrypted and OpenSSH keys are not supported)"
            .to_owned()
    })?;
    provider()
        .key_provider
        .load_private_key(key)
        .map(|_| ())
        .map_err(|e| format!("the key cannot be used: {e}"))
}

/// Whether `key` is the private half of `cert`'s public key: sign a probe message
/// with the key and verify it with the certificate's key. (rustls' own consistency
/// check answers "unknown" for ring's keys.)
fn key_matches(cert: &CertificateDer<'_>, key: &PrivateKeyDer<'_>) -> Result<bool, String> {
    use ring::signature as sig;
    let unusable = |e: rustls::Error| format!("the client key cannot be used: {e}");
    let signing = provider()
        .key_provider
        .load_private_key(key.clone_key())
        .map_err(unusable)?;
    let signer = signing
        .choose_scheme(&[
            SignatureScheme::ECDSA_NISTP256_SHA256,
            SignatureScheme::ECDSA_NISTP384_SHA384,
            SignatureScheme::ED25519,
            SignatureScheme::RSA_PSS_SHA256,
        ])
        .ok_or("the client key is of a type this build cannot use")?;
    let alg: &'static dyn sig::VerificationAlgorithm = match signer.scheme() {
        SignatureScheme::ECDSA_NISTP256_SHA256 => &sig::ECDSA_P256_SHA256_ASN1,
        SignatureScheme::ECDSA_NISTP384_SHA384 => &sig::ECDSA_P384_SHA384_ASN1,
        SignatureScheme::ED25519 => &sig::ED25519,
        _ => &sig::RSA_PSS_2048_8192_SHA256,
    };
    let probe = b"platform-builder client key check";
    let signature = signer.sign(probe).map_err(unusable)?;
    let (_, parsed) = x509_parser::parse_x509_certificate(cert.as_ref())
        .map_err(|e| format!("the client certificate is unreadable: {e}"))?;
    let public = &parsed.public_key().subject_public_key.data;
    Ok(sig::UnparsedPublicKey::new(alg, public.as_ref())
        .verify(probe, &signature)
        .is_ok())
}

pub fn install_crypto_provider() {
    // Only the first call in a process wins; later ones find it installed.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// One provider for every TLS config and signature check, built once.
fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    static PROVIDER: std::sync::LazyLock<Arc<rustls::crypto::CryptoProvider>> =
        std::sync::LazyLock::new(|| Arc::new(rustls::crypto::ring::default_provider()));
    PROVIDER.clone()
}

/// The certificate the platform presented, as the connection test shows it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CertificateReport {
    pub protocol: String,
    pub subject: String,
    pub issuer: String,
    pub sans: Vec<String>,
    pub not_after: String,
    #[ts(type = "number")]
    pub days_to_expiry: i64,
    /// None when verification succeeded; otherwise why it failed.
    pub verification_error: Option<String>,
}

pub fn ca_certificates(pem: &str) -> Result<Vec<CertificateDer<'static>>, String> {
    certificates(pem, "the CA bundle")
}

/// The certificates in a PEM text; `what` names it in messages ("the CA bundle").
/// A private key pasted in by mistake is refused, so it is never stored as if it
/// were public.
pub fn certificates(pem: &str, what: &str) -> Result<Vec<CertificateDer<'static>>, String> {
    if pem.contains("PRIVATE KEY-----") {
        return Err(format!(
            "{what} contains a private key; paste only certificates here (a client key is stored separately, in the OS keyring)"
        ));
    }
    let certs: Vec<_> = CertificateDer::pem_slice_iter(pem.as_bytes())
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{what} is not valid PEM: {e}"))?;
    if certs.is_empty() {
        return Err(format!(
            "{what} contains no certificate (expected -----BEGIN CERTIFICATE-----)"
        ));
    }
    Ok(certs)
}

fn client_config(options: &TlsOptions, verify: bool) -> Result<ClientConfig, String> {
    let builder = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let builder = if !verify {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAny))
    } else if let Some(pem) = &options.ca_bundle_pem {
        let mut roots = RootCertStore::empty();
        for cert in ca_certificates(pem)? {
            roots
                .add(cert)
                .map_err(|e| format!("unusable CA certificate: {e}"))?;
        }
        builder.with_root_certificates(roots)
    } else {
        let verifier = rustls_platform_verifier::Verifier::new(provider())
            .map_err(|e| format!("cannot load the system's trusted CAs: {e}"))?;
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
    };
    with_identity(builder, options.client_identity.as_ref())
}

fn with_identity(
    builder: ConfigBuilder<ClientConfig, WantsClientCert>,
    identity: Option<&ClientIdentity>,
) -> Result<ClientConfig, String> {
    match identity {
        None => Ok(builder.with_no_client_auth()),
        Some(identity) => {
            let (certs, key) = identity.parts()?;
            builder
                .with_client_auth_cert(certs, key)
                .map_err(|_| "the client key does not match the client certificate".to_owned())
        }
    }
}

/// Explains a rustls failure in an administrator's words.
pub fn explain(error: &std::io::Error) -> String {
    let text = error.to_string();
    let reason = if text.contains("Expired") || text.contains("certificate expired") {
        "the certificate has expired"
    } else if text.contains("NotValidForName") || text.contains("not valid for name") {
        "the certificate is not valid for this host name"
    } else if text.contains("UnknownIssuer") {
        "the certificate is not signed by a trusted CA (self-signed or an internal CA: add its CA bundle)"
    } else if text.contains("NotValidYet") || text.contains("not valid yet") {
        "the certificate is not valid yet (check the clocks)"
    } else if text.contains("CertificateRequired") || text.contains("certificate required") {
        "the platform requires a client certificate (mutual TLS): configure one for this instance"
    } else if [
        "BadCertificate",
        "UnknownCA",
        "CertificateUnknown",
        "AccessDenied",
        // What rustls servers answer to a certificate from an unknown CA.
        "DecryptError",
        "bad certificate",
    ]
    .iter()
    .any(|alert| text.contains(alert))
    {
        "the platform rejected this instance's client certificate (not issued by a CA it trusts, or revoked)"
    } else {
        "the TLS handshake failed"
    };
    format!("{reason} ({text})")
}

/// Connects and performs a TLS handshake. Returns the presented certificate's
/// details; if verification fails, it handshakes again without verification only to
/// read the certificate, so the administrator sees what was presented.
pub async fn handshake(
    addr: std::net::SocketAddr,
    host: &str,
    options: &TlsOptions,
    timeout: Duration,
) -> Result<CertificateReport, String> {
    let verify = !options.insecure_skip_verify;
    match connect(addr, host, options, verify, timeout).await {
        Ok(report) => Ok(report),
        Err(e) if verify => {
            let reason = explain(&e);
            // Only to read the certificate: the client certificate is not presented
            // to a server that failed verification.
            let anonymous = TlsOptions {
                client_identity: None,
                ..options.clone()
            };
            match connect(addr, host, &anonymous, false, timeout).await {
                Ok(mut report) => {
                    report.verification_error = Some(reason);
                    Ok(report)
                }
                Err(_) => Err(reason),
            }
        }
        Err(e) => Err(explain(&e)),
    }
}

async fn connect(
    addr: std::net::SocketAddr,
    host: &str,
    options: &TlsOptions,
    verify: bool,
    timeout: Duration,
) -> std::io::Result<CertificateReport> {
    let config = client_config(options, verify).map_err(std::io::Error::other)?;
    let name = ServerName::try_from(host.to_owned()).map_err(std::io::Error::other)?;
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let attempt = async {
        let tcp = tokio::net::TcpStream::connect(addr).await?;
        connector.connect(name, tcp).await
    };
    let stream = tokio::time::timeout(timeout, attempt).await.map_err(|_| {
        std::io::Error::new(std::io::ErrorKind::TimedOut, "TLS handshake timed out")
    })??;
    let (_, session) = stream.get_ref();
    let protocol = session
        .protocol_version()
        .map(|v| format!("{v:?}").replace('_', "."))
        .unwrap_or_default();
    let leaf = session
        .peer_certificates()
        .and_then(|c| c.first())
        .ok_or_else(|| std::io::Error::other("the server presented no certificate"))?;
    describe(leaf, protocol).map_err(std::io::Error::other)
}

fn describe(der: &CertificateDer<'_>, protocol: String) -> Result<CertificateReport, String> {
    let (_, cert) = x509_parser::parse_x509_certificate(der.as_ref())
        .map_err(|e| format!("unreadable certificate: {e}"))?;
    let sans = cert
        .subject_alternative_name()
        .ok()
        .flatten()
        .map(|ext| {
            ext.value
                .general_names
                .iter()
                .map(|n| match n {
                    x509_parser::extensions::GeneralName::DNSName(d) => d.to_string(),
                    x509_parser::extensions::GeneralName::IPAddress(ip) => match ip.len() {
                        4 => std::net::Ipv4Addr::new(ip[0], ip[1], ip[2], ip[3]).to_string(),
                        _ => format!("{ip:?}"),
                    },
                    other => other.to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    let not_after = cert.validity().not_after;
    let now = x509_parser::time::ASN1Time::now();
    let days = (not_after.timestamp() - now.timestamp()).div_euclid(86_400);
    Ok(CertificateReport {
        protocol,
        subject: cert.subject().to_string(),
        issuer: cert.issuer().to_string(),
        sans,
        not_after: not_after.to_string(),
        days_to_expiry: days,
        verification_error: None,
    })
}

/// Used only to read a certificate that failed verification, or when the
/// administrator disabled verification for an instance.
#[derive(Debug)]
struct AcceptAny;

impl ServerCertVerifier for AcceptAny {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &provider().signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &provider().signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        provider()
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(name: &str) -> (String, String) {
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = rcgen::CertificateParams::new(vec![name.to_owned()])
            .unwrap()
            .self_signed(&key)
            .unwrap();
        (cert.pem(), key.serialize_pem())
    }

    #[test]
    fn a_key_must_belong_to_its_certificate() {
        let (cert, key) = pair("a");
        let (_, other_key) = pair("b");
        let identity = |key: &str| ClientIdentity {
            certificate_pem: cert.clone(),
            key_pem: Sensitive::new(key.to_owned()),
        };
        assert!(identity(&key).parts().is_ok());
        let err = identity(&other_key).parts().unwrap_err();
        assert!(err.contains("does not belong"), "{err}");
    }
}
