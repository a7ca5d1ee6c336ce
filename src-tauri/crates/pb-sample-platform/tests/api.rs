//! The sample platform over real HTTP on 127.0.0.1.

use std::time::{Duration, Instant};

use pb_sample_platform::{AuthConfig, Fault, FaultKind, SamplePlatform};
use serde_json::{json, Value};

async fn platform() -> SamplePlatform {
    SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap()
}

fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

#[tokio::test]
async fn listens_on_loopback_only() {
    let p = platform().await;
    assert!(p.addr.ip().is_loopback());
}

#[tokio::test]
async fn every_auth_mode_identifies_its_principal() {
    let p = platform().await;
    let c = client();
    let url = format!("{}/api/whoami", p.base_url());

    let r = c.get(&url).send().await.unwrap();
    assert_eq!(r.status(), 401);

    let who =
        |r: reqwest::Response| async move { r.json::<Value>().await.unwrap()["auth"].clone() };
    let r = c
        .get(&url)
        .header("X-API-Key", "demo-api-key")
        .send()
        .await
        .unwrap();
    assert_eq!(who(r).await, "api_key");
    let r = c
        .get(format!("{url}?api_key=demo-api-key"))
        .send()
        .await
        .unwrap();
    assert_eq!(who(r).await, "api_key");
    let r = c
        .get(&url)
        .bearer_auth("demo-bearer-token")
        .send()
        .await
        .unwrap();
    assert_eq!(who(r).await, "bearer");
    let r = c
        .get(&url)
        .basic_auth("demo", Some("demo-password"))
        .send()
        .await
        .unwrap();
    assert_eq!(who(r).await, "basic");
    let r = c
        .get(&url)
        .basic_auth("demo", Some("wrong"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);

    let token: Value = c
        .post(format!("{}/oauth/token", p.base_url()))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "demo-client"),
            ("client_secret", "demo-client-secret"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let access = token["access_token"].as_str().unwrap();
    let r = c.get(&url).bearer_auth(access).send().await.unwrap();
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        (body["auth"].as_str(), body["name"].as_str()),
        (Some("oauth2"), Some("demo-client"))
    );
}

#[tokio::test]
async fn tenant_lifecycle_with_users_and_enforced_quota() {
    let p = platform().await;
    let c = client();
    let base = p.base_url();
    let auth = |r: reqwest::RequestBuilder| r.header("X-API-Key", "demo-api-key");

    let t: Value = auth(c.post(format!("{base}/api/tenants")))
        .json(&json!({"name": "team a/b c%", "tags": {"purpose": "validation"}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = t["id"].as_str().unwrap();

    // The odd name survives as a path segment when percent-encoded.
    let r = auth(c.get(format!("{base}/api/tenants/by-name/team%20a%2Fb%20c%25")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    let r = auth(c.put(format!("{base}/api/tenants/{id}/users/alice")))
        .json(&json!({"email": "alice@example.com", "role": "developer"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let users: Value = auth(c.get(format!("{base}/api/tenants/{id}/users")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(users["users"][0]["role"], "developer");

    auth(c.put(format!("{base}/api/tenants/{id}/quotas/cpu")))
        .json(&json!({"limit": 4}))
        .send()
        .await
        .unwrap();
    let ok = auth(c.post(format!("{base}/api/tenants/{id}/allocations")))
        .json(&json!({"key": "cpu", "amount": 4}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 201);
    let over = auth(c.post(format!("{base}/api/tenants/{id}/allocations")))
        .json(&json!({"key": "cpu", "amount": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(over.status(), 422);
    assert_eq!(
        over.json::<Value>().await.unwrap()["error"],
        "quota_exceeded"
    );

    let r = auth(c.delete(format!("{base}/api/tenants/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let r = auth(c.get(format!("{base}/api/tenants/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn injected_faults_behave_as_configured() {
    let p = platform().await;
    let c = client();
    let url = format!("{}/api/health", p.base_url());

    p.set_faults(vec![Fault {
        path_prefix: "/api/health".into(),
        method: None,
        kind: FaultKind::RateLimited {
            retry_after_secs: 2,
        },
        times: Some(1),
        after: None,
    }])
    .await;
    let r = c.get(&url).send().await.unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "2");
    assert_eq!(
        c.get(&url).send().await.unwrap().status(),
        200,
        "fault wore off"
    );

    p.set_faults(vec![Fault {
        path_prefix: "/api/health".into(),
        method: None,
        kind: FaultKind::Latency { ms: 150 },
        times: None,
        after: None,
    }])
    .await;
    let started = Instant::now();
    c.get(&url).send().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(150));

    p.set_faults(vec![Fault {
        path_prefix: "/api/health".into(),
        method: None,
        kind: FaultKind::Hang,
        times: None,
        after: None,
    }])
    .await;
    let err = client()
        .get(&url)
        .timeout(Duration::from_millis(300))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout());

    p.set_faults(vec![Fault {
        path_prefix: "/api/health".into(),
        method: None,
        kind: FaultKind::InvalidJson,
        times: None,
        after: None,
    }])
    .await;
    let r = c.get(&url).send().await.unwrap();
    assert!(r.json::<Value>().await.is_err());
    assert!(p.requests().await.len() >= 5);
}
