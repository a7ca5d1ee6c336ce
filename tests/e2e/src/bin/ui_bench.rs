//! `make bench`'s window figures (issue 7: 1, 2 and 4), each next to its baseline
//! measured in the same run, written as JSON to bench/raw/:
//! 1. start-up to UI ready with 10,000 instances, against an empty Tauri 2 window
//!    (bench/empty-window) built by the same toolchain and profile: the median of
//!    RUNS launches each, alternating, timed from just before `exec` to the wall
//!    clock each window reports when its first screen is rendered;
//! 2. idle memory: PSS of the process tree 5 s after the registry page shows 10,000
//!    instances, against the empty window 5 s after it is ready, both driven
//!    through tauri-driver so both carry WebDriver's automation;
//! 4. the registry page in the real window: time to render it and to apply a
//!    search with 10,000 instances, against the same with 100.
//!
//! Run inside `.ci/session.sh` with release builds of both binaries:
//!   ui_bench [APP_BINARY] [EMPTY_WINDOW_BINARY] [RUNS]
//! `PB_BENCH_SMOKE=1` (what `make test` runs, so this harness cannot rot) uses
//! 1,000 instances and 1 s of idle time and writes to target/bench-smoke/.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use pb_e2e::bench::{time_in_page, OPEN_REGISTRY};
use pb_e2e::{workspace_root, App, Workspace};
use pb_registry::registry_query::RegistryQuery;
use pb_registry::Registry;
use serde_json::{json, Value};

fn smoke() -> bool {
    std::env::var_os("PB_BENCH_SMOKE").is_some()
}

/// The registry size of figures 1, 2 and 4.
fn instances() -> usize {
    if smoke() {
        1_000
    } else {
        10_000
    }
}

/// How long the windows idle before their memory is read.
fn idle() -> Duration {
    Duration::from_secs(if smoke() { 1 } else { 5 })
}

fn unix_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis()
}

/// A data directory holding a registry of `instances` instances.
fn seeded(instances: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let reg = Registry::open(&dir.path().join("registry.db")).expect("open registry");
    pb_registry::bench_seed::seed(&reg, instances).expect("seed");
    dir
}

fn copy_data_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    std::fs::copy(from.join("registry.db"), to.join("registry.db")).unwrap();
}

/// Launches `binary` and returns the milliseconds until it printed its "UI ready"
/// line, and the running process. Every launch gets fresh XDG directories, so no
/// WebKit cache carries over from one run to the next.
// The child is handed to the caller, which stops it (`stop`), or stopped here on
// a timeout; clippy cannot follow it out of the function.
#[allow(clippy::zombie_processes)]
fn launch(binary: &Path, data: Option<&Path>) -> (u64, std::process::Child, tempfile::TempDir) {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("out.log");
    let mut cmd = Command::new(binary);
    for (var, sub) in [
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
    ] {
        cmd.env(var, home.path().join(sub));
    }
    if let Some(dir) = data {
        cmd.env("PB_DATA_DIR", dir);
    }
    let file = std::fs::File::create(&out).unwrap();
    cmd.stdout(Stdio::from(file.try_clone().unwrap()))
        .stderr(Stdio::from(file));
    let launched = unix_ms();
    let child = cmd.spawn().expect("start the binary");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let text = std::fs::read_to_string(&out).unwrap_or_default();
        let ready = text
            .lines()
            .filter(|l| l.contains("UI ready"))
            .find_map(|l| l.split("at_unix_ms=").nth(1))
            .and_then(|v| v.split_whitespace().next()?.parse::<u128>().ok());
        if let Some(at) = ready {
            return ((at - launched) as u64, child, home);
        }
        if Instant::now() >= deadline {
            stop(child);
            panic!("{} not ready within 30 s:\n{text}", binary.display());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn stop(mut child: std::process::Child) {
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn median(mut values: Vec<u64>) -> u64 {
    values.sort_unstable();
    values[values.len() / 2]
}

/// The pids of `pid` and all its descendants.
fn process_tree(pid: u32) -> Vec<u32> {
    let mut tree = vec![pid];
    let mut n = 0;
    while n < tree.len() {
        let parent = tree[n];
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(child) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
            // The parent pid is the second field after the parenthesised command.
            let ppid = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<u32>().ok());
            if ppid == Some(parent) {
                tree.push(child);
            }
        }
        n += 1;
    }
    tree
}

/// PSS of each process in the tree: (command name, MiB).
fn pss_by_process(pid: u32) -> Vec<(String, f64)> {
    process_tree(pid)
        .iter()
        .filter_map(|p| {
            let rollup = std::fs::read_to_string(format!("/proc/{p}/smaps_rollup")).ok()?;
            let kib: u64 = rollup
                .lines()
                .find(|l| l.starts_with("Pss:"))?
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            let comm = std::fs::read_to_string(format!("/proc/{p}/comm")).unwrap_or_default();
            Some((comm.trim().to_owned(), kib as f64 / 1024.0))
        })
        .collect()
}

fn pss_mib(processes: &[(String, f64)]) -> f64 {
    processes.iter().map(|(_, mib)| mib).sum()
}

/// The pid of the window tauri-driver started for this workspace.
fn window_pid(binary: &Path, ws: &Workspace) -> u32 {
    let data_dir = ws.data_dir().to_string_lossy().into_owned();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let args: Vec<String> = cmdline
            .split(|b| *b == 0)
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        if args.first().map(PathBuf::from).as_deref() == Some(binary) && args.contains(&data_dir) {
            return pid;
        }
    }
    panic!("no process of {} for {data_dir}", binary.display());
}

