#!/usr/bin/env bash
# The bad-input suite: hostile and odd inputs for every command and for key files (CSV
# oddities, sizes, bytes, number formats, option domains, output failures, unreadable inputs).
# Every case checks three things: the exit status; that the message (standard error, or the
# error rows) names the problem; and that rows out = rows in (a row command writes one row per
# input record; a run that fails with exit 2 writes nothing). CI runs it under ASan + UBSan
# (the asan preset), where any memory error or undefined behaviour aborts the program and
# fails the case. The regression cases of earlier defects are marked "regression".
. "$(dirname "$0")/lib.sh"

cases=0

# records FILE : the number of CSV records (RFC 4180: a quoted line break does not end one),
# blank lines not counted.
records() {
  awk '{ n = gsub(/"/, "\""); quotes += n
         if (quotes % 2 == 0) { if (pending || $0 != "" && $0 != "\r") count++; pending = 0 }
         else pending = 1 }
       END { if (pending) count++; print count + 0 }' "$1"
}

# check NAME STATUS NEEDLE ROWS ARGS... (standard input from $STDIN, default /dev/null)
#   STATUS  the expected exit status
#   NEEDLE  text that must appear in standard error or standard output
#   ROWS    the data rows the output must have besides its header (an input's records less
#           its header), or '-' when the command does not write one row per record (icc,
#           reliability, explain, list); a run with status 2 must leave standard output empty
check() {
  local name=$1 expected=$2 needle=$3 rows=$4
  shift 4
  cases=$((cases + 1))
  run "$@" <"${STDIN:-/dev/null}"
  status "$name" "$expected"
  contains "$name: message" "$err$out" "$needle"
  if [ "$expected" = 2 ]; then
    same "$name: nothing on standard output" "$out" ""
  elif [ "$rows" != - ]; then
    local got
    got=$(records "$WORK/stdout")
    same "$name: rows out = rows in" "$((got - 1))" "$rows"
  fi
  # A signal (ASan's abort, a crash) is a status above 128: never acceptable.
  checks=$((checks + 1))
  [ "$rc" -lt 128 ] || fail "$name: killed by a signal (status $rc)"
}

H="$WAI_HEADER"
GOOD="a,5,4,3,2,1,5,4,3,2,1,5,4"
W=(score --instrument wai-sr --id id)
csv() {  # csv NAME LINE... : writes $WORK/NAME.csv with the WAI header and the lines
  local name=$1
  shift
  { printf '%s\n' "$H"; printf '%s\n' "$@"; } >"$WORK/$name.csv"
}

# --- score: CSV oddities --------------------------------------------------------------------
csv quoted '"a",5,4,3,2,1,5,4,3,2,1,5,"4"'
check "score: quoted fields" 0 "" 1 "${W[@]}" "$WORK/quoted.csv"
printf '%s\r\n%s\r\n' "$H" "$GOOD" >"$WORK/crlf.csv"
check "score: CRLF" 0 "" 1 "${W[@]}" "$WORK/crlf.csv"
printf '%s\r%s\r' "$H" "$GOOD" >"$WORK/cr.csv"
check "score: lone CR line ends" 0 "" 1 "${W[@]}" "$WORK/cr.csv"
printf '\xef\xbb\xbf%s\n%s\n' "$H" "$GOOD" >"$WORK/bom.csv"
check "score: byte-order mark" 0 "" 1 "${W[@]}" "$WORK/bom.csv"
printf '%s\n%s' "$H" "$GOOD" >"$WORK/noeol.csv"
check "score: no line end at the end" 0 "" 1 "${W[@]}" "$WORK/noeol.csv"
printf '%s\n\n\n%s\n\n' "$H" "$GOOD" >"$WORK/blank.csv"
check "score: blank lines skipped" 0 "" 1 "${W[@]}" "$WORK/blank.csv"
csv embedded '"a
b",5,4,3,2,1,5,4,3,2,1,5,4' "$GOOD"
check "score: a line break inside a quoted id" 0 "" 2 "${W[@]}" "$WORK/embedded.csv"
csv embq '"a ""q""",5,4,3,2,1,5,4,3,2,1,5,4'
check "score: doubled quotes" 0 "" 1 "${W[@]}" "$WORK/embq.csv"
csv open 'a,"5,4,3,2,1,5,4,3,2,1,5,4' "$GOOD"
check "score: quote left open" 1 "a quoted field is not closed before the end of the input" 1 "${W[@]}" "$WORK/open.csv"
csv after '"a"x,5,4,3,2,1,5,4,3,2,1,5,4'
check "score: text after a closing quote" 0 "" 1 "${W[@]}" "$WORK/after.csv"
csv midquote 'a"b,5,4,3,2,1,5,4,3,2,1,5,4'
check "score: a quote inside an unquoted field" 0 "" 1 "${W[@]}" "$WORK/midquote.csv"
csv short 'a,5,4,3'
check "score: too few fields" 1 "line 2: 4 fields, the header has 13" 1 "${W[@]}" "$WORK/short.csv"
csv long "$GOOD,9,9"
check "score: too many fields" 1 "line 2: 15 fields, the header has 13" 1 "${W[@]}" "$WORK/long.csv"
csv onefield 'lonely'
check "score: one field" 1 "line 2: 1 field, the header has 13" 1 "${W[@]}" "$WORK/onefield.csv"
csv commas ',,,,,,,,,,,,'
check "score: only commas (empty id)" 1 "column 'id': the id is empty" 1 "${W[@]}" "$WORK/commas.csv"
csv spaces ' a , 5 , 4 , 3 , 2 , 1 , 5 , 4 , 3 , 2 , 1 , 5 , 4 '
check "score: spaces around values" 0 "" 1 "${W[@]}" "$WORK/spaces.csv"
csv tabs "$(printf 'a,\t5,4,3,2,1,5,4,3,2,1,5,4')"
check "score: a tab before a value" 0 "" 1 "${W[@]}" "$WORK/tabs.csv"
printf '%s\n' "$H" >"$WORK/header.csv"
check "score: header only" 0 "" 0 "${W[@]}" "$WORK/header.csv"
: >"$WORK/empty.csv"
check "score: empty file" 2 "the input is empty: no header row" - "${W[@]}" "$WORK/empty.csv"
printf '\n\n\n' >"$WORK/blanks-only.csv"
check "score: blank lines only" 2 "the input is empty" - "${W[@]}" "$WORK/blanks-only.csv"
printf '\xef\xbb\xbf' >"$WORK/bom-only.csv"
check "score: a byte-order mark only" 2 "the input is empty" - "${W[@]}" "$WORK/bom-only.csv"
printf 'id;item1\n' >"$WORK/semicolon.csv"
check "score: ';' file read with ','" 2 "the header lacks columns item1, item2" - "${W[@]}" "$WORK/semicolon.csv"
{ printf '%s\n' "$H" | tr , ';'; printf '%s\n' "$GOOD" | tr , ';'; } >"$WORK/semi.csv"
check "score: --delimiter ';'" 0 "" 1 "${W[@]}" --delimiter ';' "$WORK/semi.csv"
{ printf '%s\n' "$H" | tr , '\t'; printf '%s\n' "$GOOD" | tr , '\t'; } >"$WORK/tab.csv"
check "score: --delimiter tab" 0 "" 1 "${W[@]}" --delimiter tab "$WORK/tab.csv"
printf 'ID,ITEM1\n' >"$WORK/upper.csv"
check "score: header in upper case" 2 "the header lacks column" - "${W[@]}" "$WORK/upper.csv"
printf 'id,item1,item2,item3,item4,item5,item6,item7,item8,item9,item10,item11,item12,item12\n' >"$WORK/twice.csv"
check "score: a needed column twice" 2 "more than one column named item12" - "${W[@]}" "$WORK/twice.csv"
printf ' id , item1 , item2 , item3 , item4 , item5 , item6 , item7 , item8 , item9 , item10 , item11 , item12 \n%s\n' "$GOOD" >"$WORK/padded-header.csv"
check "score: spaces around header names" 0 "" 1 "${W[@]}" "$WORK/padded-header.csv"

