#!/usr/bin/env bash
# Long input (`score --long`, `track --long`): one row per answer gives exactly the scores of
# the same data wide, grouped or in any order (and through the external sorts' temporary files),
# from a file or standard input; the problems of grouping are error rows naming both lines; the
# options --long refuses; a large shuffled file in bounded memory.
. "$(dirname "$0")/lib.sh"
: "${PEAK_RSS:?set PEAK_RSS to the peak_rss helper}"

# The wide sample and its long form (examples/data/make_long.py: an answer left empty or NA in
# the wide file has no row in the long one).
WIDE="$DATA/wai_sr_sample.csv"
LONG="$DATA/wai_sr_long.csv"
score_wide=(score --instrument wai-sr --id client --keep session)
score_long=(score --instrument wai-sr --long --record client,session)

run "${score_wide[@]}" "$WIDE"
cp "$WORK/stdout" "$WORK/wide.csv"
# The wide file's error rows name its lines and columns; the scores, counts and statuses of
# every row, and the whole of every ok and partial row, must be the same.
scores() { awk -F, '$0 !~ /,error,/' "$1"; }
error_keys() { grep ',error,' "$1" | cut -d, -f1-19; }

run "${score_long[@]}" "$LONG"
status "score --long: the sample's error rows: exit 1" 1
cp "$WORK/stdout" "$WORK/long.csv"
same "score --long: the header of wide scoring, the record's columns first" "$(head -n 1 "$WORK/long.csv")" \
  "$(head -n 1 "$WORK/wide.csv")"
same "score --long: every ok and partial row as wide" "$(scores "$WORK/long.csv")" "$(scores "$WORK/wide.csv")"
same "score --long: the same error rows (but for their messages)" "$(error_keys "$WORK/long.csv")" \
  "$(error_keys "$WORK/wide.csv")"
contains "score --long: an invalid answer names its line in the long file and the value column" "$out" \
  "c003,4,,,,,,,,,,,,,,,,,error,\"wai-sr, record 'line 133', item 5: response 6 is outside the response scale 1..5 (line 137, column 'value', value '6')\""
contains "score --long: text that is no answer, named by its line" "$out" \
  "line 396, column 'value': value 'x' is not a number"
contains "score --long: the summary counts records" "$err" "40 rows: 31 ok, 5 partial, 4 error"

# Shuffled: rows in any order give the same rows, in the order of each record's first row.
{ head -n 1 "$LONG"; tail -n +2 "$LONG" | awk 'BEGIN { srand(7) } { print rand() "\t" $0 }' | sort -k1,1 | cut -f2-; } \
  >"$WORK/shuffled.csv"
run "${score_long[@]}" "$WORK/shuffled.csv"
cp "$WORK/stdout" "$WORK/shuffled.out"
same "score --long, shuffled: the same rows" "$(scores "$WORK/shuffled.out" | sort)" "$(scores "$WORK/wide.csv" | sort)"
expected_order=$(tail -n +2 "$WORK/shuffled.csv" | awk -F, '!seen[$1 "," $2]++ { print $1 "," $2 }')
same "score --long, shuffled: records in the order of their first rows" \
  "$(tail -n +2 "$WORK/shuffled.out" | cut -d, -f1,2)" "$expected_order"
run "${score_long[@]}" --sort-memory 0.001 "$WORK/shuffled.csv"
same "score --long, shuffled, sorted through temporary files: the same output" "$out" "$(cat "$WORK/shuffled.out")"
run "${score_long[@]}" - <"$WORK/shuffled.csv"
same "score --long, shuffled, from standard input: the same output" "$out" "$(cat "$WORK/shuffled.out")"
run "${score_long[@]}" -o "$WORK/shuffled-o.csv" "$WORK/shuffled.csv"
same "score --long, shuffled, -o FILE: the same output" "$(cat "$WORK/shuffled-o.csv")" "$(cat "$WORK/shuffled.out")"
run "${score_long[@]}" -o "$WORK/grouped-o.csv" "$LONG"
same "score --long, grouped, -o FILE: the same output" "$(cat "$WORK/grouped-o.csv")" "$(cat "$WORK/long.csv")"

# The grouped pass on two threads, the input cut into chunks of a few bytes (chunk edges inside
# records and between them): the same output as one thread.
run "${score_long[@]}" --threads 1 "$LONG"
same "score --long --threads 1: the same output" "$out" "$(cat "$WORK/long.csv")"
run "${score_long[@]}" --threads 1 "$WORK/shuffled.csv"
same "score --long --threads 1, shuffled: the same output" "$out" "$(cat "$WORK/shuffled.out")"
for bytes in 1 13 200; do
  ALLIANCE_CHUNK_BYTES=$bytes run "${score_long[@]}" --threads 2 "$LONG"
  same "score --long --threads 2, chunks of $bytes bytes: the same output" "$out" "$(cat "$WORK/long.csv")"
  ALLIANCE_CHUNK_BYTES=$bytes run "${score_long[@]}" --threads 2 "$WORK/shuffled.csv"
  same "score --long --threads 2, shuffled, chunks of $bytes bytes: the same output" "$out" "$(cat "$WORK/shuffled.out")"
