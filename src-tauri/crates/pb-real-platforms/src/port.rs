//! Free loopback ports for the servers.

use std::net::TcpListener;

/// A port nothing listens on right now. The servers bind it themselves moments
/// later; a race with another process is possible but rare on a test machine.
pub fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}
