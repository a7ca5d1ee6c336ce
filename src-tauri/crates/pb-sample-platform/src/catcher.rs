//! A listener that plays "another host": it records every request it receives,
//! byte for byte (request line, headers, body), and answers 200 `{}`. Tests bind
//! it to another loopback address (127.0.0.2) and point redirects and templates
//! at it, then look for the instance's credentials in what it received, in every
//! encoding they could travel in.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// What one connection may send before the catcher stops reading it.
const MAX_REQUEST_BYTES: usize = 1024 * 1024;

pub struct Catcher {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Catcher {
    /// Listens on `ip` (a loopback address), on a free port.
    pub async fn start(ip: IpAddr) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind((ip, 0)).await?;
        let addr = listener.local_addr()?;
        let received: Arc<Mutex<Vec<String>>> = Arc::default();
        let sink = received.clone();
        let task = tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let sink = sink.clone();
                tokio::spawn(async move {
                    let text = read_request(&mut socket).await;
                    if !text.is_empty() {
                        sink.lock().unwrap_or_else(|e| e.into_inner()).push(text);
                    }
                    let _ = socket
                        .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}")
                        .await;
                });
            }
        });
        Ok(Catcher {
            addr,
            received,
            task,
        })
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far, as raw text.
    pub fn received(&self) -> Vec<String> {
        self.received
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl Drop for Catcher {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads the head and, by Content-Length, the body (bounded).
async fn read_request(socket: &mut tokio::net::TcpStream) -> String {
    let mut bytes = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        let Ok(Ok(n)) =
            tokio::time::timeout(std::time::Duration::from_secs(5), socket.read(&mut buf)).await
        else {
            break;
        };
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&buf[..n]);
        if bytes.len() >= MAX_REQUEST_BYTES || complete(&bytes) {
            break;
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn complete(bytes: &[u8]) -> bool {
    let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&bytes[..end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    bytes.len() >= end + 4 + length
}
