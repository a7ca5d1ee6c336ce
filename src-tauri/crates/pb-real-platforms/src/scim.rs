//! A real SCIM 2.0 service provider on 127.0.0.1, for the SCIM preset's tests:
//! django-scim2 (PyPI) with its default adapters, served by the minimal Django
//! project in `servers/scim/` (settings, URLs, the two models the adapters read,
//! a bearer-token middleware). Each [`DjangoScim`] has its own temp dir holding
//! the SQLite database and the logs; dropping it stops the server and removes
//! the directory.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::process::{self, get_status, tail};

/// `migrate` takes about 0.6 s here (a fresh database each time); generous.
const MIGRATE_TIMEOUT: Duration = Duration::from_secs(60);
/// runserver answers about 0.4 s after it is spawned.
const READY_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a SIGTERM may take before SIGKILL.
const STOP_TIMEOUT: Duration = Duration::from_secs(10);
const PROBE: &str = "/scim/v2/ServiceProviderConfig";

pub struct DjangoScim {
    // `Drop::drop` stops the server before the fields are dropped, so the temp
    // dir goes only once nothing writes to it.
    server: Child,
    port: u16,
    dir: TempDir,
}

impl DjangoScim {
    /// The bearer token the server accepts (`Authorization: Bearer <TOKEN>`).
    pub const TOKEN: &'static str = "pb-scim-test-token";

    /// Migrates a fresh SQLite database in a new temp dir, then serves it on a
    /// free loopback port and waits until `GET /scim/v2/ServiceProviderConfig`
    /// answers (401 without the token, which the probe does not send).
    pub fn start() -> Result<DjangoScim, String> {
        let python = venv_python()?;
        let dir = tempfile::Builder::new()
            .prefix("pb-scim-")
            .tempdir()
            .map_err(|e| format!("django-scim2: no temp dir: {e}"))?;
        let port = crate::free_port()?;
        let d = dir.path();
        let netloc = format!("127.0.0.1:{port}");
        let run = |name: &str, args: &[&str]| -> Result<(Child, PathBuf), String> {
            let log = d.join(format!("{name}.log"));
            let out = File::create(&log).map_err(|e| format!("django-scim2: {log:?}: {e}"))?;
            let err = out.try_clone().map_err(|e| format!("django-scim2: {e}"))?;
            let child = Command::new(&python)
                .arg("manage.py")
                .args(args)
                .current_dir(server_dir())
                .env("DJANGO_SETTINGS_MODULE", "pbscim.settings")
                .env("PB_SCIM_DB", d.join("scim.sqlite3"))
                .env("PB_SCIM_TOKEN", Self::TOKEN)
                .env("PB_SCIM_NETLOC", &netloc)
                // No __pycache__ in the source tree (git would see it); the
                // venv's own packages were compiled when pip installed them.
                .env("PYTHONDONTWRITEBYTECODE", "1")
                // Request lines and tracebacks reach the log at once.
                .env("PYTHONUNBUFFERED", "1")
                .stdin(Stdio::null())
                .stdout(out)
                .stderr(err)
                .spawn()
                .map_err(|e| {
                    format!("django-scim2: cannot start {python:?} manage.py {name}: {e}")
                })?;
            Ok((child, log))
        };

        let (mut migrate, log) = run("migrate", &["migrate", "--noinput"])?;
        let deadline = Instant::now() + MIGRATE_TIMEOUT;
        loop {
            match migrate.try_wait() {
                Ok(Some(status)) if status.success() => break,
                Ok(Some(status)) => {
                    return Err(format!(
                        "django-scim2: migrate failed ({status}):\n{}",
                        tail(&log)
                    ))
                }
                Ok(None) if Instant::now() < deadline => sleep(Duration::from_millis(50)),
                Ok(None) | Err(_) => {
                    let _ = migrate.kill();
                    let _ = migrate.wait();
                    return Err(format!(
                        "django-scim2: migrate did not finish within {} s:\n{}",
                        MIGRATE_TIMEOUT.as_secs(),
                        tail(&log)
                    ));
                }
            }
        }

        // runserver --noreload is one process (threads, no autoreloader child),
        // so signalling its pid stops everything. It is Django's development
        // server, which is what a test on loopback needs: no extra package, and
        // it serves django-scim2 exactly as any WSGI server would.
        let (server, log) = run("server", &["runserver", "--noreload", &netloc])?;
        let mut scim = DjangoScim { server, port, dir };
        process::wait_ready(
            &mut scim.server,
            &format!("django-scim2 (GET {PROBE})"),
            &log,
            READY_TIMEOUT,
            || matches!(get_status(port, PROBE), Some(200 | 401)),
        )?;
        Ok(scim)
    }

    /// `http://127.0.0.1:PORT`: SCIM itself is under `/scim/v2/`.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The server's log so far (request lines and tracebacks), for test failures.
    pub fn log(&self) -> String {
        tail(&self.dir.path().join("server.log"))
    }
}

impl Drop for DjangoScim {
    fn drop(&mut self) {
        process::stop(&mut self.server, STOP_TIMEOUT);
    }
}

/// The Django project (manage.py, pbscim/), shipped with this crate.
fn server_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("servers/scim")
}

/// The venv's python that `servers/scim/install.sh` fills: `PB_SCIM_VENV`, or
/// `target/scim-venv` of this workspace (a fixed path, not CARGO_TARGET_DIR,
/// because the shell script cannot know where cargo puts its output).
fn venv_python() -> Result<PathBuf, String> {
    let venv = match std::env::var_os("PB_SCIM_VENV") {
        Some(v) => PathBuf::from(v),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../target/scim-venv"),
    };
    let python = venv.join("bin/python");
    if python.is_file() {
        Ok(python)
    } else {
        Err(format!(
            "{} is missing: django-scim2 is not installed: run .ci/install-deps.sh --test \
             (or src-tauri/crates/pb-real-platforms/servers/scim/install.sh)",
            python.display()
        ))
    }
}
