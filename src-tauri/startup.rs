//! How long the start took, as the user sees it: the window reports when it first painted the
//! vehicle list, and the log says how long after the start of `run()` that was. `./dev.sh
//! measure` times the same line from the outside.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tauri::State;

/// The words of the log line `./dev.sh measure` waits for.
pub const PAINTED: &str = "vehicle list first painted";

/// When the app started, and whether the first paint was reported yet.
pub struct Startup {
    started: Instant,
    painted: AtomicBool,
}

impl Startup {
    /// Starts the clock.
    pub fn now() -> Self {
        Self {
            started: Instant::now(),
            painted: AtomicBool::new(false),
        }
    }

    /// The time since the start, the first time it is asked; `None` after that.
    fn first_paint(&self) -> Option<Duration> {
        (!self.painted.swap(true, Ordering::SeqCst)).then(|| self.started.elapsed())
    }
}

/// Called by the window once it has painted the vehicle list for the first time; `vehicles`
/// is how many it shows.
#[tauri::command]
pub fn startup_painted(startup: State<'_, Startup>, vehicles: usize) {
    if let Some(elapsed) = startup.first_paint() {
        log::info!(
            "{PAINTED} {} ms after start ({vehicles} vehicles)",
            elapsed.as_millis()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_paint_is_reported() {
        let startup = Startup::now();
        assert!(startup.first_paint().is_some());
        assert!(startup.first_paint().is_none());
    }
}
