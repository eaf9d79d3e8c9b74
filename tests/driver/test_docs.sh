#!/usr/bin/env bash
# The examples in docs/driver.md are real: every ```console block there starts with a
# "$ command" line, and the lines after it are that command's standard output, run from the
# repository root with the built alliance first on PATH. This test runs them all and compares.
#
#   UPDATE=1 ALLIANCE=build/dev/examples/driver/alliance SOURCE_DIR=. bash tests/driver/test_docs.sh
# rewrites the outputs in docs/driver.md instead (then read the diff before committing).
. "$(dirname "$0")/lib.sh"
doc="$SOURCE_DIR/docs/driver.md"
bin_dir=$(cd "$(dirname "$ALLIANCE")" && pwd)
[ "$(basename "$ALLIANCE")" = alliance ] || { fail "ALLIANCE must be a program named alliance"; finish; }

output_of() {
  (cd "$SOURCE_DIR" && PATH="$bin_dir:$PATH" bash -c "set -o pipefail; $1" 2>/dev/null)
}

updated=$WORK/driver.md
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
      *) fail "a console block in docs/driver.md does not start with '\$ command': $line"; in_block=0; continue ;;
    esac
  fi
  if [ "$line" = '```' ]; then
    blocks=$((blocks + 1))
    actual=$(output_of "$command")
    if [ "${UPDATE:-0}" = 1 ]; then
      [ -n "$actual" ] && printf '%s\n' "$actual" >>"$updated"
    else
      same "docs/driver.md: $command" "$actual" "$(printf '%s' "$expected")"
    fi
    printf '%s\n' "$line" >>"$updated"
    in_block=0
    continue
  fi
  expected+="$line"$'\n'
done <"$doc"
checks=$((checks + 1))
[ "$blocks" -gt 0 ] || fail "no console blocks found in docs/driver.md"
if [ "${UPDATE:-0}" = 1 ]; then
  cp "$updated" "$doc"
  echo "updated $blocks examples in docs/driver.md"
fi
finish
