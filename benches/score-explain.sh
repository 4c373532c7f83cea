#!/usr/bin/env bash
# `score` at a million accounts, two release binaries alternately: BEFORE (a build without
# the per-account explanation, e.g. of commit 5fdeb6c) and the current build (issue 15's
# speed check: the explanation may add at most 20%). For Parquet the current build runs
# again with each of `--parquet-compression` $CODECS (default "snappy lz4") after its
# default codec, Zstandard (the codec of BEFORE: what the explanation costs at equal codec). Each run's wall
# time, user and system CPU and peak memory (/usr/bin/time), the load average before each
# round (other work on the machine inflates every figure), and the current build's own
# timers (HS_TIMING=1).
# Usage: bash benches/score-explain.sh BEFORE_BINARY [RUNS] [csv|parquet ...]
#   (default 3 runs, both parquet and csv)
set -euo pipefail
cd "$(dirname "$0")/.."
before="$1"
runs="${2:-3}"
shift $(( $# >= 2 ? 2 : 1 ))
formats=("${@:-parquet csv}")
work="${BENCH_DIR:-/tmp/healthscore-bench}"
mkdir -p "$work"
# RUSTFLAGS as the team's release target directories are built with (else every
# dependency rebuilds)
RUSTFLAGS="${RUSTFLAGS:- -D warnings}" cargo build --release --quiet
after="${CARGO_TARGET_DIR:-target}/release/healthscore"
data="$work/history-1000000.csv"
[ -f "$data" ] || "$after" simulate --accounts 1000000 --periods 1 --seed 1 --out "$data" >/dev/null

one() {
  local label="$1" bin="$2" out="$3"
  shift 3
  HS_TIMING=1 /usr/bin/time -f "%e s wall  %U s user  %S s sys  %M KB" -o "$work/time.txt" \
    "$bin" -q score --data "$data" --scorecard benches/bench-12.toml --out "$out" "$@" \
    2> "$work/timing.txt" >/dev/null
  printf '%-7s %-8s %s  %s\n' "$label" "${out##*.}" "$(cat "$work/time.txt")" "$(du -m "$out" | cut -f1) MB"
  grep -E 'explain|write the table' "$work/timing.txt" | sed 's/^/          /' || true
}

for format in ${formats[*]}; do
  for run in $(seq "$runs"); do
    echo "round $run, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    one before "$before" "$work/scored-before.$format"
    one after "$after" "$work/scored-after.$format"
    if [ "$format" = parquet ]; then
      for codec in ${CODECS:-snappy lz4}; do
        one "$codec" "$after" "$work/scored-$codec.parquet" --parquet-compression "$codec"
      done
    fi
  done
done
