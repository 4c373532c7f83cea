#!/usr/bin/env bash
# End-to-end benchmark: simulate N accounts (one snapshot), then time `score` and
# `validate` (3 candidates) with the release build, reporting wall time and peak memory.
# Usage: bash benches/e2e.sh [ACCOUNTS]   (default 1000000)
# See also: benches/compare.sh (validate side by side with pandas + scikit-learn + scipy) and
# `cargo bench --bench metrics` (the statistics alone); figures in docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
accounts="${1:-1000000}"
work="${BENCH_DIR:-/tmp/healthscore-bench}"
mkdir -p "$work"
cargo build --release --quiet
bin=target/release/healthscore
data="$work/history-$accounts.csv"
[ -f "$data" ] || "$bin" simulate --accounts "$accounts" --periods 1 --seed 1 --out "$data" >/dev/null
echo "data: $data ($(du -h "$data" | cut -f1)), $accounts accounts"

measure() {
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null
  read -r seconds kilobytes < "$work/time.txt"
  printf '%-40s %8.2f s  %8.0f MB peak\n' "$label" "$seconds" "$((kilobytes / 1024))"
}

measure "score (12 measures) -> parquet" "$bin" score --data "$data" --scorecard benches/bench-12.toml --out "$work/scored.parquet"
measure "validate (3 candidates)" "$bin" validate --data "$data" --segment segment \
  --scorecard configs/current.toml --scorecard configs/usage-heavy.toml --scorecard configs/lifecycle-profiles.toml \
  --json "$work/validate.json"
