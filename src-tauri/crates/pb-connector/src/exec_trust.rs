//! Local trust for `exec` connectors. A definition file is someone else's text: an
//! exec connector in it would run any program on this machine the first time
//! anyone clicks Test. So a program runs only when this machine's trust list holds
//! its fingerprint: the exact command (argv), the environment the connector sets
//! (names and templates, since `LD_PRELOAD` or `PATH` would change what a trusted
//! program does), the resolved program path, and the SHA-256 of the program file.
//! Any change to one of them, including a rebuilt or replaced program, needs a new
//! trust. The trust list itself lives with the caller (the registry keeps it in a
//! table that export never writes); this module only computes and compares.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::definition::ExecConnector;
use crate::error::ConnectorError;

/// Program files larger than this are not hashed (and so never trusted): no
/// connector program is a gigabyte, and hashing one would stall a Test click.
pub const MAX_PROGRAM_BYTES: u64 = 512 * 1024 * 1024;

/// Which exec connectors may run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExecTrust {
    /// Only those whose fingerprint key is listed (the default: none).
    Listed(BTreeSet<String>),
    /// Every program. For the shipped presets of built-in types (their text is
    /// part of this binary) and for tests whose connectors the test itself wrote.
    Every,
}

impl Default for ExecTrust {
    fn default() -> Self {
        ExecTrust::Listed(BTreeSet::new())
    }
}

/// What identifies one exec connector's program on this machine, as the trust
/// prompt shows it and the trust list stores it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExecFingerprint {
    /// The command as the definition gives it.
    pub command: Vec<String>,
    /// The environment variables the connector sets (values are templates) and
    /// those it fills from secrets (values are secret names, never secrets).
    pub env: Vec<(String, String)>,
    /// The program file that runs, after lookup (absolute where found).
    pub program: String,
    /// SHA-256 of the program file, lower-case hex.
    pub program_sha256: String,
    /// Arguments that name a file (absolute paths: `python3 /opt/cli.py`), with
    /// its SHA-256, so an edited script needs a new trust as an edited binary does.
    pub argument_files: Vec<(String, String)>,
    /// The trust list's key: SHA-256 over everything above.
    pub key: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The program to start. A bare name (no `/`) is looked up next to Platform
/// Builder's own executable first, so programs that ship with the app (the
/// PostgreSQL preset's `pb-connector-postgresql`, installed beside it in
/// `/usr/bin` or `target/release`) are found without PATH, then in PATH as a
/// shell would. The result is what gets hashed and what gets started, so the two
/// cannot be different files found by different lookups.
pub fn resolve_program(program: &str) -> PathBuf {
    if program.contains('/') {
        return PathBuf::from(program);
    }
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(program)));
    if let Some(path) = beside.filter(|p| p.is_file()) {
        return path;
    }
    let path_var = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path_var)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from(program))
}

/// SHA-256 of a file, read in blocks (bounded memory) and refused past
/// [`MAX_PROGRAM_BYTES`].
pub fn file_sha256(path: &Path) -> Result<String, String> {
    let mut file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > MAX_PROGRAM_BYTES {
        return Err(format!(
            "{} is {size} bytes, more than the {MAX_PROGRAM_BYTES} bytes a connector program may be",
            path.display()
        ));
    }
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if n == 0 {
            break;
        }
        ctx.update(&buf[..n]);
    }
    Ok(hex(ctx.finish().as_ref()))
}

/// The fingerprint of `connector`'s program as it is on disk now.
pub fn fingerprint(connector: &ExecConnector) -> Result<ExecFingerprint, ConnectorError> {
    let first = connector.command.first().ok_or_else(|| {
        ConnectorError::Definition("exec connector: command must name a program".into())
    })?;
    let program = resolve_program(first);
    let program_sha256 = file_sha256(&program)
        .map_err(|e| ConnectorError::Definition(format!("cannot start {first}: {e}")))?;
    let mut env: Vec<(String, String)> = connector
        .env
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    env.extend(
        connector
            .secret_env
            .iter()
            .map(|(k, v)| (k.clone(), format!("{{{{ secrets.{v} }}}}"))),
    );
    let argument_files: Vec<(String, String)> = connector.command[1..]
        .iter()
        .filter(|a| a.starts_with('/') && Path::new(a.as_str()).is_file())
        .map(|a| {
            let sha = file_sha256(Path::new(a.as_str()))
                .map_err(|e| ConnectorError::Definition(format!("cannot read {a}: {e}")))?;
            Ok((a.clone(), sha))
        })
        .collect::<Result<_, ConnectorError>>()?;
    let program = program.display().to_string();
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
    // Length-prefixed parts, so no two different fingerprints share a key.
    let mut add = |part: &str| {
        ctx.update(&(part.len() as u64).to_le_bytes());
        ctx.update(part.as_bytes());
    };
    add("command");
    connector.command.iter().for_each(|a| add(a));
    add("env");
    env.iter().for_each(|(k, v)| {
        add(k);
        add(v);
    });
    add("program");
    add(&program);
    add(&program_sha256);
    add("files");
    argument_files.iter().for_each(|(path, sha)| {
        add(path);
        add(sha);
    });
    let key = hex(ctx.finish().as_ref());
    Ok(ExecFingerprint {
        command: connector.command.clone(),
        env,
        program,
        program_sha256,
        argument_files,
        key,
    })
}

/// The command as one line for messages: arguments with spaces quoted, long ones
/// shortened (a `sh -c` script can be pages long).
pub fn command_line(command: &[String]) -> String {
    command
        .iter()
        .map(|a| {
            let short: String = if a.chars().count() > 80 {
                format!("{}…", a.chars().take(80).collect::<String>())
            } else {
                a.clone()
            };
            if short.contains(char::is_whitespace) || short.is_empty() {
                format!("'{short}'")
            } else {
                short
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl ExecTrust {
    /// Ok when `connector` may run now; the fingerprint is returned either way so
    /// the caller can show it.
    pub fn check(&self, connector: &ExecConnector) -> Result<ExecFingerprint, ConnectorError> {
        let fp = fingerprint(connector)?;
        match self {
            ExecTrust::Every => Ok(fp),
            ExecTrust::Listed(keys) if keys.contains(&fp.key) => Ok(fp),
            ExecTrust::Listed(_) => Err(ConnectorError::ExecNotTrusted {
                command: command_line(&fp.command),
                sha256: fp.program_sha256,
            }),
        }
    }
}

/// True when `connector` runs exactly what a shipped preset runs (same command
/// and environment) and its program is the one installed beside this app's own
/// executable: then it is part of the app, trusted as the app itself is, whoever
/// wrote the definition that names it.
pub fn is_shipped(connector: &ExecConnector) -> bool {
    let beside_app = || {
        let program = resolve_program(connector.command.first().map_or("", String::as_str));
        let dir = std::env::current_exe()
            .ok()
            .and_then(|e| e.parent().map(Path::to_path_buf));
        dir.is_some_and(|d| program.parent() == Some(d.as_path()))
    };
    crate::presets::PRESETS.iter().any(|(_, text)| {
        matches!(
            crate::parse(text).map(|d| d.connector),
            Ok(crate::definition::Connector::Exec(shipped))
                if shipped.command == connector.command
                    && shipped.env == connector.env
                    && shipped.secret_env == connector.secret_env
        )
    }) && beside_app()
}
