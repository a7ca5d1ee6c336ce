//! `make sample-platform`: runs the sample platform for demos with every auth mode
//! enabled and fixed demo credentials (printed at start). 127.0.0.1 only.

use pb_sample_platform::{AuthConfig, SamplePlatform};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt::init();
    let port = std::env::var("PB_SAMPLE_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8787);
    let auth = AuthConfig::demo();
    let platform = SamplePlatform::start(auth.clone(), port).await?;
    println!("sample platform on {}", platform.base_url());
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
    tokio::signal::ctrl_c().await?;
    drop(platform);
    Ok(())
}
