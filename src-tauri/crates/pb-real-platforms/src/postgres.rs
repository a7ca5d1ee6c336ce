//! A real PostgreSQL cluster (Debian package `postgresql`, version 15) on
//! 127.0.0.1, for the PostgreSQL preset's tests. Each [`Postgres`] is a private
//! cluster: its own temp dir holds the data directory, the Unix socket, the
//! password file and the server log; dropping it stops the server (`pg_ctl stop -m
//! fast`) and removes the directory.
//!
//! The cluster is made with `initdb -A scram-sha-256`, so every connection, local
//! or TCP, needs a password: the tests exercise the same authentication a real
//! server asks for, and a wrong password is refused.

use std::fs::{self, File};
use std::io::ErrorKind;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::thread::sleep;
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::process::tail;

/// Debian installs the server binaries here, outside PATH.
const BIN: &str = "/usr/lib/postgresql/15/bin";
/// The unprivileged OS user that owns the cluster when the tests run as root.
const OS_USER: &str = "pb-postgres";
/// initdb takes about 0.7 s here; generous for a busy machine.
const INITDB_TIMEOUT: Duration = Duration::from_secs(60);
/// `pg_ctl -w` waits for the server itself; this is pg_ctl's own `-t`.
const START_TIMEOUT_S: u64 = 30;
/// Our bound on any pg_ctl run, a little above its own `-t`.
const PG_CTL_TIMEOUT: Duration = Duration::from_secs(40);
/// A fast shutdown ends sessions and checkpoints: well under a second here.
const STOP_TIMEOUT_S: u64 = 20;

pub struct Postgres {
    port: u16,
    /// Whose the cluster is: `Some(user)` when it runs as [`OS_USER`] via runuser.
    os_user: Option<String>,
    // Dropped after `Drop::drop` has stopped the server.
    dir: TempDir,
}

impl Postgres {
    /// The cluster's bootstrap superuser (`initdb -U`).
    pub const ADMIN_USER: &'static str = "pbadmin";
    pub const ADMIN_PASSWORD: &'static str = "pb-postgres-admin-secret";

    /// Creates a cluster in a fresh temp dir and starts it on a free port.
    ///
    /// initdb and pg_ctl refuse to run as root, so as root they run as the
    /// unprivileged [`OS_USER`] (created with useradd when missing) through
    /// `runuser`; the temp dir and the password file are handed to that user.
    pub fn start() -> Result<Postgres, String> {
        let initdb = Path::new(BIN).join("initdb");
        if !initdb.is_file() {
            return Err(format!(
                "{} is missing: the Debian package postgresql (15) is not installed: run .ci/install-deps.sh --test",
                initdb.display()
            ));
        }
        let dir = tempfile::Builder::new()
            .prefix("pb-postgres-")
            .tempdir()
            .map_err(|e| format!("postgres: no temp dir: {e}"))?;
        let os_user = if is_root() {
            ensure_os_user()?;
            Some(OS_USER.to_owned())
        } else {
            None
        };
        let port = crate::free_port()?;
        let d = dir.path();
        // initdb reads the superuser's password from a file, so it never shows
        // in a process listing; only the cluster's owner needs to read it.
        let pwfile = d.join("pwfile");
        fs::write(&pwfile, Self::ADMIN_PASSWORD)
            .and_then(|()| fs::set_permissions(&pwfile, fs::Permissions::from_mode(0o600)))
            .map_err(|e| format!("postgres: cannot write {pwfile:?}: {e}"))?;
        if let Some(user) = &os_user {
            give_to(user, &[d, &pwfile])?;
        }
        let postgres = Postgres { port, os_user, dir };
        let d = postgres.dir.path().to_path_buf();
        let data = path_str(&d.join("data"))?;
        let pw = path_str(&pwfile)?;
        let pwfile_arg = format!("--pwfile={pw}");
        #[rustfmt::skip]
        let init = [
            initdb.to_str().unwrap_or("initdb"),
            "-D", &data, "-A", "scram-sha-256", &pwfile_arg, "-U", Self::ADMIN_USER,
            "--no-sync",
        ];
        postgres.run("initdb", &init, INITDB_TIMEOUT)?;
        // The password has served its purpose; the server keeps only its hash.
        let _ = fs::remove_file(&pwfile);

        // -k: the Unix socket in our own dir, not /var/run/postgresql (which
        // may not exist and would clash with a system cluster on that port).
        // fsync=off: a throw-away cluster needs no durability, and CREATE /
        // DROP DATABASE, which the tests run often, otherwise wait on fsyncs.
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            path_str(&d)?
        );
        let log = path_str(&d.join("server.log"))?;
        let timeout = START_TIMEOUT_S.to_string();
        let pg_ctl = format!("{BIN}/pg_ctl");
        #[rustfmt::skip]
        let start = [
            pg_ctl.as_str(), "-D", &data, "-o", &options, "-l", &log,
            "-w", "-t", &timeout, "start",
        ];
        // On failure `postgres` is dropped, which stops whatever did start.
        postgres
            .run("pg_ctl start", &start, PG_CTL_TIMEOUT)
            .map_err(|e| format!("{e}\nserver log:\n{}", postgres.log()))?;
        Ok(postgres)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn host(&self) -> &str {
        "127.0.0.1"
    }

