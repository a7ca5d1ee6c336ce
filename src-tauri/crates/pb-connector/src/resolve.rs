//! Host name resolution for connectors, behind a trait so that both the DNS stage of
//! the connection test and every request resolve names the same way, and so tests
//! can resolve names without asking the machine's resolver (tests talk to 127.0.0.1
//! only; a query for a made-up name would still leave the machine).

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;

pub type Lookup = Pin<Box<dyn Future<Output = io::Result<Vec<IpAddr>>> + Send>>;

pub trait HostResolver: Send + Sync + 'static {
    /// The addresses of `host` (a name, never an IP literal).
    fn lookup(&self, host: &str) -> Lookup;
}

/// The operating system's resolver (getaddrinfo through tokio).
pub struct SystemResolver;

impl HostResolver for SystemResolver {
    fn lookup(&self, host: &str) -> Lookup {
        let host = host.to_owned();
        Box::pin(async move {
            let addrs = tokio::net::lookup_host((host.as_str(), 0)).await?;
            Ok(addrs.map(|a| a.ip()).collect())
        })
    }
}

/// A fixed table of names, like an /etc/hosts of its own; every other name fails as
/// an unknown host would. For tests and demos.
#[derive(Default)]
pub struct StaticResolver {
    names: HashMap<String, Vec<IpAddr>>,
}

impl StaticResolver {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with(mut self, name: &str, addr: IpAddr) -> Self {
        self.names
            .entry(name.to_ascii_lowercase())
            .or_default()
            .push(addr);
        self
    }
}

impl HostResolver for StaticResolver {
    fn lookup(&self, host: &str) -> Lookup {
        let found = self.names.get(&host.to_ascii_lowercase()).cloned();
        let host = host.to_owned();
        Box::pin(async move {
            found.ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::NotFound,
                    format!("no address is known for {host} (unknown host)"),
                )
            })
        })
    }
}

/// Lets reqwest use a [`HostResolver`].
pub(crate) struct ForReqwest(pub Arc<dyn HostResolver>);

impl reqwest::dns::Resolve for ForReqwest {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let lookup = self.0.lookup(name.as_str());
        Box::pin(async move {
            let addrs = lookup.await?;
            // Port 0: reqwest puts in the URL's port.
            let addrs: reqwest::dns::Addrs =
                Box::new(addrs.into_iter().map(|ip| SocketAddr::new(ip, 0)));
            Ok(addrs)
        })
    }
}
