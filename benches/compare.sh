#!/usr/bin/env bash
# Side by side on the same history: `healthscore validate` (release build) against
# benches/validate_pandas.py, the same work done with pandas + scikit-learn + scipy, for the
# three candidates in configs/ (workload `configs`, with --segment segment) or the three
# benchmark candidates that share all 12 linear measures and differ only in weights
# (workload `shared`: benches/bench-12.toml, -b, -c). Prints both wall times (best of RUNS),
# peak memory and the ratio, and checks that both computed the same numbers.
# Usage: bash benches/compare.sh [ACCOUNTS] [configs|shared]
#        (default 1000000 configs; RUNS=3 for best of three)
# Needs: pip install pandas numpy scipy scikit-learn
set -euo pipefail
cd "$(dirname "$0")/.."
accounts="${1:-1000000}"
workload="${2:-configs}"
runs="${RUNS:-1}"
work="${BENCH_DIR:-/tmp/healthscore-bench}"
mkdir -p "$work"
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/healthscore"
data="$work/history-$accounts.csv"
[ -f "$data" ] || "$bin" simulate --accounts "$accounts" --periods 1 --seed 1 --out "$data" >/dev/null
case "$workload" in
  configs)
    cards=(--segment segment --scorecard configs/current.toml --scorecard configs/usage-heavy.toml
      --scorecard configs/lifecycle-profiles.toml) ;;
  shared)
    cards=(--scorecard benches/bench-12.toml --scorecard benches/bench-12-b.toml --scorecard benches/bench-12-c.toml) ;;
  *) echo "workload must be configs or shared, not $workload" >&2; exit 2 ;;
esac
# numpy runs its default kernels: the OpenBLAS overrides some machines set are lifted for
# the Python run only
python=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3)

echo "data: $data ($(du -h "$data" | cut -f1)), $accounts accounts, workload $workload: ${cards[*]}"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "python: $("${python[@]}" -c 'import sys, numpy, pandas, scipy, sklearn; print(sys.version.split()[0], "numpy", numpy.__version__, "pandas", pandas.__version__, "scipy", scipy.__version__, "scikit-learn", sklearn.__version__)')"
echo "BLAS: $("${python[@]}" -c 'import numpy, scipy.stats; from threadpoolctl import threadpool_info; print("; ".join("%s %s, %s threads" % (i.get("internal_api"), i.get("architecture"), i.get("num_threads")) for i in threadpool_info()))' 2>/dev/null || echo unknown)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# best of $runs: prints "seconds kilobytes"
best() {
  local label="$1"; shift
  local best_s="" best_kb=""
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >"$work/$label.out" 2>"$work/$label.err"
    read -r s kb < "$work/time.txt"
    if [ -z "$best_s" ] || awk -v a="$s" -v b="$best_s" 'BEGIN { exit !(a < b) }'; then
      best_s="$s"; best_kb="$kb"
    fi
  done
  echo "$best_s $best_kb"
}

read -r rust_s rust_kb < <(best healthscore "$bin" validate --data "$data" "${cards[@]}" \
  --json "$work/compare-healthscore.json")
read -r py_s py_kb < <(best pandas "${python[@]}" benches/validate_pandas.py --data "$data" \
  "${cards[@]}" --check "$work/compare-healthscore.json")
sed 's/^/  pandas: /' "$work/pandas.out"
printf '%-44s %8.2f s  %6.0f MB peak\n' "healthscore validate" "$rust_s" "$((rust_kb / 1024))"
printf '%-44s %8.2f s  %6.0f MB peak\n' "pandas + scikit-learn + scipy" "$py_s" "$((py_kb / 1024))"
awk -v r="$rust_s" -v p="$py_s" 'BEGIN { printf "ratio: healthscore is %.1f× faster\n", p / r }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
