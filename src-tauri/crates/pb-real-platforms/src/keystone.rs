//! A real OpenStack Keystone (Debian package `keystone`) on 127.0.0.1, for the
//! OpenStack preset's tests. Each [`Keystone`] has its own temp dir holding the
//! config, a SQLite database, the fernet and credential key repositories and the
//! server's log; dropping it stops the server and removes the directory.

use std::fs::{self, File};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::process::{self, get_status, tail};

/// Each `keystone-manage` step takes 2-3 s here; generous for a busy machine.
const MANAGE_TIMEOUT: Duration = Duration::from_secs(120);
/// The server answers `GET /v3` about 3 s after it is spawned.
const READY_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a SIGTERM may take before SIGKILL.
const STOP_TIMEOUT: Duration = Duration::from_secs(10);

pub struct Keystone {
    // `Drop::drop` stops the server before the fields are dropped, so the
    // temp dir goes only once nothing writes to it.
    server: Child,
    port: u16,
    dir: TempDir,
}

impl Keystone {
    pub const ADMIN_USER: &'static str = "admin";
    pub const ADMIN_PASSWORD: &'static str = "pb-keystone-admin-secret";
    pub const ADMIN_PROJECT: &'static str = "admin";
    pub const DOMAIN_ID: &'static str = "default";
    pub const REGION: &'static str = "RegionOne";

