#!/usr/bin/env bash
# `alliance list`, `alliance explain` and the --help texts.
. "$(dirname "$0")/lib.sh"

# list: CSV by default, one row per built-in instrument.
run list
status "list: exit 0" 0
same "list: header" "$(printf '%s\n' "$out" | head -n 1)" "id,name,form,items,response_scale,scales,citation"
contains "list: WAI-SR row" "$out" 'wai-sr,"Working Alliance Inventory - Short Revised, client form",client,12,Likert 1..5,"task, goal, bond, total","Hatcher, R. L., & Gillaspy, J. A. (2006).'
contains "list: SRS row" "$out" "srs,Session Rating Scale v3.0,client,4,visual analogue 0..10 (resolution 0.1),total,"
csv_rows=$(( $(lines "$out") - 1 ))
run list --format jsonl
same "list --format jsonl: one line per instrument" "$(lines "$out")" "$csv_rows"
contains "list --format jsonl: WAI-SR" "$out" '{"id":"wai-sr","name":"Working Alliance Inventory - Short Revised, client form","form":"client","items":12,"response_scale":"Likert 1..5","scales":"task, goal, bond, total","citation":"Hatcher'
run list --format text
same "list --format text: header and one line per instrument" "$(lines "$out")" "$((csv_rows + 1))"
contains "list --format text: aligned header" "$out" "id        name"
run list -o "$WORK/list.csv"
same "list -o: written to the file" "$(head -n 1 "$WORK/list.csv")" "id,name,form,items,response_scale,scales,citation"

# list ID: one instrument in full.
run list wai-sr
status "list ID: exit 0" 0
contains "list ID: scales with items and rule" "$out" "  task (subscale): items 1, 2, 10, 12; reported as sum; missing items: all 4 items required"
contains "list ID: total over every item" "$out" "  total (total): all 12 items; reported as sum; missing items: all 12 items required"
contains "list ID: no cut-offs" "$out" "cut-offs
  none"
run list srs
contains "list ID: cut-offs with their source" "$out" "  srs-total-36: total < 36 flags possible problem in the alliance; discuss with the client
    source: Duncan et al. (2003); boundary per OpenFIT knowledge base KA-01028"
# list ID --format json writes the instrument as a key file, which --key reads back: the
# same scores by either route (the WAI-SR record of test_score.sh).
run list wai-sr --format json -o "$WORK/wai-sr.json"
status "list ID --format json: exit 0" 0
contains "list ID --format json: a key file" "$(cat "$WORK/wai-sr.json")" '"format": "alliance-key-file/1"'
contains "list ID --format json: a scale" "$(cat "$WORK/wai-sr.json")" '"name": "task",
      "items": [1, 2, 10, 12],'
printf '%s\na,5,4,3,2,1,5,4,3,2,1,5,4\nc,5,4,,2,1,5,4,3,2,1,5,4\n' "$WAI_HEADER" >"$WORK/wai.csv"
run score --instrument wai-sr --id id "$WORK/wai.csv"
builtin_scores=$out
run score --key "$WORK/wai-sr.json" --id id "$WORK/wai.csv"
status "score --key: exit 0" 0
same "score --key: the same scores as --instrument" "$out" "$builtin_scores"
run list --key "$WORK/wai-sr.json"
contains "list --key: the instrument in full" "$out" "  task (subscale): items 1, 2, 10, 12; reported as sum"
run explain --key "$WORK/wai-sr.json" --responses 5,4,3,2,1,5,4,3,2,1,5,4
contains "explain --key" "$out" "    answered 4 of 4: 5 + 4 + 1 + 4 = 14"
printf '{"format": "alliance-key-file/1", "id": "broken"}\n' >"$WORK/broken.json"
run score --key "$WORK/broken.json" "$WORK/wai.csv"
status "score --key with a broken key file: exit 2" 2
same "score --key with a broken key file: nothing on standard output" "$out" ""
contains "score --key with a broken key file: names the file and the field" "$err" "key file '$WORK/broken.json', field 'name'"
run score --key "$WORK/none.json" "$WORK/wai.csv"
status "score --key with no such file: exit 2" 2
run list wai-sr --key "$WORK/wai-sr.json"
status "list with an id and --key: exit 2" 2
run list nope
status "list unknown ID: exit 2" 2
contains "list unknown ID: the known ids" "$err" "unknown instrument 'nope'; the built-in instruments are wai-sr"
run list wai-sr --format csv
status "list ID --format csv: exit 2" 2
run list --format json
status "list --format json without ID: exit 2" 2

