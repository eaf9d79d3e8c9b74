#!/usr/bin/env bash
# Long input through the command line (`alliance score --long`): one data set of RECORDS
# records of CORE-10 answers (10 items, 0..4, about 1 in 50 empty), written three ways: wide
# (client, session, item1..item10: one row per record), long and grouped (client, session,
# item, value: ten rows per record, a record's rows together), and long and shuffled (the same
# rows in a random order). The wide and the grouped long file are scored with --threads 1 and
# --threads 2, the shuffled one with the default threads, RUNS times each; the best
# elapsed time and the peak memory (maximum resident set size, GNU time) are printed, with the
# ratios the README's targets are about: grouped long against wide (the same threads) within
# 3x, shuffled long in less than 100 MB. The outputs are checked to hold the same rows (the
# shuffled one in another order).
#
#   bench/bench_long_input.sh                     # 1,000,000 records (10,000,000 long rows)
#   RECORDS=100000 ALLIANCE=build/dev/tools/alliance/alliance bench/bench_long_input.sh
#
# Environment: RECORDS, RUNS (default 3), ALLIANCE (the program; default
# build/release/tools/alliance/alliance, built with the release preset if absent), SORT_MEMORY
# (--sort-memory MB of the long runs; default the program's, 16), KEEP=1 keeps the work
# directory. The machine may be shared: CPU time is shown too.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
records=${RECORDS:-1000000}
runs=${RUNS:-3}
alliance=${ALLIANCE:-$root/build/release/tools/alliance/alliance}
if [ ! -x "$alliance" ]; then
  echo "building the release preset ..." >&2
  (cd "$root" && cmake --preset release >/dev/null && cmake --build --preset release --target alliance_driver >/dev/null)
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/alliance-bench-long.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
sort_memory=()
[ -n "${SORT_MEMORY:-}" ] && sort_memory=(--sort-memory "$SORT_MEMORY")

echo "generating $records records ..." >&2
awk -v records="$records" -v wide="$work/wide.csv" -v long="$work/long.csv" 'BEGIN {
  srand(20261208)
  printf "client,session" > wide
  for (i = 1; i <= 10; i++) printf ",item%d", i > wide
  printf "\n" > wide
  print "client,session,item,value" > long
  for (r = 0; r < records; r++) {
    client = sprintf("c%07d", int(r / 10)); session = r % 10 + 1
    printf "%s,%d", client, session > wide
    for (i = 1; i <= 10; i++) {
      value = rand() < 0.02 ? "" : int(rand() * 5)
      printf ",%s", value > wide
      printf "%s,%d,%d,%s\n", client, session, i, value > long
    }
    printf "\n" > wide
  }
}'
{ head -n 1 "$work/long.csv"; tail -n +2 "$work/long.csv" | shuf --random-source=<(yes 20261208); } >"$work/shuffled.csv"
sync

# measure NAME COMMAND... : RUNS runs; sets best (elapsed seconds), best_cpu, peak_kb (the largest).
measure() {
  local name=$1 run start end user sys peak
  shift
  best="" best_cpu="" peak_kb=0
  for run in $(seq "$runs"); do
    rm -f "$work/$name.out"
    sync
    start=$EPOCHREALTIME
    /usr/bin/time -f "%U %S %M" -o "$work/$name.time" "$@" -q -o "$work/$name.out" || [ $? = 1 ]
    end=$EPOCHREALTIME
    read -r user sys peak <"$work/$name.time"
    local elapsed cpu
    elapsed=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    if [ -z "$best" ] || awk -v a="$elapsed" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$elapsed best_cpu=$cpu; fi
    [ "$peak" -gt "$peak_kb" ] && peak_kb=$peak
  done
}

size() { awk -v b="$(wc -c <"$1")" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }
printf 'records: %s; wide %s, long %s (%s rows)\n' "$records" "$(size "$work/wide.csv")" "$(size "$work/long.csv")" \
  "$(($(wc -l <"$work/long.csv") - 1))"
printf 'alliance: %s\n\n' "$alliance"
printf '%-34s %10s %10s %12s\n' "route" "elapsed" "CPU" "peak memory"
show() { printf '%-34s %9ss %9ss %9.1f MB\n' "$1" "$best" "$best_cpu" "$(awk -v k="$peak_kb" 'BEGIN { print k / 1024 }')"; }
declare -A wide grouped
for threads in 1 2; do
  measure "wide$threads" "$alliance" score --instrument core-10 --id client --keep session --threads "$threads" "$work/wide.csv"
  wide[$threads]=$best
  show "wide (--threads $threads)"
  measure "grouped$threads" "$alliance" score --instrument core-10 --long --record client,session --threads "$threads" \
    "${sort_memory[@]}" "$work/long.csv"
  grouped[$threads]=$best
  show "long, grouped (--threads $threads)"
done
measure shuffled "$alliance" score --instrument core-10 --long --record client,session "${sort_memory[@]}" "$work/shuffled.csv"
shuffled=$best
shuffled_peak=$peak_kb
show "long, shuffled"

echo
for threads in 1 2; do
  cmp -s "$work/wide$threads.out" "$work/grouped$threads.out" ||
    { echo "grouped long output (--threads $threads) differs from the wide output" >&2; exit 1; }
done
echo "grouped long output = wide output: yes"
if cmp -s <(sort "$work/wide1.out") <(sort "$work/shuffled.out"); then echo "shuffled long output = wide output (as sets of rows): yes"
else echo "shuffled long output differs from the wide output" >&2; exit 1; fi
for threads in 1 2; do
  awk -v g="${grouped[$threads]}" -v w="${wide[$threads]}" -v t="$threads" \
    'BEGIN { r = g / w; printf "grouped long / wide, --threads %d: %.2fx (target <= 3x: %s)\n", t, r, r <= 3 ? "met" : "not met" }'
done
awk -v s="$shuffled" -v w="${wide[2]}" 'BEGIN { printf "shuffled long / wide (--threads 2): %.1fx\n", s / w }'
awk -v k="$shuffled_peak" 'BEGIN { m = k / 1024; printf "shuffled peak memory: %.1f MB (target < 100 MB: %s)\n", m, m < 100 ? "met" : "not met" }'
