#!/usr/bin/env bash
# What goes wrong, and how the driver says so: error rows among good rows (exit 1, every
# row present, messages naming line, column and value), a header without the needed columns
# (exit 2, nothing on standard output), empty input, usage errors.
. "$(dirname "$0")/lib.sh"

# Rows 2, 4 and 6 are good; the others each fail in one way.
cat >"$WORK/mixed.csv" <<CSV
$WAI_HEADER
ok1,5,4,3,2,1,5,4,3,2,1,5,4
range,5,4,3,2,1,5,4,3,2,1,5,6
ok2,1,1,1,1,1,1,1,1,1,1,1,1
text,5,4,3,two,1,5,4,3,2,1,5,4
ok3,2,2,2,2,2,2,2,2,2,2,2,2
half,5,4,3,2,1,5,4,3,2,1,5,3.5
short,5,4,3,2,1,5,4,3,2,1,5
,5,4,3,2,1,5,4,3,2,1,5,4
two,0,4,3,2,1,5,4,3,2,1,5,x
CSV
run score --instrument wai-sr --id id "$WORK/mixed.csv"
status "error rows: exit 1" 1
same "error rows: every input row has an output row" "$(lines "$out")" 10
same "error rows: input order kept" "$(cut -d, -f1 "$WORK/stdout" | tr '\n' ' ')" "id ok1 range ok2 text ok3 half short  two "
same "error rows: statuses" "$(awk -F, 'NR > 1 { print $18 }' "$WORK/stdout" | tr '\n' ' ')" \
  "ok error ok error ok error error error error "
same "error rows: good rows scored" "$(sed -n 4p "$WORK/stdout")" "ok2,4,1,4,complete,4,1,4,complete,4,1,4,complete,12,1,12,complete,ok,"
same "error rows: out of range, scores empty" "$(sed -n 3p "$WORK/stdout")" \
  "range,,,,,,,,,,,,,,,,,error,\"wai-sr, record 'line 3', item 12: response 6 is outside the response scale 1..5 (column 'item12', value '6')\""
same "error rows: non-numeric text" "$(sed -n 5p "$WORK/stdout")" \
  "text,,,,,,,,,,,,,,,,,error,\"line 5, column 'item4': value 'two' is not a number, a missing code ('', 'NA') or a not-applicable code (none)\""
same "error rows: not an integer anchor" "$(sed -n 7p "$WORK/stdout")" \
  "half,,,,,,,,,,,,,,,,,error,\"wai-sr, record 'line 7', item 12: response 3.5 is not one of the integer anchors 1..5 of the Likert scale (column 'item12', value '3.5')\""
contains "error rows: too few fields" "$(sed -n 8p "$WORK/stdout")" "line 8: 12 fields, the header has 13"
contains "error rows: missing id" "$(sed -n 9p "$WORK/stdout")" "line 9, column 'id': the id is empty"
same "error rows: every problem of a row, in item order" "$(sed -n 10p "$WORK/stdout")" \
  "two,,,,,,,,,,,,,,,,,error,\"wai-sr, record 'line 10', item 1: response 0 is outside the response scale 1..5 (column 'item1', value '0'); line 10, column 'item12': value 'x' is not a number, a missing code ('', 'NA') or a not-applicable code (none)\""
contains "error rows: summary on standard error" "$err" "alliance score: 9 rows: 3 ok, 0 partial, 6 error"
run score --instrument wai-sr --id id --quiet "$WORK/mixed.csv"
same "error rows: --quiet silences the summary" "$err" ""
status "error rows: --quiet keeps the exit status" 1

# A row with more fields than the header is an error: its values may be shifted.
printf '%s\nlong,5,4,3,2,1,5,4,3,2,1,5,4,extra\n' "$WAI_HEADER" >"$WORK/long.csv"
run score --instrument wai-sr --id id "$WORK/long.csv"
contains "error rows: too many fields" "$out" "line 2: 14 fields, the header has 13"
status "error rows: too many fields exit 1" 1

