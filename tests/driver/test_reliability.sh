#!/usr/bin/env bash
# `alliance reliability` against psych::alpha and alpha.ci (Feldt 1965), computed by
# tests/reference/driver_reliability_psych.R -> tests/data/driver_reliability_psych.csv (one
# row per dataset, confidence and scale) and driver_reliability_items_psych.csv (per item):
# the bundled WAI-SR sample (four invalid rows, missing answers) and the reverse-keyed 5-item
# test instrument of tests/data/keys/reliability-test.json. Plus the rules for invalid rows,
# scales that cannot be computed, usage errors and output formats.
. "$(dirname "$0")/lib.sh"
REF="$SOURCE_DIR/tests/data"
WAI="$DATA/wai_sr_sample.csv"
SCALES="$REF/driver_reliability_psych.csv"
ITEMS="$REF/driver_reliability_items_psych.csv"
TEST_KEY="$REF/keys/reliability-test.json"
grep -v '^#' "$REF/stats-instrument-responses.csv" >"$WORK/test-instrument.csv"

# reference_scales DATASET CONFIDENCE : the driver's first 8 columns, from the psych reference.
reference_scales() {
  echo "scale,n,k,alpha,alpha_standardized,alpha_lower,alpha_upper,sem"
  awk -F, -v d="$1" -v c="$2" '$1 == d && $2 == c' "$SCALES" | cut -d, -f3-
}
# reference_items DATASET : the driver's first 7 --item-detail columns.
reference_items() {
  echo "scale,item,reversed,mean,sd,r_drop,alpha_if_deleted"
  awk -F, -v d="$1" '$1 == d' "$ITEMS" | cut -d, -f2-
}
reference_scales wai_sr_sample 0.95 >"$WORK/wai-95.csv"
reference_scales wai_sr_sample 0.9 >"$WORK/wai-90.csv"
reference_items wai_sr_sample >"$WORK/wai-items.csv"
reference_scales reliability_test 0.95 >"$WORK/test-95.csv"
reference_items reliability_test >"$WORK/test-items.csv"
[ "$(lines "$(cat "$WORK/wai-95.csv")")" = 5 ] || fail "reference: 4 WAI-SR scales expected in $SCALES"

# The WAI-SR sample: four rows with invalid values (lines 13, 21, 35, 40), left out of every
# scale, named on standard error; missing answers dropped listwise per scale.
run reliability --instrument wai-sr "$WAI"
status "WAI-SR sample: exit 1 (invalid rows)" 1
cut -d, -f1-8 "$WORK/stdout" >"$WORK/wai.csv"
agree "WAI-SR sample: alpha, standardised alpha, Feldt 95% and sem against psych" "$WORK/wai-95.csv" "$WORK/wai.csv"
same "WAI-SR sample: statuses" "$(awk -F, 'NR > 1 { print $9 }' "$WORK/stdout" | tr '\n' ' ')" "partial partial partial partial "
same "WAI-SR sample: task message (no missing answers in task)" "$(sed -n 2p "$WORK/stdout" | cut -d, -f10-)" \
  '"4 rows with invalid values left out (lines 13, 21, 35 and 40)"'
same "WAI-SR sample: total message" "$(sed -n 5p "$WORK/stdout" | cut -d, -f10-)" \
  '"5 rows with a missing answer left out (listwise); 4 rows with invalid values left out (lines 13, 21, 35 and 40)"'
contains "invalid row named: out of range" "$err" \
  "alliance reliability: wai-sr, record 'line 13', item 5: response 6 is outside the response scale 1..5 (column 'item5', value '6'); the row is left out"
contains "invalid row named: 0" "$err" "record 'line 21', item 1: response 0 is outside the response scale 1..5 (column 'item1', value '0')"
contains "invalid row named: text" "$err" \
  "alliance reliability: line 35, column 'item8': value 'x' is not a number, a missing code ('', 'NA') or a not-applicable code (none); the row is left out"
contains "invalid row named: off the anchors" "$err" \
  "record 'line 40', item 11: response 2.5 is not one of the integer anchors 1..5 of the Likert scale (column 'item11', value '2.5')"
contains "summary on standard error" "$err" "alliance reliability: 40 rows read, 4 left out for invalid values; 4 scales: 0 ok, 4 partial, 0 error"

