//! The scheduler against a fake registry and a clock the test moves: checks run on
//! time, never twice at once, within the concurrency, and notify only on a change.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use pb_health_checks::*;
use tokio::sync::Semaphore;

const MIN: u64 = 60_000;
const START: u64 = 1_790_000_000_000;

struct ManualClock(AtomicU64);

impl Clock for ManualClock {
    fn now_ms(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

#[derive(Default)]
struct Entry {
    last_check_ms: Option<u64>,
    health: Option<Health>,
    script: Vec<&'static str>,
    days_left: Option<i64>,
    warned_on: Option<String>,
}

/// A registry of instances whose checks answer what the test scripts.
struct Fake {
    clock: Arc<ManualClock>,
    settings: Mutex<HealthCheckSettings>,
    instances: Mutex<HashMap<String, Entry>>,
    started: Mutex<Vec<String>>,
    notices: Mutex<Vec<Notice>>,
    running: AtomicU64,
    most_at_once: AtomicU64,
    /// While set, checks wait for a permit of `gate`.
    hold: AtomicBool,
    gate: Semaphore,
}

impl Fake {
    fn new(ids: &[&str]) -> (Arc<Self>, Arc<ManualClock>) {
        let clock = Arc::new(ManualClock(AtomicU64::new(START)));
        let instances = ids
            .iter()
            .map(|id| (id.to_string(), Entry::default()))
            .collect();
        let fake = Arc::new(Self {
            clock: Arc::clone(&clock),
            settings: Mutex::new(HealthCheckSettings::default()),
            instances: Mutex::new(instances),
            started: Mutex::new(Vec::new()),
            notices: Mutex::new(Vec::new()),
            running: AtomicU64::new(0),
            most_at_once: AtomicU64::new(0),
            hold: AtomicBool::new(false),
            gate: Semaphore::new(0),
        });
        (fake, clock)
    }

    fn script(&self, id: &str, statuses: &[&'static str]) {
        self.instances.lock().unwrap().get_mut(id).unwrap().script = statuses.to_vec();
    }

    fn started(&self) -> Vec<String> {
        self.started.lock().unwrap().clone()
    }

    fn notices(&self) -> Vec<Notice> {
        self.notices.lock().unwrap().clone()
    }
}

impl Checks for Fake {
    fn scheduled(&self) -> Vec<Scheduled> {
        let mut list: Vec<Scheduled> = self
            .instances
            .lock()
            .unwrap()
            .iter()
            .map(|(id, e)| Scheduled {
                instance_id: id.clone(),
                instance: format!("{id} (prod)"),
                interval_ms: 15 * MIN,
                last_check_ms: e.last_check_ms,
            })
            .collect();
        list.sort_by(|a, b| a.instance_id.cmp(&b.instance_id));
        list
    }

    fn settings(&self) -> HealthCheckSettings {
        *self.settings.lock().unwrap()
    }

    fn check(self: Arc<Self>, instance: Scheduled) -> CheckFuture {
        let id = instance.instance_id;
        self.started.lock().unwrap().push(id.clone());
        let now = self.clock.now_ms();
        Box::pin(async move {
            let running = self.running.fetch_add(1, Ordering::SeqCst) + 1;
            self.most_at_once.fetch_max(running, Ordering::SeqCst);
            if self.hold.load(Ordering::SeqCst) {
                self.gate.acquire().await.unwrap().forget();
            }
            tokio::task::yield_now().await;
            self.running.fetch_sub(1, Ordering::SeqCst);
            let mut all = self.instances.lock().unwrap();
            let e = all.get_mut(&id).unwrap();
            let status = if e.script.is_empty() {
                "ok"
            } else {
                e.script.remove(0)
            };
            let after = Health::of_status(status);
            let change = transition(e.health, after);
            e.health = Some(after);
            e.last_check_ms = Some(now);
            CheckOutcome {
                status: status.to_owned(),
                summary: format!("{id}: {status}"),
                transition: change,
                certificate_days_left: e.days_left,
                certificate_warned_on: e.warned_on.clone(),
            }
        })
    }

    fn notify(&self, notice: &Notice) {
        self.notices.lock().unwrap().push(notice.clone());
    }

    fn certificate_warned(&self, instance_id: &str, day: &str) {
        let mut all = self.instances.lock().unwrap();
        all.get_mut(instance_id).unwrap().warned_on = Some(day.to_owned());
    }

    fn abandoned(&self, instance: &Scheduled) -> Option<Transition> {
        let mut all = self.instances.lock().unwrap();
        let e = all.get_mut(&instance.instance_id).unwrap();
        let change = transition(e.health, Health::Down);
        e.health = Some(Health::Down);
        e.last_check_ms = Some(self.clock.now_ms());
        change
    }
}

async fn tick(scheduler: &Arc<Scheduler>, fake: &Arc<Fake>) -> usize {
    let tasks = scheduler.tick(fake);
    let n = tasks.len();
    for t in tasks {
        t.await.unwrap();
    }
    n
}

#[tokio::test]
async fn runs_when_the_interval_has_passed_and_not_before() {
    let (fake, clock) = Fake::new(&["a", "b"]);
    let scheduler = Scheduler::new(clock.clone());
    // Never checked: due at once.
    assert_eq!(tick(&scheduler, &fake).await, 2);
    clock.0.fetch_add(14 * MIN, Ordering::SeqCst);
    assert_eq!(tick(&scheduler, &fake).await, 0, "not due before 15 min");
    clock.0.fetch_add(MIN, Ordering::SeqCst);
    assert_eq!(tick(&scheduler, &fake).await, 2, "due at 15 min");
    assert_eq!(scheduler.status().checks_run, 4);
}

#[tokio::test]
async fn a_night_asleep_runs_each_instance_once() {
    let (fake, clock) = Fake::new(&["a"]);
    let scheduler = Scheduler::new(clock.clone());
    tick(&scheduler, &fake).await;
    // Ten hours of missed intervals.
    clock.0.fetch_add(600 * MIN, Ordering::SeqCst);
    assert_eq!(tick(&scheduler, &fake).await, 1);
    assert_eq!(tick(&scheduler, &fake).await, 0);
    assert_eq!(fake.started(), ["a", "a"]);
}

#[tokio::test]
async fn a_hanging_check_is_not_started_twice() {
    let (fake, clock) = Fake::new(&["a"]);
    fake.hold.store(true, Ordering::SeqCst);
    let scheduler = Scheduler::new(clock.clone());
    let first = scheduler.tick(&fake);
    assert_eq!(first.len(), 1);
    tokio::task::yield_now().await;
    // Long past due, but the first check still runs.
    clock.0.fetch_add(60 * MIN, Ordering::SeqCst);
    assert!(scheduler.tick(&fake).is_empty());
    assert_eq!(scheduler.status().running, 1);
    fake.gate.add_permits(1);
    for t in first {
        t.await.unwrap();
    }
    assert_eq!(scheduler.status().running, 0);
    assert_eq!(fake.started(), ["a"]);
}

#[tokio::test(start_paused = true)]
async fn a_check_that_never_ends_is_abandoned_at_the_deadline() {
    let (fake, clock) = Fake::new(&["a"]);
    fake.hold.store(true, Ordering::SeqCst);
    let scheduler = Scheduler::new(clock.clone());
    // Paused time: the deadline passes as soon as nothing else can run.
    for t in scheduler.tick(&fake) {
        t.await.unwrap();
    }
    let status = scheduler.status();
    assert_eq!((status.checks_abandoned, status.running), (1, 0));
    // Stored as a failed check: not due again until its interval has passed.
    fake.hold.store(false, Ordering::SeqCst);
    assert_eq!(tick(&scheduler, &fake).await, 0);
    clock.0.fetch_add(15 * MIN, Ordering::SeqCst);
    assert_eq!(tick(&scheduler, &fake).await, 1);
}

#[tokio::test]
async fn at_most_concurrency_checks_at_once() {
    let ids: Vec<String> = (0..12).map(|i| format!("i{i:02}")).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let (fake, clock) = Fake::new(&refs);
    fake.settings.lock().unwrap().concurrency = 3;
    fake.hold.store(true, Ordering::SeqCst);
    let scheduler = Scheduler::new(clock);
    let tasks = scheduler.tick(&fake);
    assert_eq!(tasks.len(), 12);
    fake.gate.add_permits(12);
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(fake.started().len(), 12);
    assert!(fake.most_at_once.load(Ordering::SeqCst) <= 3);
}

#[tokio::test]
async fn lowering_the_concurrency_while_checks_run_takes_effect() {
    let ids: Vec<String> = (0..8).map(|i| format!("i{i:02}")).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let (fake, clock) = Fake::new(&refs);
    fake.hold.store(true, Ordering::SeqCst);
    let scheduler = Scheduler::new(clock.clone());
    let first = scheduler.tick(&fake);
    tokio::task::yield_now().await;
    // Down from 4 to 1 while four checks hold their permits.
    fake.settings.lock().unwrap().concurrency = 1;
    assert!(scheduler.tick(&fake).is_empty(), "all are running");
    fake.gate.add_permits(8);
    for t in first {
        t.await.unwrap();
    }
    // The next round runs one at a time: the permits came back and were taken.
    clock.0.fetch_add(15 * MIN, Ordering::SeqCst);
    fake.hold.store(false, Ordering::SeqCst);
    fake.most_at_once.store(0, Ordering::SeqCst);
    assert_eq!(tick(&scheduler, &fake).await, 8);
    assert_eq!(fake.most_at_once.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn notifies_only_on_a_change_of_health() {
    let (fake, clock) = Fake::new(&["a"]);
    fake.script("a", &["ok", "warning", "failed", "failed", "ok", "ok"]);
    let scheduler = Scheduler::new(clock.clone());
    for _ in 0..6 {
        tick(&scheduler, &fake).await;
        clock.0.fetch_add(15 * MIN, Ordering::SeqCst);
    }
    let notices = fake.notices();
    let changes: Vec<(Health, Health)> = notices
        .iter()
        .map(|n| match n {
            Notice::HealthChanged { transition, .. } => (transition.from, transition.to),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        changes,
        [(Health::Up, Health::Down), (Health::Down, Health::Up)]
    );
    assert_eq!(notices[0].title(), "a (prod) is down");
    assert_eq!(notices[1].title(), "a (prod) is back up");
}

#[tokio::test]
async fn notifications_off_notifies_nothing() {
    let (fake, clock) = Fake::new(&["a"]);
    fake.settings.lock().unwrap().notifications = false;
    fake.script("a", &["ok", "failed"]);
    let scheduler = Scheduler::new(clock.clone());
    tick(&scheduler, &fake).await;
    clock.0.fetch_add(15 * MIN, Ordering::SeqCst);
    tick(&scheduler, &fake).await;
    assert!(fake.notices().is_empty());
}

#[tokio::test]
async fn certificate_warning_at_the_threshold_once_a_day() {
    let (fake, clock) = Fake::new(&["a"]);
    fake.settings.lock().unwrap().certificate_warning_days = 10;
    fake.instances
        .lock()
        .unwrap()
        .get_mut("a")
        .unwrap()
        .days_left = Some(11);
    let scheduler = Scheduler::new(clock.clone());
    tick(&scheduler, &fake).await;
    assert!(fake.notices().is_empty(), "11 days left is above 10");
    fake.instances
        .lock()
        .unwrap()
        .get_mut("a")
        .unwrap()
        .days_left = Some(10);
    // Checks every 15 minutes for the rest of the day warn once.
    for _ in 0..8 {
        clock.0.fetch_add(15 * MIN, Ordering::SeqCst);
        tick(&scheduler, &fake).await;
    }
    let warned = |n: &Notice| matches!(n, Notice::CertificateExpiring { days_left: 10, .. });
    assert_eq!(fake.notices().iter().filter(|n| warned(n)).count(), 1);
    // And once again the next day.
    clock.0.fetch_add(24 * 60 * MIN, Ordering::SeqCst);
    tick(&scheduler, &fake).await;
    assert_eq!(fake.notices().iter().filter(|n| warned(n)).count(), 2);
    assert_eq!(
        fake.notices()[0].title(),
        "a (prod): the certificate expires in 10 days"
    );
}
