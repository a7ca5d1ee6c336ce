//! `platformctl sweep` against the sample platform on 127.0.0.1 and the real OS
//! keyring (run inside .ci/session.sh): a validation run is killed midway, after
//! its tenant was created; the sweep lists that leftover (dry run), deletes it with
//! --yes, and leaves alone the tenants named almost like one.

use std::collections::BTreeMap;
use std::process::Stdio;
use std::time::{Duration, Instant};

use pb_sample_platform::{AuthConfig, Fault, FaultKind, SamplePlatform};

mod common;
use common::*;

const NEAR_MISSES: [&str; 3] = [
    "pb-validation-a1b2c",
    "pb-validation-a1b2c3d",
    "orders-pb-validation-a1b2c3",
];

fn names_on(rt: &tokio::runtime::Runtime, p: &SamplePlatform) -> Vec<String> {
    let mut names: Vec<String> = rt.block_on(async {
        let store = p.shared.store.lock().await;
        store.tenants.values().map(|t| t.name.clone()).collect()
    });
    names.sort();
    names
}

#[test]
fn the_tenant_of_a_killed_run_is_swept_and_nothing_else() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sample = rt
        .block_on(SamplePlatform::start(AuthConfig::demo(), 0))
        .unwrap();
    rt.block_on(async {
        let mut store = sample.shared.store.lock().await;
        for name in NEAR_MISSES {
            store.create_tenant(name, "", BTreeMap::new()).unwrap();
        }
    });
    let cli = Cli::new();
    import_definitions(&cli, &definitions(&sample.base_url()));

    // Reading the tenant back hangs, so the run is still going when it is killed,
    // right after the platform created its tenant.
    rt.block_on(sample.set_faults(vec![Fault {
        path_prefix: "/api/tenants/".into(),
        method: Some("GET".into()),
        kind: FaultKind::Hang,
        times: None,
        after: None,
    }]));
    let mut run = std::process::Command::new(assert_cmd::cargo::cargo_bin("platformctl"))
        .args(["validate", "sample/dev"])
        .env("PB_DATA_DIR", cli.path(""))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while names_on(&rt, &sample).len() == NEAR_MISSES.len() {
        assert!(
            Instant::now() < deadline,
            "the run never created its tenant"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    run.kill().unwrap();
    run.wait().unwrap();
    rt.block_on(sample.set_faults(vec![]));
    let left: Vec<String> = names_on(&rt, &sample)
        .into_iter()
        .filter(|n| !NEAR_MISSES.contains(&n.as_str()))
        .collect();
    assert_eq!(left.len(), 1, "the killed run left its tenant: {left:?}");
    let leftover = &left[0];

    // A dry run names the leftover and deletes nothing.
    let dry = cli.cmd().args(["sweep", "sample/dev"]).assert().success();
    let text = String::from_utf8_lossy(&dry.get_output().stdout).to_string();
    assert!(text.contains(leftover.as_str()), "{text}");
    assert!(text.contains("--yes"), "{text}");
    assert!(text.contains("3 other tenant(s) left alone"), "{text}");
    assert_eq!(names_on(&rt, &sample).len(), NEAR_MISSES.len() + 1);

    // --yes deletes exactly it; the report says so in JSON.
    let done = cli
        .cmd()
        .args(["--json", "sweep", "sample/dev", "--yes"])
        .assert()
        .success();
    let report = json_of(&done.get_output().stdout)["sweep"].clone();
    assert_eq!(report["deleted"].as_array().unwrap().len(), 1, "{report}");
    assert_eq!(report["deleted"][0]["name"], leftover.as_str());
    assert_eq!(report["failed"].as_array().unwrap().len(), 0);
    let mut near: Vec<String> = NEAR_MISSES.iter().map(|s| s.to_string()).collect();
    near.sort();
    assert_eq!(names_on(&rt, &sample), near, "nothing else was touched");

    // Nothing left: a second sweep finds nothing.
    let again = cli
        .cmd()
        .args(["sweep", "sample/dev", "--yes"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&again.get_output().stdout).to_string();
    assert!(text.contains("0 deleted"), "{text}");
}

#[test]
fn a_connector_without_list_tenants_cannot_sweep() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sample = rt
        .block_on(SamplePlatform::start(AuthConfig::demo(), 0))
        .unwrap();
    let cli = Cli::new();
    let text = definitions(&sample.base_url());
    let start = text.find("      list_tenants:").unwrap();
    let end = text.find("      delete_tenant:").unwrap();
    import_definitions(&cli, &format!("{}{}", &text[..start], &text[end..]));
    let out = cli.cmd().args(["sweep", "sample/dev"]).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("list_tenants"), "{err}");
}
