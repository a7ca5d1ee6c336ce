//! The Keystone fixture starts a real server that answers, and stops it on drop.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use pb_real_platforms::keystone::Keystone;

/// Status line and body of `GET path` (HTTP/1.0: the server closes after it).
fn get(port: u16, path: &str) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n")?;
    let mut text = String::new();
    s.read_to_string(&mut text)?;
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Ok((status, body))
}

#[test]
fn keystone_starts_answers_and_stops() {
    let started = Instant::now();
    let keystone = Keystone::start().unwrap_or_else(|e| panic!("{e}"));
    eprintln!(
        "Keystone started in {:.1} s at {}",
        started.elapsed().as_secs_f64(),
        keystone.base_url()
    );
    let port = keystone.port();
    assert_eq!(keystone.base_url(), format!("http://127.0.0.1:{port}"));

    let (status, body) = get(port, "/v3").expect("GET /v3");
    assert_eq!(status, 200, "{body}\n{}", keystone.log());
    assert!(
        body.contains("\"v3."),
        "not Keystone's version document: {body}"
    );

    let stopping = Instant::now();
    drop(keystone);
    eprintln!(
        "Keystone stopped in {:.2} s",
        stopping.elapsed().as_secs_f64()
    );
    assert!(
        TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(1)).is_err(),
        "port {port} still open after drop"
    );
}
