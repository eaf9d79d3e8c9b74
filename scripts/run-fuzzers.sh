#!/usr/bin/env bash
# Builds the libFuzzer targets with the `fuzz` preset (clang++, ASan + UBSan), replays the
# whole committed corpus of every target first (tests/fuzz/corpus/<name>/, each input once: what
# the long campaign of scripts/fuzz-campaign.sh found), then runs each tests/fuzz/fuzz_<name>
# for a bounded time, seeded read-only by that corpus. New inputs go to a temporary directory
# that is thrown away.
# Fails on any crash, leak or sanitizer report; the reproducer is kept in $FUZZ_ARTIFACTS.
#
#   scripts/run-fuzzers.sh                 # every target, FUZZ_SECONDS (default 60) each
#   FUZZ_SECONDS=300 scripts/run-fuzzers.sh csv score
#
# Environment: FUZZ_SECONDS (per target), FUZZ_ARTIFACTS (default build/fuzz/artifacts),
# FUZZ_JOBS (parallel build jobs, default 2).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${FUZZ_SECONDS:-60}
artifacts=${FUZZ_ARTIFACTS:-$root/build/fuzz/artifacts}

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "${FUZZ_JOBS:-2}"

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for source in tests/fuzz/fuzz_*.cpp; do
    name=$(basename "$source" .cpp)
    targets+=("${name#fuzz_}")
  done
fi

mkdir -p "$artifacts"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/alliance-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=()
# The replay: every committed input once, under ASan and UBSan (-runs=0: no mutation).
for name in "${targets[@]}"; do
  program=$(find build/fuzz -type f -name "fuzz_$name" -perm -u+x | head -n 1)
  [ -n "$program" ] || continue
  inputs=$(find "tests/fuzz/corpus/$name" -type f 2>/dev/null | wc -l)
  echo "== replay fuzz_$name: $inputs committed inputs"
  if ! "$program" -runs=0 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$artifacts/replay_$name-" \
      "tests/fuzz/corpus/$name" >"$scratch/replay-$name.log" 2>&1; then
    tail -n 40 "$scratch/replay-$name.log" >&2
    failed+=("replay:$name")
  fi
done
for name in "${targets[@]}"; do
  program=$(find build/fuzz -type f -name "fuzz_$name" -perm -u+x | head -n 1)
  if [ -z "$program" ]; then
    echo "run-fuzzers: no program fuzz_$name in build/fuzz" >&2
    failed+=("$name")
    continue
  fi
  seeds=tests/fuzz/corpus/$name
  mkdir -p "$scratch/$name"
  echo "== fuzz_$name for ${seconds}s (seeds: $seeds)"
  if ! "$program" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$artifacts/fuzz_$name-" "$scratch/$name" "$seeds"; then
    failed+=("$name")
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "run-fuzzers: failed: ${failed[*]} (reproducers in $artifacts)" >&2
  exit 1
fi
echo "run-fuzzers: ${#targets[@]} targets ran ${seconds}s each without a finding"