run reliability --instrument wai-sr --confidence 0.9 -q "$WAI"
status "--confidence 0.9: exit 1" 1
cut -d, -f1-8 "$WORK/stdout" >"$WORK/wai90.csv"
agree "WAI-SR sample: Feldt 90% against psych" "$WORK/wai-90.csv" "$WORK/wai90.csv"
contains "-q keeps the invalid rows on standard error" "$err" "line 35, column 'item8'"
case "$err" in *"rows read"*) fail "-q: no summary line" ;; esac

run reliability --instrument wai-sr --item-detail "$WAI"
status "--item-detail: exit 1" 1
cut -d, -f1-7 "$WORK/stdout" >"$WORK/wai-detail.csv"
agree "WAI-SR sample --item-detail: mean, sd, r.drop, alpha if deleted against psych" "$WORK/wai-items.csv" "$WORK/wai-detail.csv"
same "--item-detail: columns" "$(head -n 1 "$WORK/stdout")" "scale,item,reversed,mean,sd,r_drop,alpha_if_deleted,status,message"
same "--item-detail: a row per item of each scale" "$(lines "$out")" 25

# Reverse keying on the nominal range (8 - x on 1..7 for items 2 and 5; psych would use the
# observed range), through a key file and --items.
run reliability --key "$TEST_KEY" --items 'q{}' "$WORK/test-instrument.csv"
status "key file, complete reference: exit 0" 0
cut -d, -f1-8 "$WORK/stdout" >"$WORK/test.csv"
agree "reversed items: scales against psych (nominal keying, listwise)" "$WORK/test-95.csv" "$WORK/test.csv"
same "reversed items: listwise notes" "$(cut -d, -f9- "$WORK/stdout" | tail -n 2 | tr '\n' '|')" \
  "partial,6 rows with a missing answer left out (listwise)|partial,9 rows with a missing answer left out (listwise)|"
same "no invalid rows: nothing on standard error (not a terminal)" "$err" ""
run reliability --key "$TEST_KEY" --items 'q{}' --item-detail - <"$WORK/test-instrument.csv"
cut -d, -f1-7 "$WORK/stdout" >"$WORK/test-detail.csv"
agree "reversed items: item statistics against psych, reversed flags" "$WORK/test-items.csv" "$WORK/test-detail.csv"

# Every row complete and valid: status ok, empty message.
grep -v NA "$WORK/test-instrument.csv" >"$WORK/complete.csv"
run reliability --key "$TEST_KEY" --items 'q{}' "$WORK/complete.csv"
status "complete rows: exit 0" 0
same "complete rows: ok, no message" "$(cut -d, -f2,9- "$WORK/stdout" | tail -n 2 | tr '\n' ' ')" "81,ok, 81,ok, "

# "Does not apply" (CARE offers it) drops the row listwise, like a missing answer: the same
# numbers as without that row.
CARE_HEADER="item1,item2,item3,item4,item5,item6,item7,item8,item9,item10"
printf '%s\n1,2,3,4,5,1,2,3,4,5\n2,2,3,4,5,2,2,3,5,5\n3,3,4,4,5,3,2,3,4,5\n5,4,5,5,4,4,4,4,5,4\n' "$CARE_HEADER" >"$WORK/care4.csv"
{ cat "$WORK/care4.csv"; echo "4,N/A,4,5,5,3,3,4,5,5"; } >"$WORK/care5.csv"
run reliability --instrument care --not-applicable N/A "$WORK/care5.csv"
status "does not apply: exit 0" 0
same "does not apply: listwise, named in the message" "$(sed -n 2p "$WORK/stdout" | cut -d, -f9-)" \
  "partial,1 row with a missing or 'does not apply' answer left out (listwise)"
same "does not apply: the numbers of the other rows" "$(cut -d, -f1-8 "$WORK/stdout")" \
  "$("$ALLIANCE" reliability --instrument care "$WORK/care4.csv" | cut -d, -f1-8)"

# --format jsonl: the same rows as objects.
run reliability --key "$TEST_KEY" --items 'q{}' --format jsonl "$WORK/complete.csv"
same "jsonl: one object per scale" "$(lines "$out")" 2
contains "jsonl: keys and numbers" "$(sed -n 2p "$WORK/stdout")" '{"scale":"total","n":81,"k":5,"alpha":0.90201816227494'
contains "jsonl: status and message" "$(sed -n 2p "$WORK/stdout")" '"status":"ok","message":""}'