fn search(term: &str) -> String {
    format!(
        "const input = document.querySelector('[data-testid=\"registry-search\"]');
         Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, {});
         input.dispatchEvent(new Event('input', {{ bubbles: true }}));",
        Value::from(term)
    )
}

struct RegistryUi {
    first_render: f64,
    render: f64,
    search: f64,
    processes: Vec<(String, f64)>,
    /// The page's own load timeline (navigation, script fetches, paints).
    page_timing: Value,
}

/// Opens the registry page on a registry of `instances`, times it, times searches,
/// and reads the memory 5 s after the page settled on all instances again.
async fn registry_ui(binary: &Path, instances: usize) -> RegistryUi {
    let data = seeded(instances);
    let reg = Registry::open(&data.path().join("registry.db")).unwrap();
    let total = |term: &str| {
        reg.query_registry(&RegistryQuery {
            search: term.into(),
            ..Default::default()
        })
        .unwrap()
        .total
    };
    let ws = Workspace::new("ui-bench");
    copy_data_dir(data.path(), &ws.data_dir());
    let app = App::start(&ws).await;
    let page_timing = app
        .driver()
        .execute(
            "const round = (x) => Math.round(x);
             const nav = performance.getEntriesByType('navigation')[0];
             return {
               domContentLoaded: nav && round(nav.domContentLoadedEventEnd),
               load: nav && round(nav.loadEventEnd),
               resources: performance.getEntriesByType('resource')
                 .map((r) => [r.name.split('/').pop(), round(r.startTime), round(r.responseEnd)]),
               paints: performance.getEntriesByType('paint').map((p) => [p.name, round(p.startTime)]),
             };",
            vec![],
        )
        .await
        .map(|v| v.json().clone())
        .unwrap_or(Value::Null);
    let all = total("");
    let first_render = time_in_page(&app, OPEN_REGISTRY, all).await;
    // Memory first, with the registry just open: the timing loops below leave
    // garbage that JavaScriptCore collects lazily, which is not the idle state.
    tokio::time::sleep(idle()).await;
    let processes = pss_by_process(window_pid(binary, &ws));
    let mut renders = Vec::new();
    for _ in 0..5 {
        app.click("nav-platforms").await;
        app.wait_testid("new-platform-button").await;
        renders.push(time_in_page(&app, OPEN_REGISTRY, all).await);
    }
    let mut searches = Vec::new();
    // Terms that match in the 100-instance baseline too (one platform there).
    for term in ["svc-000000-04", "prod", "platform 000000", "team-0"] {
        searches.push(time_in_page(&app, &search(term), total(term)).await);
        searches.push(time_in_page(&app, &search(""), all).await);
    }
    app.stop().await;
    let median_of =
        |v: Vec<f64>| median(v.iter().map(|x| (x * 1000.0) as u64).collect()) as f64 / 1000.0;
    RegistryUi {
        first_render,
        render: median_of(renders),
        search: median_of(searches),
        processes,
        page_timing,
    }
}

