//! What every server fixture does with its process: wait (bounded) until it
//! answers, stop it politely and then firmly, read its HTTP status without a
//! client library, and quote the end of its log when something goes wrong.

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// Waits until `ready()` holds, failing early when the server exits and after
/// `timeout` with the log's tail. `what` names the server in messages.
pub(crate) fn wait_ready(
    server: &mut Child,
    what: &str,
    log: &Path,
    timeout: Duration,
    ready: impl Fn() -> bool,
) -> Result<(), String> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Ok(Some(status)) = server.try_wait() {
            return Err(format!(
                "{what} exited ({status}) before answering:\n{}",
                tail(log)
            ));
        }
        if ready() {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(format!(
                "{what} did not answer within {} s:\n{}",
                timeout.as_secs(),
                tail(log)
            ));
        }
        sleep(Duration::from_millis(100));
    }
}

/// SIGTERM (std can only SIGKILL), a bounded wait, then SIGKILL.
pub(crate) fn stop(server: &mut Child, timeout: Duration) {
    let pid = server.id().to_string();
    let _ = Command::new("kill")
        .args(["-TERM", &pid])
        .stderr(Stdio::null())
        .status();
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = server.try_wait() {
            return;
        }
        sleep(Duration::from_millis(20));
    }
    let _ = server.kill();
    let _ = server.wait();
}

/// The status of `GET path` on the loopback port, or `None` when nothing answers
/// yet.
pub(crate) fn get_status(port: u16, path: &str) -> Option<u16> {
    let addr = ([127, 0, 0, 1], port).into();
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n").ok()?;
    let mut head = [0u8; 64];
    let n = s.read(&mut head).ok()?;
    // "HTTP/1.1 401 Unauthorized"
    String::from_utf8_lossy(&head[..n])
        .split(' ')
        .nth(1)?
        .parse()
        .ok()
}

/// The last 40 lines of a log file: enough for a traceback, short enough to read.
pub(crate) fn tail(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_else(|e| format!("(no log {path:?}: {e})"));
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(40)..].join("\n")
}
