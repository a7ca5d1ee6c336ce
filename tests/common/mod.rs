//! The app started on Tauri's mock runtime, with an in-memory registry and an
//! in-memory secret store, and a way to call its commands as the UI does.
#![allow(dead_code)]

use std::sync::Arc;

use pb_registry::Registry;
use pb_secrets::MemoryStore;
use platform_builder_lib::context::{AppContext, AppPaths};
use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

pub struct Harness {
    pub _app: tauri::App<tauri::test::MockRuntime>,
    pub window: WebviewWindow<tauri::test::MockRuntime>,
    pub secrets: Arc<MemoryStore>,
}

pub fn harness() -> Harness {
    let dir = std::env::temp_dir();
    let secrets = Arc::new(MemoryStore::new());
    let ctx = AppContext::with_parts(
        AppPaths {
            data_dir: dir.clone(),
            database: dir.join("in-memory"),
            log_dir: dir.join("logs"),
        },
        Registry::open_in_memory().unwrap(),
        secrets.clone(),
    );
    // With the mock runtime `.setup()` never runs, so the state is managed directly.
    let app = platform_builder_lib::with_commands(mock_builder())
        .manage(Arc::new(ctx))
        .build(mock_context(noop_assets()))
        .expect("mock app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("mock window");
    Harness {
        _app: app,
        window,
        secrets,
    }
}

impl Harness {
    pub fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().unwrap())
    }
}

impl Harness {
    /// A custom platform type `identifier` with `connector`, and a platform of it.
    pub fn platform_with_connector(&self, identifier: &str, name: &str, connector: &str) -> Value {
        self.call(
            "create_platform_type",
            serde_json::json!({"input": {"identifier": identifier, "displayName": name, "icon": "api"}}),
        )
        .unwrap();
        self.call(
            "set_platform_type_connector",
            serde_json::json!({"identifier": identifier, "definition": connector}),
        )
        .unwrap();
        self.platform(name, identifier)
    }

    pub fn platform(&self, name: &str, type_id: &str) -> Value {
        self.call(
            "create_platform",
            serde_json::json!({"input": {"name": name, "typeId": type_id}}),
        )
        .unwrap()
    }

    /// An instance of `platform` at `endpoint` (environment = name) with `secret`
    /// stored as its credential; the reply to storing it.
    pub fn instance_with_credential(
        &self,
        platform: &Value,
        name: &str,
        endpoint: &str,
        secret: &str,
    ) -> Value {
        let instance = self
            .call(
                "create_instance",
                serde_json::json!({"platformId": platform["id"], "input": {"name": name, "environment": name, "endpoint": endpoint}}),
            )
            .unwrap();
        self.call(
            "set_instance_credential",
            serde_json::json!({"id": instance["id"], "secret": secret}),
        )
        .unwrap()
    }
}

/// The Generic REST preset, which the sample platform speaks.
pub const GENERIC_REST: &str =
    include_str!("../../src-tauri/crates/pb-connector/presets/generic-rest.yaml");

impl Harness {
    /// Gives each platform a location and a landing zone, asks what publishing
    /// needs, and exports them to meshStack: every reply and every exported file's
    /// text, for tests that search them (the canary).
    pub fn offer_and_export(&self, platforms: &[Value]) -> Vec<Value> {
        use serde_json::json;
        let mut replies = Vec::new();
        let mut offered = Vec::new();
        for (index, pid) in platforms.iter().enumerate() {
            let input = json!({"name": format!("Canary {index}"), "typeId": format!("CANARY-{index}"), "location": "EU Central"});
            let updated = self
                .call("update_platform", json!({"id": pid, "input": input}))
                .unwrap();
            offered.push(updated["identifier"].clone());
            replies.push(updated);
            let zone = json!({"identifier": format!("canary-zone-{index}"), "name": "Zone"});
            let saved = json!({"platformId": pid, "input": zone});
            replies.push(self.call("save_landing_zone", saved).unwrap());
            let readiness = json!({"platformId": pid});
            replies.push(self.call("get_publication_readiness", readiness).unwrap());
        }
        replies.push(self.call("list_locations", json!({})).unwrap());
        let dir = tempfile::tempdir().unwrap();
        let summary = self
            .call(
                "export_meshstack",
                json!({"dir": dir.path(), "platforms": offered}),
            )
            .unwrap();
        let files = summary["files"].as_array().unwrap();
        assert_eq!(files.len(), 7, "{summary}");
        for f in files {
            let path = dir.path().join(f.as_str().unwrap());
            replies.push(Value::String(std::fs::read_to_string(path).unwrap()));
        }
        assert!(
            replies
                .last()
                .is_some_and(|t| t.to_string().contains("meshstack_landingzone")),
            "the export wrote the landing zones, so a search means something"
        );
        replies.push(summary);
        replies
    }
}
