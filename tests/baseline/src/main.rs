//! A bare Tauri window showing one static page: what any Tauri 2 app costs before it does
//! anything. `./dev.sh measure` builds it in the same run as Car Remote, with the same release
//! profile, and reports Car Remote's sizes, start times and memory as ratios to this.

// Like the app: no console window next to it on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// Called by the page once its first frame is painted; the line is what `./dev.sh measure`
/// waits for, as it waits for Car Remote's "vehicle list first painted".
#[tauri::command]
fn painted() {
    println!("page first painted");
}

fn main() {
    let result = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![painted])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("the baseline window could not start: {error}");
        std::process::exit(1);
    }
}
