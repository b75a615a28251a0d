//! Build script: the Tauri context of the bare window.

fn main() {
    tauri_build::build();
}
