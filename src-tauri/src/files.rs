//! Files the administrator picks with the native dialog: certificates (public, so
//! their text may reach the UI), a client key (read here and stored in the keyring:
//! its text never crosses IPC) and OpenAPI documents to import operations from.

use std::path::Path;
use std::sync::Arc;

use pb_connector::openapi::{self, OpenApiDocument};
use pb_registry::{Instance, RegistryError};
use pb_secrets::Sensitive;
use serde::Deserialize;
use tauri::State;
use tracing::instrument;
use ts_rs::TS;

use crate::commands::{blocking, finish, run};
use crate::context::AppContext;
use crate::error::AppError;

type Ctx<'a> = State<'a, Arc<AppContext>>;

/// PEM files are small; anything bigger is the wrong file.
const MAX_PEM_BYTES: u64 = 1024 * 1024;

fn read_text(path: &str, limit: u64) -> Result<String, AppError> {
    let fail = |m: String| AppError::from(RegistryError::field("path", m));
    let meta =
        std::fs::metadata(Path::new(path)).map_err(|e| fail(format!("Cannot read {path}: {e}")))?;
    if !meta.is_file() {
        return Err(fail(format!("{path} is not a file")));
    }
    if meta.len() > limit {
        return Err(fail(format!(
            "{path} is larger than {} KiB; pick the PEM file itself",
            limit / 1024
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(format!("Cannot read {path}: {e}")))?;
    String::from_utf8(bytes).map_err(|_| fail(format!("{path} is not a text (PEM) file")))
}

/// Certificates from a PEM file (a CA bundle or a client certificate). A file with
/// a private key in it is refused: keys go through `set_instance_client_key_from_file`.
#[tauri::command]
#[instrument(skip_all)]
pub async fn read_certificate_file(ctx: Ctx<'_>, path: String) -> Result<String, AppError> {
    run(&ctx, "read_certificate_file", move |_| {
        let text = read_text(&path, MAX_PEM_BYTES)?;
        if text.contains("PRIVATE KEY-----") {
            return Err(RegistryError::field(
                "path",
                "This file contains a private key; pick the certificate file (the key is set separately and kept in the keyring)",
            )
            .into());
        }
        pb_connector::tls::ca_certificates(&text)
            .map_err(|e| RegistryError::field("path", format!("No certificate in this file: {e}")))?;
        Ok(text)
    })
    .await
}

/// Reads a client key file and stores it in the keyring after checking it against
/// the instance's client certificate; the reply says only that a key is configured.
#[tauri::command]
#[instrument(skip_all, fields(id = %id))]
pub async fn set_instance_client_key_from_file(
    ctx: Ctx<'_>,
    id: String,
    path: String,
) -> Result<Instance, AppError> {
    run(&ctx, "set_instance_client_key_from_file", move |c| {
        let key = Sensitive::new(read_text(&path, MAX_PEM_BYTES)?);
        Ok(c.registry()?
            .set_client_key(c.secrets.as_ref(), &c.keyring_service, &id, &key)?)
    })
    .await
}

/// Where an OpenAPI document comes from: exactly one of the three.
#[derive(Clone, Debug, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct OpenApiSource {
    #[ts(optional)]
    pub path: Option<String>,
    #[ts(optional)]
    pub url: Option<String>,
    #[ts(optional)]
    pub text: Option<String>,
}

#[tauri::command]
#[instrument(skip_all)]
pub async fn import_openapi(
    ctx: Ctx<'_>,
    source: OpenApiSource,
) -> Result<OpenApiDocument, AppError> {
    let started = std::time::Instant::now();
    let field = |name: &str, m: String| AppError::from(RegistryError::field(name, m));
    let result = async {
        let (name, text) = match source {
            OpenApiSource {
                path: Some(path), ..
            } => {
                let text = blocking(&ctx, "import_openapi", move |_| {
                    read_text(&path, openapi::MAX_DOCUMENT_BYTES as u64)
                })
                .await?;
                ("path", text)
            }
            OpenApiSource { url: Some(url), .. } => {
                let text = openapi::fetch(url.trim())
                    .await
                    .map_err(|m| field("url", m))?;
                ("url", text)
            }
            OpenApiSource {
                text: Some(text), ..
            } => ("text", text),
            _ => {
                return Err(field(
                    "source",
                    "Pick a file, enter a URL or paste the document".into(),
                ))
            }
        };
        openapi::parse(&text).map_err(|m| field(name, m))
    }
    .await;
    finish(&ctx, "import_openapi", started, result)
}
