//! `platformctl export --format meshstack`: the Terraform files written to a
//! folder, the same bytes every time, and a clear refusal of what meshStack
//! cannot take.

mod common;

use std::collections::BTreeMap;

use common::Cli;
use pb_registry::offering::landing_zones::LandingZoneInput;
use pb_registry::Registry;

const DEFINITIONS: &str = "apiVersion: platformbuilder.dev/v1
kind: Platform
metadata:
  name: brokers
spec:
  displayName: Brokers
  type: GENERIC-REST
  location: EU Central
  quotas:
  - key: cpu
    label: CPU
    unit: cores
    min: 1
    max: 16
    default: 4
    autoApprovalThreshold: 8
    description: Cores a tenant may use
---
apiVersion: platformbuilder.dev/v1
kind: Instance
metadata:
  name: prod
  platform: brokers
spec:
  environment: prod
  endpoint: https://prod.brokers.example.com
";

fn folder(dir: &std::path::Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn writes_terraform_for_meshstack_the_same_every_time() {
    let cli = Cli::new();
    let file = cli.path("brokers.yaml");
    std::fs::write(&file, DEFINITIONS).unwrap();
    cli.cmd().arg("import").arg(&file).assert().success();
    {
        let reg = Registry::open(&cli.path("registry.db")).unwrap();
        let p = reg.list_platforms().unwrap().remove(0);
        reg.save_landing_zone(
            &p.id,
            None,
            &LandingZoneInput {
                identifier: "brokers-default".into(),
                name: "Default".into(),
                quotas: BTreeMap::from([("cpu".to_owned(), 2.0)]),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let out = cli.path("tf");
    let run = |out: &std::path::Path| {
        let out = cli
            .cmd()
            .args(["export", "--format", "meshstack", "--out"])
            .arg(out)
            .assert()
            .success();
        let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(stdout.contains("wrote 7 file(s)"), "{stdout}");
    };
    run(&out);
    let first = folder(&out);
    let again = cli.path("tf-again");
    run(&again);
    assert_eq!(first, folder(&again));
    let platforms = &first["platforms.tf"];
    assert!(
        platforms.contains("resource \"meshstack_platform\" \"brokers_prod\""),
        "{platforms}"
    );
    assert!(
        platforms.contains("location_ref = meshstack_location.eu_central.ref"),
        "{platforms}"
    );
    assert!(
        first["landing_zones.tf"].contains("value = 2"),
        "{}",
        first["landing_zones.tf"]
    );
    assert!(first["README.md"].contains("requests up to 8 cores are approved at once"));

    let refused = cli
        .cmd()
        .args([
            "export",
            "--format",
            "meshstack",
            "--platform",
            "nope",
            "--out",
        ])
        .arg(cli.path("none"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(stderr.contains("no finished platform 'nope'"), "{stderr}");
}
