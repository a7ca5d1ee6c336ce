//! Writing the registry as definition files that import back to the same state:
//! `types/<IDENTIFIER>.yaml` for each custom type, `locations/<identifier>.yaml`
//! for each location and `platforms/<identifier>.yaml` for each platform with its
//! instances and landing zones. Secrets are written as references, never
//! as values. The same registry always gives byte-identical files.

use std::path::{Path, PathBuf};

use super::format::Document;
use super::state;
use crate::db::Registry;
use crate::error::{RegistryError, Result};

/// One file of an export: its path relative to the export folder, and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportFile {
    pub path: PathBuf,
    pub text: String,
}

const HEADER: &str =
    "# Platform Builder definitions (platformbuilder.dev/v1); see docs/definitions.md.\n";

fn file(path: PathBuf, documents: &[Document]) -> ExportFile {
    let mut text = HEADER.to_owned();
    for (n, doc) in documents.iter().enumerate() {
        if n > 0 {
            text.push_str("---\n");
        }
        // Plain data (strings, numbers, maps): serialising cannot fail.
        text.push_str(&serde_norway::to_string(doc).unwrap_or_default());
    }
    ExportFile { path, text }
}

/// Every custom type and active platform, or only `platform` (an identifier) and
/// its type when that is a custom one.
pub fn export(reg: &Registry, service: &str, platform: Option<&str>) -> Result<Vec<ExportFile>> {
    let stored = reg.read(|c| state::load(c, service))?;
    if let Some(p) = platform {
        if !stored.platforms.contains_key(p) {
            return Err(RegistryError::NotFound {
                what: "platform",
                id: p.to_owned(),
            });
        }
    }
    let wanted = |identifier: &str| platform.is_none_or(|p| p == identifier);
    let mut files = Vec::new();
    let used_type = platform
        .and_then(|p| stored.platforms.get(p))
        .map(|p| p.document.spec.type_id.clone());
    for (identifier, doc) in &stored.types {
        if used_type.as_ref().is_none_or(|t| t == identifier) {
            files.push(file(
                Path::new("types").join(format!("{identifier}.yaml")),
                &[Document::PlatformType(doc.clone())],
            ));
        }
    }
    // Every location, or only the exported platform's.
    let used_location = platform
        .and_then(|p| stored.platforms.get(p))
        .map(|p| p.document.spec.location.clone());
    for (identifier, doc) in &stored.locations {
        if used_location.as_ref().is_none_or(|l| l == identifier) {
            files.push(file(
                Path::new("locations").join(format!("{identifier}.yaml")),
                &[Document::Location(doc.clone())],
            ));
        }
    }
    for (identifier, p) in stored.platforms.iter().filter(|(id, _)| wanted(id)) {
        let mut documents = vec![Document::Platform(p.document.clone())];
        documents.extend(
            stored
                .instances
                .iter()
                .filter(|((platform, _), _)| platform == identifier)
                .map(|(_, i)| Document::Instance(i.document.clone())),
        );
        documents.extend(
            stored
                .zones
                .values()
                .filter(|z| &z.metadata.platform == identifier)
                .map(|z| Document::LandingZone(z.clone())),
        );
        files.push(file(
            Path::new("platforms").join(format!("{identifier}.yaml")),
            &documents,
        ));
    }
    Ok(files)
}

/// Writes the files under `dir` (created if needed), replacing files of the same
/// name and leaving others alone.
pub fn write(dir: &Path, files: &[ExportFile]) -> std::io::Result<()> {
    for f in files {
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, &f.text)?;
    }
    Ok(())
}
