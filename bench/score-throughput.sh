#!/usr/bin/env bash
# Throughput of `alliance score` on a generated WAI-SR file with one thread and with two, in one
# run next to a bare tokenizer reading the same file (bench/bare_tokenizer.cpp, the floor), what
# an R user would do (read.csv, psych::scoreItems, write.csv; when R with psych is installed) and
# what a pandas user would do (/usr/bin/python3: read_csv, row sums and means, to_csv). Prints
# every ratio against the command line's targets (README, Performance): 2 threads >= 1.7x one thread, >= 80x the R
# route, >= 35x the pandas route, at most 2.5x the tokenizer's time.
#
#   bench/score-throughput.sh                    # 1,000,000 rows, the release build
#   ROWS=200000 ALLIANCE=build/dev/tools/alliance/alliance bench/score-throughput.sh
#
# The file: client (c0000001...), session (1-20), date (ISO), item1..item12 on 1..5; about 1 in
# 50 answers empty; seeded, so the same file every time. alliance runs RUNS times (the best
# elapsed time is reported), each writing its CSV to a new file after a sync, as the R route
# does once; MB/s is input megabytes (10^6 bytes) per second of elapsed time. Peak memory is
# the maximum resident set size (GNU time, or getrusage via the tests' peak_rss helper). The
# machine may be shared: CPU time is shown too.
#
# Environment: ROWS, ALLIANCE (the program; default build/release/tools/alliance/alliance,
# built with the release preset if absent), RUNS (default 3), KEEP=1 keeps the work directory.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rows=${ROWS:-1000000}
runs=${RUNS:-3}
alliance=${ALLIANCE:-$root/build/release/tools/alliance/alliance}
if [ ! -x "$alliance" ]; then
  echo "building the release preset ..." >&2
  (cd "$root" && cmake --preset release >/dev/null && cmake --build --preset release --target alliance_driver >/dev/null)
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/alliance-bench.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
input=$work/wai_sr.csv

generate() {  # generate ROWS FILE
  awk -v rows="$1" 'BEGIN {
    srand(20240611)
    printf "client,session,date"
    for (i = 1; i <= 12; i++) printf ",item%d", i
    printf "\n"
    for (r = 1; r <= rows; r++) {
      day = r % 28 + 1; month = int(r / 28) % 12 + 1
      printf "c%07d,%d,2024-%02d-%02d", r, r % 20 + 1, month, day
      for (i = 1; i <= 12; i++) {
        if (rand() < 0.02) printf ","
        else printf ",%d", int(rand() * 5) + 1
      }
      printf "\n"
    }
  }' >"$2"
}

# measure OUT_PREFIX COMMAND... : sets elapsed, cpu (user+sys) and peak_kb for one run. Elapsed
# time is bash's microsecond clock around the run (GNU time's own %e has 10 ms steps, a tenth of
# a run here); CPU time and peak memory come from GNU time when it is installed.
measure() {
  local prefix=$1 start end
  shift
  start=$EPOCHREALTIME
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "%U %S %M" -o "$prefix.time" "$@" >"$prefix.stdout" 2>"$prefix.stderr"
    end=$EPOCHREALTIME
    read -r user sys peak_kb <"$prefix.time"
  else
    "$@" >"$prefix.stdout" 2>"$prefix.stderr"
    end=$EPOCHREALTIME
    user=0 sys=0 peak_kb=0
  fi
  elapsed=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }')
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
}

echo "generating $rows rows ..." >&2
generate "$rows" "$input"
sync  # the new file goes to disk now, not in the background during the timed runs
bytes=$(wc -c <"$input" | tr -d ' ')
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
printf 'input: %s rows, %s MB (%s bytes/row), %s\n' "$rows" "$mb" "$(awk -v b="$bytes" -v r="$rows" 'BEGIN { printf "%.1f", b / (r + 1) }')" "$input"
printf 'alliance: %s (%s)\n' "$alliance" "$("$alliance" --version)"

