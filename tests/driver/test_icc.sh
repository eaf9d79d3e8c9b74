#!/usr/bin/env bash
# `alliance icc` against psych::ICC(lmer = FALSE) values in tests/data/stats-icc.csv (written by
# tests/reference/stats_reference.R): the 6 targets x 4 judges of Shrout & Fleiss (1979, Table 2)
# in examples/data/shrout_fleiss_1979.csv, whose published ICCs (Table 4) are .17 .29 .71 .44
# .62 .91, and 30 synthetic targets x 5 raters (tests/data/stats-icc-ratings.csv). Plus
# listwise deletion, invalid values, usage errors and output formats.
. "$(dirname "$0")/lib.sh"
REF="$SOURCE_DIR/tests/data"
SF="$DATA/shrout_fleiss_1979.csv"
JUDGES=judge1,judge2,judge3,judge4

# reference DATASET CONFIDENCE N K : psych's rows in the driver's column order
# form,icc,lower,upper,n,k,f,df1,df2,p (stats-icc.csv: dataset,confidence,form,icc,f,df1,df2,p,lower,upper).
reference() {
  echo "form,icc,lower,upper,n,k,f,df1,df2,p"
  awk -F, -v d="$1" -v c="$2" -v n="$3" -v k="$4" 'BEGIN { OFS = "," }
    $1 == d && $2 + 0 == c + 0 { print $3, $4, $9, $10, n, k, $5, $6, $7, $8 }' "$REF/stats-icc.csv"
}
reference shrout_fleiss 0.95 6 4 >"$WORK/sf-95.csv"
reference shrout_fleiss 0.90 6 4 >"$WORK/sf-90.csv"
reference synthetic 0.95 30 5 >"$WORK/synthetic-95.csv"
[ "$(lines "$(cat "$WORK/sf-95.csv")")" = 7 ] || fail "reference: six Shrout & Fleiss rows expected in stats-icc.csv"

run icc --raters "$JUDGES" "$SF"
status "Shrout & Fleiss: exit 0" 0
same "Shrout & Fleiss: nothing on standard error (not a terminal)" "$err" ""
cut -d, -f1-10 "$WORK/stdout" >"$WORK/sf.csv"
agree "Shrout & Fleiss 1979: ICCs, 95% intervals and F tests against psych::ICC" "$WORK/sf-95.csv" "$WORK/sf.csv"
same "Shrout & Fleiss 1979: the published values (Table 4, two decimals)" \
  "$(awk -F, 'NR > 1 { printf "%s %.2f ", $1, $2 }' "$WORK/stdout")" \
  "ICC1 0.17 ICC2 0.29 ICC3 0.71 ICC1k 0.44 ICC2k 0.62 ICC3k 0.91 "
same "Shrout & Fleiss: columns, status ok, empty message" \
  "$(cut -d, -f1,11- "$WORK/stdout" | tr '\n' ' ')" "form,status,message ICC1,ok, ICC2,ok, ICC3,ok, ICC1k,ok, ICC2k,ok, ICC3k,ok, "

run icc --raters "$JUDGES" --confidence 0.9 "$SF"
cut -d, -f1-10 "$WORK/stdout" >"$WORK/sf90.csv"
agree "Shrout & Fleiss 1979: 90% intervals against psych::ICC(alpha = 0.10)" "$WORK/sf-90.csv" "$WORK/sf90.csv"

grep -v '^#' "$REF/stats-icc-ratings.csv" >"$WORK/synthetic.csv"
run icc --raters rater1,rater2,rater3,rater4,rater5 - <"$WORK/synthetic.csv"
status "synthetic 30 x 5: exit 0" 0
cut -d, -f1-10 "$WORK/stdout" >"$WORK/synthetic-out.csv"
agree "synthetic 30 x 5 ratings against psych::ICC" "$WORK/synthetic-95.csv" "$WORK/synthetic-out.csv"

# Listwise: a seventh target with a missing rating is left out, the six give the published
# result; an invalid rating is named and its row left out (exit 1).
{ cat "$SF"; printf '7,5,,3,4\n8,4,NA,3,2\n'; } >"$WORK/missing.csv"
run icc --raters "$JUDGES" "$WORK/missing.csv"
status "missing ratings: exit 0" 0
cut -d, -f1-10 "$WORK/stdout" >"$WORK/missing-out.csv"
agree "missing ratings: the complete rows give Shrout & Fleiss's result" "$WORK/sf-95.csv" "$WORK/missing-out.csv"
same "missing ratings: partial, counted" "$(sed -n 2p "$WORK/stdout" | cut -d, -f11-)" \
  "partial,2 rows with a missing rating left out (listwise)"

