//! Reading definition files: YAML (several documents per file, `---` between them)
//! or JSON, one file or a folder of them. Every problem is reported with its file,
//! line and path in the document, and reading goes on so all of them are reported
//! at once.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::format::{
    Document, InstanceDocument, InstanceMetadata, Metadata, PlatformDocument, PlatformSpec,
    TypeDocument, TypeSpec, API_VERSION,
};

/// One problem in the definitions, where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Problem {
    pub file: String,
    /// 1-based; None when the problem is about the document as a whole.
    pub line: Option<usize>,
    /// Where in the document: `spec.instances`, `metadata.name`; empty for the file.
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if !self.path.is_empty() {
            write!(f, ": {}", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A document with where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Located {
    pub file: PathBuf,
    /// The line its text starts on.
    pub line: usize,
    pub document: Document,
}

/// Files bigger than this are not definitions; refusing them keeps a mistaken
/// path (a log, a dump) from being read into memory.
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The definition files under `path`: the file itself, or every `.yaml`, `.yml` and
/// `.json` file in the folder and its subfolders, in name order.
pub fn definition_files(path: &Path) -> Result<Vec<PathBuf>, Problem> {
    let problem = |message: String| Problem {
        file: path.display().to_string(),
        line: None,
        path: String::new(),
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| problem(format!("cannot read: {e}")))?;
    if meta.is_file() {
        return Ok(vec![path.to_owned()]);
    }
    let mut files = Vec::new();
    let mut folders = vec![path.to_owned()];
    while let Some(folder) = folders.pop() {
        let entries =
            std::fs::read_dir(&folder).map_err(|e| problem(format!("cannot read: {e}")))?;
        for entry in entries.flatten() {
            let p = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            if p.is_dir() {
                folders.push(p);
            } else if [".yaml", ".yml", ".json"]
                .iter()
                .any(|ext| name.ends_with(ext))
            {
                files.push(p);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Reads every document of every file; the documents that could be read, and
/// every problem found.
pub fn read_paths(paths: &[PathBuf]) -> (Vec<Located>, Vec<Problem>) {
    read_paths_within(paths, None)
}

/// As [`read_paths`], but reading stops once `budget` is spent (checked between
/// files, each of which is bounded in size and read in linear time): the
/// provisioning folder is applied at every start and must not run unbounded.
pub fn read_paths_within(
    paths: &[PathBuf],
    budget: Option<std::time::Duration>,
) -> (Vec<Located>, Vec<Problem>) {
    let started = std::time::Instant::now();
    let mut read = 0usize;
    let mut documents = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let files = match definition_files(path) {
            Ok(files) => files,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        for file in files {
            if budget.is_some_and(|b| started.elapsed() > b) {
                problems.push(Problem {
                    file: path.display().to_string(),
                    line: None,
                    path: String::new(),
                    message: format!(
                        "reading stopped after {read} files: the folder took longer than {} s to read; nothing was applied (keep only definition files in it)",
                        budget.unwrap_or_default().as_secs()
                    ),
                });
                return (documents, problems);
            }
            read += 1;
            let problem = |message: String| Problem {
                file: file.display().to_string(),
                line: None,
                path: String::new(),
                message,
            };
            match std::fs::metadata(&file) {
                Ok(m) if m.len() > MAX_FILE_BYTES => {
                    problems.push(problem(format!(
                        "is {} bytes; definition files are at most {MAX_FILE_BYTES}",
                        m.len()
                    )));
                    continue;
                }
                Err(e) => {
                    problems.push(problem(format!("cannot read: {e}")));
                    continue;
                }
                Ok(_) => {}
            }
            match std::fs::read_to_string(&file) {
                Ok(text) => {
                    let (docs, probs) = read_text(&file, &text);
                    documents.extend(docs);
                    problems.extend(probs);
                }
                Err(e) => problems.push(problem(format!("cannot read: {e}"))),
            }
        }
    }
    (documents, problems)
}

/// The documents of one file's text: split at `---` lines, each parsed on its own
/// so a line number stays a line number of the file.
pub fn read_text(file: &Path, text: &str) -> (Vec<Located>, Vec<Problem>) {
    let mut documents = Vec::new();
    let mut problems = Vec::new();
    for (start, chunk) in split_documents(text) {
        if chunk.lines().all(|l| {
            let l = l.trim();
            l.is_empty() || l.starts_with('#')
        }) {
            continue;
        }
        match read_document(&chunk) {
            Ok(document) => documents.push(Located {
                file: file.to_owned(),
                line: start,
                document,
            }),
            Err((line, path, message)) => problems.push(Problem {
                file: file.display().to_string(),
                line: Some(start + line.unwrap_or(1) - 1),
                path,
                message,
            }),
        }
    }
    (documents, problems)
}

/// The documents of a text with the line each starts on (1-based).
fn split_documents(text: &str) -> Vec<(usize, String)> {
    let mut parts = Vec::new();
    let mut start = 1;
    let mut current = String::new();
    for (n, line) in text.lines().enumerate() {
        let marker = line.trim_end();
        if marker == "---" || marker.starts_with("--- ") || marker == "..." {
            parts.push((start, std::mem::take(&mut current)));
            start = n + 2;
            continue;
        }
        current.push_str(line);
        current.push('\n');
    }
    parts.push((start, current));
    parts
}

/// The top level every document shares, read first to know which kind to read.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope {
    #[serde(default)]
    api_version: Option<String>,
    #[serde(default)]
    kind: Option<String>,
}

/// The whole document of one kind, as written (with its `kind`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Raw<M, S> {
    api_version: String,
    #[allow(dead_code)]
    kind: String,
    metadata: M,
    spec: S,
}

type Failure = (Option<usize>, String, String);

fn typed<M: DeserializeOwned, S: DeserializeOwned>(text: &str) -> Result<Raw<M, S>, Failure> {
    let de = serde_norway::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let line = e.inner().location().map(|l| l.line());
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        let message = clean(&e.inner().to_string());
        // serde_norway starts the message with the path too; it is reported on its own.
        let message = match message.split_once(": ") {
            Some((head, rest)) if !head.is_empty() && path.starts_with(head) => rest.to_owned(),
            _ => message,
        };
        (refine_line(text, line, &path), path, message)
    })
}

/// The parser places some errors (a custom one, a value of the wrong shape) at the
/// start of the enclosing mapping; the key the path ends in, at or after that line,
/// is where the administrator has to look.
fn refine_line(text: &str, line: Option<usize>, path: &str) -> Option<usize> {
    let key = path.rsplit('.').next().unwrap_or_default();
    let key = key.split('[').next().unwrap_or_default();
    if key.is_empty() {
        return line;
    }
    let from = line.unwrap_or(1);
    text.lines()
        .enumerate()
        .skip(from - 1)
        .find(|(_, l)| {
            l.trim_start()
                .trim_start_matches("- ")
                .starts_with(&format!("{key}:"))
        })
        .map(|(n, _)| n + 1)
        .or(line)
}

/// serde_norway appends "at line N column M": the line is reported on its own.
fn clean(message: &str) -> String {
    match message.find(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

fn read_document(text: &str) -> Result<Document, Failure> {
    // Before any YAML parsing: nesting is refused in linear time (see bounds).
    pb_connector::bounds::check_depth(text)
        .map_err(|e| (Some(e.line), String::new(), e.message))?;
    let envelope: Envelope = serde_norway::from_str(text).map_err(|e| {
        (
            e.location().map(|l| l.line()),
            String::new(),
            format!("not valid YAML or JSON: {}", clean(&e.to_string())),
        )
    })?;
    match envelope.api_version.as_deref() {
        Some(API_VERSION) => {}
        Some(other) => {
            return Err((
                None,
                "apiVersion".into(),
                format!("'{other}' is not supported; this build reads '{API_VERSION}'"),
            ))
        }
        None => {
            return Err((
                None,
                "apiVersion".into(),
                format!("missing; write apiVersion: {API_VERSION}"),
            ))
        }
    }
    Ok(match envelope.kind.as_deref() {
        Some("PlatformType") => {
            let raw: Raw<Metadata, TypeSpec> = typed(text)?;
            Document::PlatformType(TypeDocument {
                api_version: raw.api_version,
                metadata: raw.metadata,
                spec: raw.spec,
            })
        }
        Some("Platform") => {
            let raw: Raw<Metadata, PlatformSpec> = typed(text)?;
            Document::Platform(PlatformDocument {
                api_version: raw.api_version,
                metadata: raw.metadata,
                spec: raw.spec,
            })
        }
        Some("Instance") => {
            let raw: Raw<InstanceMetadata, _> = typed(text)?;
            Document::Instance(InstanceDocument {
                api_version: raw.api_version,
                metadata: raw.metadata,
                spec: raw.spec,
            })
        }
        Some("Location") => {
            let raw: Raw<Metadata, _> = typed(text)?;
            Document::Location(super::format::LocationDocument {
                api_version: raw.api_version,
                metadata: raw.metadata,
                spec: raw.spec,
            })
        }
        Some("LandingZone") => {
            let raw: Raw<InstanceMetadata, _> = typed(text)?;
            Document::LandingZone(super::format::LandingZoneDocument {
                api_version: raw.api_version,
                metadata: raw.metadata,
                spec: raw.spec,
            })
        }
        other => {
            return Err((
                None,
                "kind".into(),
                format!(
                    "{} is not a kind of document; use PlatformType, Platform, Instance, Location or LandingZone",
                    other.map_or("missing".to_owned(), |k| format!("'{k}'"))
                ),
            ))
        }
    })
}
