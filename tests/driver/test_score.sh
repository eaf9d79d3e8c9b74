#!/usr/bin/env bash
# `alliance score` on small files whose scores are worked by hand, in every input dialect the
# contract names: quoted fields, CRLF, BOM, ';' and tab, custom missing codes.
. "$(dirname "$0")/lib.sh"

# WAI-SR key (Hatcher & Gillaspy 2006): task 1 2 10 12, goal 4 6 8 11, bond 3 5 7 9.
# a: 5 4 3 2 1 5 4 3 2 1 5 4 -> task 5+4+1+4 = 14 (3.5), goal 2+5+3+5 = 15 (3.75),
#    bond 3+1+4+2 = 10 (2.5), total 39 (3.25)
# b: all 1 -> 4 (1) per subscale, total 12 (1)
# c: as a with item 3 missing -> bond 3 of 4 and total 11 of 12 answered; all items
#    required by default, so both insufficient and the row partial
cat >"$WORK/wai.csv" <<CSV
$WAI_HEADER
a,5,4,3,2,1,5,4,3,2,1,5,4
b,1,1,1,1,1,1,1,1,1,1,1,1
c,5,4,,2,1,5,4,3,2,1,5,4
CSV
HEADER="id,task_sum,task_mean,task_answered,task_status,goal_sum,goal_mean,goal_answered,goal_status,bond_sum,bond_mean,bond_answered,bond_status,total_sum,total_mean,total_answered,total_status,status,message"
EXPECTED="$HEADER
a,14,3.5,4,complete,15,3.75,4,complete,10,2.5,4,complete,39,3.25,12,complete,ok,
b,4,1,4,complete,4,1,4,complete,4,1,4,complete,12,1,12,complete,ok,
c,14,3.5,4,complete,15,3.75,4,complete,,,3,insufficient,,,11,insufficient,partial,bond insufficient: 3 of 4 items answered (rule: all 4 items required); total insufficient: 11 of 12 items answered (rule: all 12 items required)"

run score --instrument wai-sr --id id "$WORK/wai.csv"
status "score: partial rows exit 0" 0
same "score: hand-worked scores" "$out" "$EXPECTED"
same "score: nothing on stderr without errors (not a terminal)" "$err" ""

run score --instrument wai-sr --id id - <"$WORK/wai.csv"
same "score: standard input via -" "$out" "$EXPECTED"
run score --instrument wai-sr --id id <"$WORK/wai.csv"
same "score: standard input when no file is given" "$out" "$EXPECTED"

# --min-answered 0.75: c's bond (3 of 4) and total (11 of 12) are prorated.
# bond 1+4+2 = 7 over 3: mean 7/3 = 2.3333333333333335, sum 7/3*4 = 9.333333333333334;
# total 36 over 11: mean 3.272727272727273, sum 36/11*12 = 39.27272727272727 (binary64,
# shortest round-trip form, as Python prints 7/3, 7/3*4, 36/11, 36/11*12).
run score --instrument wai-sr --id id --min-answered 0.75 "$WORK/wai.csv"
same "score --min-answered: prorated row" "$(sed -n 4p "$WORK/stdout")" \
  "c,14,3.5,4,complete,15,3.75,4,complete,9.333333333333334,2.3333333333333335,3,prorated,39.27272727272727,3.272727272727273,11,prorated,partial,bond prorated: 3 of 4 items answered (rule: prorate if at least 0.75 of 4 items answered); total prorated: 11 of 12 items answered (rule: prorate if at least 0.75 of 12 items answered)"
# 0.8 of 4 items is 3.2: 3 answered is too few.
run score --instrument wai-sr --id id --min-answered 0.8 "$WORK/wai.csv"
contains "score --min-answered 0.8: 3 of 4 is too few" "$(sed -n 4p "$WORK/stdout")" ",,,3,insufficient,"

# CRLF line ends, a byte-order mark, ';' and tab delimiters: the same scores.
sed 's/$/\r/' "$WORK/wai.csv" >"$WORK/crlf.csv"
run score --instrument wai-sr --id id "$WORK/crlf.csv"
same "score: CRLF input" "$out" "$EXPECTED"
{ printf '\357\273\277'; cat "$WORK/wai.csv"; } >"$WORK/bom.csv"
run score --instrument wai-sr --id id "$WORK/bom.csv"
same "score: UTF-8 BOM before the header" "$out" "$EXPECTED"
{ printf '\357\273\277'; cat "$WORK/crlf.csv"; } >"$WORK/bom-crlf.csv"
run score --instrument wai-sr --id id "$WORK/bom-crlf.csv"
same "score: BOM and CRLF" "$out" "$EXPECTED"
tr ',' ';' <"$WORK/wai.csv" >"$WORK/semicolon.csv"
run score --instrument wai-sr --id id --delimiter ';' "$WORK/semicolon.csv"
same "score: ';' delimiter" "$out" "$EXPECTED"
tr ',' '\t' <"$WORK/wai.csv" >"$WORK/tab.tsv"
run score --instrument wai-sr --id id --delimiter tab "$WORK/tab.tsv"
same "score: tab delimiter" "$out" "$EXPECTED"
run score --instrument wai-sr --id id --delimiter "$(printf '\t')" "$WORK/tab.tsv"
same "score: a literal tab as delimiter" "$out" "$EXPECTED"