done

# Interleaved records (each record's rows next to each other but for one): first appearance.
printf 'client,session,item,value\na,1,1,4\nb,1,1,3\na,1,2,5\n' >"$WORK/interleaved.csv"
run score --instrument srs --long --record client,session "$WORK/interleaved.csv"
same "score --long: interleaved records come in the order of their first rows" \
  "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1-3,6)" "a,1,,insufficient
b,1,,insufficient"
same "score --long: an interleaved record takes all its rows" "$(printf '%s\n' "$out" | sed -n 2p | cut -d, -f5)" "2"

# Item names from --items (plain numbers still work), labels, other column names, JSON lines.
awk -F, -v OFS=, 'NR > 1 && NR % 2 == 0 { $3 = "q" $3 } { print }' "$LONG" | sed '1s/.*/id,visit,question,answer/' \
  >"$WORK/named.csv"
run score --instrument wai-sr --long --record id,visit --item question --value answer --items 'q{}' "$WORK/named.csv"
same "score --long --items 'q{}': item names and numbers, other columns" "$(scores "$WORK/stdout" | tail -n +2)" \
  "$(scores "$WORK/wide.csv" | tail -n +2)"
run "${score_long[@]}" --format jsonl "$LONG"
contains "score --long --format jsonl" "$(printf '%s\n' "$out" | head -n 1)" '{"client":"c001","session":"1","task_sum":15,'

# The problems of grouping: an item given twice, an unknown item, an empty key, a bad row.
cat >"$WORK/bad.csv" <<'EOF'
client,session,item,value
c1,1,1,4
c1,1,2,4
c1,1,13,4
c1,1,2,5
c2,1,1,3
,1,1,3
c3,1,1,3,9
c2,1,12,x
EOF
run "${score_long[@]}" "$WORK/bad.csv"
status "score --long, bad rows: exit 1" 1
same "score --long, bad rows: one row per record and per row in no record, in order" "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f1,2,19)" \
  "c1,1,error
c2,1,error
,1,error
c3,1,error"
contains "score --long: an item given twice names both lines" "$out" "lines 3 and 5: item 2 given twice (column 'item')"
contains "score --long: an unknown item names its line and the instrument's items" "$out" \
  "line 4, column 'item': item '13' is not an item of wai-sr (1..12)"
contains "score --long: a row with an empty key is an error row of its own" "$out" \
  ",1,,,,,,,,,,,,,,,,,error,\"line 7, column 'client': empty, so the row belongs to no record\""
contains "score --long: a row with the wrong number of fields makes its record an error" "$out" \
  'c3,1,,,,,,,,,,,,,,,,,error,"line 8: 5 fields, the header has 4"'
contains "score --long: a value that is no answer" "$out" "line 9, column 'value': value 'x' is not a number"
run score --instrument wai-sr --long --record client,session --items 'q{}' "$WORK/bad.csv"
contains "score --long --items: the names an item cell may hold" "$out" \
  "item '13' is not an item of wai-sr (1..12 or q1..q12)"

# Columns and options.
run score --instrument wai-sr --long --record client,visit "$WORK/bad.csv"
status "score --long with a missing column: exit 2" 2
same "score --long with a missing column: nothing written" "$out" ""
contains "score --long with a missing column: names it" "$err" "the header lacks column visit"
run score --instrument wai-sr --long --record client,session --value answer "$WORK/bad.csv"
contains "score --long with the value column missing: names it" "$err" "lacks column answer"
usage "--keep with --long" "--keep is not available with --long" "${score_long[@]}" --keep client "$LONG"
usage "--id with --long" "--id is not available with --long" "${score_long[@]}" --id client "$LONG"
usage "--long without --record" "--long needs --record" score --instrument wai-sr --long "$LONG"
usage "--record without --long" "--record reads long input: give --long too" score --instrument wai-sr --record client "$LONG"
usage "--item and --value naming one column" "--item and --value name the same column 'item'" \
  "${score_long[@]}" --value item "$LONG"
usage "--item naming a record column" "--item 'session' is also a --record column" "${score_long[@]}" --item session "$LONG"
usage "--record naming a column the output writes" "status" score --instrument wai-sr --long --record status "$LONG"
printf 'client,session,item,value\n' >"$WORK/header-only.csv"
run "${score_long[@]}" - <"$WORK/header-only.csv"
status "score --long, a header and no rows: exit 0" 0
same "score --long, a header and no rows: the header alone" "$out" "$(head -n 1 "$WORK/wide.csv")"
run "${score_long[@]}" - </dev/null
status "score --long, empty input: exit 2" 2
contains "score --long, empty input: says what it expected" "$err" "expected columns client, session, item, value"

