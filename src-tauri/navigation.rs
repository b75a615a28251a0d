//! The window stays on the app: a navigation away from the app's own pages (a link in server
//! data, a script, a drag-and-dropped URL) is refused, so the page that holds the app's
//! permissions never shows anything else.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Runtime, Url};

/// Whether the window may load `url`: only the app's own origin (`tauri://localhost` on Linux
/// and macOS, `http(s)://tauri.localhost` on Windows).
pub fn allowed(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

/// The plugin that applies [`allowed`] to every navigation of every webview.
pub fn guard<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("navigation-guard")
        .on_navigation(|_webview, url| allowed(url))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_pages_may_load() {
        let parse = |u: &str| Url::parse(u).expect("a URL");
        for ok in [
            "tauri://localhost/index.html",
            "tauri://localhost/",
            "http://tauri.localhost/index.html",
            "https://tauri.localhost/",
        ] {
            assert!(allowed(&parse(ok)), "{ok}");
        }
        for refused in [
            "https://example.com/",
            "http://localhost:8080/",
            "tauri://evil.example/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "data:text/html,<b>x</b>",
            "http://tauri.localhost.example.com/",
        ] {
            assert!(!allowed(&parse(refused)), "{refused}");
        }
    }
}