# --- score: bytes ---------------------------------------------------------------------------
csv nul "$(printf 'a,5,4,3,2,1,5,4,3,2,1,5,4')" "b,5,4,3,2,1,5,4,3,2,1,5,X"
sed -i 's/X/\x00/' "$WORK/nul.csv"
check "score: a NUL byte as a value" 1 "line 3, column 'item12': value '" 2 "${W[@]}" "$WORK/nul.csv"
csv latin1 "$(printf 'caf\xe9,5,4,3,2,1,5,4,3,2,1,5,4')"
check "score: Latin-1 id (CSV passes bytes through)" 0 "" 1 "${W[@]}" "$WORK/latin1.csv"
check "score: Latin-1 id in JSON becomes U+FFFD" 0 "caf"$'\xef\xbf\xbd' - "${W[@]}" --format jsonl "$WORK/latin1.csv"
csv utf8 "$(printf 'Zo\xc3\xab \xe2\x9c\x93,5,4,3,2,1,5,4,3,2,1,5,4')"
check "score: UTF-8 id" 0 "Zo"$'\xc3\xab' 1 "${W[@]}" "$WORK/utf8.csv"
csv control "$(printf 'a\x01\x1b,5,4,3,2,1,5,4,3,2,1,5,4')"
check "score: control characters in JSON are escaped" 0 '\u0001\u001b' - "${W[@]}" --format jsonl "$WORK/control.csv"
csv fullwidth "$(printf 'a,\xef\xbc\x95,4,3,2,1,5,4,3,2,1,5,4')"
check "score: a full-width digit is no number" 1 "is not a number" 1 "${W[@]}" "$WORK/fullwidth.csv"
csv nbsp "$(printf 'a,5\xc2\xa0,4,3,2,1,5,4,3,2,1,5,4')"
check "score: a no-break space after a value" 1 "column 'item1'" 1 "${W[@]}" "$WORK/nbsp.csv"
head -c 3000 /dev/urandom >"$WORK/random.bin"
check "score: random bytes" 2 "the header lacks columns" - "${W[@]}" "$WORK/random.bin"
{ printf '%s\n' "$H"; head -c 2000 /dev/urandom | tr -d '"\n\r' | fold -w 80; echo; } >"$WORK/random-rows.csv"
check "score: random rows: every record an error row" 1 "fields, the header has 13" "$(($(records "$WORK/random-rows.csv") - 1))" "${W[@]}" "$WORK/random-rows.csv"

# --- score: number formats ------------------------------------------------------------------
num() {  # num NAME VALUE STATUS NEEDLE [OPTIONS...] : VALUE as item 12
  local name=$1 value=$2 expected=$3 needle=$4
  shift 4
  csv number "a,5,4,3,2,1,5,4,3,2,1,5,$value"
  check "score: number $name" "$expected" "$needle" 1 "${W[@]}" "$@" "$WORK/number.csv"
}
num "4.0" 4.0 0 ""
num "4." 4. 0 ""
num "+4" +4 0 ""
num "04" 04 0 ""
num "4e0" 4e0 0 ""
num "0x4" 0x4 1 "value '0x4' is not a number"
num "4,0 (quoted)" '"4,0"' 1 "value '4,0' is not a number"
num "3.5 on a Likert scale" 3.5 1 "response 3.5 is not one of the integer anchors 1..5"
num "6 (out of range)" 6 1 "response 6 is outside the response scale 1..5"
num "0" 0 1 "response 0 is outside the response scale 1..5"
num "-1" -1 1 "response -1 is outside the response scale 1..5"
num "-0" -0 1 "is outside the response scale"
num "1e308" 1e308 1 "outside the response scale 1..5"
num "1e309 (overflows)" 1e309 1 "value '1e309' is not a number"
num "-1e309" -1e309 1 "value '-1e309' is not a number"
num "1e-400 (underflows)" 1e-400 1 "column 'item12': value '1e-400' is not a number"
num "nan" nan 1 "response NaN is not a finite number (mark an unanswered item as missing) (column 'item12', value 'nan')"
num "NaN" NaN 1 "response NaN is not a finite number"
num "inf" inf 1 "response inf is not a finite number"
num "-Infinity" -Infinity 1 "response -inf is not a finite number (mark an unanswered item as missing) (column 'item12', value '-Infinity')"
num "a 400-digit number" "$(printf '9%.0s' $(seq 400))" 1 "is not a number"
num "4 4" "4 4" 1 "value '4 4' is not a number"
num "four" four 1 "value 'four' is not a number"
num "NA (missing)" NA 0 "insufficient"
num "empty (missing)" "" 0 "insufficient"
num "na (not a code)" na 1 "value 'na' is not a number"
num "-99 with --missing -99" -99 0 "insufficient" --missing -99
num "-99 without --missing" -99 1 "response -99 is outside"
num "empty with --missing -99" "" 1 "value '' is not a number, a missing code ('-99')" --missing -99
num "4,5 with --decimal-comma" '"4,5"' 2 "--decimal-comma needs --delimiter" --decimal-comma
num "N/A not offered" N/A 1 "'does not apply' is not an option" --not-applicable N/A

