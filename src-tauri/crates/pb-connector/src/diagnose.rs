//! The staged connection test: DNS → TCP → TLS → authentication → API probe. Each
//! stage reports status, duration, a one-line message, detail and, on failure, a
//! classification with a remediation; later stages are skipped once one fails.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::definition::{HttpConnector, Operation};
use crate::engine::{CallContext, Engine, Exchange, OperationRun};
use crate::error::{ConnectorError, ErrorClass};
use crate::tls::{self, CertificateReport};

mod auth_stage;
use auth_stage::auth_and_probe_stages;

/// Certificates expiring sooner than this are reported as a warning.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StageName {
    Dns,
    Tcp,
    Tls,
    Auth,
    Probe,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StageStatus {
    Ok,
    Warning,
    Failed,
    Skipped,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Stage {
    pub name: StageName,
    pub status: StageStatus,
    // JSON numbers: durations never approach 2^53 ms.
    #[ts(type = "number")]
    pub duration_ms: u64,
    pub message: String,
    pub detail: Option<String>,
    pub class: Option<ErrorClass>,
    pub remediation: Option<String>,
    /// The connector error's stable code (`exec_not_trusted`, `redirected`, ...)
    /// when the stage failed with one, so the UI and scripts need not parse text.
    pub code: Option<String>,
    pub certificate: Option<CertificateReport>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConnectionTest {
    pub stages: Vec<Stage>,
    /// Every request and response of the auth and probe stages, redacted.
    pub exchanges: Vec<Exchange>,
    /// The worst stage status.
    pub status: StageStatus,
}

impl Stage {
    fn new(
        name: StageName,
        status: StageStatus,
        started: Instant,
        message: impl Into<String>,
    ) -> Self {
        Stage {
            name,
            status,
            duration_ms: started.elapsed().as_millis() as u64,
            message: message.into(),
            detail: None,
            class: None,
            remediation: None,
            code: None,
            certificate: None,
        }
    }

    fn failed(
        name: StageName,
        started: Instant,
        class: ErrorClass,
        message: impl Into<String>,
    ) -> Self {
        let mut s = Stage::new(name, StageStatus::Failed, started, message);
        s.class = Some(class);
        s.remediation = Some(class.remediation().to_owned());
        s
    }

    /// A stage that failed with a connector error: its class, remediation and code.
    pub(crate) fn from_error(name: StageName, started: Instant, e: &ConnectorError) -> Self {
        let mut s = Stage::failed(name, started, e.class(), e.to_string());
        s.code = Some(e.code().to_owned());
        s.remediation = Some(e.remediation().to_owned());
        s
    }

    fn skipped(name: StageName, why: &str) -> Self {
        Stage::new(name, StageStatus::Skipped, Instant::now(), why)
    }
}

/// The stages so far. Each is also handed to the observer as it completes, so the
/// UI can show DNS, TCP, TLS, auth and probe one by one on a slow platform.
pub struct Stages<'a> {
    list: Vec<Stage>,
    observer: &'a (dyn Fn(&Stage) + Send + Sync),
}

impl<'a> Stages<'a> {
    fn new(observer: &'a (dyn Fn(&Stage) + Send + Sync)) -> Self {
        Self {
            list: Vec::new(),
            observer,
        }
    }

    fn push(&mut self, stage: Stage) {
        (self.observer)(&stage);
        self.list.push(stage);
    }
}

fn finish(mut stages: Stages<'_>, exchanges: Vec<Exchange>) -> ConnectionTest {
    // Once a stage failed, the ones after it could not run.
    let order = [
        StageName::Dns,
        StageName::Tcp,
        StageName::Tls,
        StageName::Auth,
        StageName::Probe,
    ];
    for name in order {
        if !stages.list.iter().any(|s| s.name == name) {
            stages.push(Stage::skipped(name, "not run: an earlier stage failed"));
        }
    }
    let stages = stages.list;
    let status = if stages.iter().any(|s| s.status == StageStatus::Failed) {
        StageStatus::Failed
    } else if stages.iter().any(|s| s.status == StageStatus::Warning) {
        StageStatus::Warning
    } else {
        StageStatus::Ok
    };
    ConnectionTest {
        stages,
        exchanges,
        status,
    }
}

/// The connection test for any kind of connector. An `exec` connector's program
/// makes its own connections, so only its `check` can be observed: the network stages
/// are reported as skipped with that reason.
pub async fn test_connector(
    engine: &Engine,
    connector: &crate::definition::Connector,
    ctx: &CallContext,
) -> ConnectionTest {
    test_connector_observed(engine, connector, ctx, &|_| ()).await
}

/// [`test_connector`], handing each stage to `observer` as it completes.
pub async fn test_connector_observed(
    engine: &Engine,
    connector: &crate::definition::Connector,
    ctx: &CallContext,
    observer: &(dyn Fn(&Stage) + Send + Sync),
) -> ConnectionTest {
    let mut stages = Stages::new(observer);
    let crate::definition::Connector::Exec(_) = connector else {
        let http = connector.as_http().expect("not exec, so http");
        return http_stages(engine, http, ctx, stages).await;
    };
    let why = "exec connector: the program makes its own connections";
    for name in [
        StageName::Dns,
        StageName::Tcp,
        StageName::Tls,
        StageName::Auth,
    ] {
        stages.push(Stage::skipped(name, why));
    }
    let started = Instant::now();
    let run = engine.run_connector(connector, Operation::Check, ctx).await;
    stages.push(probe_stage(&run, started, "check passed".into()));
    finish(stages, run.exchanges)
}

/// The probe stage from a `check` run: "<headline> in N ms, connected as X", or
/// the failure with its class.
fn probe_stage(run: &OperationRun, started: Instant, headline: String) -> Stage {
    let mut probe = match &run.outcome {
        Ok(outputs) => {
            let identity = outputs
                .get("identity")
                .map(|v| {
                    format!(
                        ", connected as {}",
                        v.as_str()
                            .map(str::to_owned)
                            .unwrap_or_else(|| v.to_string())
                    )
                })
                .unwrap_or_default();
            Stage::new(
                StageName::Probe,
                StageStatus::Ok,
                started,
                format!("{headline} in {} ms{identity}", run.duration_ms),
            )
        }
        Err(e) => Stage::from_error(StageName::Probe, started, e),
    };
    probe.duration_ms = run.duration_ms;
    probe
}

pub async fn test_connection(
    engine: &Engine,
    connector: &HttpConnector,
    ctx: &CallContext,
) -> ConnectionTest {
    http_stages(engine, connector, ctx, Stages::new(&|_| ())).await
}

async fn http_stages(
    engine: &Engine,
    connector: &HttpConnector,
    ctx: &CallContext,
    mut stages: Stages<'_>,
) -> ConnectionTest {
    let timeout = Duration::from_millis(connector.timeouts.connect_ms);
    let Some((url, host, addrs)) = dns_stage(engine, connector, ctx, timeout, &mut stages).await
    else {
        return finish(stages, Vec::new());
    };
    let Some(addr) = tcp_stage(&addrs, connector, timeout, &mut stages).await else {
        return finish(stages, Vec::new());
    };
    if tls_stage(&url, &host, addr, ctx, timeout, &mut stages)
        .await
        .is_none()
    {
        return finish(stages, Vec::new());
    }
    auth_and_probe_stages(engine, connector, ctx, stages).await
}

/// Resolves the endpoint's host (through the engine's resolver). `None`: failed,
/// with the stage recorded.
async fn dns_stage(
    engine: &Engine,
    connector: &HttpConnector,
    ctx: &CallContext,
    connect_timeout: Duration,
    stages: &mut Stages<'_>,
) -> Option<(url::Url, String, Vec<SocketAddr>)> {
    let started = Instant::now();
    let url = match url::Url::parse(&ctx.base_url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => u,
        _ => {
            stages.push(Stage::failed(
                StageName::Dns,
                started,
                ErrorClass::Configuration,
                format!("'{}' is not an http(s) URL with a host", ctx.base_url),
            ));
            return None;
        }
    };
    let host = url
        .host_str()
        .unwrap_or_default()
        .trim_matches(['[', ']'])
        .to_owned();
    let port = url.port_or_known_default().unwrap_or(443);
    let lookup = match host.parse::<std::net::IpAddr>() {
        Ok(ip) => Ok(Ok(vec![ip])),
        Err(_) => tokio::time::timeout(connect_timeout, engine.resolver.lookup(&host)).await,
    };
    let addrs: Vec<SocketAddr> = match lookup {
        Ok(Ok(ips)) => ips
            .into_iter()
            .map(|ip| SocketAddr::new(ip, port))
            .collect(),
        Ok(Err(e)) => {
            stages.push(Stage::failed(
                StageName::Dns,
                started,
                ErrorClass::Network,
                format!("cannot resolve {host}: {e}"),
            ));
            return None;
        }
        Err(_) => {
            stages.push(Stage::failed(
                StageName::Dns,
                started,
                ErrorClass::Network,
                format!(
                    "no DNS answer for {host} within {} ms",
                    connector.timeouts.connect_ms
                ),
            ));
            return None;
        }
    };
    let listed: Vec<String> = addrs.iter().map(|a| a.ip().to_string()).collect();
    let mut dns = Stage::new(
        StageName::Dns,
        StageStatus::Ok,
        started,
        format!("{host} → {}", listed.join(", ")),
    );
    if host.parse::<std::net::IpAddr>().is_ok() {
        dns.message = format!("{host} is an IP address; no lookup needed");
    }
    stages.push(dns);

    Some((url, host, addrs))
}

/// Connects to the first address that answers.
async fn tcp_stage(
    addrs: &[SocketAddr],
    connector: &HttpConnector,
    connect_timeout: Duration,
    stages: &mut Stages<'_>,
) -> Option<SocketAddr> {
    let started = Instant::now();
    let mut connected = None;
    let mut last_error = String::from("no address to connect to");
    for addr in addrs {
        match tokio::time::timeout(connect_timeout, tokio::net::TcpStream::connect(addr)).await {
            Ok(Ok(_)) => {
                connected = Some(*addr);
                break;
            }
            Ok(Err(e)) => last_error = format!("{addr}: {e}"),
            Err(_) => {
                last_error = format!(
                    "{addr}: no answer within {} ms",
                    connector.timeouts.connect_ms
                )
            }
        }
    }
    let Some(addr) = connected else {
        stages.push(Stage::failed(
            StageName::Tcp,
            started,
            ErrorClass::Network,
            format!("cannot connect: {last_error}"),
        ));
        return None;
    };
    stages.push(Stage::new(
        StageName::Tcp,
        StageStatus::Ok,
        started,
        format!("connected to {addr}"),
    ));

    Some(addr)
}

/// The handshake and the certificate presented; plain HTTP is reported as such.
async fn tls_stage(
    url: &url::Url,
    host: &str,
    addr: SocketAddr,
    ctx: &CallContext,
    connect_timeout: Duration,
    stages: &mut Stages<'_>,
) -> Option<()> {
    let started = Instant::now();
    if url.scheme() == "http" {
        let loopback = addr.ip().is_loopback();
        let mut s = Stage::new(
            StageName::Tls,
            if loopback {
                StageStatus::Skipped
            } else {
                StageStatus::Warning
            },
            started,
            "plain HTTP: the connection is not encrypted",
        );
        if !loopback {
            s.remediation =
                Some("Use an https:// endpoint so credentials are not sent in clear text.".into());
        }
        stages.push(s);
    } else {
        match tls::handshake(addr, host, &ctx.tls, connect_timeout).await {
            Ok(cert) => {
                let mut s = if let Some(error) = &cert.verification_error {
                    Stage::failed(StageName::Tls, started, ErrorClass::Tls, error.clone())
                } else if ctx.tls.insecure_skip_verify {
                    let mut s = Stage::new(
                        StageName::Tls,
                        StageStatus::Warning,
                        started,
                        "certificate NOT verified: verification is switched off for this instance",
                    );
                    s.remediation = Some(
                        "Configure the platform's CA bundle and switch verification back on."
                            .into(),
                    );
                    s
                } else if cert.days_to_expiry < EXPIRY_WARNING_DAYS {
                    let mut s = Stage::new(
                        StageName::Tls,
                        StageStatus::Warning,
                        started,
                        format!(
                            "{}, certificate expires in {} days",
                            cert.protocol, cert.days_to_expiry
                        ),
                    );
                    s.remediation =
                        Some("Renew the platform's certificate before it expires.".into());
                    s
                } else {
                    Stage::new(
                        StageName::Tls,
                        StageStatus::Ok,
                        started,
                        format!(
                            "{}, certificate valid for {} more days",
                            cert.protocol, cert.days_to_expiry
                        ),
                    )
                };
                s.detail = Some(format!(
                    "subject: {}\nissuer: {}\nSANs: {}\nnot after: {}",
                    cert.subject,
                    cert.issuer,
                    cert.sans.join(", "),
                    cert.not_after
                ));
                let failed = s.status == StageStatus::Failed;
                s.certificate = Some(cert);
                stages.push(s);
                if failed {
                    return None;
                }
            }
            Err(e) => {
                stages.push(Stage::failed(StageName::Tls, started, ErrorClass::Tls, e));
                return None;
            }
        }
    }

    Some(())
}

/// The status word and one line for the history: the first failed stage, or the
/// warnings, or that all stages passed.
pub fn summary(test: &ConnectionTest) -> (&'static str, String) {
    let failed = test.stages.iter().find(|s| s.status == StageStatus::Failed);
    let warnings: Vec<&str> = test
        .stages
        .iter()
        .filter(|s| s.status == StageStatus::Warning)
        .map(|s| s.message.as_str())
        .collect();
    match (test.status, failed) {
        (_, Some(stage)) => {
            let name = serde_json::to_value(stage.name).unwrap_or(serde_json::Value::Null);
            let name = name.as_str().unwrap_or("a stage").to_uppercase();
            ("failed", format!("{name} failed: {}", stage.message))
        }
        (StageStatus::Warning, None) => (
            "warning",
            format!("passed with warnings: {}", warnings.join("; ")),
        ),
        _ => ("ok", "all stages passed".into()),
    }
}
