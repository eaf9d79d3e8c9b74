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

# lines TEXT : number of lines
lines() { if [ -z "$1" ]; then echo 0; else printf '%s\n' "$1" | wc -l | tr -d ' '; fi; }

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