# run_alliance THREADS : RUNS runs of alliance score --threads THREADS; sets best, best_cpu, best_peak.
run_alliance() {
  best=
  for run in $(seq "$runs"); do
    # Each run writes a new file, as the R route does: replacing the last run's output would
    # time the file system (ext4 frees the old file at open and flushes the new one at close).
    rm -f "$work/scores.csv"
    sync
    measure "$work/alliance" "$alliance" score --instrument wai-sr --id client --keep session,date -q \
      --threads "$1" -o "$work/scores.csv" "$input"
    printf '  %s thread(s), run %s: %.3f s elapsed, %s s CPU, peak %s KiB\n' "$1" "$run" "$elapsed" "$cpu" "$peak_kb"
    if [ -z "$best" ] || awk -v a="$elapsed" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$elapsed best_cpu=$cpu best_peak=$peak_kb
    fi
  done
  out_rows=$(($(wc -l <"$work/scores.csv") - 1))
  [ "$out_rows" = "$rows" ] || { echo "alliance wrote $out_rows rows for $rows" >&2; exit 1; }
  awk -v b="$bytes" -v r="$rows" -v t="$best" -v c="$best_cpu" -v m="$best_peak" -v n="$1" 'BEGIN {
    printf "alliance score --threads %d: best %.3f s elapsed = %.0f MB/s, %.2f million rows/s; %.2f s CPU; peak memory %.1f MB\n",
      n, t, b / 1e6 / t, r / 1e6 / t, c, m / 1024
  }'
}

run_alliance 1
one=$best
one_out=$work/one.csv
mv "$work/scores.csv" "$one_out"
run_alliance 2
two=$best
cmp -s "$one_out" "$work/scores.csv" || { echo "--threads 2 wrote other bytes than --threads 1" >&2; exit 1; }
rm -f "$one_out"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
meets() { awk -v r="$1" -v t="$2" -v op="$3" 'BEGIN { ok = op == ">=" ? r >= t : r <= t; print ok ? "met" : "NOT met" }'; }
speedup=$(ratio "$one" "$two")
printf 'ratio: 2 threads are %sx one thread (target >= 1.7: %s)\n' "$speedup" "$(meets "$speedup" 1.7 ">=")"

# The floor: a bare tokenizer (bench/bare_tokenizer.cpp) reading the same file, best of RUNS.
tokenizer=${TOKENIZER:-$root/build/release/bench/bare_tokenizer}
if [ ! -x "$tokenizer" ]; then
  (cd "$root" && cmake --preset release >/dev/null && cmake --build --preset release --target bare_tokenizer >/dev/null)
fi
tok=
for run in $(seq "$runs"); do
  measure "$work/tok" "$tokenizer" "$input" 3 12
  if [ -z "$tok" ] || awk -v a="$elapsed" -v b="$tok" 'BEGIN { exit !(a < b) }'; then tok=$elapsed; fi
done
tok_ratio=$(ratio "$two" "$tok")
printf 'bare tokenizer: best %.3f s elapsed (%s)\n' "$tok" "$(cat "$work/tok.stdout")"
printf 'ratio: alliance score (2 threads) takes %sx the bare tokenizer'"'"'s time (target <= 2.5: %s)\n' "$tok_ratio" \
  "$(meets "$tok_ratio" 2.5 "<=")"

# Peak memory against file size: a tenth of the rows should need the same memory.
head -n $((rows / 10 + 1)) "$input" >"$work/tenth.csv"
measure "$work/tenth" "$alliance" score --instrument wai-sr --id client -q -o "$work/tenth-scores.csv" "$work/tenth.csv"
printf 'peak memory on %s rows: %.1f MB (on %s rows: %.1f MB)\n' "$((rows / 10))" \
  "$(awk -v m="$peak_kb" 'BEGIN { print m / 1024 }')" "$rows" "$(awk -v m="$best_peak" 'BEGIN { print m / 1024 }')"