# --- score: sizes ---------------------------------------------------------------------------
long_id=$(head -c 100000 /dev/zero | tr '\0' i)
csv longid "$long_id,5,4,3,2,1,5,4,3,2,1,5,4"
check "score: a 100 kB id" 0 "" 1 "${W[@]}" "$WORK/longid.csv"
{ printf '%s' "$H"; for i in $(seq 1 3000); do printf ',extra%d' "$i"; done; echo; echo "$GOOD"; } >"$WORK/wide.csv"
check "score: 3000 extra columns" 1 "line 2: 13 fields, the header has 3013" 1 "${W[@]}" "$WORK/wide.csv"
{ printf '%s\n' "$H"; for i in $(seq 1 5000); do echo "r$i,5,4,3,2,1,5,4,3,2,1,5,4"; done; } >"$WORK/many.csv"
check "score: 5000 rows" 0 "" 5000 "${W[@]}" "$WORK/many.csv"
# Regression: an over-long record after more good rows than the output buffer holds
# was exit 2 "nothing written" with the good rows already written. Now it is an error row
# and the run goes on.
{
  printf '%s\n' "$H"
  for i in $(seq 1 30000); do echo "good$i,5,4,3,2,1,5,4,3,2,1,5,4"; done
  printf 'huge,"'
  head -c 9000000 /dev/zero | tr '\0' x
  printf '",5,4,3,2,1,5,4,3,2,1,5,4\n'
  echo "after,1,1,1,1,1,1,1,1,1,1,1,1"
} >"$WORK/oversized.csv"
check "regression: an over-long record is an error row naming its line" 1 \
  "line 30002: the record is longer than 8388608 bytes, the most one record may hold (is a quote left open?)" \
  30002 "${W[@]}" "$WORK/oversized.csv"
same "regression: the record after the over-long one is scored" "$(tail -n 1 "$WORK/stdout")" \
  "after,4,1,4,complete,4,1,4,complete,4,1,4,complete,12,1,12,complete,ok,"
{ printf '%s\n' "$H"; printf 'open,"'; head -c 9000000 /dev/zero | tr '\0' x; printf '\n'; } >"$WORK/oversized-open.csv"
check "regression: an over-long quote left open runs to the end: one error row" 1 \
  "line 2: the record is longer than 8388608 bytes" 1 "${W[@]}" "$WORK/oversized-open.csv"
{ head -c 9000000 /dev/zero | tr '\0' h; printf '\n%s\n' "$GOOD"; } >"$WORK/oversized-header.csv"
check "regression: an over-long header stops the run" 2 "line 1: the record is longer than 8388608 bytes" - \
  "${W[@]}" "$WORK/oversized-header.csv"
# An input with no line end (/dev/zero) ran for ever: the header was read on to its end, which
# never comes. Reading now stops once the header has passed the limit: exit 2 at once, naming
# line 1 and the limit, from a file or standard input, on one thread or two, for every command
# that reads a table. Run under `timeout 5` (exit 124), so that a regression fails, not hangs.
printf '#!/bin/sh\nexec timeout 5 "%s" "$@"\n' "$ALLIANCE" >"$WORK/alliance-5s"
chmod +x "$WORK/alliance-5s"
endless="line 1: the record is longer than 8388608 bytes, the most one record may hold (is a quote left open?); it is the header row"
endless() {  # endless NAME ARGS... : the ARGS read /dev/zero (as a file, '-' and standard input)
  local name=$1
  shift
  ALLIANCE="$WORK/alliance-5s" check "endless header: $name /dev/zero" 2 "$endless" - "$@" /dev/zero
  ALLIANCE="$WORK/alliance-5s" STDIN=/dev/zero check "endless header: $name -" 2 "$endless" - "$@" -
  ALLIANCE="$WORK/alliance-5s" STDIN=/dev/zero check "endless header: $name, standard input" 2 "$endless" - "$@"
}
for threads in 1 2; do
  endless "score --threads $threads" "${W[@]}" --threads "$threads"
  endless "change --threads $threads" change --pre a --post b --higher-is-better --sd 5 --reliability 0.8 \
    --threads "$threads"
  endless "change, parameters estimated, --threads $threads" change --pre a --post b --higher-is-better --threads "$threads"
  endless "compare --threads $threads" compare --score s --mean 10 --sd 2 --threads "$threads"
done
endless "track" track --instrument srs --items 'srs_{}' --client client --session session --higher-is-better
endless "track --summary" track --instrument srs --items 'srs_{}' --client client --session session \
  --higher-is-better --summary --sort-memory 0.001
endless "reliability" reliability --instrument wai-sr
endless "icc" icc --raters a,b
endless "split" split --score s --unit u --member m
endless "plot change" plot change --pre a --post b
endless "plot trajectory" plot trajectory --instrument srs --items 'srs_{}' --client client --session session \
  --higher-is-better --output-dir "$WORK/endless-plots"
endless "plot split" plot split --score s --unit u --member m --session x --output-dir "$WORK/endless-plots"
check "regression: an over-long record in jsonl" 1 "the record is longer than" - \
  "${W[@]}" --format jsonl "$WORK/oversized.csv"
same "regression: jsonl rows out = rows in" "$(wc -l <"$WORK/stdout" | tr -d ' ')" 30002

# --- score: option domains ------------------------------------------------------------------
csv one "$GOOD"
ONE="$WORK/one.csv"
check "score: --min-answered 0" 2 "--min-answered expects a fraction above 0 and at most 1" - "${W[@]}" --min-answered 0 "$ONE"
check "score: --min-answered -0.5" 2 "not '-0.5'" - "${W[@]}" --min-answered -0.5 "$ONE"
check "score: --min-answered nan" 2 "--min-answered expects a number, not 'nan'" - "${W[@]}" --min-answered nan "$ONE"
check "score: --min-answered 1e999" 2 "--min-answered expects a number" - "${W[@]}" --min-answered 1e999 "$ONE"
check "score: --min-answered empty" 2 "--min-answered expects a number, not ''" - "${W[@]}" --min-answered= "$ONE"
check "score: --min-answered 1" 0 "" 1 "${W[@]}" --min-answered 1 "$ONE"
check "score: --format empty" 2 "--format expects csv or jsonl, not ''" - "${W[@]}" --format= "$ONE"
check "score: --delimiter two characters" 2 "--delimiter expects ',', ';' or 'tab', not ';;'" - "${W[@]}" --delimiter ';;' "$ONE"
check "score: --items empty" 2 "--items '' has no {}" - "${W[@]}" --items= "$ONE"
check "score: --items with two {}" 2 "the header lacks columns" - "${W[@]}" --items 'q{}_{}' "$ONE"
check "score: --id empty" 2 "--id needs a column name" - score --instrument wai-sr --id= "$ONE"
check "score: --keep an absent column" 2 "the header lacks column site" - "${W[@]}" --keep site "$ONE"
check "score: --instrument empty" 2 "unknown instrument ''" - score --instrument= "$ONE"
check "score: --instrument in upper case" 2 "unknown instrument 'WAI-SR'" - score --instrument WAI-SR "$ONE"
check "score: a value for a flag" 2 "option --quiet takes no value" - "${W[@]}" --quiet=yes "$ONE"
check "score: bundled short options" 2 "unknown option '-qo'" - "${W[@]}" -qo x "$ONE"
check "score: -- ends the options" 2 "cannot open '--quiet'" - "${W[@]}" -- --quiet
check "score: a code both missing and not applicable" 2 "code 'NA' is both a missing code and a not-applicable code" - \
  "${W[@]}" --not-applicable NA "$ONE"
