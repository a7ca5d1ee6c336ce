//! SCRAM-SHA-256 password verifiers (RFC 5802 / RFC 7677), computed here so that
//! `CREATE ROLE ... PASSWORD` carries the verifier, not the password: a password
//! in SQL text can end up in the server's log (`log_statement`, or the STATEMENT
//! line logged with any error), a verifier is what the server stores anyway. This
//! is what psql's `\password` does. The primitives (PBKDF2, HMAC, SHA-256, the
//! random salt) are ring's, as elsewhere in Platform Builder.

use std::num::NonZeroU32;

use base64::Engine as _;
use ring::rand::SecureRandom;
use ring::{digest, hmac as ring_hmac, pbkdf2};

/// PostgreSQL's default `scram_iterations`.
const ITERATIONS: u32 = 4096;

/// The verifier PostgreSQL stores for `password`:
/// `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` (base64).
///
/// PostgreSQL runs the password through SASLprep first; for ASCII that changes
/// nothing, so only ASCII passwords get a verifier here (`None` otherwise: the
/// caller then lets the server hash the password itself).
pub fn verifier(password: &str, salt: &[u8]) -> Option<String> {
    if !password.is_ascii() {
        return None;
    }
    let (stored, server) = keys(password.as_bytes(), salt, ITERATIONS);
    Some(format!(
        "SCRAM-SHA-256${ITERATIONS}:{}${}:{}",
        base64(salt),
        base64(&stored),
        base64(&server)
    ))
}

/// (StoredKey, ServerKey) for a password and salt.
fn keys(password: &[u8], salt: &[u8], iterations: u32) -> ([u8; 32], [u8; 32]) {
    let salted = salted_password(password, salt, iterations);
    let client_key = hmac(&salted, b"Client Key");
    (sha256(&client_key), hmac(&salted, b"Server Key"))
}

/// `n` bytes from the system's CSPRNG.
pub fn random_bytes(n: usize) -> Result<Vec<u8>, String> {
    let mut bytes = vec![0u8; n];
    ring::rand::SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| "the system's random number generator failed".to_owned())?;
    Ok(bytes)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// SaltedPassword = PBKDF2-HMAC-SHA256(password, salt, iterations), 32 bytes.
fn salted_password(password: &[u8], salt: &[u8], iterations: u32) -> [u8; 32] {
    let mut out = [0u8; 32];
    let rounds = NonZeroU32::new(iterations.max(1)).unwrap_or(NonZeroU32::MIN);
    pbkdf2::derive(pbkdf2::PBKDF2_HMAC_SHA256, rounds, salt, password, &mut out);
    out
}

fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
    let tag = ring_hmac::sign(&ring_hmac::Key::new(ring_hmac::HMAC_SHA256, key), message);
    let mut out = [0u8; 32];
    out.copy_from_slice(tag.as_ref());
    out
}

fn sha256(message: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(digest::digest(&digest::SHA256, message).as_ref());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7677's example exchange: the keys derived here must produce its
    /// ServerSignature and ClientProof.
    #[test]
    fn the_keys_reproduce_the_rfc_7677_exchange() {
        let salt = [
            0x5b, 0x6d, 0x99, 0x68, 0x9d, 0x12, 0x35, 0x8e, 0xec, 0xa0, 0x4b, 0x14, 0x12, 0x36,
            0xfa, 0x81,
        ];
        assert_eq!(base64(&salt), "W22ZaJ0SNY7soEsUEjb6gQ==");
        let salted = salted_password(b"pencil", &salt, 4096);
        let (stored, server) = keys(b"pencil", &salt, 4096);
        let nonce = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        let auth = format!(
            "n=user,r=rOprNGfwEbeRWgbNEkqO,r={nonce},s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r={nonce}"
        );
        assert_eq!(
            base64(&hmac(&server, auth.as_bytes())),
            "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="
        );
        let signature = hmac(&stored, auth.as_bytes());
        let proof: Vec<u8> = hmac(&salted, b"Client Key")
            .iter()
            .zip(signature)
            .map(|(k, s)| k ^ s)
            .collect();
        assert_eq!(
            base64(&proof),
            "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
        );
        let v = verifier("pencil", &salt).unwrap_or_default();
        assert!(
            v.starts_with("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$"),
            "{v}"
        );
        assert_eq!(verifier("pä", &salt), None);
    }
}
