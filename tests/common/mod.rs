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
