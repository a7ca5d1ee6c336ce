//! `list_tenants` through every page, against the sample platform on 127.0.0.1: by
//! next link (the Generic REST preset) and by offset, and with replies that try to
//! page forever or send the listing (and its credential) to another host.

use std::collections::BTreeMap;

use pb_connector::definition::Connector;
use pb_connector::listing::{list_tenants, TenantListing};
use pb_connector::{presets, CallContext, Engine};
use pb_sample_platform::{AuthConfig, SamplePlatform};
use pb_secrets::Sensitive;

async fn platform_with(tenants: usize) -> SamplePlatform {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let mut store = p.shared.store.lock().await;
    for i in 0..tenants {
        store
            .create_tenant(&format!("team-{i:03}"), "", BTreeMap::new())
            .unwrap();
    }
    drop(store);
    p
}

fn ctx(p: &SamplePlatform) -> CallContext {
    CallContext {
        base_url: p.base_url(),
        secrets: [("api_key".to_string(), Sensitive::new("demo-api-key".into()))].into(),
        ..Default::default()
    }
}

/// The Generic REST preset with its list_tenants replaced by `yaml` (indented as
/// an operation under `operations:`).
fn generic_rest_listing(yaml: &str) -> Connector {
    let preset = presets::preset("generic-rest").unwrap();
    let start = preset.find("  list_tenants:").unwrap();
    let end = preset.find("  delete_tenant:").unwrap();
    let text = format!("{}{yaml}{}", &preset[..start], &preset[end..]);
    pb_connector::parse(&text).unwrap().connector
}

async fn listed(connector: &Connector, p: &SamplePlatform) -> TenantListing {
    list_tenants(&Engine::new(), connector, &ctx(p)).await
}

fn names(listing: &TenantListing) -> Vec<String> {
    listing.tenants.iter().map(|t| t.name.clone()).collect()
}

#[tokio::test]
async fn the_preset_follows_next_links_through_every_page() {
    let p = platform_with(250).await;
    let preset = pb_connector::parse(presets::preset("generic-rest").unwrap())
        .unwrap()
        .connector;
    let listing = listed(&preset, &p).await;
    assert!(listing.complete(), "{:?}", listing.error);
    assert_eq!(listing.pages, 3, "pages of 100: 100, 100, 50");
    assert_eq!(listing.tenants.len(), 250);
    let mut expected: Vec<String> = (0..250).map(|i| format!("team-{i:03}")).collect();
    let mut got = names(&listing);
    expected.sort();
    got.sort();
    assert_eq!(got, expected, "every tenant once");
    let store = p.shared.store.lock().await;
    for t in &listing.tenants {
        assert_eq!(
            store.tenant(&t.id).unwrap().name,
            t.name,
            "ids are the platform's"
        );
    }
    drop(store);
    let urls: Vec<&str> = listing.exchanges.iter().map(|e| e.url.as_str()).collect();
    assert!(urls[1].contains("offset=100"), "{urls:?}");
}

#[tokio::test]
async fn offset_paging_stops_at_the_short_page() {
    let p = platform_with(7).await;
    let connector = generic_rest_listing(
        r#"  list_tenants:
    paging: {offset: {size: 3}}
    requests:
      - method: GET
        path: /api/tenants
        query: {limit: "{{ page.size }}", offset: "{{ page.offset }}"}
        extract: {tenants: "items[].{name: name, id: id}"}
"#,
    );
    let listing = listed(&connector, &p).await;
    assert!(listing.complete(), "{:?}", listing.error);
    assert_eq!((listing.pages, listing.tenants.len()), (3, 7));

    // Exactly a multiple of the page size: one more, empty page ends it.
    let p = platform_with(6).await;
    let listing = listed(&connector, &p).await;
    assert_eq!((listing.pages, listing.tenants.len()), (3, 6));
    assert!(listing.complete());
}

#[tokio::test]
async fn an_empty_platform_lists_nothing_in_one_page() {
    let p = platform_with(0).await;
    let preset = pb_connector::parse(presets::preset("generic-rest").unwrap())
        .unwrap()
        .connector;
    let listing = listed(&preset, &p).await;
    assert!(listing.complete(), "{:?}", listing.error);
    assert_eq!((listing.pages, listing.tenants.len()), (1, 0));
}

