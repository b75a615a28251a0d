//! Looking at a desktop app from the outside, on Linux: when its window is mapped, where it is,
//! closing it as a window manager would, and how much memory its processes take. Used by
//! `car-remote-measure` (`./dev.sh measure`) and by the app's desktop test (`tests/desktop.rs`).

pub mod memory;
pub mod x11;