{ cat "$SF"; printf '7,5,x,3,4\n8,4,2,3\n9,1,2,3,1e999\n'; } >"$WORK/invalid.csv"
run icc --raters "$JUDGES" --keep-going-is-not-an-option "$WORK/invalid.csv"
status "unknown option: exit 2" 2
run icc --raters "$JUDGES" "$WORK/invalid.csv"
status "invalid ratings: exit 1" 1
cut -d, -f1-10 "$WORK/stdout" >"$WORK/invalid-out.csv"
agree "invalid ratings: left out, the valid rows give Shrout & Fleiss's result" "$WORK/sf-95.csv" "$WORK/invalid-out.csv"
contains "invalid rating named: line, column, value" "$err" \
  "alliance icc: line 8, column 'judge2': value 'x' is not a finite number or a missing code ('', 'NA'); the row is left out"
contains "invalid rating named: too few fields" "$err" "alliance icc: line 9: 4 fields, the header has 5; the row is left out"
contains "invalid rating named: not finite" "$err" "line 10, column 'judge4': value '1e999' is not a finite number"
contains "invalid ratings: summary" "$err" "alliance icc: 9 rows read: 6 used, 0 with a missing rating, 3 left out for invalid values"
same "invalid ratings: message" "$(sed -n 2p "$WORK/stdout" | cut -d, -f11-)" \
  "partial,\"3 rows with invalid values left out (lines 8, 9 and 10)\""

# --format jsonl
run icc --raters "$JUDGES" --format jsonl "$SF"
same "jsonl: six objects" "$(lines "$out")" 6
contains "jsonl: first object" "$(sed -n 1p "$WORK/stdout")" '{"form":"ICC1","icc":0.1657417684054'
contains "jsonl: counts and status" "$(sed -n 1p "$WORK/stdout")" '"n":6,"k":4,"f":1.79467849223946'
contains "jsonl: status" "$(sed -n 6p "$WORK/stdout")" '"status":"ok","message":""}'

# Not computable: fewer than 2 complete rows, or perfect agreement. Every row has empty
# numbers, status error and the reason; exit 1.
printf 'a,b\n1,2\n3,\n' >"$WORK/one.csv"
run icc --raters a,b --format jsonl "$WORK/one.csv"
status "one complete row: exit 1" 1
same "one complete row: nulls and the reason" "$(sed -n 1p "$WORK/stdout")" \
  '{"form":"ICC1","icc":null,"lower":null,"upper":null,"n":1,"k":2,"f":null,"df1":null,"df2":null,"p":null,"status":"error","message":"[alliance.stats.too_few_observations] ratings has 1 observation; at least 2 are needed; 1 row with a missing rating left out (listwise)"}'
printf 'a,b\n1,1\n2,2\n4,4\n' >"$WORK/same.csv"
run icc --raters a,b "$WORK/same.csv"
status "perfect agreement: exit 1" 1
same "perfect agreement: error rows" "$(cut -d, -f1-5,11 "$WORK/stdout" | tail -n 6 | tr '\n' ' ')" \
  "ICC1,,,,3,error ICC2,,,,3,error ICC3,,,,3,error ICC1k,,,,3,error ICC2k,,,,3,error ICC3k,,,,3,error "
contains "perfect agreement: the reason" "$out" "the residual mean square is 0"

# The input cannot be analysed: exit 2, nothing on standard output.
run icc --raters judge1,judge5 "$SF"
status "header lacking a rater column: exit 2" 2
same "header lacking a rater column: nothing on stdout" "$out" ""
contains "header lacking a rater column: named" "$err" "the header lacks column judge5"
run icc --raters a,b </dev/null
status "empty input: exit 2" 2

# Usage errors: exit 2, nothing on standard output.
for arguments in "" "--raters judge1" "--raters judge1,judge1" "--raters judge1,,judge2" \
  "--raters $JUDGES --confidence 0" "--raters $JUDGES --format xml" "--raters $JUDGES --id target"; do
  # shellcheck disable=SC2086
  run icc $arguments "$SF"
  status "usage error ($arguments): exit 2" 2
  same "usage error ($arguments): nothing on stdout" "$out" ""
done
run icc --raters ' judge1, judge2 ,judge3,judge4' -q "$SF"
same "--raters: spaces around names are ignored" "$(cut -d, -f1-10 "$WORK/stdout")" "$(cat "$WORK/sf.csv")"

# Help: complete, with the forms, the columns, the exit status and an example on the bundled data.
run icc --help
status "--help: exit 0" 0
for needle in "Usage: alliance icc" "--raters COLUMNS" "--confidence C" "ICC(2,1)" "ICC3k" "lower, upper" \
  "f, df1, df2, p" "listwise" "8 bytes" "Exit status" "examples/data/shrout_fleiss_1979.csv"; do
  contains "--help mentions $needle" "$out" "$needle"
done
run help icc
contains "alliance help icc" "$out" "Usage: alliance icc"
run --help
contains "main help lists icc" "$out" "icc          intraclass correlations"

finish
