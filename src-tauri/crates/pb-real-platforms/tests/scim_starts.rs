//! The django-scim2 fixture starts a real server that checks the bearer token,
//! and stops it on drop.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use pb_real_platforms::scim::DjangoScim;

/// Status and body of `GET path` (HTTP/1.0: the server closes after it).
fn get(port: u16, path: &str, token: Option<&str>) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nAccept: application/scim+json\r\n{auth}\r\n"
    )?;
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
fn django_scim_starts_checks_the_token_and_stops() {
    let started = Instant::now();
    let scim = DjangoScim::start().unwrap_or_else(|e| panic!("{e}"));
    eprintln!(
        "django-scim2 started in {:.1} s at {}",
        started.elapsed().as_secs_f64(),
        scim.base_url()
    );
    let port = scim.port();
    assert_eq!(scim.base_url(), format!("http://127.0.0.1:{port}"));
    let path = "/scim/v2/ServiceProviderConfig";

    let (status, body) = get(port, path, Some(DjangoScim::TOKEN)).expect("GET with the token");
    assert_eq!(status, 200, "{body}\n{}", scim.log());
    assert!(
        body.contains("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"),
        "not a ServiceProviderConfig: {body}"
    );
    let (status, _) = get(port, path, None).expect("GET without a token");
    assert_eq!(status, 401, "no token\n{}", scim.log());
    let (status, _) = get(port, path, Some("wrong")).expect("GET with a wrong token");
    assert_eq!(status, 401, "wrong token\n{}", scim.log());

    let stopping = Instant::now();
    drop(scim);
    eprintln!(
        "django-scim2 stopped in {:.2} s",
        stopping.elapsed().as_secs_f64()
    );
    assert!(
        TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(1)).is_err(),
        "port {port} still open after drop"
    );
}