# ';' and decimal commas read like the comma file.
sed 's/,/;/g' "$WORK/test-instrument.csv" >"$WORK/semicolon.csv"
run reliability --key "$TEST_KEY" --items 'q{}' --delimiter ';' --decimal-comma "$WORK/semicolon.csv"
same "--delimiter ';': same output" "$out" "$("$ALLIANCE" reliability --key "$TEST_KEY" --items 'q{}' "$WORK/test-instrument.csv")"

# -o FILE
run reliability --key "$TEST_KEY" --items 'q{}' -o "$WORK/out.csv" "$WORK/test-instrument.csv"
same "-o: nothing on standard output" "$out" ""
same "-o: the file holds the table" "$(cut -d, -f1-8 "$WORK/out.csv")" "$(cat "$WORK/test.csv")"

# Scales that cannot be computed: a row with empty numbers, status error, the library's reason;
# exit 1. Items 1 (task) and 5 (bond) take one value each (zero variance); the goal items vary.
cat >"$WORK/constant.csv" <<CSV
$WAI_HEADER
a,1,2,3,2,5,1,2,3,4,5,2,2
b,1,3,3,3,5,2,2,4,4,5,3,3
c,1,3,4,4,5,3,2,5,5,5,5,4
CSV
run reliability --instrument wai-sr "$WORK/constant.csv"
status "zero-variance item: exit 1" 1
same "zero-variance item: task not computed" "$(sed -n 2p "$WORK/stdout")" \
  "task,3,4,,,,,,error,\"[alliance.stats.zero_variance] wai-sr, scale 'task': item 1 has zero variance (every respondent gave 1); alpha and item correlations are undefined\""
same "zero-variance item: bond not computed" "$(sed -n 4p "$WORK/stdout" | cut -d, -f1-9)" "bond,3,4,,,,,,error"
same "zero-variance item: goal computed" "$(sed -n 3p "$WORK/stdout" | cut -d, -f1,2,3,9)" "goal,3,4,ok"
contains "zero-variance item: summary" "$err" "4 scales: 1 ok, 0 partial, 3 error"
run reliability --instrument wai-sr --item-detail "$WORK/constant.csv"
same "zero-variance item, --item-detail: every item row empty, status error" \
  "$(sed -n 2,5p "$WORK/stdout" | cut -d, -f1-8 | tr '\n' ' ')" \
  "task,1,0,,,,,error task,2,0,,,,,error task,10,0,,,,,error task,12,0,,,,,error "

printf '%s\na,1,2,3,4,5,1,2,3,4,5,1,2\n' "$WAI_HEADER" >"$WORK/one.csv"
run reliability --instrument wai-sr "$WORK/one.csv"
status "one row: exit 1" 1
same "one row: n < 2" "$(sed -n 2p "$WORK/stdout")" \
  "task,1,4,,,,,,error,\"[alliance.stats.too_few_observations] wai-sr, scale 'task' has 1 observation; at least 2 are needed\""
printf '%s\n' "$WAI_HEADER" | run reliability --instrument wai-sr
status "header only: exit 1" 1
same "header only: n = 0 everywhere" "$(cut -d, -f1-3,9 "$WORK/stdout" | tail -n 4 | tr '\n' ' ')" \
  "task,0,4,error goal,0,4,error bond,0,4,error total,0,12,error "

# A 1-item scale (fewer than 2 items) and a 2-item scale with a negative alpha, from a key file.
# pair: x = 1 2 3, y = 3 1 2: var x = var y = 1, cov = (-1*1 + 0 + 1*0)/2 = -0.5, var(x + y)
# = 1 + 1 - 1 = 1, alpha = 2/1 * (1 - 2/1) = -2 (Cronbach 1951); the SEM is not defined.
cat >"$WORK/small.json" <<'JSON'
{"id": "small", "name": "Small test key", "response_scale": {"type": "likert", "min": 1, "max": 3},
 "item_count": 3, "scales": [{"name": "single", "items": [3]}, {"name": "pair", "items": [1, 2]}]}
JSON
printf 'item1,item2,item3\n1,3,1\n2,1,2\n3,2,3\n' >"$WORK/small.csv"
run reliability --key "$WORK/small.json" "$WORK/small.csv"
status "small key: exit 1 (a scale not computed)" 1
same "a 1-item scale: not computed" "$(sed -n 2p "$WORK/stdout")" \
  "single,3,1,,,,,,error,\"[alliance.stats.too_few_items] small, scale 'single' has 1 item; at least 2 are needed\""
same "a negative alpha: -2, sem empty" "$(sed -n 3p "$WORK/stdout" | cut -d, -f1-4,8-)" \
  "pair,3,2,-2,,ok,sem is empty: alpha is not above 0"
