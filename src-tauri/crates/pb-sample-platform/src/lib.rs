//! A sample internal platform for connector tests and demos: tenants, users with
//! roles, enforced quotas, several authentication modes and fault injection.
//! It binds 127.0.0.1 only.

pub mod auth;
pub mod faults;
mod routes;
mod scim;
pub mod store;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::sync::Mutex;

pub use auth::AuthConfig;
pub use faults::{Fault, FaultKind};

pub struct Shared {
    pub store: Mutex<store::Store>,
    pub auth: AuthConfig,
    pub tokens: Mutex<auth::IssuedTokens>,
    pub faults: Mutex<Vec<Fault>>,
    /// Every request seen, as "METHOD /path", so tests can count retries.
    pub requests: Mutex<Vec<String>>,
    pub scim: Mutex<scim::ScimStore>,
}

/// A running sample platform. Dropping it stops the server.
pub struct SamplePlatform {
    pub addr: SocketAddr,
    pub shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl SamplePlatform {
    /// Starts on 127.0.0.1 (`port` 0 picks a free one).
    pub async fn start(auth: AuthConfig, port: u16) -> std::io::Result<Self> {
        let shared = Arc::new(Shared {
            store: Mutex::default(),
            auth,
            tokens: Mutex::default(),
            faults: Mutex::default(),
            requests: Mutex::default(),
            scim: Mutex::default(),
        });
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let app = routes::router(shared.clone());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        Ok(Self {
            addr,
            shared,
            shutdown: Some(tx),
        })
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub async fn set_faults(&self, faults: Vec<Fault>) {
        *self.shared.faults.lock().await = faults;
    }

    pub async fn requests(&self) -> Vec<String> {
        self.shared.requests.lock().await.clone()
    }
}

impl Drop for SamplePlatform {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
