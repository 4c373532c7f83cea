//! A profiling aid: with `HS_TIMING` set in the environment, long jobs print the wall time
//! of each phase, the resident memory at its end and the highest resident memory during it
//! to stderr (`TIMING <phase>: 0.412s, 812 MB resident, 905 MB peak`). Without it they
//! print nothing.

use std::time::Instant;

/// Prints the time since `clock` under `phase` (when `HS_TIMING` is set) and restarts it.
pub fn lap(phase: &str, clock: &mut Instant) {
    if std::env::var_os("HS_TIMING").is_some() {
        let memory = match (status_megabytes("VmRSS:"), status_megabytes("VmHWM:")) {
            (Some(resident), Some(peak)) => format!(", {resident} MB resident, {peak} MB peak"),
            _ => String::new(),
        };
        eprintln!("TIMING {phase}: {:.3}s{memory}", clock.elapsed().as_secs_f64());
        // Linux: restart the peak, so that the next phase reports its own
        let _ = std::fs::write("/proc/self/clear_refs", "5");
    }
    *clock = Instant::now();
}

/// A memory figure of `/proc/self/status` (Linux), in MB.
fn status_megabytes(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kilobytes: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes / 1024)
}