# A quote left open swallows the rest of the input into one record, which is an error row.
printf '%s\nq,"5,4,3,2,1,5,4,3,2,1,5,4\nr,1,1,1,1,1,1,1,1,1,1,1,1\n' "$WAI_HEADER" >"$WORK/open.csv"
run score --instrument wai-sr --id id "$WORK/open.csv"
status "open quote: exit 1" 1
contains "open quote: named" "$out" "line 2: a quoted field is not closed before the end of the input"

# "Does not apply" where the instrument has no such option; the CARE measure has one.
# CARE (Mercer et al. 2004): up to two N/A or missing replaced by the mean of the rest.
# 5 5 N/A 4 4 4 4 4 4 4: 38 over 9 answered, mean 38/9 = 4.222222222222222,
# sum 38/9*10 = 42.22222222222222 (binary64, as Python prints them).
printf '%s\nna,5,4,N/A,2,1,5,4,3,2,1,5,4\n' "$WAI_HEADER" >"$WORK/na-wai.csv"
run score --instrument wai-sr --id id --not-applicable N/A "$WORK/na-wai.csv"
contains "not applicable: refused where the scale has no such option" "$out" \
  "item 3: 'does not apply' is not an option of this instrument's response scale (column 'item3', value 'N/A')"
printf 'item1,item2,item3,item4,item5,item6,item7,item8,item9,item10\n5,5,N/A,4,4,4,4,4,4,4\n5,N/A,N/A,N/A,4,4,4,4,4,4\n' >"$WORK/care.csv"
run score --instrument care --not-applicable N/A "$WORK/care.csv"
status "not applicable: CARE exit 0" 0
same "not applicable: CARE prorated" "$(sed -n 2p "$WORK/stdout" | cut -d, -f1-5)" "42.22222222222222,4.222222222222222,9,prorated,partial"
same "not applicable: CARE with three N/A is not scored" "$(sed -n 3p "$WORK/stdout" | cut -d, -f1-5)" ",,7,insufficient,partial"
run score --instrument care --not-applicable N/A --missing N/A "$WORK/care.csv"
status "a code both missing and not applicable: usage error" 2
same "a code both missing and not applicable: nothing on standard output" "$out" ""

# A header without the needed columns: exit 2, nothing on standard output, every absent
# column named; with -o the file is not even created.
printf 'id,item1,item2,item4\nx,1,2,3\n' >"$WORK/noitems.csv"
run score --instrument wai-sr --id id "$WORK/noitems.csv"
status "missing columns: exit 2" 2
same "missing columns: nothing on standard output" "$out" ""
contains "missing columns: named" "$err" "the header lacks columns item3, item5, item6, item7, item8, item9, item10, item11, item12 (item columns come from --items 'item{}'); the header has id, item1, item2, item4"
run score --instrument wai-sr --id id -o "$WORK/never.csv" "$WORK/noitems.csv"
status "missing columns with -o: exit 2" 2
[ -e "$WORK/never.csv" ] && fail "missing columns with -o: the output file was created"
run score --instrument wai-sr --id client "$WORK/mixed.csv"
status "missing id column: exit 2" 2
contains "missing id column: named" "$err" "the header lacks column client"
run score --instrument wai-sr --keep site,id "$WORK/mixed.csv"
contains "missing --keep column: named" "$err" "the header lacks column site"
same "missing --keep column: nothing on standard output" "$out" ""
printf 'id,item1,item1,item2,item3,item4,item5,item6,item7,item8,item9,item10,item11,item12\n' >"$WORK/twice.csv"
run score --instrument wai-sr "$WORK/twice.csv"
status "a needed column twice: exit 2" 2
contains "a needed column twice: named" "$err" "more than one column named item1"

