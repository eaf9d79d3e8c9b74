#!/usr/bin/env bash
# score, change and compare on several threads (tools/alliance/parallel_rows.hpp): with
# --threads 2 and 4, and with chunks of 1, 13 and 200 bytes (ALLIANCE_CHUNK_BYTES, so that chunk
# boundaries fall at every kind of place), the output, standard error and exit status are
# byte-identical to --threads 1 (the sequential reader) on every CSV file in examples/data and
# tests/data, and on messy files made here: quoted delimiters, quotes and line breaks (LF and
# CRLF) inside quotes, a byte-order mark, CRLF and lone-CR line ends, blank lines, text after a
# closing quote, a quote left open at the end, a 5 MB field (kept) and a 10 MB one (longer than
# the reader's 8 MB limit: an error row naming its line, and the run goes on). Also csv and
# jsonl, standard input and -o.
. "$(dirname "$0")/lib.sh"

# compare_runs NAME ARGS... : runs ARGS with --threads 1, then with the other settings; every
# run must give the same stdout, stderr and exit status.
compare_runs() {
  local name=$1
  shift
  "$ALLIANCE" "$@" --threads 1 >"$WORK/ref.out" 2>"$WORK/ref.err" </dev/null
  local ref_rc=$?
  local threads chunk
  for threads in 2 4; do
    for chunk in ${CHUNKS:-1 13 200 262144}; do
      ALLIANCE_CHUNK_BYTES=$chunk "$ALLIANCE" "$@" --threads "$threads" >"$WORK/par.out" 2>"$WORK/par.err" </dev/null
      local par_rc=$?
      checks=$((checks + 1))
      if [ "$par_rc" != "$ref_rc" ] || ! cmp -s "$WORK/ref.out" "$WORK/par.out" || ! cmp -s "$WORK/ref.err" "$WORK/par.err"; then
        fail "$name: --threads $threads, chunks of $chunk bytes differ from --threads 1 (exit $par_rc, expected $ref_rc)"
        diff "$WORK/ref.out" "$WORK/par.out" | head -5 >&2
        diff "$WORK/ref.err" "$WORK/par.err" | head -5 >&2
      fi
    done
  done
  # Sanity: the reference did read rows (or refused the header the same way every time).
  ref_rows=$(wc -l <"$WORK/ref.out")
}

# every_command FILE : score (two instruments, csv and jsonl), change and compare on FILE,
# with columns taken from its header.
every_command() {
  local file=$1 header c1 c2 c3
  header=$(head -n 1 "$file" | tr -d '\r' | sed 's/^\xEF\xBB\xBF//')
  c1=$(printf '%s' "$header" | cut -d, -f1)
  c2=$(printf '%s' "$header" | cut -d, -f2)
  c3=$(printf '%s' "$header" | cut -d, -f3)
  [ -n "$c2" ] || c2=$c1
  [ -n "$c3" ] || c3=$c2
  local base
  base=$(basename "$file")
  compare_runs "$base: score wai-sr" score --instrument wai-sr --id "$c1" --keep "$c2" -q "$file"
  compare_runs "$base: score wai-sr, summary" score --instrument wai-sr "$file"
  compare_runs "$base: score srs, jsonl" score --instrument srs --items 'srs_{}' --format jsonl "$file"
  compare_runs "$base: score wai-sr, jsonl" score --instrument wai-sr --keep "$c1" --format jsonl "$file"
  compare_runs "$base: change" change --pre "$c2" --post "$c3" --higher-is-better --sd 7.7 --reliability 0.8 \
    --cutoff-value 25 --id "$c1" "$file"
  compare_runs "$base: compare" compare --score "$c3" --mean 20 --sd 5 --n 30 --keep "$c1" "$file"
}