# Regression: a kept column named like an output column gave two columns of that name.
csv keep "a,5,4,3,2,1,5,4,3,2,1,5,4"
sed -i '1s/$/,status,bond_sum,site/; 2s/$/,x,y,z/' "$WORK/keep.csv"
check "regression: --keep status" 2 "the copied column 'status' (--id, --client, --session or --keep) has the name of the output column 'status'" - \
  "${W[@]}" --keep status "$WORK/keep.csv"
check "regression: --keep bond_sum" 2 "the output column 'bond_sum' this command writes" - "${W[@]}" --keep bond_sum "$WORK/keep.csv"
check "regression: --keep status in jsonl" 2 "has the name of the output column 'status'" - "${W[@]}" --keep status --format jsonl "$WORK/keep.csv"
check "regression: --id and --keep the same column" 2 "the column 'id' is copied twice" - "${W[@]}" --keep id "$WORK/keep.csv"
check "regression: --keep a column twice" 2 "the column 'site' is copied twice" - "${W[@]}" --keep site,site "$WORK/keep.csv"
check "regression: --id status" 2 "the copied column 'status'" - score --instrument wai-sr --id status "$WORK/keep.csv"
check "score: --keep a column of another name" 0 "" 1 "${W[@]}" --keep site "$WORK/keep.csv"

# --- key files ------------------------------------------------------------------------------
K=(score --id id)
"$ALLIANCE" list wai-sr --format json >"$WORK/wai.json"
check "key: a built-in exported and read back" 0 "" 1 "${K[@]}" --key "$WORK/wai.json" "$ONE"
# Regression: read errors were reported as bad JSON, /dev/zero ended in bad_alloc.
check "regression: key is a directory" 2 "[alliance.key_file.unreadable] key file '$WORK': cannot read the file: it is a directory" - \
  "${K[@]}" --key "$WORK" "$ONE"
check "regression: key is /dev/zero" 2 "[alliance.key_file.too_large] key file '/dev/zero': the file is larger than 1048576 bytes" - \
  "${K[@]}" --key /dev/zero "$ONE"
check "key: no such file" 2 "cannot read the file: No such file or directory" - "${K[@]}" --key "$WORK/none.json" "$ONE"
head -c 2000000 /dev/zero | tr '\0' ' ' >"$WORK/big.json"
check "key: a 2 MB file" 2 "alliance.key_file.too_large" - "${K[@]}" --key "$WORK/big.json" "$ONE"
if [ "$(id -u)" != 0 ]; then
  cp "$WORK/wai.json" "$WORK/locked.json"
  chmod 000 "$WORK/locked.json"
  check "key: permission denied" 2 "cannot read the file: Permission denied" - "${K[@]}" --key "$WORK/locked.json" "$ONE"
else  # root reads any file: the same check through a file that is not there under a directory
  check "key: a path through a file" 2 "cannot read the file: Not a directory" - "${K[@]}" --key "$WORK/wai.json/x" "$ONE"
fi
: >"$WORK/empty.json"
check "key: empty file" 2 "[alliance.key_file.bad_json]" - "${K[@]}" --key "$WORK/empty.json" "$ONE"
printf '{"id": "x",' >"$WORK/cut.json"
check "key: cut short" 2 "not valid JSON" - "${K[@]}" --key "$WORK/cut.json" "$ONE"
printf '[]' >"$WORK/array.json"
check "key: an array" 2 "alliance.key_file.wrong_type" - "${K[@]}" --key "$WORK/array.json" "$ONE"
printf '%s' "$(printf '[%.0s' $(seq 100))" >"$WORK/deep.json"
check "key: deep nesting" 2 "alliance.key_file.too_deep" - "${K[@]}" --key "$WORK/deep.json" "$ONE"
printf '{"id": "a", "id": "b"}' >"$WORK/dupfield.json"
check "key: a field twice" 2 "alliance.key_file.duplicate_field" - "${K[@]}" --key "$WORK/dupfield.json" "$ONE"
printf '\xff\xfe{}' >"$WORK/utf16.json"
check "key: UTF-16 bytes" 2 "not valid JSON" - "${K[@]}" --key "$WORK/utf16.json" "$ONE"
key_with() {  # key_with NAME PYTHON-EXPRESSION-ON-k
  python3 - "$WORK/wai.json" "$WORK/$1.json" "$2" <<'PY'
import json, sys
k = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(k, open(sys.argv[2], "w"))
PY
}
if command -v python3 >/dev/null; then
  key_with bond-Bond 'k["scales"][1]["name"] = k["scales"][2]["name"].capitalize()'
  check "regression: key scales 'Bond' and 'bond'" 2 "[alliance.key_file.colliding_scale_names]" - "${K[@]}" --key "$WORK/bond-Bond.json" "$ONE"
  contains "regression: both scales named" "$err" "field 'scales[2].name': scale 'bond' and scale 'Bond' (scales[1]) give the same column names 'bond_sum', 'bond_mean', ...; rename one of them"
  key_with space-underscore 'k["scales"][0]["name"] = "a b"; k["scales"][1]["name"] = "a_b"'
  check "regression: key scales 'a b' and 'a_b'" 2 "scale 'a_b' and scale 'a b' (scales[0]) give the same column names 'a_b_sum'" - \
    "${K[@]}" --key "$WORK/space-underscore.json" "$ONE"
  key_with same-name 'k["scales"][1]["name"] = k["scales"][0]["name"]'
  check "key: two scales of one name" 2 "alliance.definition.duplicate_scale_name" - "${K[@]}" --key "$WORK/same-name.json" "$ONE"
  key_with item-range 'k["scales"][0]["items"].append(13)'
  check "key: an item out of range" 2 "item 13 is outside 1..12" - "${K[@]}" --key "$WORK/item-range.json" "$ONE"
  key_with no-items 'k["item_count"] = 0'
  check "key: item count 0" 2 "alliance.definition" - "${K[@]}" --key "$WORK/no-items.json" "$ONE"
  key_with huge-count 'k["item_count"] = 10**15'
  check "key: an item count of 1e15" 2 "alliance.key_file.bad_value" - "${K[@]}" --key "$WORK/huge-count.json" "$ONE"
  key_with min-max 'k["response_scale"]["min"] = 5; k["response_scale"]["max"] = 1'
  check "key: min above max" 2 "alliance.definition.bad_response_scale" - "${K[@]}" --key "$WORK/min-max.json" "$ONE"
  key_with unknown-field 'k["colour"] = "blue"'
  check "key: an unknown field" 2 "alliance.key_file.unknown_field" - "${K[@]}" --key "$WORK/unknown-field.json" "$ONE"
  key_with wrong-type 'k["item_count"] = "12"'
  check "key: a string item count" 2 "alliance.key_file.wrong_type" - "${K[@]}" --key "$WORK/wrong-type.json" "$ONE"
  key_with bad-format 'k["format"] = "alliance-key-file/9"'
  check "key: an unsupported format" 2 "alliance.key_file.unsupported_format" - "${K[@]}" --key "$WORK/bad-format.json" "$ONE"
  key_with no-id 'del k["id"]'
  check "key: no id" 2 "alliance.key_file.missing_field" - "${K[@]}" --key "$WORK/no-id.json" "$ONE"
  key_with empty-name 'k["scales"][0]["name"] = ""'
  check "key: an unnamed scale" 2 "alliance.definition.unnamed_scale" - "${K[@]}" --key "$WORK/empty-name.json" "$ONE"