# track --long: the record is (--client, --session); the same rows as wide tracking.
CASELOAD="$DATA/srs_caseload.csv"
awk -F, -v OFS=, 'NR == 1 { print "client,session,item,value"; next }
  { for (i = 3; i <= 6; i++) print $1, $2, "srs_" (i - 2), $i }' "$CASELOAD" >"$WORK/caseload-long.csv"
{ head -n 1 "$WORK/caseload-long.csv"; tail -n +2 "$WORK/caseload-long.csv" | awk 'BEGIN { srand(3) } { print rand() "\t" $0 }' | sort -k1,1 | cut -f2-; } \
  >"$WORK/caseload-shuffled.csv"
track=(track --instrument srs --items 'srs_{}' --client client --session session --higher-is-better
  --rule below-cutoff,drop --drop-points 1 --previous last-scored)
run "${track[@]}" "$CASELOAD"
cp "$WORK/stdout" "$WORK/track-wide.csv"
run "${track[@]}" --long "$WORK/caseload-long.csv"
same "track --long: exactly the rows of wide tracking" "$out" "$(cat "$WORK/track-wide.csv")"
run "${track[@]}" --long "$WORK/caseload-shuffled.csv"
same "track --long, shuffled: the same rows" "$(printf '%s\n' "$out" | sort)" "$(sort "$WORK/track-wide.csv")"
run "${track[@]}" --long --sort-memory 0.001 "$WORK/caseload-shuffled.csv"
same "track --long, sorted through temporary files: the same rows" "$(printf '%s\n' "$out" | sort)" \
  "$(sort "$WORK/track-wide.csv")"
run "${track[@]}" --summary "$CASELOAD"
summary=$(printf '%s\n' "$out" | cut -d, -f1-19)
run "${track[@]}" --long --summary "$WORK/caseload-shuffled.csv"
same "track --long --summary: the summary of wide tracking (but for the lines its messages name)" \
  "$(printf '%s\n' "$out" | cut -d, -f1-19)" "$summary"
run "${track[@]}" --long --summary "$WORK/caseload-long.csv"
contains "track --long --summary: a note names the record's first line in the long file" "$out" \
  "partial,line 22: session 3 has a scale not fully answered"
usage "track --keep with --long" "--keep is not available with --long" "${track[@]}" --long --keep x "$WORK/caseload-long.csv"
usage "track --item without --long" "--item reads long input" "${track[@]}" --item item "$CASELOAD"
printf 'client,session,item,value\na,1,1,30\na,1,1,31\na,2,1,28\n' >"$WORK/track-dup.csv"
run track --key "$SOURCE_DIR/tests/data/keys/track-one-item.json" --client client --session session --higher-is-better --long "$WORK/track-dup.csv"
contains "track --long: an item given twice is an error row naming both lines" "$out" \
  "a,1,,,,,,,,,,,,,,error,lines 2 and 3: item 1 given twice (column 'item')"

# A large shuffled file in bounded memory: LARGE_ROWS long rows (100,000 records of 10 items
# at the default), sorted through temporary files with --sort-memory 1.
big_records=$(( ${LARGE_ROWS:-1000000} / 10 ))
awk -v n="$big_records" 'BEGIN {
  srand(11); print "client,session,item,value"
  for (r = 0; r < n; r++) for (i = 1; i <= 10; i++) printf "c%06d,%d,%d,%d\n", int(r / 10), r % 10 + 1, i, int(rand() * 5)
}' >"$WORK/big-grouped.csv"
{ head -n 1 "$WORK/big-grouped.csv"; tail -n +2 "$WORK/big-grouped.csv" | awk 'BEGIN { srand(5) } { print rand() "\t" $0 }' | sort -k1,1 | cut -f2-; } \
  >"$WORK/big-shuffled.csv"
"$ALLIANCE" score --instrument core-10 --long --record client,session -q -o "$WORK/big-grouped.out" "$WORK/big-grouped.csv"
"$PEAK_RSS" "$ALLIANCE" score --instrument core-10 --long --record client,session --sort-memory 1 -q \
  -o "$WORK/big-shuffled.out" "$WORK/big-shuffled.csv" 2>"$WORK/big.err"
rss_kb=$(sed -n 's/^peak_rss_kb=//p' "$WORK/big.err")
same "score --long, large shuffled file: the grouped file's rows" "$(sort "$WORK/big-shuffled.out" | md5sum)" \
  "$(sort "$WORK/big-grouped.out" | md5sum)"
same "score --long, large: one row per record" "$(($(wc -l <"$WORK/big-shuffled.out") - 1))" "$big_records"
if [ "${LARGE_RSS_LIMIT_KB:-0}" -gt 0 ]; then
  checks=$((checks + 1))
  [ -n "$rss_kb" ] && [ "$rss_kb" -lt 40960 ] || fail "score --long large shuffled: peak memory ${rss_kb:-?} KB (limit 40960 KB)"
fi
printf 'score --long large shuffled: %s records, peak %s KB\n' "$big_records" "${rss_kb:-?}"

finish
