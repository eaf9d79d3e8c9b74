#!/usr/bin/env bash
# Every error id the code defines ("alliance.<family>.<name>" in include/ and examples/) is
# listed in docs/errors.md with what triggers it (a table row "| `id` | trigger |"), and
# the page lists no id the code does not define.
. "$(dirname "$0")/lib.sh"

ids_in_code=$(grep -rhoE '"alliance\.[a-z_]+\.[a-z_0-9]+"' "$SOURCE_DIR/include" "$SOURCE_DIR/examples" | tr -d '"' | sort -u)
page="$SOURCE_DIR/docs/errors.md"
rows=$(grep -oE '^\| `alliance\.[a-z_]+\.[a-z_0-9]+` \| [^|]*[a-z][^|]* \|' "$page")
for id in $ids_in_code; do
  contains "docs/errors.md lists $id with its trigger" "$rows" "| \`$id\` | "
done
for id in $(printf '%s\n' "$rows" | grep -oE 'alliance\.[a-z_]+\.[a-z_0-9]+' | sort -u); do
  checks=$((checks + 1))
  printf '%s\n' "$ids_in_code" | grep -qxF "$id" || fail "docs/errors.md lists $id, which the code does not define"
done
count=$(printf '%s\n' "$ids_in_code" | wc -l | tr -d ' ')
checks=$((checks + 1))
[ "$count" -ge 70 ] || fail "only $count ids found in the code: is the pattern still right?"
finish