fi
printf '{"id": "x", "item_count": 1e400}' >"$WORK/e400.json"
check "key: 1e400" 2 "not valid JSON" - "${K[@]}" --key "$WORK/e400.json" "$ONE"

# A key file's analogue scale near the largest double is refused when it is loaded (ends must be
# within +-1e9, so every sum of responses is finite and exact): exit 2, nothing written.
printf '{"id": "huge", "name": "Huge", "response_scale": {"type": "analogue", "min": -1e308, "max": 1e308, "resolution": 1}, "item_count": 2, "scales": [{"name": "a", "items": [1, 2]}], "total": {}}' >"$WORK/huge.json"
printf 'client,session,item1,item2\nx,1,1e308,1e308\ny,1,1,2\n' >"$WORK/huge.csv"
check "key: a scale beyond +-1e9 is refused" 2 "alliance.definition.bad_response_scale" - score --key "$WORK/huge.json" "$WORK/huge.csv"
check "key: track refuses it too" 2 "alliance.definition.bad_response_scale" - track --key "$WORK/huge.json" --client client --session session --higher-is-better "$WORK/huge.csv"
checks=$((checks + 1))
grep -qiE 'nan|inf' "$WORK/stdout" && fail "key: nan or inf in track's output"
check "key: reliability refuses it too" 2 "alliance.definition.bad_response_scale" - reliability --key "$WORK/huge.json" "$WORK/huge.csv"

# --- explain and list -----------------------------------------------------------------------
check "explain: a response out of range" 1 "response 6 is outside the response scale 1..5" - \
  explain --instrument wai-sr --responses 6,4,3,2,1,5,4,3,2,1,5,4
check "explain: too few responses" 1 "wai-sr: 2 responses given, the instrument has 12 items" - explain --instrument wai-sr --responses 5,4
check "explain: text as a response" 2 "'x'" - explain --instrument wai-sr --responses 5,4,3,2,1,5,4,3,2,1,5,x
check "explain: nan as a response" 1 "item 12: response NaN is not a finite number" - explain --instrument wai-sr --responses 5,4,3,2,1,5,4,3,2,1,5,nan
check "explain: no responses" 2 "give the record with --responses" - explain --instrument wai-sr
check "explain: empty --responses" 1 "Not scored: the record has invalid responses" - explain --instrument wai-sr --responses=
check "explain: a file given" 2 "explain reads no file" - explain --instrument wai-sr --responses 1 "$ONE"
check "explain: --format" 2 "--format expects text or json, not 'csv'" - explain --instrument wai-sr --format csv --responses 1
check "list: an unknown instrument" 2 "unknown instrument 'nope'" - list nope
check "list: --format" 2 "--format expects csv, jsonl or text, not 'xml'" - list --format xml
check "list: a key that is a directory" 2 "it is a directory" - list --key "$WORK"

# --- change and compare ---------------------------------------------------------------------
printf 'id,pre,post,rci\na,10,20,r\nb,x,20,r\nc,,20,r\nd,1e308,-1e308,r\ne,10,r\n' >"$WORK/pairs.csv"
C=(change --pre pre --post post --higher-is-better --sd 5 --reliability 0.8 --id id)
check "change: every bad row an error row" 1 "line 3, column 'pre': value 'x' is not a finite number or a missing code ('', 'NA')" 5 "${C[@]}" "$WORK/pairs.csv"
contains "change: a short row" "$out" "line 6: 3 fields, the header has 4"
contains "change: an overflowing difference is an error, not inf" "$out" "line 5: [alliance.stats.numerical_failure] reliable change: the reliable-change index overflowed"
checks=$((checks + 1))
grep -qiE '(^|,)-?(nan|inf)' "$WORK/stdout" && fail "change: nan or inf in the output"
check "change: --sd 0" 2 "a standard deviation must be greater than 0" - change --pre pre --post post --higher-is-better --sd 0 --reliability 0.8 "$WORK/pairs.csv"
check "change: --reliability 1.5" 2 "1.5" - change --pre pre --post post --higher-is-better --sd 5 --reliability 1.5 "$WORK/pairs.csv"
check "change: --reliability nan" 2 "--reliability expects a number, not 'nan'" - change --pre pre --post post --higher-is-better --sd 5 --reliability nan "$WORK/pairs.csv"
check "change: no direction" 2 "--higher-is-better or --lower-is-better" - change --pre pre --post post --sd 5 --reliability 0.8 "$WORK/pairs.csv"
check "change: both directions" 2 "" - change --pre pre --post post --higher-is-better --lower-is-better --sd 5 --reliability 0.8 "$WORK/pairs.csv"
check "change: an unknown method" 2 "alliance.stats.unknown_method" - "${C[@]}" --method magic "$WORK/pairs.csv"
check "change: an absent column" 2 "the header lacks column after" - change --pre pre --post after --higher-is-better --sd 5 --reliability 0.8 "$WORK/pairs.csv"
check "change: --keep rci" 2 "has the name of the output column 'rci'" - "${C[@]}" --keep rci "$WORK/pairs.csv"
check "change: --confidence" 2 "" - "${C[@]}" --confidence 2 "$WORK/pairs.csv"
check "change: an unknown norm" 2 "--norm: no norm 'nope'" - change --pre pre --post post --higher-is-better --norm nope "$WORK/pairs.csv"
printf 'id,x,z\na,1e5,1\nb,-1e5,1\nc,5,1\nd,1e308,1\ne,nan,1\nf,,1\n' >"$WORK/scores.csv"
P=(compare --score x --mean 0 --sd 1 --id id)
# Regression: Boost's internal error text became the row's message.
check "regression: compare |z| = 1e5 with --n: the project's own words" 1 \
  "Crawford-Garthwaite lower limit: cannot be computed to double precision for these values" 6 "${P[@]}" --n 20 "$WORK/scores.csv"
