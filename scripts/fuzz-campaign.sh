#!/usr/bin/env bash
# The long fuzzing campaign: runs the libFuzzer targets for hours on one core, keeps what they
# learn, and folds it into the committed corpus. CI only replays that corpus and fuzzes for a
# bounded time (scripts/run-fuzzers.sh); this script is what makes the corpus grow.
#
#   scripts/fuzz-campaign.sh run [SLICE_SECONDS] [TARGET...]
#       Round after round, each target fuzzes for SLICE_SECONDS (default 600) on its working
#       corpus in build/fuzz-campaign/<target>/, which starts from tests/fuzz/corpus/<target>/.
#       Every slice appends "date target executions seconds cov" to build/fuzz-campaign/log.tsv.
#       A finding is kept in build/fuzz-campaign/artifacts/ and the round goes on. Runs until
#       killed (one core: the programs are copied first, so rebuilding build/fuzz is safe).
#   scripts/fuzz-campaign.sh merge [TARGET...]
#       Adds to tests/fuzz/corpus/<target>/ the working corpus's inputs that reach coverage the
#       committed ones do not (libFuzzer -merge=1: the committed inputs, hand-written seeds with
#       names that say what they test among them, stay), adds the log's executions to
#       tests/fuzz/campaign.tsv (the running totals that are committed) and prints the table for
#       tests/fuzz/README.md.
#
# Environment: FUZZ_CAMPAIGN_DIR (default build/fuzz-campaign).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=${FUZZ_CAMPAIGN_DIR:-$root/build/fuzz-campaign}
totals=tests/fuzz/campaign.tsv
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

all_targets() {
    local source
    for source in tests/fuzz/fuzz_*.cpp; do
        source=$(basename "$source" .cpp)
        echo "${source#fuzz_}"
    done
}

program_for() { find build/fuzz -type f -name "fuzz_$1" -perm -u+x | head -n 1; }

# libFuzzer prints "cov: N" in its status lines; the last one is the coverage reached.
last_coverage() { grep -o 'cov: [0-9]*' "$1" | tail -n 1 | cut -d' ' -f2; }

run_campaign() {
    local slice=${1:-600}
    shift || true
    local targets=("$@")
    ((${#targets[@]})) || mapfile -t targets < <(all_targets)
    cmake --preset fuzz >/dev/null
    cmake --build --preset fuzz -j 1 >/dev/null
    mkdir -p "$work/bin" "$work/artifacts"
    local name program
    for name in "${targets[@]}"; do
        program=$(program_for "$name")
        [ -n "$program" ] || { echo "fuzz-campaign: no program fuzz_$name" >&2; exit 2; }
        cp "$program" "$work/bin/"
        mkdir -p "$work/$name"
    done
    while true; do
        for name in "${targets[@]}"; do
            local output=$work/last-$name.txt status=0
            "$work/bin/fuzz_$name" -max_total_time="$slice" -print_final_stats=1 -timeout=10 \
                -rss_limit_mb=2048 -artifact_prefix="$work/artifacts/fuzz_$name-" \
                "$work/$name" "tests/fuzz/corpus/$name" >"$output" 2>&1 || status=$?
            local runs
            runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$output")
            printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$name" "${runs:-0}" "$slice" \
                "$(last_coverage "$output")" "$status" >>"$work/log.tsv"
        done
    done
}

merge_campaign() {
    local targets=("$@")
    ((${#targets[@]})) || mapfile -t targets < <(all_targets)
    cmake --preset fuzz >/dev/null
    cmake --build --preset fuzz -j "${FUZZ_JOBS:-2}" >/dev/null
    [ -f "$totals" ] || printf 'target\texecutions\tseconds\n' >"$totals"
    local name
    for name in "${targets[@]}"; do
        local program committed=tests/fuzz/corpus/$name
        program=$(program_for "$name")
        mkdir -p "$committed" "$work/$name"
        "$program" -merge=1 -timeout=10 -rss_limit_mb=2048 "$committed" "$work/$name" >"$work/merge-$name.txt" 2>&1
        # Executions logged since the last merge move into the committed totals.
        if [ -f "$work/log.tsv" ]; then
            local runs seconds
            runs=$(awk -F'\t' -v t="$name" '$2 == t { s += $3 } END { print s + 0 }' "$work/log.tsv")
            seconds=$(awk -F'\t' -v t="$name" '$2 == t { s += $4 } END { print s + 0 }' "$work/log.tsv")
            awk -F'\t' -v OFS='\t' -v t="$name" -v r="$runs" -v s="$seconds" '
                NR > 1 && $1 == t { $2 += r; $3 += s; found = 1 } { print }
                END { if (!found) print t, r, s }' "$totals" >"$totals.new"
            mv "$totals.new" "$totals"
            awk -F'\t' -v OFS='\t' -v t="$name" '$2 != t' "$work/log.tsv" >"$work/log.tsv.new"
            mv "$work/log.tsv.new" "$work/log.tsv"
        fi
    done
    print_table
}

print_table() {
    local name program files cov executions
    echo "| target | executions in total | corpus files | edge coverage (cov) | as of |"
    echo "|---|---:|---:|---:|---|"
    while read -r name; do
        program=$(program_for "$name")
        files=$(find "tests/fuzz/corpus/$name" -type f | wc -l)
        cov=$("$program" -runs=0 "tests/fuzz/corpus/$name" 2>&1 | grep -o 'INITED cov: [0-9]*' | grep -o '[0-9]*$' || true)
        executions=$(awk -F'\t' -v t="$name" '$1 == t { print $2 }' "$totals")
        printf '| `fuzz_%s` | %s | %s | %s | %s |\n' "$name" "${executions:-0}" "$files" "${cov:-?}" "$(date -u +%F)"
    done < <(all_targets)
}

case "${1:-}" in
    run) shift; run_campaign "$@" ;;
    merge) shift; merge_campaign "$@" ;;
    table) print_table ;;
    *) sed -n '2,17p' "$0" >&2; exit 2 ;;
esac