# Quoted fields: ids and kept columns with commas, quotes and a line break; quoted numbers.
cat >"$WORK/quoted.csv" <<'CSV'
id,note,item1,item2,item3,item4,item5,item6,item7,item8,item9,item10,item11,item12
"Smith, J.","said ""fine""
then left","5",4,3,2,1,5,4,3,2,1,5,"4"
plain,,1,1,1,1,1,1,1,1,1,1,1,1
CSV
run score --instrument wai-sr --id id --keep note "$WORK/quoted.csv"
status "score: quoted input exit 0" 0
same "score: quoted fields in, quoted fields out" "$out" 'id,note,task_sum,task_mean,task_answered,task_status,goal_sum,goal_mean,goal_answered,goal_status,bond_sum,bond_mean,bond_answered,bond_status,total_sum,total_mean,total_answered,total_status,status,message
"Smith, J.","said ""fine""
then left",14,3.5,4,complete,15,3.75,4,complete,10,2.5,4,complete,39,3.25,12,complete,ok,
plain,,4,1,4,complete,4,1,4,complete,4,1,4,complete,12,1,12,complete,ok,'

# Custom missing codes replace the default list ("" and NA).
cat >"$WORK/codes.csv" <<CSV
$WAI_HEADER
m99,5,4,-99,2,1,5,4,3,2,1,5,4
m999,5,4,999,2,1,5,4,3,2,1,5,4
blank,5,4,,2,1,5,4,3,2,1,5,4
na,5,4,NA,2,1,5,4,3,2,1,5,4
CSV
run score --instrument wai-sr --id id --missing '-99,999' "$WORK/codes.csv"
status "score --missing: rows whose code is no longer missing are errors" 1
same "score --missing: -99 is missing" "$(sed -n 2p "$WORK/stdout" | cut -d, -f1,10-13)" "m99,,,3,insufficient"
same "score --missing: 999 is missing" "$(sed -n 3p "$WORK/stdout" | cut -d, -f1,10-13)" "m999,,,3,insufficient"
same "score --missing: an empty field is no longer missing" "$(sed -n 4p "$WORK/stdout")" \
  "blank,,,,,,,,,,,,,,,,,error,\"line 4, column 'item3': value '' is not a number, a missing code ('-99', '999') or a not-applicable code (none)\""
contains "score --missing: NA is no longer missing" "$(sed -n 5p "$WORK/stdout")" "value 'NA' is not a number"
run score --instrument wai-sr --id id --missing ',NA,-99,999' "$WORK/codes.csv"
status "score --missing with an empty code: every row scored" 0
same "score --missing ',NA,-99,999': four partial rows" "$(cut -d, -f1,18 "$WORK/stdout" | tail -n 4 | tr '\n' ' ')" \
  "m99,partial m999,partial blank,partial na,partial "
# Without --missing, -99 is a number outside 1..5.
run score --instrument wai-sr --id id "$WORK/codes.csv"
contains "score: -99 without --missing is out of range" "$(sed -n 2p "$WORK/stdout")" \
  "wai-sr, record 'line 2', item 3: response -99 is outside the response scale 1..5 (column 'item3', value '-99')"

# --items PATTERN; --keep order; columns in any order in the input.
printf 'wai_12,wai_11,wai_10,wai_9,wai_8,wai_7,wai_6,wai_5,wai_4,wai_3,wai_2,wai_1,client,site\n4,5,1,2,3,4,5,1,2,3,4,5,a,north\n' >"$WORK/pattern.csv"
run score --instrument wai-sr --items 'wai_{}' --id client --keep site "$WORK/pattern.csv"
same "score --items: columns found by pattern in any order" "$(sed -n 2p "$WORK/stdout")" \
  "a,north,14,3.5,4,complete,15,3.75,4,complete,10,2.5,4,complete,39,3.25,12,complete,ok,"