checks=$((checks + 1))
grep -qi boost "$WORK/stdout" && fail "regression: Boost's text in a message"
contains "compare: an overflowing z is an error" "$out" "line 5: [alliance.stats.not_finite] case's standardised score"
contains "compare: nan is no number" "$out" "line 6, column 'x': value 'nan' is not a finite number or a missing code"
checks=$((checks + 1))
grep -qiE ',-?(nan|inf)' "$WORK/stdout" && fail "compare: nan or inf in the output"
check "compare: --sd -1" 2 "a standard deviation must be greater than 0" - compare --score x --mean 0 --sd -1 "$WORK/scores.csv"
check "compare: --n 1" 2 "" - "${P[@]}" --n 1 "$WORK/scores.csv"
check "compare: --n 2.5" 2 "" - "${P[@]}" --n 2.5 "$WORK/scores.csv"
check "compare: --mean and --norm" 2 "" - "${P[@]}" --norm srs-total "$WORK/scores.csv"
check "compare: no --score" 2 "--score is required" - compare --mean 0 --sd 1 "$WORK/scores.csv"
check "compare: --keep z" 2 "has the name of the output column 'z'" - "${P[@]}" --keep z "$WORK/scores.csv"
check "compare: jsonl" 1 "" - "${P[@]}" --format jsonl "$WORK/scores.csv"
same "compare: jsonl rows out = rows in" "$(wc -l <"$WORK/stdout" | tr -d ' ')" 6

# --- reliability and icc --------------------------------------------------------------------
{ printf '%s\n' "$H"; for i in 1 2 3 4 5; do echo "r$i,$i,$i,$i,$i,$i,$((6 - i)),$i,$i,$i,$i,$i,$i"; done; echo "bad,9,1,1,1,1,1,1,1,1,1,1,1"; } >"$WORK/rel.csv"
check "reliability: a bad row is named and left out" 1 "line 7" - reliability --instrument wai-sr "$WORK/rel.csv"
contains "reliability: left out, counted" "$out" "1 row with invalid values left out (line 7"
check "reliability: --confidence 1" 2 "--confidence expects a level between 0 and 1" - reliability --instrument wai-sr --confidence 1 "$WORK/rel.csv"
check "reliability: header only" 1 "has 0 observations; at least 2 are needed" - reliability --instrument wai-sr "$WORK/header.csv"
check "reliability: empty input" 2 "the input is empty" - reliability --instrument wai-sr "$WORK/empty.csv"
check "reliability: constant items" 1 "zero variance" - reliability --instrument wai-sr "$WORK/many.csv"
printf 'target,a,b\n1,1e308,-1e308\n2,-1e308,1e308\n3,1e308,1e308\n' >"$WORK/icc-huge.csv"
# Regression: this said "every target has the same mean rating", which is false.
check "regression: icc ratings of 1e308 overflow, and say so" 1 "[alliance.stats.overflow] ratings: a sum of squares overflows" - \
  icc --raters a,b "$WORK/icc-huge.csv"
checks=$((checks + 1))
grep -q "same mean rating" "$WORK/stdout" && fail "regression: icc still blames equal means"
printf 'target,a,b\n1,1,2\n2,x,3\n3,4,5\n4,2,2,2\n' >"$WORK/icc-bad.csv"
check "icc: bad rows named" 1 "line 3, column 'a': value 'x' is not a finite number or a missing code ('', 'NA'); the row is left out" - icc --raters a,b "$WORK/icc-bad.csv"
check "icc: one rater" 2 "" - icc --raters a "$WORK/icc-bad.csv"
check "icc: a rater twice" 2 "" - icc --raters a,a "$WORK/icc-bad.csv"
check "icc: an absent rater" 2 "the header lacks column c" - icc --raters a,c "$WORK/icc-bad.csv"
check "icc: no --raters" 2 "--raters" - icc "$WORK/icc-bad.csv"

# --- track ----------------------------------------------------------------------------------
T=(track --instrument srs --items 'srs_{}' --client client --session session --higher-is-better)
printf 'client,session,srs_1,srs_2,srs_3,srs_4,status\na,1,5,5,5,5,s\na,1,6,6,6,6,s\na,x,5,5,5,5,s\n,2,5,5,5,5,s\nb,2,11,5,5,5,s\nb,3,5,5,5,s\nc,nan,5,5,5,5,s\nc,1e309,5,5,5,5,s\nd,1,5,5,5,5,s\n' >"$WORK/track.csv"
check "track: bad rows are error rows" 1 "line 2: client 'a' has session 1 on line 3 as well; neither row is used" 9 "${T[@]}" "$WORK/track.csv"
contains "track: a session that is no number" "$out" "line 4, column 'session': value 'x' is not a session number"
contains "track: an empty client" "$out" "line 5, column 'client': the id is empty"
contains "track: nan is no session" "$out" "line 8, column 'session': value 'nan' is not a session number"
checks=$((checks + 1))
grep ',ok,' "$WORK/stdout" | grep -qiE 'nan|inf' && fail "track: nan or inf in an ok row"
check "track: --summary" 1 "" - "${T[@]}" --summary "$WORK/track.csv"
# Regression: sessions of +-1e308 made the slope -nan in an ok row.
printf 'client,session,srs_1,srs_2,srs_3,srs_4\na,1e308,5,5,5,5\na,-1e308,6,6,6,6\na,0,7,7,7,7\nb,1,1,1,1,1\nb,2,2,2,2,2\n' >"$WORK/track-huge.csv"
check "regression: an overflowing slope is an error, not -nan" 1 "the slope overflows" - "${T[@]}" --summary "$WORK/track-huge.csv"
checks=$((checks + 1))
grep -qiE 'nan|inf' "$WORK/stdout" && fail "regression: nan or inf in track --summary"
same "regression: the other client is ok" "$(grep '^b,' "$WORK/stdout" | awk -F, '{ print $(NF - 1) }')" ok
check "track: sessions of 1e308 per row" 0 "" 5 "${T[@]}" "$WORK/track-huge.csv"
check "track: no direction" 2 "" - track --instrument srs --items 'srs_{}' --client client --session session "$WORK/track.csv"
check "track: --client and --session the same" 2 "" - track --instrument srs --items 'srs_{}' --client client --session client --higher-is-better "$WORK/track.csv"
check "track: --keep session" 2 "copied twice" - "${T[@]}" --keep session "$WORK/track.csv"
check "track: --keep status" 2 "has the name of the output column 'status'" - "${T[@]}" --keep status "$WORK/track.csv"
check "track: an unknown rule" 2 "" - "${T[@]}" --rule magic "$WORK/track.csv"
check "track: --sort-memory 0" 2 "--sort-memory expects megabytes between 0.001 and 65536" - "${T[@]}" --sort-memory 0 "$WORK/track.csv"
check "track: --sort-memory nan" 2 "--sort-memory expects a number" - "${T[@]}" --sort-memory nan "$WORK/track.csv"
check "track: --session-dates with numbers" 1 "" 9 "${T[@]}" --session-dates "$WORK/track.csv"
STDIN="$WORK/track.csv" check "track: standard input, read twice through TMPDIR" 1 "" 9 "${T[@]}"
STDIN="$WORK/track.csv" TMPDIR="$WORK/no-such-dir" check "track: TMPDIR unusable" 2 "cannot create a temporary file in '$WORK/no-such-dir'" - "${T[@]}" -
# Regression: the sort kept every run file open; with few files allowed it failed.
{
  echo "client,session,srs_1,srs_2,srs_3,srs_4"
  for c in $(seq 1 200); do for s in $(seq 1 20); do echo "c$c,$s,$((c % 11)),$((s % 11)),5,5"; done; done | sort -t, -k4,4 -k2,2
} >"$WORK/track-many.csv"
run "${T[@]}" --sort-memory 1 "$WORK/track-many.csv"
cp "$WORK/stdout" "$WORK/track-many.expected"
cases=$((cases + 1))
(ulimit -n 20 && "$ALLIANCE" "${T[@]}" --sort-memory 0.01 "$WORK/track-many.csv" >"$WORK/track-many.out" 2>"$WORK/track-many.err")
rc=$?
status "regression: track with 20 open files and hundreds of sorted runs" 0
same "regression: the same output as an in-memory sort" "$(cmp "$WORK/track-many.expected" "$WORK/track-many.out" && echo same)" same
same "regression: rows out = rows in (multi-pass merge)" "$(($(records "$WORK/track-many.out") - 1))" 4000
# TMPDIR is where the runs go (std::tmpfile ignored it): an unwritable TMPDIR now fails.
mkdir -p "$WORK/spill"
TMPDIR="$WORK/spill-none" check "regression: the sort honours TMPDIR" 2 "cannot create a temporary file in '$WORK/spill-none'" - \
  "${T[@]}" --sort-memory 0.01 "$WORK/track-many.csv"