#[tokio::test]
async fn a_next_link_to_another_host_is_not_followed() {
    let p = platform_with(2).await;
    // The "reply" links to another origin (a JMESPath literal stands in for a
    // hostile platform's body).
    let connector = generic_rest_listing(
        r#"  list_tenants:
    paging: {next: "'http://127.0.0.2:9/steal'"}
    requests:
      - method: GET
        path: /api/tenants
        extract: {tenants: "items[].{name: name, id: id}"}
"#,
    );
    let listing = listed(&connector, &p).await;
    let error = listing.error.as_ref().expect("refused");
    assert_eq!(error.code, "secret_to_foreign_origin", "{}", error.message);
    assert_eq!(listing.tenants.len(), 2, "the first page is kept");
    assert!(
        listing
            .exchanges
            .iter()
            .all(|e| !e.url.contains("127.0.0.2")),
        "nothing was sent there"
    );
}

#[tokio::test]
async fn a_platform_that_links_a_page_to_itself_is_stopped() {
    let p = platform_with(2).await;
    let connector = generic_rest_listing(
        r#"  list_tenants:
    paging: {next: "'/api/tenants?again={{ secrets.api_key }}'"}
    requests:
      - method: GET
        path: /api/tenants
        extract: {tenants: "items[].{name: name, id: id}"}
"#,
    );
    let listing = listed(&connector, &p).await;
    let error = listing.error.as_ref().expect("stopped");
    assert_eq!(error.code, "invalid_listing");
    assert!(error.message.contains("already read"), "{}", error.message);
    assert_eq!(
        listing.pages, 2,
        "the first page, then the link that names itself"
    );
    // The link is fetched as text: template syntax in a reply is not evaluated.
    let requests = p.requests().await;
    assert!(
        requests.iter().all(|r| !r.contains("demo-api-key")),
        "{requests:?}"
    );
}

#[tokio::test]
async fn a_page_without_names_and_ids_is_a_clear_error() {
    let p = platform_with(2).await;
    let connector = generic_rest_listing(
        r#"  list_tenants:
    requests:
      - method: GET
        path: /api/tenants
        extract: {tenants: "items[].{name: name}"}
"#,
    );
    let listing = listed(&connector, &p).await;
    let error = listing.error.as_ref().expect("refused");
    assert_eq!(error.code, "invalid_listing");
    assert!(
        error.message.contains("needs a name and an id"),
        "{}",
        error.message
    );
}

#[test]
fn paging_is_only_for_list_tenants_and_bounded() {
    let preset = presets::preset("generic-rest").unwrap();
    let on_get = preset.replacen(
        "  get_tenant:\n",
        "  get_tenant:\n    paging: {next: /next}\n",
        1,
    );
    let e = pb_connector::parse(&on_get).unwrap_err().to_string();
    assert!(e.contains("only list_tenants is paged"), "{e}");
    let huge = preset.replace("paging: {next: /next}", "paging: {offset: {size: 5000}}");
    let e = pb_connector::parse(&huge).unwrap_err().to_string();
    assert!(e.contains("not between 1 and 1000"), "{e}");
}

/// The SCIM 2.0 preset pages by startIndex and count; the sample platform sends at
/// most 20 groups a page whatever count asks, so only totalResults tells the
/// listing that a short page is not the last.
#[tokio::test]
async fn the_scim_preset_reads_every_group_from_a_server_with_short_pages() {
    let p = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let connector = pb_connector::parse(presets::preset("scim2").unwrap())
        .unwrap()
        .connector;
    let engine = Engine::new();
    let ctx = CallContext {
        base_url: p.base_url(),
        secrets: [(
            "token".to_string(),
            Sensitive::new("demo-bearer-token".into()),
        )]
        .into(),
        ..Default::default()
    };
    let mut values = ctx.clone();
    for i in 0..45 {
        values.values.insert(
            "tenant".into(),
            serde_json::json!({"name": format!("group-{i:02}")}),
        );
        engine
            .run_connector(&connector, pb_connector::Operation::CreateTenant, &values)
            .await
            .outcome
            .unwrap();
    }
    let listing = list_tenants(&engine, &connector, &ctx).await;
    assert!(listing.complete(), "{:?}", listing.error);
    assert_eq!((listing.pages, listing.tenants.len()), (3, 45));
    let urls: Vec<&str> = listing.exchanges.iter().map(|e| e.url.as_str()).collect();
    assert!(urls[1].contains("startIndex=21"), "{urls:?}");
    let mut got = names(&listing);
    got.dedup();
    assert_eq!(got.len(), 45, "no group twice");
}
