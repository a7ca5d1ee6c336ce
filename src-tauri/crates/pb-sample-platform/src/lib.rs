//! A sample internal platform for connector tests and demos: tenants, users with
//! roles, enforced quotas, several authentication modes and fault injection.
//! It binds 127.0.0.1 only.

pub mod auth;
pub mod catcher;
pub mod faults;
mod routes;
mod scim;
mod session;
pub mod store;
pub mod tls;
pub mod webhook;

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
    /// Signed webhook deliveries accepted at `POST /webhook/events`.
    pub webhook_events: Mutex<Vec<serde_json::Value>>,
}

/// A running sample platform. Dropping it stops the server.
pub struct SamplePlatform {
    pub addr: SocketAddr,
    pub shared: Arc<Shared>,
    tls: Option<tls::Authority>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl SamplePlatform {
    /// Starts on 127.0.0.1 (`port` 0 picks a free one), plain HTTP.
    pub async fn start(auth: AuthConfig, port: u16) -> std::io::Result<Self> {
        let shared = Self::shared(auth);
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
            tls: None,
            shutdown: Some(tx),
        })
    }

    /// Starts on 127.0.0.1 over HTTPS with a CA made now; see [`tls::TlsSetup`] for
    /// the certificate faults and mutual TLS.
    pub async fn start_tls(
        auth: AuthConfig,
        port: u16,
        setup: tls::TlsSetup,
    ) -> std::io::Result<Self> {
        let shared = Self::shared(auth);
        let authority = tls::Authority::new("Sample Platform CA")?;
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(authority.server_config(setup)?));
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let app = routes::router(shared.clone());
        let (tx, mut rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            loop {
                let tcp = tokio::select! {
                    accepted = listener.accept() => match accepted {
                        Ok((tcp, _)) => tcp,
                        Err(_) => {
                            // E.g. out of file descriptors: back off instead of spinning.
                            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                            continue;
                        }
                    },
                    _ = &mut rx => return,
                };
                let acceptor = acceptor.clone();
                let app = app.clone();
                tokio::spawn(serve_tls(acceptor, tcp, app));
            }
        });
        Ok(Self {
            addr,
            shared,
            tls: Some(authority),
            shutdown: Some(tx),
        })
    }

    fn shared(auth: AuthConfig) -> Arc<Shared> {
        Arc::new(Shared {
            store: Mutex::default(),
            auth,
            tokens: Mutex::default(),
            faults: Mutex::default(),
            requests: Mutex::default(),
            scim: Mutex::default(),
            webhook_events: Mutex::default(),
        })
    }

    /// The CA that signed the server certificate (PEM), for an instance's CA bundle.
    pub fn ca_pem(&self) -> Option<&str> {
        self.tls.as_ref().map(|a| a.ca_pem.as_str())
    }

    /// Issues a client certificate from the platform's CA (TLS mode only).
    pub fn issue_client_certificate(
        &self,
        common_name: &str,
    ) -> std::io::Result<tls::IssuedCertificate> {
        self.tls
            .as_ref()
            .ok_or_else(|| std::io::Error::other("the platform runs without TLS"))?
            .issue_client_certificate(common_name)
    }

    /// `http://127.0.0.1:port`, or `https://localhost:port` in TLS mode (the
    /// certificate names `localhost`).
    pub fn base_url(&self) -> String {
        match self.tls {
            None => format!("http://{}", self.addr),
            Some(_) => format!("https://localhost:{}", self.addr.port()),
        }
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

/// One TLS connection: handshake, then HTTP/1.1 with the verified client
/// certificate's common name (if any) available to the routes.
async fn serve_tls(
    acceptor: tokio_rustls::TlsAcceptor,
    tcp: tokio::net::TcpStream,
    app: axum::Router,
) {
    // A failed handshake (unknown client CA, missing client certificate) is the
    // client's problem to report; the server just drops the connection. A client
    // that never finishes its hello is dropped after a while.
    let handshake = tokio::time::timeout(std::time::Duration::from_secs(10), acceptor.accept(tcp));
    let Ok(Ok(stream)) = handshake.await else {
        return;
    };
    let peer = stream
        .get_ref()
        .1
        .peer_certificates()
        .and_then(|c| c.first())
        .and_then(tls::common_name);
    let app = match peer {
        Some(cn) => app.layer(axum::Extension(tls::ClientCertificate(cn))),
        None => app,
    };
    let service = hyper_util::service::TowerToHyperService::new(app);
    let _ = hyper_util::server::conn::auto::Builder::new(hyper_util::rt::TokioExecutor::new())
        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
        .await;
}
