#!/usr/bin/env bash
# The examples in docs/driver.md, examples/walkthrough.md and README.md are real: every ```console block
# there starts with a "$ command" line, and the lines after it are that command's standard
# output, run from the repository root with the built alliance first on PATH (a command that
# writes files writes them under $OUT, a scratch directory). This test runs them all and
# compares.
#
#   UPDATE=1 ALLIANCE=build/dev/tools/alliance/alliance SOURCE_DIR=. bash tests/driver/test_docs.sh
# rewrites the outputs in those files instead (then read the diff before committing).
. "$(dirname "$0")/lib.sh"
bin_dir=$(cd "$(dirname "$ALLIANCE")" && pwd)
[ "$(basename "$ALLIANCE")" = alliance ] || { fail "ALLIANCE must be a program named alliance"; finish; }

output_of() {
  (cd "$SOURCE_DIR" && PATH="$bin_dir:$PATH" OUT="$WORK/out" bash -c "set -o pipefail; $1" 2>/dev/null)
}

check_document() {  # check_document FILE (relative to SOURCE_DIR)
  local name=$1 doc="$SOURCE_DIR/$1" updated="$WORK/updated.md"
  : >"$updated"
  mkdir -p "$WORK/out"
  in_block=0
  command=
  expected=
  blocks=0
  while IFS= read -r line || [ -n "$line" ]; do
    if [ "$in_block" = 0 ]; then
      printf '%s\n' "$line" >>"$updated"
      [ "$line" = '```console' ] && { in_block=1; command=; expected=; }
      continue
    fi
    if [ -z "$command" ]; then
      case "$line" in
        '$ '*) command=${line#'$ '}; printf '%s\n' "$line" >>"$updated"; continue ;;
        *) fail "a console block in $name does not start with '\$ command': $line"; in_block=0; continue ;;
      esac
    fi
    if [ "$line" = '```' ]; then
      blocks=$((blocks + 1))
      actual=$(output_of "$command")
      if [ "${UPDATE:-0}" = 1 ]; then
        [ -n "$actual" ] && printf '%s\n' "$actual" >>"$updated"
      else
        same "$name: $command" "$actual" "$(printf '%s' "$expected")"
      fi
      printf '%s\n' "$line" >>"$updated"
      in_block=0
      continue
    fi
    expected+="$line"$'\n'
  done <"$doc"
  checks=$((checks + 1))
  [ "$blocks" -gt 0 ] || fail "no console blocks found in $name"
  if [ "${UPDATE:-0}" = 1 ]; then
    cp "$updated" "$doc"
    echo "updated $blocks examples in $name"
  fi
}

check_document docs/driver.md
check_document examples/walkthrough.md
check_document README.md
finish
