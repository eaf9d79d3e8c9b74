#!/usr/bin/env bash
# `alliance split`: per-unit statistics against base R and the summary ICC(1) against
# psych::ICC (tests/reference/split_psych.R -> tests/data/split-*.csv, rows in shuffled order),
# units worked by hand, error rows that name the line, any input order, standard input, and a
# large shuffled file in bounded memory.
. "$(dirname "$0")/lib.sh"
REF="$SOURCE_DIR/tests/data"
MEMBERS="$REF/split-members.csv"
UNITS="$REF/split-reference-units.csv"
ICC="$REF/split-reference-icc.csv"
HEADER="unit,members,mean,sd,min,max,range,first,second,first_score,second_score,difference,abs_difference,status,message"

# members DATASET : the dataset's rows of the shuffled long file (unit, member, score).
members() { grep -v '^#' "$MEMBERS" | awk -F, -v d="$1" 'NR == 1 { print "unit,member,score"; next } $1 == d { print $2 "," $3 "," $4 }'; }
# reference_units DATASET : R's unit rows, as the driver writes them (sorted by unit).
reference_units() {
  echo "$HEADER"
  grep -v '^#' "$UNITS" | awk -F, -v d="$1" '$1 == d' | cut -d, -f2- | sed 's/$/,ok,/' | sort
}
# reference_icc DATASET CONFIDENCE : psych's ICC1 row, as --summary writes it.
reference_icc() {
  echo "units,members_per_unit,icc1,lower,upper,f,df1,df2,p,status,message"
  grep -v '^#' "$ICC" | awk -F, -v d="$1" -v c="$2" '$1 == d && $2 == c { print $3 "," $4 "," $5 "," $6 "," $7 "," $8 "," $9 "," $10 "," $11 ",ok," }'
}

for dataset in couples triads families; do
  members "$dataset" >"$WORK/$dataset.csv"
  run split --score score --unit unit --member member "$WORK/$dataset.csv"
  status "$dataset: exit 0" 0
  { head -n 1 "$WORK/stdout"; tail -n +2 "$WORK/stdout" | sort; } >"$WORK/$dataset-out.csv"
  reference_units "$dataset" >"$WORK/$dataset-ref.csv"
  agree "$dataset: mean, sd, min, max, range, pair difference against R" "$WORK/$dataset-ref.csv" "$WORK/$dataset-out.csv"
  for confidence in 0.95 0.9; do
    run split --score score --unit unit --member member --summary --confidence "$confidence" "$WORK/$dataset.csv"
    status "$dataset --summary $confidence: exit 0" 0
    reference_icc "$dataset" "$confidence" >"$WORK/$dataset-icc.csv"
    agree "$dataset --summary $confidence: ICC(1), interval, F test against psych" "$WORK/$dataset-icc.csv" "$WORK/stdout"
  done
done
same "couples: one row per unit, 14 units" "$(lines "$(tail -n +2 "$WORK/couples-out.csv")")" 14

# Output in order of first appearance: the first unit named in the (shuffled) input comes first.
first_unit=$(sed -n 2p "$WORK/couples.csv" | cut -d, -f1)
run split --score score --unit unit --member member "$WORK/couples.csv"
same "rows in order of first appearance" "$(sed -n 2p "$WORK/stdout" | cut -d, -f1)" "$first_unit"
# Any input order: reversed rows give the same rows (in their new order of first appearance).
{ head -n 1 "$WORK/families.csv"; tail -n +2 "$WORK/families.csv" | tac; } >"$WORK/families-reversed.csv"
run split --score score --unit unit --member member "$WORK/families-reversed.csv"
same "reversed input: the same unit rows" "$(tail -n +2 "$WORK/stdout" | sort)" "$(tail -n +2 "$WORK/families-out.csv")"
# Standard input, and a sort budget so small that every record goes through temporary files.
run split --score score --unit unit --member member --sort-memory 0.001 - <"$WORK/triads.csv"
same "standard input, tiny sort memory: the same rows" "$(tail -n +2 "$WORK/stdout" | sort)" "$(tail -n +2 "$WORK/triads-out.csv")"

