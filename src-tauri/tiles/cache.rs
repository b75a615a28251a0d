//! The disk cache of tiles: one folder per tile URL, files written atomically, the oldest
//! removed when the folder grows beyond its bound.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use super::id::TileId;

/// The tiles of one tile URL on disk.
pub(super) struct DiskCache {
    /// The cache folder of this tile URL (another URL gets another folder).
    pub(super) dir: PathBuf,
    /// The folder is trimmed, oldest tiles first, when it grows beyond this many bytes.
    max_bytes: u64,
    /// The cache's size in bytes as last counted plus what was written since; `None` before
    /// the first count. The folder is scanned only when this passes the bound.
    cache_bytes: Arc<Mutex<Option<u64>>>,
}

impl DiskCache {
    /// The cache of the tiles of `url_template`, under `cache_root`.
    pub(super) fn new(cache_root: &Path, url_template: &str, max_bytes: u64) -> Self {
        Self {
            dir: cache_root.join(format!("{:016x}", fnv1a(url_template.as_bytes()))),
            max_bytes,
            cache_bytes: Arc::new(Mutex::new(None)),
        }
    }

    /// Where the tile is kept.
    pub(super) fn path_of(&self, id: TileId) -> PathBuf {
        self.dir
            .join(id.z.to_string())
            .join(id.x.to_string())
            .join(format!("{}.tile", id.y))
    }

    /// Writes the tile atomically (a reader never sees half a file), then keeps the cache
    /// within its bound. A cache that cannot be written only costs a refetch later.
    pub(super) async fn store(&self, path: &Path, bytes: &[u8]) {
        let path = path.to_path_buf();
        let bytes = bytes.to_vec();
        let dir = self.dir.clone();
        let bound = self.max_bytes;
        let cache_bytes = Arc::clone(&self.cache_bytes);
        // File work never runs on the async threads; the count's lock serialises the scans.
        let _ = tokio::task::spawn_blocking(move || {
            if write_atomically(&path, &bytes).is_err() {
                return;
            }
            let mut counted = cache_bytes
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let len = bytes.len() as u64;
            match *counted {
                Some(total) if total + len <= bound => *counted = Some(total + len),
                _ => *counted = Some(trim(&dir, bound)),
            }
        })
        .await;
    }
}

/// The cached bytes and their age, if the tile is on disk.
pub(super) async fn read_cached(path: PathBuf) -> Option<(Vec<u8>, Duration)> {
    tokio::task::spawn_blocking(move || {
        let modified = std::fs::metadata(&path).ok()?.modified().ok()?;
        let bytes = std::fs::read(&path).ok()?;
        // A clock set back makes the tile look new: harmless, it is refetched later.
        let age = SystemTime::now()
            .duration_since(modified)
            .unwrap_or_default();
        Some((bytes, age))
    })
    .await
    .ok()
    .flatten()
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("tile path has no folder"))?;
    std::fs::create_dir_all(dir)?;
    // Unique per writer, so two requests for one tile never write into the same temp file.
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temp = dir.join(format!(".{}.{n}.tmp", std::process::id()));
    std::fs::write(&temp, bytes)?;
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

/// Removes the oldest tiles until the folder holds at most 90 % of `bound` bytes (the margin
/// keeps every following write from scanning again); returns the bytes left.
fn trim(dir: &Path, bound: u64) -> u64 {
    let mut files = Vec::new();
    let mut total = 0u64;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                pending.push(entry.path());
            } else {
                total += meta.len();
                let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                files.push((modified, meta.len(), entry.path()));
            }
        }
    }
    if total <= bound {
        return total;
    }
    files.sort_by_key(|(modified, _, _)| *modified);
    let target = bound / 10 * 9;
    for (_, len, path) in files {
        if total <= target {
            break;
        }
        if std::fs::remove_file(&path).is_ok() {
            total -= len;
        }
    }
    total
}

/// FNV-1a: a stable name for the cache folder of a tile URL (std's hasher may change between
/// Rust releases, which would orphan the cache).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
