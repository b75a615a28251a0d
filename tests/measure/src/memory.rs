//! Memory of a process and everything it started (WebKit's web and network processes), from
//! `/proc`. PSS splits each shared page between the processes mapping it, so the total is what
//! the app adds to the system; but it also shrinks when *another* WebKit app runs beside it.
//! USS (pages no one else maps) does not depend on neighbours.

use std::collections::HashMap;
use std::fs;

/// One process of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessMemory {
    /// Its name (`/proc/PID/comm`, e.g. `WebKitWebProces`).
    pub name: String,
    /// Proportional set size, KiB.
    pub pss_kib: u64,
    /// Unique set size (private pages), KiB.
    pub uss_kib: u64,
}

/// Every process of the tree of `pid` with its memory.
pub fn tree(pid: u32) -> Result<Vec<ProcessMemory>, String> {
    descendants(pid).into_iter().map(process).collect()
}

/// `pid` and every process whose parent chain leads to it.
fn descendants(pid: u32) -> Vec<u32> {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for entry in fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(child) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        if let Some(parent) = parent_of(child) {
            children.entry(parent).or_default().push(child);
        }
    }
    let mut tree = vec![pid];
    let mut next = 0;
    while next < tree.len() {
        tree.extend(children.get(&tree[next]).into_iter().flatten());
        next += 1;
    }
    tree
}

fn parent_of(pid: u32) -> Option<u32> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may hold spaces: read after the last ')'.
    let rest = &stat[stat.rfind(')')? + 2..];
    rest.split_whitespace().nth(1)?.parse().ok()
}

fn process(pid: u32) -> Result<ProcessMemory, String> {
    let rollup = fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .map_err(|e| format!("cannot read /proc/{pid}/smaps_rollup: {e}"))?;
    let field = |name: &str| -> Result<u64, String> {
        rollup
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .ok_or_else(|| format!("no {name} line for process {pid}"))
    };
    let name = fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
    Ok(ProcessMemory {
        name: name.trim().to_owned(),
        pss_kib: field("Pss:")?,
        uss_kib: field("Private_Clean:")? + field("Private_Dirty:")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_memory() {
        let tree = tree(std::process::id()).expect("readable");
        assert!(!tree.is_empty());
        assert!(tree[0].pss_kib > 0 && tree[0].uss_kib > 0, "{tree:?}");
        assert!(tree[0].uss_kib <= tree[0].pss_kib, "{tree:?}");
    }
}
