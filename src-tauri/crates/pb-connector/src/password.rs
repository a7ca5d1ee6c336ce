//! The initial password of a user being added: generated when the caller gives none,
//! offered to templates as `user.password`, and treated as a secret (masked in every
//! recording, like the instance's own secrets).

use std::borrow::Cow;

use pb_secrets::Sensitive;
use ring::rand::{SecureRandom, SystemRandom};
use serde_json::Value;

use crate::definition::Operation;
use crate::engine::CallContext;

/// The name the password is registered under among the secrets, so redaction
/// covers it. Not a valid connector secret name (those are identifiers), so it
/// cannot collide with an instance's own secret.
pub const SECRET_NAME: &str = "user.password";
const LENGTH: usize = 20;
const LOWER: &[u8] = b"abcdefghijkmnopqrstuvwxyz";
const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
const DIGITS: &[u8] = b"23456789";
// Symbols that need no escaping inside a JSON string; accepted by common
// complexity rules.
const SYMBOLS: &[u8] = b"-_.!@%+";

/// A random password with lower and upper case letters, digits and a symbol
/// (most platforms' complexity rules), without look-alike characters.
pub fn generate() -> Result<String, String> {
    let rng = SystemRandom::new();
    let all: Vec<u8> = [LOWER, UPPER, DIGITS, SYMBOLS].concat();
    loop {
        let mut bytes = [0u8; LENGTH];
        rng.fill(&mut bytes)
            .map_err(|_| "the system's random number generator failed".to_owned())?;
        // The alphabet has 64 characters, so `% 64` maps bytes uniformly.
        let password: String = bytes
            .iter()
            .map(|b| all[*b as usize % all.len()] as char)
            .collect();
        let has = |set: &[u8]| password.bytes().any(|c| set.contains(&c));
        if has(LOWER) && has(UPPER) && has(DIGITS) && has(SYMBOLS) {
            return Ok(password);
        }
    }
}

/// The context with `user.password` registered as a secret: the caller's, or for
/// `add_user` one generated now. Unchanged when there is no user or no password
/// to handle.
pub fn with_user_password(
    ctx: &CallContext,
    operation: Operation,
) -> Result<Cow<'_, CallContext>, String> {
    let Some(Value::Object(user)) = ctx.values.get("user") else {
        return Ok(Cow::Borrowed(ctx));
    };
    let password = match user.get("password").and_then(Value::as_str) {
        Some(given) => given.to_owned(),
        None if operation == Operation::AddUser => generate()?,
        None => return Ok(Cow::Borrowed(ctx)),
    };
    let mut ctx = ctx.clone();
    if let Some(Value::Object(user)) = ctx.values.get_mut("user") {
        user.insert("password".into(), Value::String(password.clone()));
    }
    ctx.secrets
        .insert(SECRET_NAME.into(), Sensitive::new(password));
    Ok(Cow::Owned(ctx))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn generated_passwords_are_strong_and_different() {
        let a = generate().unwrap();
        let b = generate().unwrap();
        assert_eq!(a.len(), LENGTH);
        assert_ne!(a, b);
    }

    #[test]
    fn a_user_gets_a_password_that_is_a_secret() {
        let ctx = CallContext {
            values: json!({"user": {"name": "ada"}})
                .as_object()
                .cloned()
                .unwrap(),
            ..Default::default()
        };
        let with = with_user_password(&ctx, Operation::AddUser).unwrap();
        let password = with.values["user"]["password"].as_str().unwrap();
        assert_eq!(with.secrets[SECRET_NAME].expose(), password);

        // A given password is kept (and is a secret too); no user, nothing to do.
        let given = CallContext {
            values: json!({"user": {"name": "ada", "password": "Given-Pass-1"}})
                .as_object()
                .cloned()
                .unwrap(),
            ..Default::default()
        };
        let with = with_user_password(&given, Operation::RemoveUser).unwrap();
        assert_eq!(with.secrets[SECRET_NAME].expose(), "Given-Pass-1");
        // Only adding a user generates one.
        assert!(matches!(
            with_user_password(&ctx, Operation::RemoveUser).unwrap(),
            Cow::Borrowed(_)
        ));
        assert!(matches!(
            with_user_password(&CallContext::default(), Operation::AddUser).unwrap(),
            Cow::Borrowed(_)
        ));
    }
}
