#!/usr/bin/env bash
# The file a lab has, scored as it is: item columns named by a padded pattern or listed, answers
# exported as labels (--labels, a key file's response_labels), an instrument whose key names its
# item columns. Each shape of one data set gives exactly the scores of the plain wide numeric
# file; what cannot be read is an error naming the row, the item, the column and the text.
. "$(dirname "$0")/lib.sh"

PLAIN="$DATA/wai_sr_sample.csv"
run score --instrument wai-sr --id client "$PLAIN"
plain_rc=$rc
# The scores without the message column, whose texts name the columns each shape reads.
cut -d, -f1-17 "$WORK/stdout" >"$WORK/plain.scores"
scores_of() { cut -d, -f1-17 "$WORK/stdout"; }

# The same answers under other column names: wai01..wai12, and A..L.
awk -F, 'BEGIN { OFS = "," } NR == 1 { for (i = 4; i <= NF; i++) $i = sprintf("wai%02d", i - 3) } { print }' \
  "$PLAIN" >"$WORK/padded.csv"
run score --instrument wai-sr --id client --items 'wai{:02}' "$WORK/padded.csv"
same "padded pattern: exit status" "$rc" "$plain_rc"
same "padded pattern: the plain file's scores" "$(scores_of)" "$(cat "$WORK/plain.scores")"
contains "padded pattern: messages name the padded column" "$out" "(column 'wai05', value '6')"

awk -F, 'BEGIN { OFS = ","; split("A1 A2 A3 A4 B1 B2 B3 B4 C1 C2 C3 C4", name, " ") }
         NR == 1 { for (i = 4; i <= NF; i++) $i = name[i - 3] } { print }' "$PLAIN" >"$WORK/listed.csv"
LIST=A1,A2,A3,A4,B1,B2,B3,B4,C1,C2,C3,C4
run score --instrument wai-sr --id client --items "$LIST" "$WORK/listed.csv"
same "column list: the plain file's scores" "$(scores_of)" "$(cat "$WORK/plain.scores")"
# Listed in another order, the columns are other items: items 1 (task) and 3 (bond) swapped.
run score --instrument wai-sr --id client --items A3,A2,A1,A4,B1,B2,B3,B4,C1,C2,C3,C4 "$WORK/listed.csv"
checks=$((checks + 1))
[ "$(scores_of)" != "$(cat "$WORK/plain.scores")" ] || fail "column list: the order of the list is the item order"

# No column matches: the header's columns that look like items, and what would read them.
run score --instrument wai-sr --id client "$WORK/padded.csv"
status "no item column: exit 2" 2
contains "no item column: look-alikes" "$err" "columns that look like items: wai01, wai02, wai03, wai04, wai05, wai06, ... (12 in all); try --items 'wai{:02}'"
run score --instrument wai-sr --id client "$WORK/listed.csv"
contains "no item column: a list when no pattern fits" "$err" "list the columns in item order (--items A1,A2,A3,A4,B1,...)"

usage "a column listed twice" "--items names column 'A1' for items 1 and 2; each item needs a column of its own" \
  score --instrument wai-sr --items A1,A1,A3,A4,B1,B2,B3,B4,C1,C2,C3,C4 "$WORK/listed.csv"
usage "a list of the wrong length" "--items lists 2 columns (A1,A2) for 12 items" \
  score --instrument wai-sr --items A1,A2 "$WORK/listed.csv"
usage "a malformed placeholder" "--items 'wai{:2}' has '{:2}' where {} (the item number) or {:0N}" \
  score --instrument wai-sr --items 'wai{:2}' "$WORK/padded.csv"

# Answers as labels (the WAI-SR's anchors are 1..5; these words stand for them here).
cat >"$WORK/labels.json" <<'JSON'
{"Seldom": 1, "Sometimes": 2, "Fairly often": 3, "Very often": 4, "Always": 5}
JSON
awk -F, 'BEGIN { OFS = ","; split("Seldom,Sometimes,Fairly often,Very often,Always", word, ",") }
         NR > 1 { for (i = 4; i <= NF; i++) if ($i ~ /^[1-5]$/) $i = (NR % 2 ? " " : "") word[$i] } { print }' \
  "$PLAIN" >"$WORK/labelled.csv"
run score --instrument wai-sr --id client --labels "$WORK/labels.json" "$WORK/labelled.csv"
same "labels: exit status" "$rc" "$plain_rc"
same "labels (trimmed): the plain file's scores" "$(scores_of)" "$(cat "$WORK/plain.scores")"
contains "labels: a text that is no label names row, item, column and text" "$out" \
  "line 35, item 8, column 'item8': label 'x' is not one of the labels ('Seldom', 'Sometimes', 'Fairly often', 'Very often', 'Always'), a number, a missing code ('', 'NA') or a not-applicable code (none)"
