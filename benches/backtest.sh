#!/usr/bin/env bash
# Backtest memory against validate's: simulate PERIODS quarters of ACCOUNTS accounts, backtest
# them (2 candidates, walk-forward and lead time on), and validate the same 2 candidates on one
# period of the same size; prints wall time and peak resident memory (/usr/bin/time) of every
# run and the ratio of the highest backtest peak to the lowest validate peak.
# Usage: bash benches/backtest.sh [ACCOUNTS] [PERIODS]   (default 1000000 8; RUNS=3 runs each;
# FORMAT=csv for CSV files instead of Parquet)
# Figures in docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
accounts="${1:-1000000}"
periods="${2:-8}"
runs="${RUNS:-1}"
work="${BENCH_DIR:-/tmp/healthscore-bench}"
mkdir -p "$work"
cargo build --release --quiet
bin=target/release/healthscore
format="${FORMAT:-parquet}"
history="$work/history-$accounts-x$periods.$format"
one="$work/history-$accounts-x1.$format"
[ -f "$history" ] || "$bin" simulate --accounts "$accounts" --periods "$periods" --seed 1 --out "$history" >/dev/null
[ -f "$one" ] || "$bin" simulate --accounts "$accounts" --periods 1 --seed 1 --out "$one" >/dev/null
cards=(--scorecard configs/current.toml --scorecard configs/usage-heavy.toml)
echo "data: $history ($(du -hL "$history" | cut -f1)), $periods periods x $accounts accounts"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# every run: prints "seconds kilobytes" per run
runs_of() {
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt"
    cat "$work/time.txt"
  done
}

mapfile -t bt < <(runs_of "$bin" backtest --data "$history" --date snapshot_date --outcome-date churn_date \
  "${cards[@]}" --json "$work/backtest.json")
mapfile -t va < <(runs_of "$bin" validate --data "$one" "${cards[@]}" --json "$work/validate-one-period.json")
for run in "${bt[@]}"; do
  read -r s kb <<<"$run"
  printf '%-44s %8.2f s  %6d MB peak\n' "backtest, $periods periods x $accounts" "$s" "$((kb / 1024))"
done
for run in "${va[@]}"; do
  read -r s kb <<<"$run"
  printf '%-44s %8.2f s  %6d MB peak\n' "validate, one period of $accounts" "$s" "$((kb / 1024))"
done
# the conservative ratio: the backtest's highest peak against validate's lowest
printf '%s\n' "${bt[@]}" | sort -k2,2n | tail -1 | cut -d' ' -f2 >"$work/bt-peak.txt"
printf '%s\n' "${va[@]}" | sort -k2,2n | head -1 | cut -d' ' -f2 >"$work/va-peak.txt"
awk -v b="$(cat "$work/bt-peak.txt")" -v v="$(cat "$work/va-peak.txt")" \
  'BEGIN { printf "highest backtest peak / lowest validate peak: %.2f\n", b / v }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
