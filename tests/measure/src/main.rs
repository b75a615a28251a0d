//! `car-remote-measure`: Car Remote's size, start and memory budget, each figure next to the
//! same figure for a bare Tauri window (`tests/baseline`) built in the same run.
//!
//! Run by `./dev.sh measure` under Xvfb with a private D-Bus and keyring:
//! `car-remote-measure --app target/release/car-remote --baseline target/release/car-remote-baseline
//!  [--runs 5] [--idle-seconds 8] [--drop-caches] [--installer "app .deb=PATH" ...]`
//!
//! Every start is a new process with fresh XDG folders (no saved window, settings, journal or
//! WebKit cache). The page cache is left as it is (the binaries were just built) unless
//! `--drop-caches` empties it before each start, as after a reboot.

mod launch;

use car_remote_measure::x11;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use launch::{Sample, Subject};

/// The command line.
struct Options {
    app: PathBuf,
    baseline: PathBuf,
    runs: usize,
    idle: Duration,
    /// `(label, path)`, labels like `app .deb` and `baseline .deb`.
    installers: Vec<(String, PathBuf)>,
    /// Empty the page cache before every start.
    drop_caches: bool,
}

fn options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut app = None;
    let mut baseline = None;
    let mut runs = 5;
    let mut idle = Duration::from_secs(8);
    let mut installers = Vec::new();
    let mut drop_caches = false;
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--app" => app = Some(PathBuf::from(value()?)),
            "--baseline" => baseline = Some(PathBuf::from(value()?)),
            "--runs" => runs = value()?.parse().map_err(|_| "--runs takes a number")?,
            "--idle-seconds" => {
                idle = Duration::from_secs(
                    value()?
                        .parse()
                        .map_err(|_| "--idle-seconds takes a number")?,
                );
            }
            "--installer" => {
                let text = value()?;
                let (label, path) = text.split_once('=').ok_or("--installer takes LABEL=PATH")?;
                installers.push((label.to_owned(), PathBuf::from(path)));
            }
            "--drop-caches" => drop_caches = true,
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(Options {
        app: app.ok_or("--app is required")?,
        baseline: baseline.ok_or("--baseline is required")?,
        runs: runs.max(1),
        idle,
        installers,
        drop_caches,
    })
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2.0
    }
}

/// The medians of one subject's runs.
struct Medians {
    mapped_ms: f64,
    painted_ms: f64,
    pss_mib: f64,
    uss_mib: f64,
    processes: usize,
}

fn medians(samples: &[Sample]) -> Medians {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mib = |kib: u64| kib as f64 / 1024.0;
    Medians {
        mapped_ms: median(samples.iter().map(|s| ms(s.mapped)).collect()),
        painted_ms: median(samples.iter().map(|s| ms(s.painted)).collect()),
        pss_mib: median(
            samples
                .iter()
                .map(|s| mib(s.memory.iter().map(|p| p.pss_kib).sum()))
                .collect(),
        ),
        uss_mib: median(
            samples
                .iter()
                .map(|s| mib(s.memory.iter().map(|p| p.uss_kib).sum()))
                .collect(),
        ),
        processes: samples.iter().map(|s| s.memory.len()).max().unwrap_or(0),
    }
}

/// How WebKitGTK draws. Its default DMA-BUF renderer has no GPU under Xvfb and is slow to
/// paint the first frames; `WEBKIT_DISABLE_DMABUF_RENDERER=1` is the usual workaround (and
/// closer to a desktop with a GPU). Both are measured.
const RENDERERS: [(&str, Option<(&str, &str)>); 2] = [
    ("WebKit's default renderer", None),
    (
        "WEBKIT_DISABLE_DMABUF_RENDERER=1",
        Some(("WEBKIT_DISABLE_DMABUF_RENDERER", "1")),
    ),
];

/// The demo fleet sizes measured.
const FLEETS: [usize; 2] = [25, 1000];

/// Per renderer: the baseline, then Car Remote with each fleet size.
fn subjects(options: &Options) -> Vec<Subject<'_>> {
    let mut subjects = Vec::new();
    for (renderer, variable) in RENDERERS {
        let base_env: Vec<(&'static str, String)> = variable
            .map(|(name, value)| (name, value.to_owned()))
            .into_iter()
            .collect();
        subjects.push(Subject {
            name: format!("bare window, {renderer}"),
            binary: &options.baseline,
            env: base_env.clone(),
            painted_line: "page first painted",
            drop_caches: options.drop_caches,
        });
        for vehicles in FLEETS {
            let mut env = base_env.clone();
            env.push(("CAR_REMOTE_DEMO_VEHICLES", vehicles.to_string()));
            // No tile server: the map stays a plain background, as offline.
            env.push((
                "CAR_REMOTE_TILE_URL",
                "http://127.0.0.1:9/{z}/{x}/{y}.png".to_owned(),
            ));
            subjects.push(Subject {
                name: format!("Car Remote {vehicles} vehicles, {renderer}"),
                binary: &options.app,
                env,
                painted_line: "vehicle list first painted",
                drop_caches: options.drop_caches,
            });
        }
    }
    subjects
}

