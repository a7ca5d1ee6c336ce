//! This machine's trust list for exec connectors, in the registry (issue 13): an
//! imported type's program is not trusted until someone trusts it, trust is for
//! what was shown (a changed program is refused), the generated documentation
//! says what runs and whether it is trusted, and trust goes with a deleted type.

use std::os::unix::fs::PermissionsExt;

use pb_registry::definitions::{self, SecretTarget};
use pb_registry::{PlatformInput, PlatformTypeInput, Registry};
use pb_secrets::MemoryStore;

fn import_exec_type(reg: &Registry, dir: &std::path::Path) -> std::path::PathBuf {
    let program = dir.join("cli");
    std::fs::write(&program, "#!/bin/sh\necho '{\"ok\": true}'\n").unwrap();
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
    let file = dir.join("type.yaml");
    std::fs::write(
        &file,
        format!(
            "apiVersion: platformbuilder.dev/v1\nkind: PlatformType\nmetadata:\n  name: THEIRS\nspec:\n  displayName: Theirs\n  icon: server\n  connector:\n    apiVersion: platformbuilder.dev/connector/v1\n    kind: exec\n    command: ['{}']\n    operations: [check]\n",
            program.display()
        ),
    )
    .unwrap();
    let store = MemoryStore::default();
    let target = SecretTarget {
        store: &store,
        service: "pb-trust",
    };
    definitions::import(reg, &target, &[file], false).unwrap();
    program
}

fn new_platform(reg: &Registry, name: &str, type_id: &str) -> pb_registry::Platform {
    reg.create_platform(&PlatformInput {
        name: name.into(),
        identifier: None,
        description: String::new(),
        type_id: type_id.into(),
        location: String::new(),
        support_url: None,
        docs_url: None,
        access_info: None,
        tags: vec![],
        status: None,
    })
    .unwrap()
}

#[test]
fn an_imported_exec_type_is_untrusted_until_trusted_as_shown() {
    let dir = tempfile::tempdir().unwrap();
    let reg = Registry::open_in_memory().unwrap();
    let program = import_exec_type(&reg, dir.path());

    let state = reg.exec_trust_state("THEIRS").unwrap().unwrap();
    assert!(!state.trusted && !state.builtin && !state.stale_trust);
    let fp = state.fingerprint.unwrap();
    assert_eq!(fp.program, program.display().to_string());

    // The key shown no longer matches once the program changed: refused.
    std::fs::write(&program, "#!/bin/sh\necho changed\n").unwrap();
    let err = reg.trust_exec("THEIRS", Some(&fp.key)).unwrap_err();
    assert_eq!(err.code(), "validation");
    assert!(
        err.to_string().contains("changed since it was shown"),
        "{err}"
    );

    let now = reg.exec_trust_state("THEIRS").unwrap().unwrap();
    let key = now.fingerprint.unwrap().key;
    reg.trust_exec("THEIRS", Some(&key)).unwrap();
    let state = reg.exec_trust_state("THEIRS").unwrap().unwrap();
    assert!(state.trusted && state.trusted_at.is_some());

    // Instances of the type run with exactly that key listed.
    let platform = new_platform(&reg, "Theirs", "THEIRS");
    let docs = reg.platform_docs(&platform.id, "2026-12-02").unwrap();
    assert!(
        docs.markdown
            .contains("A local program on the administrator's machine"),
        "{}",
        docs.markdown
    );
    assert!(docs
        .markdown
        .contains("trusted on the machine this was generated on"));

    reg.delete_platform(&MemoryStore::default(), "pb-trust", &platform.id)
        .unwrap();
    reg.delete_platform_type("THEIRS").unwrap();
    assert!(
        reg.exec_trust_list().unwrap().is_empty(),
        "trust went with the type"
    );
}

#[test]
fn an_http_type_has_no_trust_state_and_its_docs_name_its_origins() {
    let reg = Registry::open_in_memory().unwrap();
    assert!(reg.exec_trust_state("GENERIC-REST").unwrap().is_none());
    let err = reg.trust_exec("GENERIC-REST", None).unwrap_err();
    assert!(
        err.to_string().contains("does not run a local program"),
        "{err}"
    );

    reg.create_platform_type(&PlatformTypeInput {
        identifier: "WITH-IDP".into(),
        display_name: "With an IdP".into(),
        description: String::new(),
        icon: "api".into(),
        default_endpoint: None,
    })
    .unwrap();
    reg.set_platform_type_connector(
        "WITH-IDP",
        Some("apiVersion: platformbuilder.dev/connector/v1\nkind: http\nallowedOrigins: ['https://login.example.com']\noperations:\n  check:\n    requests: [{method: GET, path: /}]\n"),
    )
    .unwrap();
    let platform = new_platform(&reg, "With IdP", "WITH-IDP");
    let docs = reg.platform_docs(&platform.id, "2026-12-02").unwrap();
    assert!(
        docs.markdown.contains("- <https://login.example.com>"),
        "{}",
        docs.markdown
    );
    let generic = new_platform(&reg, "Plain", "GENERIC-REST");
    let docs = reg.platform_docs(&generic.id, "2026-12-02").unwrap();
    assert!(
        docs.markdown.contains("and to no other origin"),
        "{}",
        docs.markdown
    );
}
