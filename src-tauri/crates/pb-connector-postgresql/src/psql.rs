//! Running psql: scripts go in on stdin (never in argv, which any local user can
//! read in /proc), passwords only in `PGPASSWORD`, and every run is bounded and
//! its failure classified from psql's exit status and stderr.

use std::io::{ErrorKind, Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::diagnose::classify;
use crate::endpoint::Endpoint;
use crate::protocol::{Class, Failure, Request};

/// Server-side bounds for every session (PGOPTIONS): a statement that waits on
/// a lock or runs away fails with a clear error before our own bound kills psql.
const SESSION_OPTIONS: &str =
    "-c statement_timeout=15s -c lock_timeout=10s -c idle_in_transaction_session_timeout=20s";
/// Our bound on one psql run: connect timeout + statement timeout, and some.
const RUN_TIMEOUT: Duration = Duration::from_secs(25);

/// Who a session logs in as, where.
pub struct Login<'a> {
    pub user: &'a str,
    /// `None`: the admin password this program got in `PGPASSWORD`.
    pub password: Option<&'a str>,
    pub dbname: &'a str,
}

pub struct Psql {
    program: PathBuf,
    pub endpoint: Endpoint,
    pub admin: String,
}

impl Psql {
    pub fn new(request: &Request) -> Result<Psql, Failure> {
        if request.endpoint.trim().is_empty() {
            return Err(Failure::config(
                "the instance has no endpoint (postgresql://HOST:PORT/DATABASE)",
            ));
        }
        let endpoint = Endpoint::parse(request.endpoint.trim())?;
        let admin = match request.text(&["fields", "admin_user"])? {
            Some(user) => user.to_owned(),
            None => endpoint.user.clone().ok_or_else(|| {
                Failure::config("the instance needs the custom field admin_user (the PostgreSQL role to log in as)")
            })?,
        };
        if admin.starts_with('-') || admin.chars().any(char::is_control) {
            return Err(Failure::config(format!(
                "admin_user {admin:?} is not a role name"
            )));
        }
        Ok(Psql {
            program: locate(),
            endpoint,
            admin,
        })
    }

    /// Runs a script as the admin user on the endpoint's database; its stdout.
    pub fn run(&self, script: &str) -> Result<String, Failure> {
        self.run_as(&self.admin_login(), script)
    }

    pub fn run_as(&self, login: &Login, script: &str) -> Result<String, Failure> {
        self.run_partial(login, script)
            .map_err(|(failure, _)| failure)
    }

    /// Like [`Psql::run_as`], but a failed script's stdout comes with the
    /// failure: its markers tell how far it got.
    pub fn run_partial(&self, login: &Login, script: &str) -> Result<String, (Failure, String)> {
        let child = self.spawn(login).map_err(|f| (f, String::new()))?;
        let (code, stdout, stderr) =
            finish(child, script, RUN_TIMEOUT).map_err(|f| (f, String::new()))?;
        match code {
            Some(0) => Ok(stdout),
            _ => Err((classify(code, &stderr), stdout)),
        }
    }

    /// The admin's login on the endpoint's database.
    pub fn admin_login(&self) -> Login<'_> {
        Login {
            user: &self.admin,
            password: None,
            dbname: &self.endpoint.dbname,
        }
    }

    /// A started psql with piped stdin, stdout and stderr (the probe's
    /// sessions keep stdin open to hold their connection).
    pub fn spawn(&self, login: &Login) -> Result<Child, Failure> {
        let e = &self.endpoint;
        let mut command = Command::new(&self.program);
        #[rustfmt::skip]
        command.args([
            // No ~/.psqlrc, quiet, unaligned tuples only, never prompt for a
            // password, stop at the first error, errors with their SQLSTATE.
            "-X", "-q", "-A", "-t", "-w",
            "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose",
            "-h", &e.host, "-p", &e.port.to_string(), "-U", login.user, "-d", login.dbname,
        ]);
        // Only our settings: a PGSERVICE or PGOPTIONS from the environment
        // must not change where or how this connects.
        for var in [
            "PGSERVICE",
            "PGSERVICEFILE",
            "PGSSLMODE",
            "PGSSLROOTCERT",
            "PGTARGETSESSIONATTRS",
        ] {
            command.env_remove(var);
        }
        command
            .env("PGCONNECT_TIMEOUT", e.connect_timeout_s.to_string())
            .env("PGOPTIONS", SESSION_OPTIONS)
            .env("PGAPPNAME", "pb-connector-postgresql")
            // Names and descriptions are UTF-8 whatever the locale says.
            .env("PGCLIENTENCODING", "UTF8");
        if let Some(mode) = &e.sslmode {
            command.env("PGSSLMODE", mode);
        }
        if let Some(cert) = &e.sslrootcert {
            command.env("PGSSLROOTCERT", cert);
        }
        if let Some(password) = login.password {
            command.env("PGPASSWORD", password);
        }
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command.spawn().map_err(|err| {
            let shown = self.program.display();
            Failure::config(match err.kind() {
                ErrorKind::NotFound => format!(
                    "psql is not installed ({shown} not found): install the PostgreSQL client, Debian package postgresql-client"
                ),
                _ => format!("cannot run {shown}: {err}"),
            })
        })
    }
}

/// psql to run: `PB_PSQL` when set; else, on Debian and Ubuntu, the newest
/// `/usr/lib/postgresql/N/bin/psql`, because `/usr/bin/psql` there is
/// pg_wrapper, a Perl script that picks that same binary but doubles the cost
/// of every run (about 45 ms instead of 20 here); else `psql` on PATH.
fn locate() -> PathBuf {
    if let Some(p) = std::env::var_os("PB_PSQL").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let newest = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version: u32 = e.file_name().to_str()?.parse().ok()?;
            let psql = e.path().join("bin/psql");
            psql.is_file().then_some((version, psql))
        })
        .max_by_key(|(v, _)| *v);
    newest.map_or_else(|| PathBuf::from("psql"), |(_, p)| p)
}

fn reader(mut pipe: Option<impl Read + Send + 'static>) -> JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(p) = pipe.as_mut() {
            let _ = p.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Feeds the script, closes stdin and waits (bounded) for psql to exit:
/// (exit code, stdout, stderr). An overrun kills psql.
pub fn finish(
    mut child: Child,
    script: &str,
    timeout: Duration,
) -> Result<(Option<i32>, String, String), Failure> {
    let out = reader(child.stdout.take());
    let err = reader(child.stderr.take());
    if let Some(mut stdin) = child.stdin.take() {
        // A psql that died early (no connection) stops reading: its exit status
        // and stderr tell why, so a broken pipe here is not the error.
        let _ = stdin.write_all(script.as_bytes());
    }
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(2)),
            Ok(None) | Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Failure::new(
                    Class::Network,
                    format!(
                        "psql did not finish within {} s and was stopped",
                        timeout.as_secs()
                    ),
                ));
            }
        }
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    Ok((status.code(), stdout, stderr))
}
