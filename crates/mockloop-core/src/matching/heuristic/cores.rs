//! Independent work shared by the machine's cores.

use std::ops::Range;

/// `work` over `0..count`, cut into one contiguous range per thread (as many as there are
/// cores, at most `max_threads`), with the results in order. For work whose items do not depend
/// on each other: the result is the same on any number of cores.
pub(super) fn on_all_cores<T, F>(count: usize, max_threads: usize, work: F) -> Vec<T>
where
    T: Send,
    F: Fn(Range<usize>) -> Vec<T> + Sync,
{
    let cores = std::thread::available_parallelism().map_or(1, |cores| cores.get());
    let threads = cores.min(max_threads).min(count).max(1);
    let share = count.div_ceil(threads);
    std::thread::scope(|scope| {
        let work = &work;
        let parts: Vec<_> = (0..threads)
            .map(|part| {
                let items = (part * share).min(count)..((part + 1) * share).min(count);
                scope.spawn(move || work(items))
            })
            .collect();
        parts
            .into_iter()
            .flat_map(|part| part.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::on_all_cores;

    #[test]
    fn every_item_is_done_once_and_in_order() {
        for count in [0, 1, 2, 7, 100] {
            let done = on_all_cores(count, 4, |items| items.collect::<Vec<usize>>());
            assert_eq!(done, (0..count).collect::<Vec<_>>());
        }
    }
}