# Worked by hand. Couple 'k' (client 30, therapist 44): mean 37, sd sqrt(98) = 9.899494936611665,
# range 14; ordered by label client - therapist = -14; with --first therapist, +14.
# Triad 'f' (3, 5, 10): mean 6, sd sqrt(13); family 'g' (60, 72, 66, 54): mean 63, sd sqrt(60).
cat >"$WORK/hand.csv" <<'EOF'
unit,member,score,session
k,therapist,44,1
f,mother,3,1
g,mother,60,1
k,client,30,1
f,father,5,1
g,father,72,1
f,youth,10,1
g,youth,66,1
g,sibling,54,1
EOF
run split --score score --unit unit --member member "$WORK/hand.csv"
status "hand: exit 0" 0
same "hand: unit rows" "$out" "$HEADER
k,2,37,9.899494936611665,30,44,14,client,therapist,30,44,-14,14,ok,
f,3,6,3.605551275463989,3,10,7,,,,,,,ok,
g,4,63,7.745966692414834,54,72,18,,,,,,,ok,"
grep -e unit -e '^k' "$WORK/hand.csv" >"$WORK/dyad.csv"
run split --score score --unit unit --member member --first therapist --second client --threshold 14 "$WORK/dyad.csv"
same "--first therapist: the sign follows; --threshold 14 flags a range of 14" "$(sed -n 2p "$WORK/stdout")" \
  "k,2,37,9.899494936611665,30,44,14,therapist,client,44,30,14,14,yes,ok,"
run split --score score --unit unit --member member --threshold 14.5 "$WORK/dyad.csv"
same "--threshold 14.5: not flagged" "$(sed -n 2p "$WORK/stdout" | cut -d, -f14)" "no"
run split --score score --unit unit --member member --session session --format jsonl "$WORK/dyad.csv"
same "jsonl, with the session" "$out" \
  '{"unit":"k","session":"1","members":2,"mean":37,"sd":9.899494936611665,"min":30,"max":44,"range":14,"first":"client","second":"therapist","first_score":30,"second_score":44,"difference":-14,"abs_difference":14,"status":"ok","message":""}'

# Errors: each unit that cannot be analysed is an error row naming the line(s); a row without a
# unit is an error row of its own; the other units are still analysed; exit 1.
cat >"$WORK/bad.csv" <<'EOF'
couple,member,total,session
a,woman,50,1
a,man,,1
b,woman,40,1
c,woman,40,1
c,woman,42,1
c,man,44,1
,man,45,1
d,woman,x,1
d,man,45,1
e,woman,40,1
e,man,46,1
e,woman,41,2
e,man,41,2
e,,41,3
e,man,41,
f,woman,40,1
f,partner,40,1
EOF
run split --score total --unit couple --member member --session session --first woman --second man "$WORK/bad.csv"
status "errors: exit 1" 1
cat >"$WORK/bad-expected.csv" <<'EOF'
unit,session,members,mean,sd,min,max,range,first,second,first_score,second_score,difference,abs_difference,status,message
a,1,2,,,,,,,,,,,,error,"line 3, column 'total': the score is empty; every member needs a score"
b,1,1,,,,,,,,,,,,error,"line 4: unit 'b', session '1' has one member ('woman'); a split needs at least two"
c,1,3,,,,,,,,,,,,error,"lines 5 and 6: member 'woman' is listed twice in unit 'c', session '1'"
,1,,,,,,,,,,,,,error,"line 8, column 'couple': empty; the row belongs to no unit"
d,1,2,,,,,,,,,,,,error,"line 9, column 'total': value 'x' is not a finite number"
e,1,2,43,4.242640687119285,40,46,6,woman,man,40,46,-6,6,ok,
e,2,2,41,0,41,41,0,woman,man,41,41,0,0,ok,
e,3,1,,,,,,,,,,,,error,"line 15, column 'member': the member is empty; line 15: unit 'e', session '3' has one member (''); a split needs at least two"
e,,,,,,,,,,,,,,error,"line 16, column 'session': empty; the row belongs to no unit"
f,1,2,,,,,,,,,,,,error,"lines 17 and 18: unit 'f', session '1': the two members are 'woman' and 'partner', not 'woman' (first) and 'man' (second)"
EOF
same "errors: one row per unit and session, in order of first appearance" "$out" "$(cat "$WORK/bad-expected.csv")"
contains "errors: summary on standard error" "$err" "alliance split: 17 rows read, 8 units, 2 rows without a unit; 8 error rows"
# Every input row is accounted for: in a unit row's members, or in an error row of its own.
same "errors: rows accounted for" "$(tail -n +2 "$WORK/stdout" | awk -F, '{ n += ($3 == "" ? 1 : $3) } END { print n }')" 17