    /// `postgresql://127.0.0.1:PORT/postgres`: the endpoint an instance names.
    pub fn url(&self) -> String {
        format!("postgresql://{}:{}/postgres", self.host(), self.port)
    }

    /// The end of the server's log, for test failures.
    pub fn log(&self) -> String {
        tail(&self.dir.path().join("server.log"))
    }

    /// Runs a server binary (as the cluster's OS user) in the temp dir, bounded;
    /// its output goes to `<dir>/<name>.out` so a failure can quote it.
    fn run(&self, name: &str, argv: &[&str], timeout: Duration) -> Result<(), String> {
        let d = self.dir.path();
        let out_path = d.join(format!("{}.out", name.replace(' ', "-")));
        let out = File::create(&out_path).map_err(|e| format!("{name}: {out_path:?}: {e}"))?;
        let err = out.try_clone().map_err(|e| format!("{name}: {e}"))?;
        let mut command = match &self.os_user {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).args(argv);
                c
            }
            None => {
                let mut c = Command::new(argv[0]);
                c.args(&argv[1..]);
                c
            }
        };
        // The cwd must be readable by the cluster's owner (initdb and pg_ctl
        // complain about a cwd they cannot enter, such as root's home).
        command
            .current_dir(d)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err);
        let child = command.spawn().map_err(|e| match e.kind() {
            ErrorKind::NotFound => format!(
                "{name}: cannot start {} ({e}): run .ci/install-deps.sh --test",
                command.get_program().to_string_lossy()
            ),
            _ => format!("{name}: cannot start: {e}"),
        })?;
        let shown = argv.join(" ");
        wait_bounded(child, timeout).map_err(|why| format!("{shown}: {why}\n{}", tail(&out_path)))
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        if !data.join("postmaster.pid").exists() {
            return; // never started, or already stopped
        }
        let (Ok(data), pg_ctl) = (path_str(&data), format!("{BIN}/pg_ctl")) else {
            return;
        };
        let timeout = STOP_TIMEOUT_S.to_string();
        let stop = [
            pg_ctl.as_str(),
            "-D",
            &data,
            "-m",
            "fast",
            "-w",
            "-t",
            &timeout,
            "stop",
        ];
        let stopped = self
            .run(
                "pg_ctl stop",
                &stop,
                Duration::from_secs(STOP_TIMEOUT_S + 5),
            )
            .is_ok();
        if !stopped {
            // Last resort, so that no server outlives the tests: the
            // postmaster's pid is the first line of postmaster.pid.
            let pid = fs::read_to_string(Path::new(&data).join("postmaster.pid"))
                .ok()
                .and_then(|t| t.lines().next().map(str::trim).map(str::to_owned))
                .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
            if let Some(pid) = pid {
                let _ = Command::new("kill").args(["-KILL", &pid]).status();
            }
        }
    }
}

/// Waits for a child, killing it when it overruns; Ok when it exited with 0.
fn wait_bounded(mut child: Child, timeout: Duration) -> Result<(), String> {
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => return Err(format!("failed ({status})")),
            Ok(None) if Instant::now() < deadline => sleep(Duration::from_millis(20)),
            Ok(None) | Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("did not finish within {} s", timeout.as_secs()));
            }
        }
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn user_exists(user: &str) -> bool {
    Command::new("id")
        .arg(user)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Creates [`OS_USER`] (a system user without home or login shell) if missing.
///
/// Tests start clusters from parallel threads: one creates the user while the
/// others wait on the lock. Seen here without it: a second thread found the user
/// while the first thread's useradd was still at work, and its initdb failed
/// with "could not look up effective user ID". Across processes, whichever
/// useradd loses waits until the user resolves.
fn ensure_os_user() -> Result<(), String> {
    static LOCK: Mutex<()> = Mutex::new(());
    let _held = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if user_exists(OS_USER) {
        return Ok(());
    }
    let out = Command::new("useradd")
        .args([
            "--system",
            "--no-create-home",
            "--shell",
            "/usr/sbin/nologin",
            OS_USER,
        ])
        .output()
        .map_err(|e| format!("useradd {OS_USER}: cannot start: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if user_exists(OS_USER) {
            return Ok(());
        }
        sleep(Duration::from_millis(100));
    }
    Err(format!(
        "useradd {OS_USER} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr).trim()
    ))
}

/// Hands files to the cluster's OS user (`chown`), so initdb can write the temp
/// dir and read the password file, which stays unreadable to anyone else.
fn give_to(user: &str, paths: &[&Path]) -> Result<(), String> {
    let mut command = Command::new("chown");
    command.arg(user).args(paths);
    let out = command
        .output()
        .map_err(|e| format!("chown {user}: cannot start: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "chown {user} {paths:?} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(())
}

fn path_str(path: &Path) -> Result<String, String> {
    path.to_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("postgres: temp dir path {path:?} is not UTF-8"))
}
