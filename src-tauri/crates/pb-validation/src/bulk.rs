//! Testing many instances at once with bounded concurrency: at most `concurrency`
//! run at a time, results are reported as each finishes, and a slow or hanging
//! instance holds only its own slot (every test is bounded by its connector's
//! timeouts), never the others.

use std::future::Future;

use futures_util::stream::{self, StreamExt};

/// Runs `test` on every item, `concurrency` at a time; `on_done(index, &result)` is
/// called as each finishes. Results come back in the items' order.
pub async fn run_bulk<I, R, Fut>(
    items: Vec<I>,
    concurrency: usize,
    test: impl Fn(I) -> Fut,
    mut on_done: impl FnMut(usize, &R),
) -> Vec<R>
where
    Fut: Future<Output = R>,
{
    let total = items.len();
    let mut results: Vec<Option<R>> = (0..total).map(|_| None).collect();
    let mut running = stream::iter(items.into_iter().enumerate())
        .map(|(index, item)| {
            let fut = test(item);
            async move { (index, fut.await) }
        })
        .buffer_unordered(concurrency.max(1));
    while let Some((index, result)) = running.next().await {
        on_done(index, &result);
        results[index] = Some(result);
    }
    results.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn concurrency_is_bounded_and_order_kept() {
        let active = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        let mut finished = Vec::new();
        let results = run_bulk(
            (0..12u64).collect(),
            4,
            |i| {
                let (active, peak) = (&active, &peak);
                async move {
                    let now = active.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(now, Ordering::SeqCst);
                    // One slow item must not hold up the others.
                    let ms = if i == 0 { 300 } else { 50 };
                    tokio::time::sleep(Duration::from_millis(ms)).await;
                    active.fetch_sub(1, Ordering::SeqCst);
                    i * 10
                }
            },
            |index, _| finished.push(index),
        )
        .await;
        assert_eq!(results, (0..12).map(|i| i * 10).collect::<Vec<_>>());
        assert_eq!(peak.load(Ordering::SeqCst), 4);
        // The slow one held only its own slot: the eleven fast ones all finished
        // before it.
        assert_eq!(*finished.last().unwrap(), 0, "the slow one finished last");
    }
}