    /// Starts Keystone in a fresh temp dir and waits until `GET /v3` answers 200.
    ///
    /// `keystone-manage bootstrap` creates: the `Default` domain (id `default`),
    /// the roles `admin`, `member` and `reader` (admin implies member implies
    /// reader), the project `admin`, the user `admin` with role `admin` on that
    /// project *and on the system scope*, the region `RegionOne`, and the service
    /// `keystone` of type `identity` with public and admin endpoints on the port.
    pub fn start() -> Result<Keystone, String> {
        let dir = tempfile::Builder::new()
            .prefix("pb-keystone-")
            .tempdir()
            .map_err(|e| format!("keystone: no temp dir: {e}"))?;
        let port = crate::free_port()?;
        let d = dir.path();
        let conf = d.join("keystone.conf");
        // Logs go to stderr (use_stderr), which is a file for every command,
        // so a failure can quote them. No [oslo_policy] section: the built-in
        // default policies let `admin` do everything the preset needs (Debian's
        // /etc/keystone/policy.d/00_default_policy.yaml is all comments anyway).
        let text = format!(
            "[DEFAULT]\nuse_stderr = true\n\
             [database]\nconnection = sqlite:///{db}\n\
             [token]\nprovider = fernet\n\
             [fernet_tokens]\nkey_repository = {d}/fernet-keys\n\
             [fernet_receipts]\nkey_repository = {d}/fernet-keys\n\
             [credential]\nkey_repository = {d}/credential-keys\n",
            db = d.join("keystone.db").display(),
            d = d.display(),
        );
        fs::write(&conf, text).map_err(|e| format!("keystone: cannot write {conf:?}: {e}"))?;
        let c = conf
            .to_str()
            .ok_or("keystone: temp dir path is not UTF-8")?;
        let manage = ["keystone-manage", "--config-file", c];
        // The key repositories must belong to whoever runs the tests (root in
        // CI), not to the package's `keystone` user, which may not exist.
        let (user, group) = current_user();
        let owner = ["--keystone-user", &user, "--keystone-group", &group];
        // The key setups only write their directories: run them alongside
        // db_sync (the three take ~3 s together instead of ~7 s in a row).
        let steps = [
            spawn(d, "db_sync", &[&manage[..], &["db_sync"]].concat())?,
            spawn(
                d,
                "fernet_setup",
                &[&manage[..], &["fernet_setup"], &owner].concat(),
            )?,
            spawn(
                d,
                "credential_setup",
                &[&manage[..], &["credential_setup"], &owner].concat(),
            )?,
        ];
        // Wait for all three before reporting the first failure, so no step
        // outlives the temp dir it writes to.
        let done: Vec<_> = steps.into_iter().map(finish).collect();
        done.into_iter().collect::<Result<Vec<()>, String>>()?;
        // SQLite in its default rollback-journal mode makes most POSTs to
        // /v3/registered_limits fail with 500 "database is locked" (measured: 1
        // to 9 in 10 fail). WAL lets readers and the one writer coexist, and
        // every one then succeeds; the mode is stored in the database file.
        let wal = "import sqlite3, sys\n\
                   m = sqlite3.connect(sys.argv[1]).execute('PRAGMA journal_mode=WAL').fetchone()[0]\n\
                   sys.exit(m != 'wal')";
        let db = d.join("keystone.db");
        let db = db.to_str().ok_or("keystone: temp dir path is not UTF-8")?;
        finish(spawn(d, "sqlite_wal", &["python3", "-c", wal, db])?)?;
        let url = format!("http://127.0.0.1:{port}/v3/");
        #[rustfmt::skip]
        let bootstrap = [
            "bootstrap",
            "--bootstrap-password", Self::ADMIN_PASSWORD,
            "--bootstrap-username", Self::ADMIN_USER,
            "--bootstrap-project-name", Self::ADMIN_PROJECT,
            "--bootstrap-region-id", Self::REGION,
            "--bootstrap-admin-url", &url,
            "--bootstrap-public-url", &url,
        ];
        finish(spawn(d, "bootstrap", &[&manage[..], &bootstrap].concat())?)?;

        // keystone-wsgi-public is wsgiref's single-process, single-threaded
        // server: it never forks, so signalling its pid is enough, and it stays
        // in our process group so a Ctrl-C of the test run stops it too.
        let port_arg = port.to_string();
        #[rustfmt::skip]
        let serve = [
            "keystone-wsgi-public", "--host", "127.0.0.1", "--port", &port_arg,
            "--", "--config-file", c,
        ];
        let Step { child, log, .. } = spawn(d, "server", &serve)?;
        let mut keystone = Keystone {
            server: child,
            port,
            dir,
        };
        process::wait_ready(
            &mut keystone.server,
            "keystone-wsgi-public (GET /v3 with 200)",
            &log,
            READY_TIMEOUT,
            || get_status(port, "/v3") == Some(200),
        )?;
        Ok(keystone)
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The server's log so far (requests and tracebacks), for test failures.
    pub fn log(&self) -> String {
        tail(&self.dir.path().join("server.log"))
    }
}

impl Drop for Keystone {
    fn drop(&mut self) {
        process::stop(&mut self.server, STOP_TIMEOUT);
    }
}

/// A started command whose output goes to `<dir>/<name>.log`.
struct Step {
    name: String,
    child: Child,
    log: PathBuf,
}

fn spawn(dir: &Path, name: &str, argv: &[&str]) -> Result<Step, String> {
    let log = dir.join(format!("{name}.log"));
    let name = format!("{} {name}", argv[0]);
    let out = File::create(&log).map_err(|e| format!("{name}: {log:?}: {e}"))?;
    let err = out.try_clone().map_err(|e| format!("{name}: {e}"))?;
    let child = Command::new(argv[0])
        .args(&argv[1..])
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| match e.kind() {
            // Both keystone-manage and keystone-wsgi-public come with it.
            ErrorKind::NotFound if argv[0].starts_with("keystone") => {
                "Debian package keystone is not installed: run .ci/install-deps.sh --test".into()
            }
            _ => format!("{name}: cannot start: {e}"),
        })?;
    Ok(Step { name, child, log })
}

/// Waits (bounded) for a step; its exit status must be 0. Python prints an
/// "Exception ignored in _removeHandlerRef" traceback at exit of every
/// keystone-manage run here: harmless, the exit status is still 0.
fn finish(mut step: Step) -> Result<(), String> {
    let deadline = Instant::now() + MANAGE_TIMEOUT;
    loop {
        match step.child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                return Err(format!(
                    "{} failed ({status}):\n{}",
                    step.name,
                    tail(&step.log)
                ))
            }
            Ok(None) if Instant::now() < deadline => sleep(Duration::from_millis(100)),
            Ok(None) | Err(_) => {
                let _ = step.child.kill();
                let _ = step.child.wait();
                return Err(format!(
                    "{} did not finish within {} s:\n{}",
                    step.name,
                    MANAGE_TIMEOUT.as_secs(),
                    tail(&step.log)
                ));
            }
        }
    }
}

/// User and group names for the key repositories' owner (`id -un`, `id -gn`).
fn current_user() -> (String, String) {
    let id = |flag: &str| {
        Command::new("id")
            .arg(flag)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_else(|| "root".into())
    };
    (id("-un"), id("-gn"))
}
