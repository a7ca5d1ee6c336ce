//! `make sample-platform`: runs the sample platform for demos with every auth mode
//! enabled and fixed demo credentials (printed at start). 127.0.0.1 only.
//! `--tls` serves HTTPS with a CA made at start; `--mtls` also requires a client
//! certificate. The CA and a demo client certificate and key are written to a
//! temporary folder (printed) to paste into an instance's TLS settings.

use pb_sample_platform::tls::{ServerCertificate, TlsSetup};
use pb_sample_platform::{AuthConfig, SamplePlatform};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt::init();
    let port = std::env::var("PB_SAMPLE_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8787);
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mtls = args.iter().any(|a| a == "--mtls");
    let tls = mtls || args.iter().any(|a| a == "--tls");
    let auth = AuthConfig::demo();
    let platform = if tls {
        let setup = TlsSetup {
            certificate: ServerCertificate::Valid,
            require_client_certificate: mtls,
        };
        SamplePlatform::start_tls(auth.clone(), port, setup).await?
    } else {
        SamplePlatform::start(auth.clone(), port).await?
    };
    println!("sample platform on {}", platform.base_url());
    if tls {
        // A fresh folder only this user can read: it holds a private key.
        let dir = std::env::temp_dir().join(format!(
            "pb-sample-platform-{}",
            uuid::Uuid::new_v4().simple()
        ));
        std::os::unix::fs::DirBuilderExt::mode(&mut std::fs::DirBuilder::new(), 0o700)
            .create(&dir)?;
        let client = platform.issue_client_certificate("demo-client")?;
        let files = [
            ("ca.pem", platform.ca_pem().unwrap_or_default()),
            ("client.pem", client.certificate_pem.as_str()),
            ("client.key", client.key_pem.as_str()),
        ];
        for (name, text) in files {
            std::fs::write(dir.join(name), text)?;
        }
        println!(
            "  CA bundle, demo client certificate and key (CN demo-client): {}/{{ca.pem,client.pem,client.key}}",
            dir.display()
        );
    }
    println!(
        "  API key header X-API-Key: {}",
        auth.api_key.unwrap_or_default()
    );
    println!("  bearer token: {}", auth.bearer_token.unwrap_or_default());
    if let Some((u, p)) = auth.basic {
        println!("  basic: {u} / {p}");
    }
    if let Some((id, secret)) = auth.oauth_client {
        println!("  OAuth2 client credentials at /oauth/token: {id} / {secret}");
    }
    if let Some(secret) = auth.webhook_secret {
        println!("  signed webhook at /webhook/events, HMAC secret: {secret}");
    }
    tokio::signal::ctrl_c().await?;
    drop(platform);
    Ok(())
}