# A unit whose member is repeated many times: five repeats named, the rest counted, quickly.
awk 'BEGIN { print "unit,member,score"; for (i = 0; i < 100000; i++) print "x,m," i % 7 }' >"$WORK/repeats.csv"
run split --score score --unit unit --member member "$WORK/repeats.csv"
status "a member repeated 99,999 times: exit 1" 1
same "a member repeated 99,999 times: five named, the rest counted" "$(sed -n 2p "$WORK/stdout")" \
  "x,100000,,,,,,,,,,,,error,lines 2 and 3: member 'm' is listed twice in unit 'x'; lines 2 and 4: member 'm' is listed twice in unit 'x'; lines 2 and 5: member 'm' is listed twice in unit 'x'; lines 2 and 6: member 'm' is listed twice in unit 'x'; lines 2 and 7: member 'm' is listed twice in unit 'x'; 99994 more repeated members"

# --summary with errors: the ICC of the usable units, the rest named (status partial, exit 1);
# per session, in order of first appearance.
run split --score score --unit unit --member member --summary "$WORK/hand.csv"
status "--summary of units of different sizes: exit 1" 1
same "--summary of units of different sizes: error" "$out" "units,members_per_unit,icc1,lower,upper,f,df1,df2,p,status,message
3,,,,,,,,,error,\"units differ in size (1 unit of 2 members, 1 of 3, 1 of 4); ICC(1) needs units of equal size\""
cat >"$WORK/sessions.csv" <<'EOF'
couple,member,total,session
x,a,4,2
x,b,6,2
y,a,8,2
y,b,8,2
z,a,2,2
z,b,4,2
x,a,5,1
x,b,5,1
y,a,1,1
y,b,,1
EOF
run split --score total --unit couple --member member --session session --summary "$WORK/sessions.csv"
status "--summary per session with an error: exit 1" 1
# Session 2 is the hand-worked ICC(1) = 17/21 of tests/unit-stats-split.cpp (psych: F 9.5, p .0504).
cat >"$WORK/sessions-expected.csv" <<'EOF'
session,units,members_per_unit,icc1,f,df1,df2,status,message
2,3,2,0.8095238095238095,9.5,2,3,ok,
1,1,2,,,,,error,[alliance.stats.too_few_observations] ICC(1): 1 unit; at least two are needed; 1 unit with errors left out (line 10)
EOF
cut -d, -f1-4,7-9,11- "$WORK/stdout" >"$WORK/sessions-out.csv"
agree "--summary per session" "$WORK/sessions-expected.csv" "$WORK/sessions-out.csv"

# plot split: one SVG per unit with a line per member, listed on standard output; the pictures
# in docs/images (README) are what the program draws now (UPDATE=1 rewrites them).
couples_scores() {
  "$ALLIANCE" score --instrument wai-36-c --keep couple,session,member -q "$DATA/couples_clients.csv"
  "$ALLIANCE" score --instrument wai-36-t --keep couple,session,member -q "$DATA/couples_therapist.csv" | tail -n +2
}
couples_scores >"$WORK/couples-scores.csv"
run plot split --score total_sum --unit couple --member member --session session --range 36,252 \
  --title "WAI 36-item total, couple" --label "WAI total (36-252)" --output-dir "$WORK/images" "$WORK/couples-scores.csv"
status "plot split: exit 0" 0
same "plot split: the files" "$out" "unit,file,members,sessions,status,message
alder,$WORK/images/alder.svg,3,6,ok,
birch,$WORK/images/birch.svg,3,6,ok,
cedar,$WORK/images/cedar.svg,3,6,ok,"
same "plot split: one line per member" "$(grep -c '<polyline' "$WORK/images/birch.svg")" 3
for unit in alder birch cedar; do
  committed="$SOURCE_DIR/docs/images/split-$unit.svg"
  if [ "${UPDATE:-0}" = 1 ]; then cp "$WORK/images/$unit.svg" "$committed"; continue; fi
  checks=$((checks + 1))
  cmp -s "$WORK/images/$unit.svg" "$committed" || fail "docs/images/split-$unit.svg is not what the program draws now (UPDATE=1 rewrites it)"
  if command -v rsvg-convert >/dev/null; then
    checks=$((checks + 1))
    rsvg-convert "$WORK/images/$unit.svg" -o "$WORK/images/$unit.png" 2>"$WORK/rsvg" && [ -s "$WORK/images/$unit.png" ] ||
      fail "plot split: $unit.svg does not render: $(cat "$WORK/rsvg")"
  fi