run reliability --key "$WORK/small.json" --item-detail "$WORK/small.csv"
same "a 2-item scale: alpha_if_deleted empty" "$(sed -n 3p "$WORK/stdout" | cut -d, -f1-3,7-)" \
  "pair,1,0,,ok,sem is empty: alpha is not above 0; alpha_if_deleted is empty: the scale has only 2 items"

# The input cannot be analysed: exit 2, nothing on standard output.
printf 'id,item1,item2\na,1,2\n' >"$WORK/few-columns.csv"
run reliability --instrument wai-sr "$WORK/few-columns.csv"
status "header lacking item columns: exit 2" 2
same "header lacking item columns: nothing on stdout" "$out" ""
contains "header lacking item columns: named" "$err" "the header lacks columns item3, item4"
run reliability --instrument wai-sr -o "$WORK/never.csv" "$WORK/few-columns.csv"
[ -e "$WORK/never.csv" ] && fail "-o: no file when the header lacks columns"
run reliability --instrument wai-sr </dev/null
status "empty input: exit 2" 2
contains "empty input: named" "$err" "no header row (expected columns item1..item12)"

# Usage errors: exit 2.
for arguments in "--instrument wai-sr --confidence 1.5" "--instrument wai-sr --confidence x" \
  "--instrument nope" "" "--instrument wai-sr --key $TEST_KEY" "--instrument wai-sr --items item" \
  "--instrument wai-sr --id client" "--instrument wai-sr --format xml"; do
  # shellcheck disable=SC2086
  run reliability $arguments "$WAI"
  status "usage error ($arguments): exit 2" 2
  same "usage error ($arguments): nothing on stdout" "$out" ""
done

# The WAI 36-item forms and the WAI-S: the built-in keys on generated answers (written and
# analysed by the same R script), against psych per scale and per item.
grep -v '^#' "$REF/wai_36_responses.csv" >"$WORK/wai-36.csv"
grep -v '^#' "$REF/wai_s_responses.csv" >"$WORK/wai-s.csv"
reference_scales wai_36 0.95 >"$WORK/wai-36-95.csv"
reference_items wai_36 >"$WORK/wai-36-items.csv"
reference_scales wai_s 0.95 >"$WORK/wai-s-95.csv"
reference_items wai_s >"$WORK/wai-s-items.csv"
for form in wai-36-c wai-36-t; do
  run reliability --instrument "$form" "$WORK/wai-36.csv"
  status "$form: exit 0" 0
  cut -d, -f1-8 "$WORK/stdout" >"$WORK/$form.csv"
  agree "$form: task, goal, bond, total against psych (14 items reversed as 8 - x)" "$WORK/wai-36-95.csv" "$WORK/$form.csv"
  run reliability --instrument "$form" --item-detail "$WORK/wai-36.csv"
  cut -d, -f1-7 "$WORK/stdout" >"$WORK/$form-items.csv"
  agree "$form: item detail against psych" "$WORK/wai-36-items.csv" "$WORK/$form-items.csv"
done
run reliability --instrument wai-s-c "$WORK/wai-s.csv"
status "wai-s-c: exit 0" 0
cut -d, -f1-8 "$WORK/stdout" >"$WORK/wai-s-out.csv"
agree "wai-s-c: bond and total against psych (items 4 and 10 reversed)" "$WORK/wai-s-95.csv" "$WORK/wai-s-out.csv"
run reliability --instrument wai-s-c --item-detail "$WORK/wai-s.csv"
cut -d, -f1-7 "$WORK/stdout" >"$WORK/wai-s-items-out.csv"
agree "wai-s-c: item detail against psych" "$WORK/wai-s-items.csv" "$WORK/wai-s-items-out.csv"

# Help: complete, with the columns, the exit status and an example on the bundled data.
run reliability --help
status "--help: exit 0" 0
for needle in "Usage: alliance reliability" "--confidence C" "--item-detail" "--items SPEC" "--not-applicable" \
  "alpha_standardized" "alpha_lower, alpha_upper" "alpha_if_deleted" "NOMINAL" "30 bytes per item per row" \
  "Exit status" "examples/data/wai_sr_sample.csv"; do
  contains "--help mentions $needle" "$out" "$needle"
done
run help reliability
contains "alliance help reliability" "$out" "Usage: alliance reliability"
run --help
contains "main help lists reliability" "$out" "reliability  Cronbach's alpha"

finish
