# Shared helpers for the driver tests (tests/driver/test_*.sh), sourced by each.
# The environment names the program: ALLIANCE (the alliance binary), SOURCE_DIR (the
# repository), and for the large-file test PEAK_RSS, LARGE_ROWS, LARGE_RSS_LIMIT_KB.
set -u
: "${ALLIANCE:?set ALLIANCE to the alliance program}"
: "${SOURCE_DIR:?set SOURCE_DIR to the repository root}"
DATA="$SOURCE_DIR/examples/data"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/alliance-driver-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
failures=0
checks=0

fail() {
  failures=$((failures + 1))
  printf 'FAIL: %s\n' "$*" >&2
}

# run ARGS... : runs alliance; sets $out (stdout), $err (stderr), $rc (exit status).
# Standard input is whatever the caller redirects (default: empty).
run() {
  "$ALLIANCE" "$@" >"$WORK/stdout" 2>"$WORK/stderr"
  rc=$?
  out=$(cat "$WORK/stdout")
  err=$(cat "$WORK/stderr")
}

# same NAME ACTUAL EXPECTED
same() {
  checks=$((checks + 1))
  if [ "$2" != "$3" ]; then
    fail "$1"
    printf -- '--- expected\n%s\n--- actual\n%s\n' "$3" "$2" >&2
  fi
}

# contains NAME TEXT NEEDLE
contains() {
  checks=$((checks + 1))
  case "$2" in
    *"$3"*) ;;
    *) fail "$1: expected to find [$3] in:"; printf '%s\n' "$2" >&2 ;;
  esac
}

# status NAME EXPECTED : checks $rc
status() {
  checks=$((checks + 1))
  [ "$rc" = "$2" ] || { fail "$1: exit status $rc, expected $2"; printf 'stderr: %s\n' "$err" >&2; }
}

# usage NAME NEEDLE ARGS... : a usage error: exit 2, nothing on standard output, and standard
# error contains NEEDLE.
usage() {  # usage NAME NEEDLE ARGS...
  local name=$1 needle=$2
  shift 2
  run "$@"
  status "usage: $name: exit 2" 2
  same "usage: $name: nothing on standard output" "$out" ""
  contains "usage: $name: message" "$err" "$needle"
}

# lines TEXT : number of lines
lines() { if [ -z "$1" ]; then echo 0; else printf '%s\n' "$1" | wc -l | tr -d ' '; fi; }

# agree NAME REFERENCE ACTUAL [FLOOR] : the same rows and cells (lines of REFERENCE starting
# with # are comments); numbers within 1e-9 relative to the larger of the two and FLOOR
# (default 1e-6, so values of 0 agree to 1e-15), text and empty cells equal.
agree() {
  local report code
  report=$(awk -F, -v floor="${4:-1e-6}" '
    function abs(v) { return v < 0 ? -v : v }
    function number(v) { return v ~ /^-?[0-9.]+(e[-+]?[0-9]+)?$/ }
    FNR == NR { if ($0 !~ /^#/) ref[++n] = $0; next }
    {
      m++
      if (m > n) { print "extra row " m ": " $0; bad++; next }
      cells = split(ref[m], r, ",")
      if (cells != NF) { printf "row %d: %d cells, expected %d\n", m, NF, cells; bad++ }
      for (i = 1; i <= cells; i++) {
        if (r[i] == $i) continue
        if (number(r[i]) && number($i)) {
          big = abs(r[i]) > abs($i) ? abs(r[i]) : abs($i)
          if (big < floor) big = floor
          if (abs(r[i] - $i) <= 1e-9 * big) continue
        }
        printf "row %d column %d: expected %s, got %s\n", m, i, r[i], $i; bad++
      }
    }
    END { if (m != n) { printf "%d rows, expected %d\n", m, n; bad++ } exit bad > 0 }' "$2" "$3")
  code=$?
  checks=$((checks + 1))
  [ "$code" -eq 0 ] || { fail "$1"; printf '%s\n' "$report" >&2; }
}

finish() {
  if [ "$failures" -gt 0 ]; then
    printf '%d of %d checks failed\n' "$failures" "$checks" >&2
    exit 1
  fi
  printf '%d checks passed\n' "$checks"
  exit 0
}

# The 12 item columns of WAI-SR, comma-separated (after a leading column).
WAI_HEADER="id,item1,item2,item3,item4,item5,item6,item7,item8,item9,item10,item11,item12"