run score --instrument wai-sr --id client "$WORK/labelled.csv"
contains "labels: without a map, a label is no answer" "$out" "value 'Sometimes' is not a number"

# The same map in a key file: the built-in WAI-SR written out, with response_labels added.
run list wai-sr --format json
python3 - "$WORK/stdout" "$WORK/labels.json" "$WORK/wai-sr-labels.json" <<'PY'
import json, sys
key = json.load(open(sys.argv[1]))
key["response_labels"] = json.load(open(sys.argv[2]))
json.dump(key, open(sys.argv[3], "w"), indent=2)
PY
run score --key "$WORK/wai-sr-labels.json" --id client "$WORK/labelled.csv"
same "key file response_labels: the plain file's scores" "$(scores_of)" "$(cat "$WORK/plain.scores")"
# Written out again, the key keeps its labels; and bfi's its item columns.
run list --key "$WORK/wai-sr-labels.json" --format json
contains "list --key writes response_labels back" "$out" '"response_labels": {'
run list --key "$SOURCE_DIR/tests/data/keys/bfi.json" --format json
contains "list --key writes item_columns back" "$out" '"item_columns": ["A1", "A2", "A3", "A4", "A5", "C1"'
# Per-item labels replace the common map for that item.
printf '{"labels": {"Seldom": 1, "Always": 5}, "items": {"2": {"Seldom": 5, "Always": 1}}}\n' >"$WORK/item-labels.json"
printf 'item1,item2,item3,item4,item5,item6,item7,item8,item9,item10,item11,item12\nSeldom,Seldom,1,1,1,1,1,1,1,1,1,1\n' \
  >"$WORK/item-labels.csv"
run score --instrument wai-sr --labels "$WORK/item-labels.json" "$WORK/item-labels.csv"
# task = items 1 2 10 12: 1 + 5 + 1 + 1 = 8
same "labels of an item's own" "$(sed -n 2p "$WORK/stdout" | cut -d, -f1)" "8"

printf '{"Seldom": "one"}\n' >"$WORK/not-number.json"
run score --instrument wai-sr --labels "$WORK/not-number.json" "$WORK/labelled.csv"
status "labels mapping to a non-number: exit 2" 2
contains "labels mapping to a non-number" "$err" "labels file '$WORK/not-number.json', field 'Seldom': expected a number, got a string"
printf '{"Seldom": 1,\n' >"$WORK/not-json.json"
run score --instrument wai-sr --labels "$WORK/not-json.json" "$WORK/labelled.csv"
status "labels that are not JSON: exit 2" 2
contains "labels that are not JSON" "$err" "labels file '$WORK/not-json.json': not valid JSON"
printf '{"NA": 1}\n' >"$WORK/code-label.json"
usage "a label that is a missing code" "--labels label 'NA' is a missing code, which is read as such before any label" \
  score --instrument wai-sr --labels "$WORK/code-label.json" "$WORK/labelled.csv"
printf '{"items": {"13": {"Seldom": 1}}}\n' >"$WORK/item-13.json"
usage "labels of an item the instrument lacks" "--labels give labels for item 13, but the items are 1..12" \
  score --instrument wai-sr --labels "$WORK/item-13.json" "$WORK/labelled.csv"

# A Qualtrics export: a header, a row of question text (here with line breaks inside quotes),
# a row of ImportId metadata, then the answers. --qualtrics skips rows 2 and 3 and keeps every
# answer row's line number; without it the file is refused with a message that says so; a
# plain file is refused with --qualtrics (no answer row is skipped for looking like metadata).
python3 - "$PLAIN" "$WORK/qualtrics.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
header = rows[0]
with open(sys.argv[2], "w", newline="") as out:
    out.write("\ufeff")
    w = csv.writer(out)
    w.writerow(header)
    w.writerow([("Question\n" + c) if c.startswith("item") else c for c in header])
    w.writerow(['{"ImportId":"QID%s"}' % c for c in header])
    w.writerows(rows[1:])
PY
run score --instrument wai-sr --id client --qualtrics "$WORK/qualtrics.csv"
same "qualtrics: exit status" "$rc" "$plain_rc"
same "qualtrics: the plain file's scores" "$(scores_of)" "$(cat "$WORK/plain.scores")"
contains "qualtrics: line numbers of the file" "$out" "record 'line 27', item 5: response 6"
contains "qualtrics: the skipped rows are said" "$err" "--qualtrics: rows 2 and 3 (question text, ImportId metadata) skipped"
run score --instrument wai-sr --id client --qualtrics --threads 2 - <"$WORK/qualtrics.csv"
same "qualtrics: standard input, two threads" "$(scores_of)" "$(cat "$WORK/plain.scores")"
usage "qualtrics export without --qualtrics" "rows 2 and 3 look like a Qualtrics export's question text and ImportId metadata, not answers; give --qualtrics to skip them" \
  score --instrument wai-sr --id client "$WORK/qualtrics.csv"