async fn empty_window_pss(binary: &Path) -> Vec<(String, f64)> {
    let ws = Workspace::new("ui-bench-empty");
    let app = App::start_binary(&ws, binary).await;
    app.wait_text("Empty window").await;
    tokio::time::sleep(idle()).await;
    let processes = pss_by_process(window_pid(binary, &ws));
    app.stop().await;
    processes
}

fn write(name: &str, figure: Value) {
    let dir = workspace_root().join(if smoke() {
        "target/bench-smoke"
    } else {
        "bench/raw"
    });
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, figure.to_string()).unwrap();
    println!("{figure}");
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = workspace_root();
    let app = args
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/release/platform-builder"));
    let empty = args
        .get(2)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/release/pb-bench-empty-window"));
    let runs: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(5);
    std::env::set_var("PB_APP_BINARY", &app);

    // Figure 1: start-up, alternating the two binaries so noise hits both alike.
    let n = instances();
    let data = seeded(n);
    let (mut app_ms, mut empty_ms) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let dir = tempfile::tempdir().unwrap();
        copy_data_dir(data.path(), dir.path());
        let (ms, child, _home) = launch(&app, Some(dir.path()));
        app_ms.push(ms);
        stop(child);
        let (ms, child, _home) = launch(&empty, None);
        empty_ms.push(ms);
        stop(child);
    }
    let (a, e) = (median(app_ms.clone()), median(empty_ms.clone()));
    write(
        "1-startup",
        json!({
            "figure": format!("Start-up to UI ready, {n} instances (median of {runs}, launch to first screen rendered with data)"),
            "app": format!("{a} ms"),
            "baseline": format!("empty Tauri 2 window: {e} ms"),
            "ratio": format!("{:.2}", a as f64 / e as f64),
            "goal": "≤ 1.3× the empty window",
            "met": a as f64 <= 1.3 * e as f64,
            "app_runs_ms": app_ms, "baseline_runs_ms": empty_ms,
        }),
    );

    // Figures 2 and 4 in the real window through WebDriver.
    let big = registry_ui(&app, n).await;
    let small = registry_ui(&app, 100).await;
    let empty_processes = empty_window_pss(&empty).await;
    let (app_pss, empty_pss) = (pss_mib(&big.processes), pss_mib(&empty_processes));
    write(
        "2-memory",
        json!({
            "figure": format!("Idle memory: PSS of the process tree {} s after ready, registry page open on {n} instances", idle().as_secs()),
            "app": format!("{app_pss:.0} MiB"),
            "baseline": format!("empty Tauri 2 window: {empty_pss:.0} MiB"),
            "ratio": format!("{:.2}", app_pss / empty_pss),
            "goal": "≤ empty window + 40 MB",
            "met": app_pss <= empty_pss + 40.0,
            "app_processes_mib": big.processes, "baseline_processes_mib": empty_processes,
            "app_100_instances_processes_mib": small.processes,
        }),
    );
    write(
        "4-registry-ui",
        json!({
            "figure": format!("Registry page in the real window (WebDriver), {n} instances: first render; render again (median of 5); apply a search (median of 8, incl. 200 ms typing debounce)"),
            "app": format!("first {:.0} ms; again {:.0} ms; search {:.0} ms", big.first_render, big.render, big.search),
            "baseline": format!("same with 100 instances: first {:.0} ms; again {:.0} ms; search {:.0} ms", small.first_render, small.render, small.search),
            "ratio": format!("{:.2}", big.search / small.search),
            "goal": "(measured, no goal)",
            "met": true,
            "page_timing_10000": big.page_timing, "page_timing_100": small.page_timing,
        }),
    );
}
