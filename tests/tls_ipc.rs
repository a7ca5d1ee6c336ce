//! Instance TLS over IPC (mock runtime): CA bundle and client certificate in the
//! instance, the client key sent once and kept in the secret store, a mutual-TLS
//! connection test against the sample platform, and the dry run.

mod common;

use common::harness;
use pb_sample_platform::tls::{ServerCertificate, TlsSetup};
use pb_sample_platform::{AuthConfig, SamplePlatform};
use serde_json::json;

#[test]
fn a_mutual_tls_instance_is_configured_tested_and_dry_run_over_ipc() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sample = rt
        .block_on(SamplePlatform::start_tls(
            AuthConfig::demo(),
            0,
            TlsSetup {
                certificate: ServerCertificate::Valid,
                require_client_certificate: true,
            },
        ))
        .unwrap();
    let issued = sample.issue_client_certificate("ipc-robot").unwrap();
    let h = harness();
    h.call(
        "create_platform_type",
        json!({"input": {"identifier": "MTLS", "displayName": "mTLS platform", "icon": "api"}}),
    )
    .unwrap();
    let connector = include_str!("../src-tauri/crates/pb-connector/presets/generic-rest.yaml")
        .replace(
            "type: api_key\n  header: X-API-Key\n  secret: api_key",
            "type: mutual_tls",
        );
    h.call(
        "set_platform_type_connector",
        json!({"identifier": "MTLS", "definition": connector}),
    )
    .unwrap();
    let platform = h
        .call(
            "create_platform",
            json!({"input": {"name": "mTLS", "typeId": "MTLS"}}),
        )
        .unwrap();

    // The field errors name the TLS fields.
    let err = h
        .call(
            "create_instance",
            json!({"platformId": platform["id"], "input": {
                "name": "prod", "environment": "prod", "endpoint": sample.base_url(),
                "tls": {"caBundlePem": "garbage", "clientCertificatePem": issued.key_pem}}}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "validation");
    let fields: Vec<&str> = err["details"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["tls.caBundlePem", "tls.clientCertificatePem"]);
    assert!(!err.to_string().contains(&issued.key_pem[40..80]));

    let instance = h
        .call(
            "create_instance",
            json!({"platformId": platform["id"], "input": {
                "name": "prod", "environment": "prod", "endpoint": sample.base_url(),
                "tls": {"caBundlePem": sample.ca_pem(),
                        "clientCertificatePem": issued.certificate_pem,
                        "insecureSkipVerify": false}}}),
        )
        .unwrap();
    assert_eq!(instance["tls"]["clientKeyConfigured"], false);
    let id = instance["id"].clone();

    let updated = h
        .call(
            "set_instance_client_key",
            json!({"id": id, "secret": issued.key_pem}),
        )
        .unwrap();
    assert_eq!(updated["tls"]["clientKeyConfigured"], true);
    let key_body = issued.key_pem.lines().nth(1).unwrap();
    assert!(!updated.to_string().contains(key_body));
    assert_eq!(h.secrets.len(), 1, "the key went to the secret store");

    let t = h
        .call(
            "test_connection",
            json!({"id": id, "onStage": "__CHANNEL__:1"}),
        )
        .unwrap();
    assert_eq!(t["status"], "ok", "{t}");
    assert_eq!(
        t["stages"][2]["certificate"]["issuer"],
        "CN=Sample Platform CA"
    );
    assert!(t["stages"][4]["message"]
        .as_str()
        .unwrap()
        .contains("connected as ipc-robot"));

    let rendered = h
        .call(
            "dry_run_operation",
            json!({"id": id, "operation": "create_tenant",
                   "values": {"tenant": {"name": "a/b", "description": "", "tags": {}}}}),
        )
        .unwrap();
    assert_eq!(rendered[0]["method"], "POST");
    assert_eq!(rendered[0]["body"]["name"], "a/b");
    assert!(rendered[0]["url"]
        .as_str()
        .unwrap()
        .ends_with("/api/tenants"));
    let err = h
        .call(
            "dry_run_operation",
            json!({"id": id, "operation": "create_tenant", "values": {}}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "template_error", "{err}");

    // Removing the key: the test now fails with a configuration error.
    h.call("remove_instance_client_key", json!({"id": id}))
        .unwrap();
    assert_eq!(h.secrets.len(), 0);
    let t = h
        .call(
            "test_connection",
            json!({"id": id, "onStage": "__CHANNEL__:1"}),
        )
        .unwrap();
    assert_eq!(t["status"], "failed");
    drop(sample);
}

/// What the native file dialog hands over: paths. Certificates come back as text
/// (they are public); a key file is refused there and read straight into the
/// keyring by its own command, so its text never crosses IPC.
#[test]
fn certificate_and_key_files_picked_in_the_dialog() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sample = rt
        .block_on(SamplePlatform::start_tls(
            AuthConfig::demo(),
            0,
            TlsSetup {
                certificate: ServerCertificate::Valid,
                require_client_certificate: true,
            },
        ))
        .unwrap();
    let issued = sample.issue_client_certificate("file-robot").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let ca = write("ca.pem", sample.ca_pem().unwrap());
    let cert = write("client.crt", &issued.certificate_pem);
    let key = write("client.key", &issued.key_pem);
    let junk = write("notes.txt", "hello");

    let h = harness();
    let read = |path: &str| h.call("read_certificate_file", json!({"path": path}));
    assert_eq!(read(&ca).unwrap(), sample.ca_pem().unwrap());
    assert_eq!(read(&cert).unwrap(), issued.certificate_pem.as_str());
    let key_body = issued.key_pem.lines().nth(1).unwrap().to_owned();
    for (path, says) in [(&key, "private key"), (&junk, "No certificate")] {
        let err = read(path).unwrap_err();
        assert_eq!(err["details"]["fields"][0]["field"], "path");
        assert!(err.to_string().contains(says), "{err}");
        assert!(!err.to_string().contains(&key_body));
    }

    let platform = h.platform("mTLS files", "GENERIC-REST");
    let instance = h
        .call(
            "create_instance",
            json!({"platformId": platform["id"], "input": {
                "name": "prod", "environment": "prod", "endpoint": sample.base_url(),
                "tls": {"caBundlePem": read(&ca).unwrap(), "clientCertificatePem": read(&cert).unwrap()}}}),
        )
        .unwrap();
    let updated = h
        .call(
            "set_instance_client_key_from_file",
            json!({"id": instance["id"], "path": key}),
        )
        .unwrap();
    assert_eq!(updated["tls"]["clientKeyConfigured"], true);
    assert!(!updated.to_string().contains(&key_body));
    assert_eq!(h.secrets.len(), 1, "the key is in the secret store");
    // A key that does not belong to the certificate is refused, nothing stored.
    let other = sample.issue_client_certificate("other").unwrap();
    let other_key = write("other.key", &other.key_pem);
    let err = h
        .call(
            "set_instance_client_key_from_file",
            json!({"id": instance["id"], "path": other_key}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "validation", "{err}");
    drop(sample);
}
