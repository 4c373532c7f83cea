#!/usr/bin/env bash
# Side by side on the same history: `healthscore fit` (release build) with 5-fold
# cross-validation of the L2 strength on a 12-measure scorecard, against
# benches/fit_sklearn.py, the same cross-validation with scikit-learn's LogisticRegression.
# Also times `fit` with linfa-logistic's L-BFGS alone (no Newton start), to show what the
# starting point buys. Prints wall times, peak memory, healthscore's phase times and the ratio,
# and checks that both cross-validations found the same log-losses.
# Usage: bash benches/fit_vs_sklearn.sh [ACCOUNTS]   (default 1000000)
# Needs: pip install pandas numpy scikit-learn
set -euo pipefail
cd "$(dirname "$0")/.."
accounts="${1:-1000000}"
work="${BENCH_DIR:-/tmp/healthscore-bench}"
mkdir -p "$work"
cargo build --release --quiet
bin=target/release/healthscore
data="$work/history-$accounts.csv"
[ -f "$data" ] || "$bin" simulate --accounts "$accounts" --periods 1 --seed 1 --out "$data" >/dev/null
card=benches/bench-12.toml
python=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3)

echo "data: $data ($(du -h "$data" | cut -f1)), $accounts accounts, $card (12 measures), 5 folds"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "python: $("${python[@]}" -c 'import sys, numpy, pandas, sklearn; print(sys.version.split()[0], "numpy", numpy.__version__, "pandas", pandas.__version__, "scikit-learn", sklearn.__version__)')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

timed() {
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >"$work/$label.out" 2>"$work/$label.err"
  read -r seconds kilobytes < "$work/time.txt"
  echo "$seconds $((kilobytes / 1024))"
}

read -r ours ours_mb <<<"$(timed fit "$bin" -v fit --data "$data" --scorecard "$card" --json "$work/fit.json")"
read -r lbfgs lbfgs_mb <<<"$(timed fit-lbfgs "$bin" -v fit --data "$data" --scorecard "$card" --newton-steps 0)"
read -r theirs theirs_mb <<<"$(timed sklearn "${python[@]}" benches/fit_sklearn.py --data "$data" --scorecard "$card" --check "$work/fit.json")"

printf '%-62s %8s %10s\n' "run" "wall" "peak"
printf '%-62s %7.2fs %7d MB\n' "healthscore fit (CV + elimination + out-of-fold refits + report)" "$ours" "$ours_mb"
printf '%-62s %7.2fs %7d MB\n' "healthscore fit, linfa L-BFGS alone (--newton-steps 0)" "$lbfgs" "$lbfgs_mb"
printf '%-62s %7.2fs %7d MB\n' "scikit-learn LogisticRegression, the same CV + final fit" "$theirs" "$theirs_mb"
echo
echo "healthscore phases:"
sed -n 's/^note: /  /p' "$work/fit.err"
echo "scikit-learn phases:"
grep -E '^(time|TOTAL|check)' "$work/sklearn.out" | sed 's/^/  /'
cv_ours=$(sed -n "s/.*cross-validation of the L2 strength took \([0-9.]*\) s/\1/p" "$work/fit.err" | head -1)
cv_theirs=$(sed -n 's/.*cross-validation \([0-9.]*\) s.*/\1/p' "$work/sklearn.out" | head -1)
echo
awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "whole runs: scikit-learn / healthscore = %.2f (healthscore does more: elimination, out-of-fold refits, DeLong)\n", b / a }'
awk -v a="$cv_ours" -v b="$cv_theirs" 'BEGIN { printf "cross-validation alone: scikit-learn %.2f s / healthscore %.2f s = %.2f\n", b, a, b / a }'