fn describe(sample: &Sample) -> String {
    let parts: Vec<String> = sample
        .memory
        .iter()
        .map(|p| {
            format!(
                "{} {:.1}/{:.1}",
                p.name,
                p.pss_kib as f64 / 1024.0,
                p.uss_kib as f64 / 1024.0
            )
        })
        .collect();
    format!(
        "mapped {} ms, painted {} ms, PSS/USS MiB: {}",
        sample.mapped.as_millis(),
        sample.painted.as_millis(),
        parts.join(", ")
    )
}

fn print_sizes(options: &Options) -> Result<(), String> {
    let sizes: Vec<(String, u64)> = options
        .installers
        .iter()
        .map(|(label, path)| {
            let bytes = std::fs::metadata(path)
                .map_err(|e| format!("{label} ({}): {e}", path.display()))?
                .len();
            Ok((label.clone(), bytes))
        })
        .collect::<Result<_, String>>()?;
    let mib = |b: u64| b as f64 / 1_048_576.0;
    for (label, bytes) in sizes.iter().filter(|(label, _)| label.starts_with("app ")) {
        let kind = label.trim_start_matches("app ");
        let base = sizes
            .iter()
            .find(|(l, _)| l == &format!("baseline {kind}"))
            .map(|(_, b)| *b);
        println!(
            "| installer {kind} | {:.2} MiB ({:.2} MB) | {} | {} | {} |",
            mib(*bytes),
            *bytes as f64 / 1e6,
            base.map_or("-".to_owned(), |b| format!("{:.2} MiB", mib(b))),
            base.map_or("-".to_owned(), |b| format!(
                "{:.2}×",
                *bytes as f64 / b as f64
            )),
            if kind == ".deb" { "≤ 6 MB" } else { "" },
        );
    }
    Ok(())
}

fn measure(options: &Options) -> Result<(), String> {
    let watcher = x11::MapWatcher::connect()?;
    let subjects = subjects(options);
    eprintln!(
        "measuring {} starts of each of {} subjects, interleaved (idle {:?} before memory{})",
        options.runs,
        subjects.len(),
        options.idle,
        if options.drop_caches {
            ", page cache dropped before each"
        } else {
            ""
        }
    );
    let mut samples: Vec<Vec<Sample>> = subjects.iter().map(|_| Vec::new()).collect();
    // Round by round, so a busy moment of the machine weighs on every subject alike.
    for run in 1..=options.runs {
        for (subject, taken) in subjects.iter().zip(samples.iter_mut()) {
            let sample = launch::measure(&watcher, subject, options.idle)
                .map_err(|e| format!("{}, run {run}: {e}", subject.name))?;
            eprintln!("  run {run}, {}: {}", subject.name, describe(&sample));
            taken.push(sample);
        }
    }
    let results: Vec<Medians> = samples.iter().map(|s| medians(s)).collect();

    println!();
    println!(
        "Budget: Car Remote against a bare Tauri window (release builds, Xvfb, median of {} starts)",
        options.runs
    );
    println!();
    println!("| figure | Car Remote | bare window | ratio | aim |");
    println!("|---|---|---|---|---|");
    print_sizes(options)?;
    // Subjects come per renderer as [baseline, fleet 25, fleet 1000].
    for (group, (renderer, _)) in RENDERERS.iter().enumerate() {
        let base = &results[group * 3];
        for (index, vehicles) in FLEETS.iter().enumerate() {
            let app = &results[group * 3 + 1 + index];
            let aim =
                |wanted: &'static str, when: usize| if *vehicles == when { wanted } else { "" };
            println!(
                "| {renderer}: start → window mapped, {vehicles} vehicles | {:.0} ms | {:.0} ms | {:.2}× | |",
                app.mapped_ms,
                base.mapped_ms,
                app.mapped_ms / base.mapped_ms
            );
            println!(
                "| {renderer}: start → vehicle list painted, {vehicles} vehicles | {:.0} ms | {:.0} ms (window mapped) | {:.2}× | {} |",
                app.painted_ms,
                base.mapped_ms,
                app.painted_ms / base.mapped_ms,
                aim("≤ 1.3×", 25),
            );
            println!(
                "| {renderer}: … the same against the bare page painted | {:.0} ms | {:.0} ms (page painted) | {:.2}× | |",
                app.painted_ms,
                base.painted_ms,
                app.painted_ms / base.painted_ms
            );
            println!(
                "| {renderer}: memory (PSS, idle), {vehicles} vehicles | {:.1} MiB ({} processes) | {:.1} MiB | {:.2}× | {} |",
                app.pss_mib,
                app.processes,
                base.pss_mib,
                app.pss_mib / base.pss_mib,
                aim("≤ 1.2×", 1000),
            );
            println!(
                "| {renderer}: memory (USS, private), {vehicles} vehicles | {:.1} MiB | {:.1} MiB | {:.2}× | |",
                app.uss_mib,
                base.uss_mib,
                app.uss_mib / base.uss_mib
            );
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match options().and_then(|options| measure(&options)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("car-remote-measure: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(vec![5.0, 1.0, 3.0]), 3.0);
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), 2.5);
    }
}
