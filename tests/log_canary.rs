//! The canary test for the connector path: a unique secret per auth mode is stored
//! for an instance, the connection test and every operation run through IPC against a
//! sample platform that accepts exactly those secrets, and every log line (at TRACE,
//! for every crate, far more than the app ever writes) and every IPC reply is searched
//! for them.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::harness;
use pb_sample_platform::catcher::Catcher;
use pb_sample_platform::{AuthConfig, Fault, FaultKind, SamplePlatform};
use serde_json::{json, Value};
use tauri::Manager;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const PRESET: &str = include_str!("../src-tauri/crates/pb-connector/presets/generic-rest.yaml");
const AUTH: &str = "auth:\n  type: api_key\n  header: X-API-Key\n  secret: api_key\n";

#[test]
fn canary_secrets_appear_in_no_log_line_and_no_ipc_reply() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();

    let id = uuid::Uuid::new_v4().simple().to_string();
    // Characters that every encoding changes (form, path segment, JSON), so each
    // encoded form of the secret has to be masked too.
    let canary = |mode: &str| format!("canary-{mode}-{id}-a/b c+d=e\"f");
    let auth = AuthConfig {
        api_key: Some(canary("apikey")),
        bearer_token: Some(canary("bearer")),
        basic: Some(("ops".into(), canary("basic"))),
        oauth_client: Some(("pb-client".into(), canary("oauth"))),
        token_lifetime: std::time::Duration::from_secs(600),
        webhook_secret: Some(canary("hmac")),
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sample = rt.block_on(SamplePlatform::start(auth, 0)).unwrap();
    let modes = [
        ("apikey", "auth:\n  type: api_key\n  header: X-API-Key\n  secret: api_key\n"),
        ("apikey", "auth:\n  type: api_key\n  query: api_key\n  secret: api_key\n"),
        ("bearer", "auth:\n  type: bearer\n  secret: token\n"),
        ("basic", "auth:\n  type: basic\n  username: ops\n  secret: password\n"),
        (
            "oauth",
            "auth:\n  type: oauth2_client_credentials\n  tokenUrl: /oauth/token\n  clientId: pb-client\n  secret: client_secret\n",
        ),
        ("hmac", "(the signed-webhook preset)"),
        // A session login sends the basic password to /api/sessions and gets a
        // token back in a response header: both must stay out of every record.
        (
            "basic",
            "auth:\n  type: login\n  secret: password\n  request:\n    method: POST\n    path: /api/sessions\n    body:\n      json: {username: ops, password: \"{{ secrets.password }}\"}\n    expect: [201]\n  token: {header: X-Subject-Token}\n  expiresAt: /session/expiresAt\n  send:\n    X-Auth-Token: \"{{ token }}\"\n",
        ),
    ];
    let h = harness();
    let mut replies: Vec<Value> = Vec::new();
    let mut instances: Vec<Value> = Vec::new();
    let mut platforms: Vec<Value> = Vec::new();
    let webhook = include_str!("../src-tauri/crates/pb-connector/presets/signed-webhook.yaml");
    for (index, (mode, auth)) in modes.iter().enumerate() {
        let type_id = format!("CANARY-{index}");
        assert!(PRESET.contains(AUTH));
        let definition = if *mode == "hmac" {
            webhook.to_owned()
        } else {
            PRESET.replace(AUTH, auth)
        };
        let platform = h.platform_with_connector(&type_id, &format!("Canary {index}"), &definition);
        platforms.push(platform["id"].clone());
        let instance =
            h.instance_with_credential(&platform, "dev", &sample.base_url(), &canary(mode));
        let iid = instance["id"].clone();
        instances.push(iid.clone());
        replies.push(instance);
        let test = h
            .call(
                "test_connection",
                json!({"id": iid, "onStage": "__CHANNEL__:1"}),
            )
            .unwrap();
        assert_eq!(test["status"], "ok", "{mode}: {test}");
        replies.push(test);
        if *mode == "hmac" {
            for op in ["create_tenant", "add_user", "delete_tenant"] {
                let values = json!({
                    "tenant": {"name": "t", "identifier": "t", "description": "", "tags": {}},
                    "user": {"name": "ada", "email": "ada@example.com", "role": "developer"},
                });
                let reply = h
                    .call(
                        "run_operation",
                        json!({"id": iid, "operation": op, "values": values}),
                    )
                    .unwrap();
                assert_eq!(reply["ok"], true, "{mode} {op}: {reply}");
                replies.push(reply);
            }
            continue;
        }

        // The lifecycle, so every request shape (bodies, paths, queries) is logged.
        let mut values = json!({
            "tenant": {"name": format!("canary tenant {index}"), "description": "", "tags": {}},
            "user": {"name": "ada", "email": "ada@example.com", "role": "developer"},
            "quota": {"key": "cpu", "value": 4},
        });
        for op in [
            "create_tenant",
            "get_tenant",
            "add_user",
            "list_users",
            "set_quota",
            "get_quota",
            "probe_quota",
            "remove_user",
            "delete_tenant",
        ] {
            let reply = h
                .call(
                    "run_operation",
                    json!({"id": iid, "operation": op, "values": values}),
                )
                .unwrap();
            assert_eq!(reply["ok"], true, "{mode} {op}: {reply}");
            if op == "create_tenant" {
                values["outputs"] = json!({"tenant_id": reply["outputs"]["tenant_id"]});
            }
            replies.push(reply);
        }
        replies.push(
            h.call(
                "dry_run_operation",
                json!({"id": iid, "operation": "create_tenant", "values": values}),
            )
            .unwrap(),
        );
        // A failure path too: a wrong operation name is an error reply.
        replies.push(
            h.call(
                "run_operation",
                json!({"id": iid, "operation": "no_such_op", "values": {}}),
            )
            .unwrap_err(),
        );

        // The Tenants tab: a leftover listed (every page) and swept.
        let leftover = format!("pb-validation-canar{index}");
        let made = h
            .call(
                "run_operation",
                json!({"id": iid, "operation": "create_tenant", "values": {"tenant": {"name": leftover, "description": "", "tags": {}}}}),
            )
            .unwrap();
        let listed = h.call("list_instance_tenants", json!({"id": iid})).unwrap();
        assert!(listed["error"].is_null(), "{mode}: {listed}");
        let swept = h
            .call(
                "sweep_leftovers",
                json!({"id": iid, "tenantIds": [made["outputs"]["tenant_id"]]}),
            )
            .unwrap();
        assert_eq!(
            swept["deleted"][0]["name"],
            leftover.as_str(),
            "{mode}: {swept}"
        );
        replies.extend([made, listed, swept]);
    }

    // A secret custom field as the auth secret: its value comes from its own
    // keyring entry and is masked like a credential.
    let by_field = PRESET.replace(
        AUTH,
        "auth:\n  type: api_key\n  header: X-API-Key\n  secret: apiToken\n",
    );
    let platform = h.platform_with_connector("CANARY-FIELD", "Canary field", &by_field);
    replies.push(
        h.call(
            "set_platform_type_fields",
            json!({"identifier": "CANARY-FIELD", "fields": [{"key": "apiToken", "label": "API token", "kind": "secret"}]}),
        )
        .unwrap(),
    );
    let instance = h
        .call(
            "create_instance",
            json!({"platformId": platform["id"], "input": {"name": "dev", "environment": "dev", "endpoint": sample.base_url()}}),
        )
        .unwrap();
    replies.push(
        h.call(
            "set_instance_field_secret",
            json!({"id": instance["id"], "field": "apiToken", "secret": canary("apikey")}),
        )
        .unwrap(),
    );
    let test = h
        .call(
            "test_connection",
            json!({"id": instance["id"], "onStage": "__CHANNEL__:1"}),
        )
        .unwrap();
    assert_eq!(test["status"], "ok", "secret field: {test}");
    replies.push(test);
    replies.push(
        h.call(
            "run_operation",
            json!({"id": instance["id"], "operation": "create_tenant",
                "values": {"tenant": {"name": "field canary", "description": "", "tags": {}}}}),
        )
        .unwrap(),
    );

    // Redirects: the platform sends every request on to another host. No
    // credential may follow, for any mode, and the replies name the target.
    let catcher = rt
        .block_on(Catcher::start("127.0.0.2".parse().unwrap()))
        .unwrap();
    rt.block_on(sample.set_faults(vec![Fault {
        path_prefix: "/".into(),
        method: None,
        kind: FaultKind::Redirect {
            status: 307,
            location: format!("{}/collect", catcher.base_url()),
        },
        times: None,
        after: None,
    }]));
    for iid in &instances {
        let test = h
            .call(
                "test_connection",
                json!({"id": iid, "onStage": "__CHANNEL__:1"}),
            )
            .unwrap();
        assert_eq!(test["status"], "failed", "{test}");
        assert!(test.to_string().contains("\"redirected\""), "{test}");
        replies.push(test);
    }
    rt.block_on(sample.set_faults(vec![]));
    assert!(catcher.received().is_empty(), "{:?}", catcher.received());

    // An exec connector gets its secret in its environment and echoes it on
    // stdout and stderr: refused until trusted, then run, and masked everywhere.
    let dir = tempfile::tempdir().unwrap();
    let program = dir.path().join("echo-token");
    std::fs::write(
        &program,
        "#!/bin/sh\ncat >/dev/null\necho \"token is $PB_TOKEN\" >&2\nprintf '{\"ok\": true, \"outputs\": {\"said\": \"%s\"}}\\n' \"$PB_TOKEN\"\n",
    )
    .unwrap();
    std::fs::set_permissions(
        &program,
        <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o755),
    )
    .unwrap();
    let exec = format!(
        "apiVersion: platformbuilder.dev/connector/v1\nkind: exec\ncommand: ['{}']\nsecretEnv: {{PB_TOKEN: token}}\noperations: [check]\n",
        program.display()
    );
    let platform = h.platform_with_connector("CANARY-EXEC", "Canary exec", &exec);
    let instance =
        h.instance_with_credential(&platform, "dev", "https://exec.invalid", &canary("exec"));
    let iid = instance["id"].clone();
    let refused = h
        .call(
            "test_connection",
            json!({"id": iid, "onStage": "__CHANNEL__:1"}),
        )
        .unwrap();
    assert!(
        refused.to_string().contains("exec_not_trusted"),
        "{refused}"
    );
    replies.push(refused);
    let state = h
        .call("get_exec_trust", json!({"identifier": "CANARY-EXEC"}))
        .unwrap();
    let key = state["fingerprint"]["key"].clone();
    replies.push(state);
    replies.push(
        h.call(
            "set_exec_trust",
            json!({"identifier": "CANARY-EXEC", "key": key}),
        )
        .unwrap(),
    );
    for _ in 0..2 {
        let test = h
            .call(
                "test_connection",
                json!({"id": iid, "onStage": "__CHANNEL__:1"}),
            )
            .unwrap();
        assert!(!test.to_string().contains("exec_not_trusted"), "{test}");
        replies.push(test);
        replies.push(
            h.call(
                "run_operation",
                json!({"id": iid, "operation": "check", "values": {}}),
            )
            .unwrap(),
        );
    }

    // The change history saw every credential stored above (and the connectors
    // saved): its pages, its export and the connector versions are replies too.
    let history = h
        .call("list_change_history", json!({"query": {"limit": 10000}}))
        .unwrap();
    let kinds = history.to_string();
    assert!(
        kinds.contains("\"credential\"") && kinds.contains("\"connector\""),
        "credentials and connectors were recorded: {kinds}"
    );
    replies.push(history);
    replies.push(
        h.call("export_change_history", json!({"query": {}}))
            .unwrap(),
    );
    for index in 0..modes.len() {
        let identifier = format!("CANARY-{index}");
        replies.push(
            h.call("list_connector_versions", json!({"identifier": identifier}))
                .unwrap(),
        );
        replies.push(
            h.call(
                "get_connector_version",
                json!({"identifier": identifier, "version": 1}),
            )
            .unwrap(),
        );
    }

    // Scheduled health checks of every instance: their notices (desktop
    // notifications), the Settings overview, schedules and uptime are replies too.
    let ctx = h
        ._app
        .state::<Arc<platform_builder_lib::context::AppContext>>()
        .inner()
        .clone();
    let notices: Arc<Mutex<Vec<Value>>> = Default::default();
    let seen = notices.clone();
    let _ = ctx.health.notifier.set(Arc::new(
        move |n: &pb_registry::pb_health_checks::Notice| {
            let mut shown = serde_json::to_value(n).unwrap();
            shown["title"] = json!(n.title());
            shown["body"] = json!(n.body());
            seen.lock().unwrap().push(shown);
        },
    ));
    for platform in h
        .call("list_platforms", json!({}))
        .unwrap()
        .as_array()
        .unwrap()
    {
        replies.push(
            h.call(
                "set_health_check_interval",
                json!({"platformId": platform["id"], "intervalMinutes": 5}),
            )
            .unwrap(),
        );
    }
    // One instance loses its credential: its check fails, a change of health
    // that raises a notice with the check's summary.
    h.call("remove_instance_credential", json!({"id": instances[0]}))
        .unwrap();
    // Tested a moment ago above: an hour passes, so every instance is due.
    ctx.registry()
        .unwrap()
        .with_tx(|tx| {
            tx.execute(
                "UPDATE health_states SET checked_at_ms = checked_at_ms - 3600000",
                [],
            )?;
            Ok(())
        })
        .unwrap();
    assert!(
        h.call("run_due_health_checks", json!({"wait": true}))
            .unwrap()
            .as_u64()
            .unwrap()
            >= 1
    );
    assert!(
        !notices.lock().unwrap().is_empty(),
        "a notice was raised, so the search means something"
    );
    replies.push(h.call("get_health_checks", json!({})).unwrap());
    for iid in &instances {
        replies.push(h.call("get_instance_uptime", json!({"id": iid})).unwrap());
    }
    replies.extend(notices.lock().unwrap().iter().cloned());

    // Offering the platforms and exporting them to meshStack: the replies, and
    // the files the export writes, are places a secret could reach too.
    replies.extend(h.offer_and_export(&platforms));

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("test_connection"),
        "the commands were logged, so the search means something"
    );
    let replies = serde_json::to_string(&replies).unwrap();
    assert!(
        replies.contains("token is *****"),
        "the exec program ran and its stderr was recorded, masked"
    );
    for mode in ["apikey", "bearer", "basic", "oauth", "hmac", "exec"] {
        let secret = canary(mode);
        let form: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        let json = serde_json::to_string(&secret).unwrap();
        for (how, form) in [
            ("raw", secret.as_str()),
            ("form-encoded", &form),
            ("JSON", &json),
        ] {
            // The unique part is enough to find any copy, however it was cut.
            assert!(!logs.contains(form), "{mode} canary ({how}) in the logs");
            assert!(
                !replies.contains(form),
                "{mode} canary ({how}) in an IPC reply"
            );
        }
    }
    assert!(
        !logs.contains(&id) && !replies.contains(&id),
        "a canary's id leaked"
    );
    // The OAuth2 access tokens and session tokens the platform issued are
    // secrets too (the sample platform issues both as `tok-…`).
    let issued = rt.block_on(sample.shared.tokens.lock()).all();
    assert!(
        issued.len() >= 2,
        "an OAuth2 token and a session token were issued"
    );
    for token in issued {
        assert!(!replies.contains(&token), "an issued token was shown");
        assert!(!logs.contains(&token), "an issued token was logged");
    }
    assert!(!replies.contains("tok-"), "an issued token was shown");
    drop(sample);
}
