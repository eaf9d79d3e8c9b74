#!/usr/bin/env bash
# Header cost: the time g++ takes to parse each umbrella header alone
# (g++ -std=c++20 -fsyntax-only, best of RUNS, processor time: user + system, which a shared
# machine disturbs less than elapsed time) next to its baseline, the third-party headers
# it cannot do without (README, Performance: stats.hpp and key_file.hpp within 1.3x of theirs):
#
#   <alliance/core.hpp>      (no baseline; the floor the key-file tier adds JSON to)
#   <alliance/stats.hpp>     against the Boost.Math headers that the stats/ headers include,
#                            alone (the list is read from include/alliance/stats/*.hpp)
#   <alliance/key_file.hpp>  against <nlohmann/json.hpp> + <alliance/core.hpp>
#   <alliance/alliance.hpp>  (no baseline)
#
#   bench/header-cost.sh                 # g++, best of 3
#   CXX=clang++-14 RUNS=5 bench/header-cost.sh
#
# The machine may be shared: run it at a quiet moment; the ratios move less than the times.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cxx=${CXX:-g++}
runs=${RUNS:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/alliance-headers.XXXXXX")
trap 'rm -rf "$work"' EXIT

best() {  # best FILE: the best of RUNS processor times (user + system), in seconds
  local best_s="" t i
  for ((i = 0; i < runs; i++)); do
    t=$( { TIMEFORMAT='%U %S'; time "$cxx" -std=c++20 -fsyntax-only -I"$root/include" "$1"; } 2>&1 )
    t=$(awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%.3f", a[1] + a[2] }')
    if [ -z "$best_s" ] || awk -v t="$t" -v b="$best_s" 'BEGIN { exit !(t < b) }'; then best_s=$t; fi
  done
  echo "$best_s"
}

tu() {  # tu NAME INCLUDE...: a translation unit that includes exactly these headers
  local name=$1; shift
  : >"$work/$name.cpp"
  for header in "$@"; do echo "#include <$header>" >>"$work/$name.cpp"; done
  echo "$work/$name.cpp"
}

mapfile -t boost_math < <(grep -ho '^#include <boost/math/[^>]*>' "$root"/include/alliance/stats/*.hpp \
  "$root"/include/alliance/stats/detail/*.hpp 2>/dev/null | sed 's/#include <\(.*\)>/\1/' | sort -u)

printf '%s, -std=c++20 -fsyntax-only, best of %s (processor seconds)\n' "$("$cxx" --version | head -1)" "$runs"
printf 'Boost.Math headers of stats/: %s\n\n' "${boost_math[*]}"
printf '%-26s %8s   %-36s %8s %7s\n' header seconds baseline seconds ratio

row() {  # row LABEL FILE [BASELINE_LABEL BASELINE_FILE]
  local t b
  t=$(best "$2")
  if [ $# -gt 2 ]; then
    b=$(best "$4")
    printf '%-26s %8s   %-36s %8s %6.2fx\n' "$1" "$t" "$3" "$b" "$(awk -v t="$t" -v b="$b" 'BEGIN { print t / b }')"
  else
    printf '%-26s %8s\n' "$1" "$t"
  fi
}

row '<alliance/core.hpp>' "$(tu core alliance/core.hpp)"
row '<alliance/stats.hpp>' "$(tu stats alliance/stats.hpp)" 'its Boost.Math headers' "$(tu boost "${boost_math[@]}")"
row '<alliance/key_file.hpp>' "$(tu key_file alliance/key_file.hpp)" \
  '<nlohmann/json.hpp> + <alliance/core.hpp>' "$(tu json_core nlohmann/json.hpp alliance/core.hpp)"
row '<alliance/alliance.hpp>' "$(tu alliance alliance/alliance.hpp)"