# Empty input: a header alone gives a header alone; no header at all is exit 2.
printf '%s\n' "$WAI_HEADER" >"$WORK/header-only.csv"
run score --instrument wai-sr --id id "$WORK/header-only.csv"
status "header only: exit 0" 0
same "header only: the output header alone" "$out" \
  "id,task_sum,task_mean,task_answered,task_status,goal_sum,goal_mean,goal_answered,goal_status,bond_sum,bond_mean,bond_answered,bond_status,total_sum,total_mean,total_answered,total_status,status,message"
run score --instrument wai-sr --id id --format jsonl "$WORK/header-only.csv"
same "header only, jsonl: nothing" "$out" ""
status "header only, jsonl: exit 0" 0
: >"$WORK/empty.csv"
run score --instrument wai-sr "$WORK/empty.csv"
status "empty file: exit 2" 2
same "empty file: nothing on standard output" "$out" ""
contains "empty file: said" "$err" "the input is empty: no header row (expected columns item1..item12)"

# Usage errors: exit 2, nothing on standard output, a pointer to --help.
usage "no instrument" "which instrument?" score "$WORK/mixed.csv"
usage "unknown instrument" "unknown instrument 'wai'; the built-in instruments are wai-sr, " score --instrument wai "$WORK/mixed.csv"
usage "unknown option" "unknown option '--bogus'" score --instrument wai-sr --bogus "$WORK/mixed.csv"
usage "help pointer" "Try 'alliance score --help'." score --instrument wai-sr --bogus
usage "option without value" "option --id needs a value" score --instrument wai-sr --id
usage "option twice" "option --id is given twice" score --instrument wai-sr --id a --id b "$WORK/mixed.csv"
usage "--min-answered 0" "--min-answered expects a fraction above 0 and at most 1, not '0'" score --instrument wai-sr --min-answered 0 "$WORK/mixed.csv"
usage "--min-answered 1.5" "not '1.5'" score --instrument wai-sr --min-answered 1.5 "$WORK/mixed.csv"
usage "--min-answered text" "--min-answered expects a number, not 'most'" score --instrument wai-sr --min-answered most "$WORK/mixed.csv"
usage "--format" "--format expects csv or jsonl, not 'xml'" score --instrument wai-sr --format xml "$WORK/mixed.csv"
usage "--delimiter" "--delimiter expects ',', ';' or 'tab', not '|'" score --instrument wai-sr --delimiter '|' "$WORK/mixed.csv"
usage "--items without {}" "--items 'item' has no {}" score --instrument wai-sr --items item "$WORK/mixed.csv"
usage "--decimal-comma with ','" "--decimal-comma needs --delimiter ';' or 'tab'" score --instrument wai-sr --decimal-comma "$WORK/mixed.csv"
usage "two files" "one input file at a time" score --instrument wai-sr "$WORK/mixed.csv" "$WORK/long.csv"
usage "no such file" "cannot open '$WORK/nothing.csv': No such file or directory" score --instrument wai-sr "$WORK/nothing.csv"
usage "a directory" "it is a directory" score --instrument wai-sr "$WORK"
usage "-o is the input" "is the input file" score --instrument wai-sr -o "$WORK/mixed.csv" "$WORK/mixed.csv"
usage "unknown command" "alliance: unknown command 'scores'" scores
usage "--instrument and --key" "give --instrument or --key, not both" score --instrument wai-sr --key k.json "$WORK/mixed.csv"
same "-o is the input: the input is untouched" "$(lines "$(cat "$WORK/mixed.csv")")" 10
run
status "no command: exit 2" 2
contains "no command: the overview on standard error" "$err" "Usage: alliance COMMAND"

# Output that cannot be written.
run score --instrument wai-sr -o "$WORK/no/such/dir/out.csv" "$WORK/header-only.csv"
status "unwritable output: exit 2" 2
contains "unwritable output: said" "$err" "cannot create '$WORK/no/such/dir/out.csv'"

finish