usage "--qualtrics on a plain file" "--qualtrics: row 3 is not a Qualtrics export's ImportId metadata" \
  score --instrument wai-sr --id client --qualtrics "$PLAIN"
run track --instrument wai-sr --client client --session session --higher-is-better --qualtrics "$WORK/qualtrics.csv"
qualtrics_track=$out
run track --instrument wai-sr --client client --session session --higher-is-better "$PLAIN"
same "qualtrics: track reads it twice, both times without rows 2 and 3" \
  "$(printf '%s\n' "$qualtrics_track" | sed 's/line [0-9]*//g')" "$(printf '%s\n' "$out" | sed 's/line [0-9]*//g')"

# A REDCap export with events and repeating forms: the measure is the repeating form 'wai'; each
# session also has the record's non-repeating row, and some a row of the form 'phq'.
python3 - "$PLAIN" "$WORK/redcap.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
header = rows[0]
with open(sys.argv[2], "w", newline="") as out:
    w = csv.writer(out)
    w.writerow(["record_id", "redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance"] + header)
    for k, r in enumerate(rows[1:]):
        event = "session_%s_arm_1" % r[1]
        w.writerow([r[0], event, "", ""] + [""] * len(header))
        w.writerow([r[0], event, "wai", "1"] + r)
        if k % 5 == 0:
            w.writerow([r[0], event, "phq", "1"] + [""] * len(header))
PY
run score --instrument wai-sr --id client --redcap --redcap-form wai "$WORK/redcap.csv"
same "redcap: exit status" "$rc" "$plain_rc"
same "redcap: the measure's rows give the plain file's scores" "$(grep -v ',skipped,' "$WORK/stdout" | cut -d, -f1-17)" \
  "$(cat "$WORK/plain.scores")"
same "redcap: rows in = rows out" "$(wc -l <"$WORK/stdout")" "$(wc -l <"$WORK/redcap.csv")"
same "redcap: every other row skipped" "$(grep -c ',skipped,' "$WORK/stdout")" "48"
contains "redcap: another form named" "$out" ',skipped,"a REDCap row of form '"'"'phq'"'"' (redcap_repeat_instrument), not of form '"'"'wai'"'"'"'
contains "redcap: counted on standard error" "$err" "alliance score: 48 rows of other REDCap forms written with status skipped"
usage "--redcap-form without --redcap" "--redcap-form needs --redcap" \
  score --instrument wai-sr --redcap-form wai "$WORK/redcap.csv"
run score --instrument wai-sr --redcap --redcap-form wai "$PLAIN"
status "--redcap-form without the column: exit 2" 2
contains "--redcap-form without the column" "$err" "--redcap-form wai: the header has no column redcap_repeat_instrument"
# Without --redcap-form the measure is on the non-repeating rows: the 'wai' and 'phq' rows are skipped.
run score --instrument wai-sr --redcap "$WORK/redcap.csv"
same "redcap without a form: the repeating rows skipped" "$(grep -c ',skipped,' "$WORK/stdout")" "48"

# An instrument whose key names its item columns (psych's bfi key list, typed into a key file):
# psych::scoreItems' means, from tests/reference/bfi_psych.R.
run score --key "$SOURCE_DIR/tests/data/keys/bfi.json" --id case "$SOURCE_DIR/tests/data/bfi.csv"
status "bfi key: exit 0" 0
python3 - "$WORK/stdout" "$SOURCE_DIR/tests/data/bfi_scores_psych.csv" >"$WORK/bfi.check" <<'PY'
import csv, sys
ours = {row["case"]: row for row in csv.DictReader(open(sys.argv[1]))}
reference = csv.DictReader(line for line in open(sys.argv[2]) if not line.startswith("#"))
differ = compared = 0
for row in reference:
    for scale in ("agree", "conscientious", "extraversion", "neuroticism", "openness"):
        mine, theirs = ours[row["case"]][scale + "_mean"], row[scale]
        compared += 1
        if (mine == "") != (theirs == "") or (mine and abs(float(mine) - float(theirs)) > 1e-12):
            differ += 1
print(compared, differ)
PY
same "bfi key: every mean is psych's" "$(cat "$WORK/bfi.check")" "14000 0"

finish