if command -v Rscript >/dev/null && Rscript -e 'quit(status = !requireNamespace("psych", quietly = TRUE))' 2>/dev/null; then
  # What an R user would do: read the file, score the four scales with psych (means of the
  # answered items, no imputation), write the scores with the id columns.
  cat >"$work/route.R" <<'R'
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
items <- paste0("item", 1:12)
keys <- list(task = items[c(1, 2, 10, 12)], goal = items[c(4, 6, 8, 11)],
             bond = items[c(3, 5, 7, 9)], total = items)
s <- psych::scoreItems(keys, d[items], totals = FALSE, impute = "none")
write.csv(cbind(d[c("client", "session", "date")], s$scores), args[2], row.names = FALSE)
R
  printf 'R route: %s, psych %s\n' "$(Rscript -e 'cat(R.version.string)')" "$(Rscript -e 'cat(format(packageVersion("psych")))')"
  sync
  measure "$work/r" Rscript "$work/route.R" "$input" "$work/r-scores.csv"
  r_rows=$(($(wc -l <"$work/r-scores.csv") - 1))
  [ "$r_rows" = "$rows" ] || { echo "the R route wrote $r_rows rows for $rows" >&2; exit 1; }
  awk -v b="$bytes" -v t="$elapsed" -v c="$cpu" -v m="$peak_kb" -v a="$best" -v ac="$best_cpu" 'BEGIN {
    printf "R route (read.csv, psych::scoreItems, write.csv): %.2f s elapsed = %.1f MB/s; %.2f s CPU; peak memory %.0f MB\n",
      t, b / 1e6 / t, c, m / 1024
    printf "ratio: alliance (2 threads) is %.1fx faster than the R route (elapsed; %.0fx by CPU time; target >= 80: %s)\n", t / a, (ac > 0 ? c / ac : 0), (t / a >= 80 ? "met" : "NOT met")
  }'
else
  echo "R route: skipped (Rscript with the psych package not found)"
fi

# What a pandas user would do (/usr/bin/python3, Debian's pandas): read the file, the four
# scales' sums and means of the answered items per row, write them with the id columns.
if /usr/bin/python3 -c 'import pandas' 2>/dev/null; then
  cat >"$work/route.py" <<'PY'
import sys
import pandas as pd
d = pd.read_csv(sys.argv[1])
items = [f"item{i}" for i in range(1, 13)]
scales = {"task": [1, 2, 10, 12], "goal": [4, 6, 8, 11], "bond": [3, 5, 7, 9], "total": list(range(1, 13))}
out = d[["client", "session", "date"]].copy()
for name, members in scales.items():
    block = d[[f"item{i}" for i in members]]
    out[name + "_sum"] = block.sum(axis=1, min_count=1)
    out[name + "_mean"] = block.mean(axis=1)
out.to_csv(sys.argv[2], index=False)
PY
  printf 'pandas route: Python %s, pandas %s\n' "$(/usr/bin/python3 -c 'import sys; print(sys.version.split()[0])')" \
    "$(/usr/bin/python3 -c 'import pandas; print(pandas.__version__)')"
  sync
  measure "$work/py" /usr/bin/python3 "$work/route.py" "$input" "$work/py-scores.csv"
  py_rows=$(($(wc -l <"$work/py-scores.csv") - 1))
  [ "$py_rows" = "$rows" ] || { echo "the pandas route wrote $py_rows rows for $rows" >&2; exit 1; }
  awk -v b="$bytes" -v t="$elapsed" -v c="$cpu" -v m="$peak_kb" -v a="$best" 'BEGIN {
    printf "pandas route (read_csv, row sums and means, to_csv): %.2f s elapsed = %.1f MB/s; %.2f s CPU; peak memory %.0f MB\n",
      t, b / 1e6 / t, c, m / 1024
    printf "ratio: alliance (2 threads) is %.1fx faster than the pandas route (target >= 35: %s)\n", t / a, (t / a >= 35 ? "met" : "NOT met")
  }'
else
  echo "pandas route: skipped (/usr/bin/python3 without pandas)"
fi