TMPDIR="$WORK/spill" check "track: TMPDIR that works" 0 "" 4000 "${T[@]}" --sort-memory 0.01 "$WORK/track-many.csv"
same "track: no spill file left in TMPDIR" "$(ls -A "$WORK/spill")" ""

# --- plot -----------------------------------------------------------------------------------
check "plot: no picture type" 2 "Usage: alliance plot trajectory" - plot
check "plot: an unknown picture" 2 "plot what?" - plot pie
printf 'client,session,srs_1,srs_2,srs_3,srs_4\n' >"$WORK/plot.csv"
for c in a b; do for s in 1 2 3; do echo "$c,$s,5,5,5,$s" >>"$WORK/plot.csv"; done; done
long_client=$(head -c 5000 /dev/zero | tr '\0' L)
for s in 1 2 3; do echo "$long_client,$s,5,5,5,$s" >>"$WORK/plot.csv"; done
# Regression: a client whose file cannot be created ended the run with exit 2.
check "regression: a 5000-character client is an error line, the others are drawn" 1 "File name too long" - \
  plot trajectory --instrument srs --items 'srs_{}' --client client --session session --higher-is-better \
  --output-dir "$WORK/plots" "$WORK/plot.csv"
same "regression: one line per client" "$(($(records "$WORK/stdout") - 1))" 3
same "regression: the other clients drawn" "$(ls "$WORK/plots" | tr '\n' ' ')" "a.svg b.svg "
check "plot trajectory: --range reversed" 2 "--range expects LO,HI with LO below HI" - plot trajectory --instrument srs \
  --items 'srs_{}' --client client --session session --higher-is-better --range 5,1 --output-dir "$WORK/p2" "$WORK/plot.csv"
check "plot trajectory: --range nan" 2 "--range expects a number" - plot trajectory --instrument srs \
  --items 'srs_{}' --client client --session session --higher-is-better --range nan,1 --output-dir "$WORK/p2" "$WORK/plot.csv"
check "plot trajectory: no --output-dir" 2 "--output-dir is required" - plot trajectory --instrument srs \
  --items 'srs_{}' --client client --session session --higher-is-better "$WORK/plot.csv"
: >"$WORK/a-file"
check "plot trajectory: --output-dir is a file" 2 "cannot create the directory" - plot trajectory --instrument srs \
  --items 'srs_{}' --client client --session session --higher-is-better --output-dir "$WORK/a-file" "$WORK/plot.csv"
check "plot trajectory: --summary" 2 "--summary is for 'alliance track'" - plot trajectory --instrument srs \
  --items 'srs_{}' --client client --session session --higher-is-better --summary --output-dir "$WORK/p2" "$WORK/plot.csv"
printf 'pre,post,reliable_change,threshold,status\n1e308,-1e308,none,1,ok\n1,2,none,1,ok\n' >"$WORK/jt-huge.csv"
# Regression: NaN coordinates in the SVG.
check "regression: plot change with values 1e308 apart" 2 "too far apart to draw (the axis length overflows a double)" - \
  plot change --pre pre --post post "$WORK/jt-huge.csv"
printf 'pre,post,reliable_change,threshold,status\n1,2,none,1e308,ok\n' >"$WORK/jt-threshold.csv"
check "plot change: a threshold of 1e308" 0 "<svg" - plot change --pre pre --post post "$WORK/jt-threshold.csv"
checks=$((checks + 1))
grep -qiE 'nan|inf' "$WORK/stdout" && fail "plot change: nan or inf in the SVG"
printf 'pre,post,reliable_change,threshold,status\n1,2,sideways,1,ok\n' >"$WORK/jt-bad.csv"
check "plot change: an unknown reliable_change" 2 "line 2: reliable_change 'sideways' is not improved, deteriorated or none" - \
  plot change --pre pre --post post "$WORK/jt-bad.csv"
check "plot change: not the output of change" 2 "the header lacks columns" - plot change --pre pre --post post "$WORK/pairs.csv"
check "plot change: --range 1e308 wide" 2 "too far apart to draw" - plot change --pre pre --post post --range -1e308,1e308 "$WORK/jt-threshold.csv"

