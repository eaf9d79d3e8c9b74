#!/usr/bin/env bash
# `alliance score` scores its rows in blocks of up to 256, one score_batch call a block
# (tools/alliance/commands/score.hpp, score_row_loop), and scores on its own a row that cannot join
# a block (a wrong number of fields, an empty id, text that is no response, a number that is not
# finite), after writing the block before it. Checked here: rows written from a 256-row block
# are byte for byte those written when every row is a block of its own (--threads 2 with
# one-record chunks), whatever comes before and after them; and a "does not apply" code that is a
# number is matched as text, so an answer equal to it in value but not in text is an answer.
. "$(dirname "$0")/lib.sh"

# CARE (1..5, "does not apply" offered): 1000 rows, ok, partial ("does not apply" and missing
# answers), invalid answers (a block row explained from its copied texts: spaces, a plus sign, a
# quoted field), and rows for the per-row path in runs and at the block edges (rows 256, 257, 512).
awk 'BEGIN {
  printf "id,note"
  for (i = 1; i <= 10; i++) printf ",item%d", i
  printf "\n"
  for (r = 1; r <= 1000; r++) {
    id = "c" r
    if (r % 97 == 0) id = "\"c," r "\""           # a quoted id with the delimiter
    note = (r % 13 == 0) ? "\"said \"\"no\"\"\"" : "n" (r % 7)
    line = id "," note
    for (i = 1; i <= 10; i++) {
      v = (r * 7 + i * i * 3 + int(r / 3)) % 5 + 1
      if (r % 11 == 0 && i == 3) v = "-99"           # does not apply
      if (r % 17 == 0 && i == 5) v = ""              # missing
      if (r % 23 == 0 && i == 9) v = " +7 "          # out of range, quoted in the message trimmed
      if (r % 29 == 0 && i == 2) v = "-99.0"         # -99 in value, but not the code
      if (r % 31 == 0 && i == 4) v = "\"6\""         # out of range, in a quoted record
      if ((r % 41 == 0 || r == 256 || r == 512 || r == 513) && i == 7) v = "x"   # no response
      if ((r % 53 == 0 || r == 257) && i == 8) v = "inf"                         # not finite
      line = line "," v
    }
    if (r % 61 == 0) line = line ",extra"            # a field too many
    if (r % 67 == 0) sub(/^[^,]*/, "", line)         # an empty id
    print line
  }
}' >"$WORK/care.csv"

for format in csv jsonl; do
  opts=(score --instrument care --not-applicable -99 --id id --keep note --format "$format")
  "$ALLIANCE" "${opts[@]}" --threads 1 "$WORK/care.csv" >"$WORK/blocks.$format" 2>"$WORK/blocks.err"
  rc_blocks=$?
  ALLIANCE_CHUNK_BYTES=1 "$ALLIANCE" "${opts[@]}" --threads 2 "$WORK/care.csv" >"$WORK/single.$format" \
    2>"$WORK/single.err"
  rc_single=$?
  checks=$((checks + 1))
  if [ "$rc_blocks" != "$rc_single" ] || ! cmp -s "$WORK/blocks.$format" "$WORK/single.$format" ||
    ! cmp -s "$WORK/blocks.err" "$WORK/single.err"; then
    fail "$format: 256-row blocks differ from one-row blocks"
    diff "$WORK/blocks.$format" "$WORK/single.$format" | head -6 >&2
  fi
done
out=$(cat "$WORK/blocks.csv")
same "every row has an output row" "$(lines "$out")" 1001
for kind in ok partial error; do contains "rows of kind $kind" "$out" ",$kind,"; done
contains "row 11: 'does not apply'" "$out" ",9,prorated,partial,total prorated: 9 of 10 items answered"
contains "row 23: an invalid answer's text, trimmed" "$out" \
  "record 'line 24', item 9: response 7 is outside the response scale 1..5 (column 'item9', value '+7')"
contains "row 31: an invalid answer in a quoted record" "$out" \
  "record 'line 32', item 4: response 6 is outside the response scale 1..5 (column 'item4', value '6')"
contains "row 256: text that is no response, at a block's end" "$out" \
  "line 257, column 'item7': value 'x' is not a number"
contains "row 257: a number that is not finite" "$out" \
  "record 'line 258', item 8: response inf is not a finite number"

# A number equal to the "does not apply" code in value but not in text is an answer: -99.0 is
# out of range, -99 does not apply.
printf 'id,item1,item2,item3,item4,item5,item6,item7,item8,item9,item10\na,1,2,3,4,5,1,2,3,4,-99\nb,1,2,3,4,5,1,2,3,4,-99.0\n' \
  >"$WORK/code.csv"
run score --instrument care --not-applicable -99 --id id "$WORK/code.csv"
status "code: exit status" 1
same "code: -99 does not apply, -99.0 is out of range" "$out" \
  'id,total_sum,total_mean,total_answered,total_status,status,message
a,27.77777777777778,2.7777777777777777,9,prorated,partial,total prorated: 9 of 10 items answered (rule: replace up to 2 of 10 missing or not-applicable items by the mean of the rest)
b,,,,,error,"care, record '"'line 3'"', item 10: response -99 is outside the response scale 1..5 (column '"'item10'"', value '"'-99.0'"')"'

finish