done
run plot split --score total --unit couple --member member --session session --units 'e,nobody' --output-dir "$WORK/plots-bad" "$WORK/bad.csv"
status "plot split: a unit with rows left out exits 1" 1
same "plot split --units: only those, rows left out counted" "$out" "unit,file,members,sessions,status,message
e,$WORK/plots-bad/e.svg,2,2,error,1 row left out; 'alliance split' names them
,,,,error,2 rows without a unit or session (lines 8 and 16)"
contains "plot split: an unknown unit is named" "$err" "no rows for unit 'nobody'"
run plot split --score score --unit unit --member member --output-dir "$WORK/p" "$WORK/hand.csv"
status "plot split without --session: usage error" 2

# Usage errors: nothing written, exit 2.
for arguments in "--unit unit --member member" "--score score --member member" "--score score --unit unit" \
  "--score score --unit unit --member unit" "--score score --unit unit --member member --first a" \
  "--score score --unit unit --member member --first a --second a" \
  "--score score --unit unit --member member --threshold -1" \
  "--score score --unit unit --member member --threshold 3 --summary" \
  "--score score --unit unit --member member --confidence 0.9" \
  "--score score --unit unit --member member --summary --confidence 1.5" \
  "--score score --unit unit --member member --sort-memory 0"; do
  # shellcheck disable=SC2086
  run split $arguments "$WORK/hand.csv"
  status "usage error ($arguments): exit 2" 2
  same "usage error ($arguments): nothing on stdout" "$out" ""
done
run split --score points --unit unit --member member "$WORK/hand.csv"
status "absent column: exit 2" 2
contains "absent column: named" "$err" "points"

# Help.
run split --help
status "--help: exit 0" 0
for needle in "Usage: alliance split" "--first LABEL, --second LABEL" "--threshold X" "--summary" "abs_difference" \
  "no published cut-off" "Knobloch-Fedders" "Shrout & Fleiss (1979)" "Exit status" "examples/data/couples_clients.csv"; do
  contains "--help mentions $needle" "$out" "$needle"
done
run --help
contains "main help lists split" "$out" "split        split alliances"

# A large shuffled file: every unit out once, memory bounded by the sort buffers and one unit.
big_units=$(( ${LARGE_ROWS:-1000000} / 10 ))
awk -v units="$big_units" 'BEGIN { srand(13); print "unit,member,score"
  for (u = 0; u < units; u++) { order[2 * u] = u; order[2 * u + 1] = u }
  n = 2 * units
  for (i = n - 1; i > 0; i--) { j = int(rand() * (i + 1)); t = order[i]; order[i] = order[j]; order[j] = t }
  for (i = 0; i < n; i++) { u = order[i]; m = seen[u]++ ? "b" : "a"; printf "u%d,%s,%d\n", u, m, int(rand() * 60) + 12 } }' \
  >"$WORK/big.csv"
"$PEAK_RSS" "$ALLIANCE" split --score score --unit unit --member member --sort-memory 4 -q "$WORK/big.csv" \
  2>"$WORK/big.err" | awk -F, 'NR > 1 { n++; if ($14 != "ok") bad++ } END { print n + 0, bad + 0 }' >"$WORK/big.count"
same "split large: one ok row per unit" "$(cat "$WORK/big.count")" "$big_units 0"
rss_kb=$(sed -n 's/^peak_rss_kb=//p' "$WORK/big.err")
if [ "${LARGE_RSS_LIMIT_KB:-0}" != 0 ]; then
  checks=$((checks + 1))
  [ -n "$rss_kb" ] && [ "$rss_kb" -lt 40960 ] || fail "split large: peak memory ${rss_kb:-?} KB (limit 40960 KB)"
fi
printf 'split large: %s rows, peak %s KB\n' "$((2 * big_units))" "${rss_kb:-?}"

finish
