//! The OPENSTACK preset, proven the way a preset counts as working: the whole
//! validation suite against a real OpenStack Keystone (Debian's `keystone`) on
//! 127.0.0.1, started by the test. Plus what goes wrong for real: a wrong
//! password, a dead server.

use pb_connector::{Engine, ErrorClass, Operation};
use pb_real_platforms::keystone::Keystone;
use pb_real_platforms::setups;
use pb_real_platforms::suite::{assert_whole_suite_passed, run_whole_suite};
use pb_secrets::Sensitive;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openstack_preset_passes_the_whole_suite_against_keystone() {
    let keystone = tokio::task::spawn_blocking(Keystone::start)
        .await
        .unwrap()
        .unwrap_or_else(|e| panic!("{e}"));
    let setup = setups::keystone(&keystone);
    let (connector, run) = run_whole_suite(&setup.connector_text, &setup.ctx, &setup.plan).await;
    let table = assert_whole_suite_passed(&run, &setup.skips());
    println!("{table}");
    // The session login with the instance's password happened once (its token
    // cached for the run) and its token never shows; the only other login is the
    // "credential refused" step's, with a made-up password, refused.
    let exchanges: Vec<_> = run.steps.iter().flat_map(|s| &s.exchanges).collect();
    let logins: Vec<_> = exchanges.iter().filter(|e| e.request == "login").collect();
    assert_eq!(logins.len(), 2, "{table}");
    assert_eq!(logins[0].status, Some(201), "{table}");
    let refused = run
        .steps
        .iter()
        .find(|s| s.name == "credential refused")
        .unwrap();
    assert_eq!(refused.exchanges.len(), 1, "{table}");
    assert_eq!(refused.exchanges[0].request, "login");
    assert_eq!(refused.exchanges[0].status, Some(401), "{table}");
    let recorded = serde_json::to_string(&run).unwrap();
    assert!(!recorded.contains(Keystone::ADMIN_PASSWORD));
    assert!(
        !recorded.contains("gAAAA"),
        "a fernet token leaked into the run"
    );
    // The user was listed by its name from the project's role assignments.
    let listed = run.steps.iter().find(|s| s.name == "user listed").unwrap();
    assert!(listed.message.contains("is listed"), "{table}");

    // list_tenants and the sweep: only the convention's leftover goes.
    let pages =
        pb_real_platforms::sweep::assert_sweeps_only_leftovers(&connector, &setup.ctx, &setup.plan)
            .await;
    println!("listed in {pages} page(s); the leftover swept, the near miss kept");

    // A wrong password: the login is refused with Keystone's own message.
    let mut wrong = setup.ctx.clone();
    wrong
        .secrets
        .insert("password".into(), Sensitive::new("not-the-password".into()));
    let refused = Engine::new()
        .run_connector(&connector, Operation::Check, &wrong)
        .await;
    let e = refused.outcome.unwrap_err();
    assert_eq!(e.code(), "unauthorized", "{e}");
    assert!(e.to_string().contains("HTTP 401"), "{e}");
    assert!(
        e.to_string().contains("requires authentication"),
        "Keystone's message: {e}"
    );
    assert!(!e.to_string().contains("not-the-password"));

    // A dead server: a network error within the connect timeout, no panic.
    let base = keystone.base_url();
    drop(keystone);
    let mut dead = setup.ctx.clone();
    dead.base_url = base;
    let started = std::time::Instant::now();
    let down = Engine::new()
        .run_connector(&connector, Operation::Check, &dead)
        .await;
    let e = down.outcome.unwrap_err();
    assert_eq!(e.class(), ErrorClass::Network, "{e}");
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
}
