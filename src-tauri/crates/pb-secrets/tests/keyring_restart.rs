//! Against the real OS keyring (run inside `dbus-run-session` with an unlocked
//! gnome-keyring, as `make test` does): a secret written by one process is read back
//! by another, so nothing silently fell back to an in-memory store.

use std::process::Command;
use std::time::Duration;

use pb_secrets::{KeyringStore, SecretKey, SecretStore};

const SERVICE: &str = "dev.platformbuilder.app.tests";
const ROLE: &str = "PB_KEYRING_CHILD_ROLE";
const ACCOUNT: &str = "PB_KEYRING_CHILD_ACCOUNT";
const VALUE: &str = "PB_KEYRING_CHILD_VALUE";

fn store() -> KeyringStore {
    KeyringStore::new(SERVICE, Duration::from_secs(10))
}

/// Runs this test binary again, filtered to `child_process`, with a role.
fn run_child(role: &str, account: &str, value: &str) -> String {
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_process",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(ROLE, role)
        .env(ACCOUNT, account)
        .env(VALUE, value)
        .output()
        .expect("spawn child test process");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "child {role} failed: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn child_process() {
    // Only does something when started by `secret_survives_a_process_restart`.
    let Ok(role) = std::env::var(ROLE) else {
        return;
    };
    let key = SecretKey::new(SERVICE, std::env::var(ACCOUNT).unwrap());
    match role.as_str() {
        "write" => store()
            .set(&key, &std::env::var(VALUE).unwrap().into())
            .unwrap(),
        "read" => {
            let got = store().get(&key).unwrap();
            println!(
                "READ:{}",
                got.as_ref()
                    .map(|v| v.expose().as_str())
                    .unwrap_or("<none>")
            );
        }
        other => panic!("unknown role {other}"),
    }
}

#[test]
fn secret_survives_a_process_restart() {
    let account = format!("restart-{}", uuid::Uuid::new_v4());
    let value = format!("canary-{}", uuid::Uuid::new_v4());
    run_child("write", &account, &value);
    let out = run_child("read", &account, "");
    assert!(out.contains(&format!("READ:{value}")), "child read: {out}");

    // This process sees it too, and deleting removes it for everyone.
    let key = SecretKey::new(SERVICE, &account);
    assert_eq!(store().get(&key).unwrap().unwrap().expose(), &value);
    assert!(store().delete(&key).unwrap());
    let out = run_child("read", &account, "");
    assert!(
        out.contains("READ:<none>"),
        "still present after delete: {out}"
    );
}

#[test]
fn missing_entry_is_none_and_delete_is_idempotent() {
    let key = SecretKey::new(SERVICE, format!("missing-{}", uuid::Uuid::new_v4()));
    assert!(store().get(&key).unwrap().is_none());
    assert!(!store().delete(&key).unwrap());
}

#[test]
fn status_reports_an_unlocked_keyring() {
    let status = store().status();
    assert!(status.available, "keyring not usable: {}", status.message);
    assert_eq!(status.remediation, None);
}