for file in "$DATA"/*.csv "$SOURCE_DIR"/tests/data/*.csv; do
  every_command "$file"
done

# Messy files.
items='item1,item2,item3,item4,item5,item6,item7,item8,item9,item10,item11,item12'
messy=$WORK/messy.csv
{
  printf '\xEF\xBB\xBFclient,note,%s\r\n' "$items"
  printf '"c1","a, quoted, note",1,2,3,4,5,1,2,3,4,5,1,2\r\n'
  printf '\r\n\r\n'
  printf '"c2","two\r\nlines ""quoted""",2,2,2,2,2,2,2,2,2,2,2,2\r\n'
  printf 'c3,"lf\nline",3,3,3,3,3,3,3,3,3,3,3,\r\n'
  printf '\n'
  printf 'c4,ab"c,4,4,4,4,4,4,4,4,4,4,4,9\n'
  printf 'c5,"closed"after,1,1,1,1,1,1,1,1,1,1,1,1\r'
  printf 'c6,lone cr,2,2,2,2,2,2,2,2,2,2,2,2\r\r'
  printf 'c7,"cr\rinside",5,5,5,5,5,5,5,5,5,5,5,5\n'
  printf 'c8,short,1,2\n'
  printf 'c9,"never closed,1,2,3\n4,5\n'
} >"$messy"
compare_runs "messy: score" score --instrument wai-sr --id client --keep note "$messy"
compare_runs "messy: score jsonl" score --instrument wai-sr --id client --keep note --format jsonl "$messy"
compare_runs "messy: change" change --pre item1 --post item2 --lower-is-better --sd 1 --reliability 0.8 --id client "$messy"
compare_runs "messy: compare" compare --score item12 --mean 3 --sd 1 --keep note "$messy"
# The messy file's rows, by --threads 1: every record has a row, with its line.
"$ALLIANCE" score --instrument wai-sr --id client --keep note --threads 1 "$messy" >"$WORK/messy.out" 2>/dev/null
contains "messy: the line of c4 (blank lines and quoted line breaks counted)" "$(cat "$WORK/messy.out")" "record 'line 10', item 12"
contains "messy: the line of c8 (a lone CR, a CR inside quotes)" "$(cat "$WORK/messy.out")" "line 16: 4 fields, the header has 14"
contains "messy: the quote left open" "$(cat "$WORK/messy.out")" "line 17: a quoted field is not closed before the end of the input"

# Semicolons and decimal commas.
{
  printf 'client;%s\n' "$(printf '%s' "$items" | tr , ';')"
  for r in 1 2 3 4 5 6 7 8 9; do printf 'c%s;"%s,5";2;3;4;5;1;2;3;4;5;1;2\n' "$r" "$r"; done
} >"$WORK/semicolon.csv"
compare_runs "semicolons: score" score --instrument srs --items 'item{}' --delimiter ';' --decimal-comma --id client "$WORK/semicolon.csv"
compare_runs "semicolons: compare" compare --score item1 --mean 3 --sd 1 --delimiter ';' --decimal-comma "$WORK/semicolon.csv"

# A 5 MB field (kept) and a 10 MB one (not kept: an error row), between ordinary rows.
big=$WORK/big.csv
{
  printf 'client,note,%s\n' "$items"
  printf 'c1,x,1,2,3,4,5,1,2,3,4,5,1,2\n'
  printf 'c2,"'; head -c 5000000 /dev/zero | tr '\0' 'a'; printf '",1,2,3,4,5,1,2,3,4,5,1,2\n'
  printf 'c3,x,1,2,3,4,5,1,2,3,4,5,1,2\n'
  printf 'c4,"'; head -c 10000000 /dev/zero | tr '\0' '\n'; printf '",1,2,3,4,5,1,2,3,4,5,1,2\n'
  printf 'c5,x,1,2,3,4,5,1,2,3,4,5,1,9\n'
} >"$big"
CHUNKS="4096 262144" compare_runs "big fields: score" score --instrument wai-sr --id client -q "$big"
"$ALLIANCE" score --instrument wai-sr --id client --threads 2 "$big" >"$WORK/big.out" 2>/dev/null
rc=$?
status "big fields: exit 1 (an error row)" 1
same "big fields: the rows" "$(cut -d, -f1 "$WORK/big.out" | tr '\n' ' ')" "client c1 c2 c3  c5 "
contains "big fields: the 10 MB record names its line" "$(cat "$WORK/big.out")" "line 5: the record is longer than 8388608 bytes"
# c4's 10,000,000 line breaks count: c5 (an answer of 9) is on line 10000006.
contains "big fields: the line after the 10 MB record" "$(cat "$WORK/big.out")" "record 'line 10000006', item 12"

# Standard input and -o.
for threads in 1 3; do
  ALLIANCE_CHUNK_BYTES=17 "$ALLIANCE" score --instrument wai-sr --id client --threads "$threads" - <"$messy" \
    >"$WORK/stdin.$threads" 2>&1
  ALLIANCE_CHUNK_BYTES=17 "$ALLIANCE" score --instrument wai-sr --id client --threads "$threads" -o "$WORK/o.$threads" \
    "$messy" 2>/dev/null
done
checks=$((checks + 2))
cmp -s "$WORK/stdin.1" "$WORK/stdin.3" || fail "standard input: --threads 3 differs from 1"
cmp -s "$WORK/o.1" "$WORK/o.3" || fail "-o: --threads 3 differs from 1"

# --threads is checked.
usage "threads 0" "--threads expects a whole number from 1 to 256, not '0'" score --instrument wai-sr --threads 0 "$messy"
usage "threads text" "--threads expects a whole number from 1 to 256, not 'all'" change --pre a --post b \
  --higher-is-better --sd 1 --reliability 0.8 --threads all "$messy"

finish