# --- unreadable inputs, output failures -----------------------------------------------------
check "input: a directory" 2 "cannot read '$WORK': it is a directory" - "${W[@]}" "$WORK"
check "input: no such file" 2 "cannot open '$WORK/none.csv': No such file or directory" - "${W[@]}" "$WORK/none.csv"
check "input: a path through a file" 2 "Not a directory" - "${W[@]}" "$ONE/x"
check "input: /dev/null" 2 "the input is empty" - "${W[@]}" /dev/null
STDIN="$ONE" check "input: standard input" 0 "" 1 "${W[@]}"
check "output: /dev/full" 2 "cannot write to '/dev/full': No space left on device" - "${W[@]}" -o /dev/full "$ONE"
check "output: /dev/null" 0 "" - "${W[@]}" -o /dev/null "$ONE"
check "output: a directory" 2 "cannot create '$WORK': it is a directory" - "${W[@]}" -o "$WORK" "$ONE"
check "output: in a missing directory" 2 "cannot create '$WORK/none/out.csv': No such file or directory" - "${W[@]}" -o "$WORK/none/out.csv" "$ONE"
check "output: the input itself" 2 "is the input file" - "${W[@]}" -o "$ONE" "$ONE"
check "output: /dev/full for track" 2 "No space left on device" - "${T[@]}" -o /dev/full "$WORK/track.csv"
check "output: /dev/full for icc" 2 "No space left on device" - icc --raters a,b -o /dev/full "$WORK/icc-bad.csv"
check "output: /dev/full for list" 2 "No space left on device" - list -o /dev/full
check "output: /dev/full for explain" 2 "No space left on device" - explain --instrument wai-sr --responses 5,4,3,2,1,5,4,3,2,1,5,4 -o /dev/full
check "output: /dev/full for plot change" 2 "No space left on device" - plot change --pre pre --post post -o /dev/full "$WORK/jt-threshold.csv"
# A closed pipe: the program ends as sort and cat do (SIGPIPE), quickly and without a report.
cases=$((cases + 1))
statuses=$("$ALLIANCE" "${W[@]}" "$WORK/many.csv" 2>"$WORK/pipe.err" | head -n 1 >/dev/null; echo "${PIPESTATUS[0]}")
checks=$((checks + 1))
case "$statuses" in 0|141) ;; *) fail "closed pipe: status $statuses"; cat "$WORK/pipe.err" >&2 ;; esac
same "closed pipe: no report on standard error" "$(grep -c -i 'sanitizer\|runtime error' "$WORK/pipe.err")" 0

# Regression: a failed run left a truncated -o file. Now the old file is untouched
# and no temporary file is left.
mkdir -p "$WORK/out"
printf 'previous contents\n' >"$WORK/out/result.csv"
chmod 640 "$WORK/out/result.csv"
{ printf '%s\n' "$H"; for i in $(seq 1 150000); do echo "g$i,5,4,3,2,1,5,4,3,2,1,5,4"; done; } >"$WORK/big-good.csv"
cases=$((cases + 1))
# A run stopped by a signal after more than 5 MB of output: the input is a FIFO whose writer
# sends 2.5 MB and then waits, so the program has written well past its 1 MiB buffer when
# it is sent SIGTERM.
mkfifo "$WORK/fifo"
( head -c 2500000 "$WORK/big-good.csv"; exec sleep 30 ) >"$WORK/fifo" &
writer=$!
"$ALLIANCE" "${W[@]}" -o "$WORK/out/result.csv" "$WORK/fifo" >/dev/null 2>"$WORK/fifo.err" &
reader=$!
sleep 2
kill -TERM "$reader" 2>/dev/null
wait "$reader"
rc=$?
kill "$writer" 2>/dev/null
wait "$writer" 2>/dev/null
checks=$((checks + 1))
[ "$rc" -ne 0 ] || fail "regression: the interrupted run reported success"
same "regression: a run stopped by SIGTERM leaves the old -o file" "$(cat "$WORK/out/result.csv")" "previous contents"
same "regression: and no temporary file" "$(ls -A "$WORK/out" | tr '\n' ' ')" "result.csv "
# A usage error found after the input was read (a --keep collision), then a full success.
sed -i '1s/$/,status/; 2,$s/$/,x/' "$WORK/big-good.csv"
check "regression: a failing run with -o" 2 "the copied column 'status'" - "${W[@]}" --keep status -o "$WORK/out/result.csv" "$WORK/big-good.csv"
same "regression: a failed run leaves the old -o file" "$(cat "$WORK/out/result.csv")" "previous contents"
same "regression: no temporary file after a failure" "$(ls -A "$WORK/out" | tr '\n' ' ')" "result.csv "
check "regression: an over-long record with -o" 1 "30002 rows: 30001 ok, 0 partial, 1 error" - "${W[@]}" -o "$WORK/out/result.csv" "$WORK/oversized.csv"
same "regression: -o gets every row" "$(($(records "$WORK/out/result.csv") - 1))" 30002
same "regression: the new file keeps the old permissions" "$(stat -c %a "$WORK/out/result.csv")" 640
same "regression: no temporary file after success" "$(ls -A "$WORK/out" | tr '\n' ' ')" "result.csv "
check "output: a run with no rows still creates -o" 0 "" - "${W[@]}" --format jsonl -o "$WORK/out/empty.jsonl" "$WORK/header.csv"
checks=$((checks + 1))
[ -f "$WORK/out/empty.jsonl" ] && [ ! -s "$WORK/out/empty.jsonl" ] || fail "output: -o of a run with no rows is not an empty file"
ln -s result.csv "$WORK/out/link.csv"
check "output: -o through a symbolic link" 0 "" - "${W[@]}" -o "$WORK/out/link.csv" "$ONE"
same "output: the link is kept, the file it names replaced" "$( [ -L "$WORK/out/link.csv" ] && echo link) $(($(records "$WORK/out/result.csv") - 1))" "link 1"
check "plot change: a failed run leaves the old SVG" 2 "too far apart" - plot change --pre pre --post post -o "$WORK/out/result.csv" "$WORK/jt-huge.csv"
same "plot change: the old file untouched" "$(($(records "$WORK/out/result.csv") - 1))" 1

# --- usage ----------------------------------------------------------------------------------
check "usage: no command" 2 "Usage: alliance COMMAND" - 
check "usage: an unknown command" 2 "alliance: unknown command 'scores'" - scores
check "usage: an option as the command" 2 "unknown command '--bogus'" - --bogus
check "usage: help for an unknown command" 2 "unknown command 'nope'" - help nope
for command in score change compare reliability icc track explain; do
  check "usage: $command with an unknown option" 2 "unknown option '--bogus'" - "$command" --bogus
done

checks=$((checks + 1))
[ "$cases" -ge 150 ] || fail "the suite has $cases cases; at least 150 are wanted"
printf '%d cases\n' "$cases"
finish