# explain: the hand-worked WAI-SR record 5 4 3 2 1 5 4 3 2 1 5 4 (task 14, goal 15, bond 10,
# total 39; see test_score.sh), with item 3 missing and proration allowed.
run explain --instrument wai-sr --responses 5,4,NA,2,1,5,4,3,2,1,5,4 --min-answered 0.75
status "explain: exit 0" 0
contains "explain: names the instrument" "$out" "wai-sr: Working Alliance Inventory - Short Revised, client form"
contains "explain: cites the key" "$out" "Source: Hatcher, R. L., & Gillaspy, J. A. (2006)."
contains "explain: missing item" "$out" "  item  3: missing"
contains "explain: bond prorated" "$out" "  bond (subscale, reported as sum): items 3, 5, 7, 9
    answered 3 of 4: 1 + 4 + 2 = 7
    rule: prorate if at least 0.75 of 4 items answered (set by the caller, --min-answered; the instrument's own rule: all 4 items required)
    prorated: 3 of 4 items answered, enough for the rule, so the sum is prorated: mean of the answered items x 4
    mean 7 / 3 = 2.3333333333333335; prorated sum 2.3333333333333335 x 4 = 9.333333333333334"
contains "explain: task complete" "$out" "    answered 4 of 4: 5 + 4 + 1 + 4 = 14"

# Reverse keying: CORE-OM reverses item 3 (0..4: 4 - x), per the catalogue's key.
run explain --instrument core-om --responses 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1
contains "explain: a reversed item" "$out" "  item  3: 1 -> reversed: 4 - 1 = 3"

run explain --instrument wai-sr --responses 5,4,3,2,1,5,4,3,2,1,5,4 --format json
status "explain --format json: exit 0" 0
contains "explain --format json: an item" "$out" '    {
      "item": 12,
      "given": "value",
      "value": 4,
      "reversed": false,
      "scored": 4
    }'
contains "explain --format json: the total" "$out" '"name": "total",'
contains "explain --format json: sum 39" "$out" '      "sum": 39,
      "mean": 3.25'

run explain --instrument wai-sr --responses 5,4,6,2,1,5,4,3,2,1,5,4
status "explain: an invalid response exits 1" 1
contains "explain: invalid response named" "$out" "Not scored: the record has invalid responses
  wai-sr, item 3: response 6 is outside the response scale 1..5"
run explain --instrument wai-sr --responses 5,4,6 --format json
status "explain: wrong count exits 1" 1
contains "explain: wrong count named" "$out" '"message": "wai-sr: 3 responses given, the instrument has 12 items"'
run explain --instrument wai-sr --responses 5,4,six,2,1,5,4,3,2,1,5,4
status "explain: text that is no response is a usage error" 2
contains "explain: text named" "$err" "--responses: response 3 'six' is not a number, a missing code ('', 'NA') or a not-applicable code (none)"
run explain --instrument wai-sr
status "explain without --responses: exit 2" 2
run explain --instrument wai-sr --responses 1 extra.csv
status "explain with a file: exit 2" 2

# --help for the program and every command: exit 0, on standard output.
for command in "" score list explain change compare reliability icc track plot; do
  run $command --help
  status "help $command: exit 0" 0
  contains "help $command: usage" "$out" "Usage: alliance"
done
run help score
contains "alliance help score" "$out" "Usage: alliance score"
run score -h
contains "score -h" "$out" "--min-answered FRACTION"
run --version
contains "--version" "$out" "alliance "

# The WAI 36-item forms and the WAI-S: what is shipped, and what is deliberately not.
run list wai-s-c
contains "list wai-s-c: the two scales" "$out" "  bond (subscale): items 3, 5, 7, 9; reported as sum; missing items: all 4 items required"
contains "list wai-s-c: says task and goal are not shipped" "$out" "TASK AND GOAL ARE NOT SHIPPED: the sources disagree on items 8 and 10"
contains "list wai-s-c: the short-form conflict" "$out" "never derive short-form subscales from 36-item answers"
run list wai-36-t
contains "list wai-36-t: therapist form" "$out" "form            therapist"
contains "list wai-36-t: reversed items" "$out" "reversed items  1, 3, 7, 9, 10, 11, 12, 15, 20, 27, 29, 31, 33, 34"
contains "list wai-36-t: the first source" "$out" "doerlbh/PsychiatryNLP inference/wai_utils.py @628d78b3"
# WAI-S: items 4 and 10 reversed: 8 - 2 = 6, 8 - 3 = 5; bond 5 + 4 + 7 + 6 = 22; total 70.
run explain --instrument wai-s-c --responses 7,6,5,2,4,6,7,5,6,3,6,7
contains "explain wai-s-c: item 10 reversed" "$out" "item 10: 3 -> reversed: 8 - 3 = 5"
contains "explain wai-s-c: bond" "$out" "answered 4 of 4: 5 + 4 + 7 + 6 = 22"
contains "explain wai-s-c: total" "$out" "mean 70 / 12 = 5.833333333333333; sum 70"
# WAI-36: every item 4, item 29 (bond, reversed) 7 -> 8 - 7 = 1: bond 11 x 4 + 1 = 45, total 141.
wai36=$(printf '4,%.0s' $(seq 28))7$(printf ',4%.0s' $(seq 7))
for form in wai-36-c wai-36-t; do
  run explain --instrument "$form" --responses "$wai36"
  status "explain $form: exit 0" 0
  contains "explain $form: item 29 reversed" "$out" "item 29: 7 -> reversed: 8 - 7 = 1"
  contains "explain $form: bond" "$out" "    mean 45 / 12 = 3.75; sum 45"
  contains "explain $form: total" "$out" "    mean 141 / 36 = 3.9166666666666665; sum 141"
done

finish
