#!/usr/bin/env bash
# `healthscore tune` (release build) on a simulated history with the 12-measure benchmark
# scorecard and 5 folds, against benches/tune_python.py, the same binning (per measure, per
# fold and once on everyone: tally, 20 pre-bins, monotone IV-maximizing merge) in pandas/numpy.
# Prints wall times, peak memory, healthscore's phase times (binning vs the weight refits,
# which are `fit`'s logistic regression 6 times) and the binning ratio.
# Usage: bash benches/tune.sh [ACCOUNTS]   (default 1000000)
# Needs: pip install numpy pandas
set -euo pipefail
cd "$(dirname "$0")/.."
accounts="${1:-1000000}"
work="${BENCH_DIR:-/tmp/healthscore-bench}"
mkdir -p "$work"
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/healthscore"
data="$work/history-$accounts.csv"
[ -f "$data" ] || "$bin" simulate --accounts "$accounts" --periods 1 --seed 1 --out "$data" >/dev/null
card=benches/bench-12.toml

echo "data: $data ($(du -h "$data" | cut -f1)), $accounts accounts, $card (12 measures), 5 folds"
echo "machine: $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

timed() {
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >"$work/$label.out" 2>"$work/$label.err"
  read -r seconds kilobytes < "$work/time.txt"
  echo "$seconds $((kilobytes / 1024))"
}

read -r ours ours_mb <<<"$(timed tune "$bin" -v tune --data "$data" --scorecard "$card" --json "$work/tune.json")"
read -r theirs theirs_mb <<<"$(timed tune-python python3 benches/tune_python.py --data "$data" --scorecard "$card")"

printf '%-58s %8s %10s\n' "run" "wall" "peak"
printf '%-58s %7.2fs %7d MB\n' "healthscore tune (load, rules, weight refits, report)" "$ours" "$ours_mb"
printf '%-58s %7.2fs %7d MB\n' "pandas/numpy: load + the same binning only" "$theirs" "$theirs_mb"
echo
echo "healthscore phases:"
sed -n 's/^note: /  /p' "$work/tune.err"
echo "python phases:"
sed 's/^/  /' "$work/tune-python.out"
ours_rules=$(sed -n 's/.*binning and rules ([0-9]* folds + final) \([0-9.]*\) s.*/\1/p' "$work/tune.err")
theirs_rules=$(sed -n 's/^time binning \([0-9.]*\) s.*/\1/p' "$work/tune-python.out")
echo
echo "binning: healthscore ${ours_rules} s, python ${theirs_rules} s ($(python3 -c "print(f'{$theirs_rules / max($ours_rules, 1e-9):.1f}')")x)"