same "score: no --id, no id column" "$("$ALLIANCE" score --instrument wai-sr --items 'wai_{}' "$WORK/pattern.csv" | head -n 1 | cut -d, -f1)" "task_sum"

# --decimal-comma with ';' (SRS, four 0..10 lines: 7.5 + 8 + 6.2 + 9 = 30.7, mean 7.675).
printf 'srs_1;srs_2;srs_3;srs_4\n7,5;8;6,2;9\n' >"$WORK/decimal.csv"
run score --instrument srs --items 'srs_{}' --delimiter ';' --decimal-comma "$WORK/decimal.csv"
same "score --decimal-comma" "$out" "total_sum,total_mean,total_answered,total_status,status,message
30.7,7.675,4,complete,ok,"

# Blank lines are skipped, and line numbers still count them.
printf '%s\n\na,5,4,3,2,1,5,4,3,2,1,5,4\n\n\nb,9,4,3,2,1,5,4,3,2,1,5,4\n' "$WAI_HEADER" >"$WORK/blank.csv"
run score --instrument wai-sr --id id "$WORK/blank.csv"
same "score: blank lines skipped" "$(lines "$out")" 3
contains "score: line numbers count blank lines" "$out" "record 'line 6', item 1: response 9"

# -o FILE: the table goes to the file, nothing to standard output.
run score --instrument wai-sr --id id -o "$WORK/out.csv" "$WORK/wai.csv"
status "score -o: exit 0" 0
same "score -o: standard output empty" "$out" ""
same "score -o: file holds the table" "$(cat "$WORK/out.csv")" "$EXPECTED"
run score --instrument wai-sr --id id --output="$WORK/out2.csv" "$WORK/wai.csv"
same "score --output=FILE" "$(cat "$WORK/out2.csv")" "$EXPECTED"

# --format jsonl: one object per row, null for what the CSV leaves empty.
run score --instrument wai-sr --id id --format jsonl "$WORK/wai.csv"
same "score --format jsonl: one line per row" "$(lines "$out")" 3
same "score --format jsonl: row c" "$(sed -n 3p "$WORK/stdout")" \
  '{"id":"c","task_sum":14,"task_mean":3.5,"task_answered":4,"task_status":"complete","goal_sum":15,"goal_mean":3.75,"goal_answered":4,"goal_status":"complete","bond_sum":null,"bond_mean":null,"bond_answered":3,"bond_status":"insufficient","total_sum":null,"total_mean":null,"total_answered":11,"total_status":"insufficient","status":"partial","message":"bond insufficient: 3 of 4 items answered (rule: all 4 items required); total insufficient: 11 of 12 items answered (rule: all 12 items required)"}'

# Visual-analogue scores keep their decimals: ORS 4.5 + 6 + 7.2 + 3 = 20.7, mean 5.175.
printf 'ors_1,ors_2,ors_3,ors_4\n4.5,6,7.2,3\n' >"$WORK/ors.csv"
run score --instrument ors --items 'ors_{}' "$WORK/ors.csv"
same "score: visual-analogue decimals" "$(sed -n 2p "$WORK/stdout")" "20.7,5.175,4,complete,ok,"

# Sums are exact at the lines' resolution (0.1 cm): in binary 8.6 + 9.7 + 9.9 + 7.8 is
# 35.99999999999999; the SRS total is 36, printed "36", and --flag-cutoffs does not flag it
# under the published rule (total < 36). 35.9 and 36.1 are the millimetre either side.
printf 'srs_1,srs_2,srs_3,srs_4\n8.6,9.7,9.9,7.8\n8.6,9.7,9.9,7.7\n8.6,9.7,9.9,7.9\n' >"$WORK/srs36.csv"
run score --instrument srs --items 'srs_{}' "$WORK/srs36.csv"
same "score: SRS sums exact at 0.1" "$(cut -d, -f1,2 "$WORK/stdout")" "total_sum,total_mean
36,9
35.9,8.975
36.1,9.025"

# A mark off the 0.1 cm grid is an error row naming the line, the column and the value, as a
# half point on a Likert scale is.
printf 'ors_1,ors_2,ors_3,ors_4\n4.5,6,7.25,3\n' >"$WORK/ors-fine.csv"
run score --instrument ors --items 'ors_{}' "$WORK/ors-fine.csv"
same "score: off the resolution" "$rc:$(sed -n 2p "$WORK/stdout")" \
  "1:,,,,error,\"ors, record 'line 2', item 3: response 7.25 is not a multiple of the resolution 0.1 of the scale 0..10 (column 'ors_3', value '7.25')\""

finish
