#!/usr/bin/env bash
# alliance track and alliance plot on hand-built series whose flags and episodes are worked
# out by hand (tests/data/track-series.csv), on the bundled caseload, and on a large shuffled
# file with bounded memory.
. "$(dirname "$0")/lib.sh"
KEY="$SOURCE_DIR/tests/data/keys/track-one-item.json"  # one item 0..40: the score is the answer

# The hand-built series and its hand-worked expected rows: tests/data/track-series.csv (its
# comments say how each value was worked out; the Python and R track tests read it too).
FIXTURE="$SOURCE_DIR/tests/data/track-series.csv"
fixture() { grep -v '^#' "$FIXTURE" | tail -n +2 | cut -d, -f"$1"; }
{ echo "client,session,item1"; fixture 1-3; } >"$WORK/series.csv"
rules=(--key "$KEY" --client client --session session --higher-is-better
  --rule below-cutoff,drop,reliable-drop,v-episode --cutoff-value 25 --cutoff-when below
  --drop-points 2 --previous last-scored --sd 5 --reliability 0.8
  --k strauss-2006 --sd-basis external --external-sd 5 --reference previous-session --max-decline 1
  --repair-window 2 --repair-target pre-rupture-score --repair-margin 0 --min-sessions 2)

run track "${rules[@]}" "$WORK/series.csv"
status "track: error rows (h's duplicate session) exit 1" 1
cp "$WORK/stdout" "$WORK/track.csv"
same "track: header" "$(head -n 1 "$WORK/track.csv")" \
  "client,session,total_sum,total_mean,total_answered,total_status,score,change,change_from_mean,alerts,episode,event,repaired,depth,sessions_to_repair,status,message"
same "track: one row per input row, in input order" "$(tail -n +2 "$WORK/track.csv" | cut -d, -f1,2)" \
  "$(tail -n +2 "$WORK/series.csv" | cut -d, -f1,2)"

# client,session,score,change,alerts,episode,event,repaired,depth,sessions_to_repair,status,
# in input order: the fixture's hand-worked rows.
actual=$(tail -n +2 "$WORK/track.csv" | cut -d, -f1,2,7,8,10-16)
same "track: alerts and episodes worked out by hand" "$actual" "$(fixture 1,2,4-12)"
same "track: change from the running mean (a, s4: 20 - mean(30, 32, 31))" \
  "$(grep '^a,4,' "$WORK/track.csv" | cut -d, -f9)" "-11"
contains "track: a duplicate session names both lines" "$(grep '^h,1,' "$WORK/track.csv" | head -n 1)" \
  "client 'h' has session 1 on line"
same "track: an unscored session says why" "$(grep '^f,5,' "$WORK/track.csv" | cut -d, -f17-)" \
  "total insufficient: 0 of 1 items answered (rule: all 1 items required)"

# The same rows sorted: the same rows out (in the sorted order).
{ head -n 1 "$WORK/series.csv"; tail -n +2 "$WORK/series.csv" | sort -t, -k1,1 -k2,2n; } >"$WORK/sorted.csv"
run track "${rules[@]}" "$WORK/sorted.csv"
same "track: unsorted input gives the same rows as sorted input (but for line numbers in messages)" \
  "$(tail -n +2 "$WORK/stdout" | cut -d, -f1-16 | sort)" "$(tail -n +2 "$WORK/track.csv" | cut -d, -f1-16 | sort)"
run track "${rules[@]}" --sort-memory 0.001 "$WORK/series.csv"
same "track: sorting through temporary files (1 KB of memory) gives the same output" "$out" "$(cat "$WORK/track.csv")"
run track "${rules[@]}" - <"$WORK/series.csv"
same "track: standard input gives the same output" "$out" "$(cat "$WORK/track.csv")"
run track "${rules[@]}" --format jsonl "$WORK/series.csv"
same "track --format jsonl: one object per row" "$(lines "$out")" "31"
contains "track --format jsonl: a rupture row" "$out" \
  '{"client":"c","session":"3","total_sum":20,"total_mean":20,"total_answered":1,"total_status":"complete","score":20,"change":-11,'

# The previous-score policy: with immediately-preceding, f's s4 has no session 3 to fall from.
preceding=()
for option in "${rules[@]}"; do [ "$option" = last-scored ] && preceding+=(immediately-preceding) || preceding+=("$option"); done
run track "${preceding[@]}" "$WORK/series.csv"
same "track --previous immediately-preceding: no drop across a missing session (f, s4)" \
  "$(tail -n +2 "$WORK/stdout" | cut -d, -f10)" "$(fixture 13)"
# The boundary: at-or-below flags e's 25.
inclusive=()
for option in "${rules[@]}"; do [ "$option" = below ] && inclusive+=(at-or-below) || inclusive+=("$option"); done
run track "${inclusive[@]}" "$WORK/series.csv"
same "track --cutoff-when at-or-below: e's 25s are flagged" "$(tail -n +2 "$WORK/stdout" | cut -d, -f10)" \
  "$(fixture 14)"
# Episodes below the client's mean, repaired back at it (the fixture's client_mean_episodes).
client_mean=() skip=0
for option in "${rules[@]}"; do
  if [ "$skip" = 1 ]; then skip=0; continue; fi
  case "$option" in --max-decline) skip=1 ;; previous-session) client_mean+=(client-mean) ;;
    pre-rupture-score) client_mean+=(reference) ;; *) client_mean+=("$option") ;; esac
done
run track "${client_mean[@]}" "$WORK/series.csv"
same "track --reference client-mean --repair-target reference: episodes worked out by hand" \
  "$(tail -n +2 "$WORK/stdout" | cut -d, -f11-15 | tr , ' ' | sed 's/ *$//')" "$(fixture 15)"
# A repair margin: back to within 6 points of the pre-rupture score (margin_6_episodes).
margin=("${rules[@]}")
for i in "${!margin[@]}"; do [ "${margin[$i]}" = --repair-margin ] && margin[$((i + 1))]=6; done
run track "${margin[@]}" "$WORK/series.csv"
same "track --repair-margin 6: episodes worked out by hand" \
  "$(tail -n +2 "$WORK/stdout" | cut -d, -f11-15 | tr , ' ' | sed 's/ *$//')" "$(fixture 16)"
# --summary: one row per client, in client order.
run track "${rules[@]}" --summary --pattern any-unrepaired "$WORK/series.csv"
status "track --summary: h's error rows exit 1" 1
same "track --summary: header" "$(head -n 1 "$WORK/stdout")" \
  "client,administrations,scored,error_rows,first_session,last_session,mean,slope,first,last,below_cutoff,drops,reliable_drops,ruptures,repaired,unrepaired,censored,pattern,status,message"
# a: mean 174/6 = 29, slope sum((x - 3.5)(y - 29)) / sum((x - 3.5)^2) = -4 / 17.5.
same "track --summary: a in full" "$(sed -n 2p "$WORK/stdout")" \
  "a,6,6,0,1,6,29,-0.22857142857142856,30,33,1,1,1,1,1,0,0,repaired,ok,"
same "track --summary: episodes and patterns" "$(tail -n +2 "$WORK/stdout" | cut -d, -f1,14-19)" \
  "a,1,1,0,0,repaired,ok
b,1,0,1,0,unrepaired,ok
c,1,0,0,1,pending,ok
d,,,,,not_evaluated,partial
e,0,0,0,0,no_rupture,ok
f,1,1,0,0,repaired,partial
g,2,2,0,0,repaired,ok
h,,,,,not_evaluated,error"
run track "${rules[@]}" --summary --pattern last-episode "$WORK/sorted.csv"
# (but for the line numbers in the messages)
sorted_summary=$(sed -n 2,9p "$WORK/stdout" | cut -d, -f1-19)
run track "${rules[@]}" --summary --pattern last-episode "$WORK/series.csv"
same "track --summary: unsorted and sorted input give the same summary" "$(sed -n 2,9p "$WORK/stdout" | cut -d, -f1-19)" \
  "$sorted_summary"
printf 'client,session,item1\nx,1,30\n,2,31\n' >"$WORK/noclient.csv"
run track "${rules[@]}" --summary --pattern any-unrepaired "$WORK/noclient.csv"
same "track --summary: rows without a client get a row of their own" "$(tail -n 1 "$WORK/stdout")" \
  ",,,,,,,,,,,,,,,,,,error,1 row has an empty client and belongs to no series (line 3)"

# Usage errors: nothing on standard output, exit 2, the message says what is missing.
run track "${rules[@]:0:7}" --rule v-episode --k 2 "$WORK/series.csv"
status "track: v-episode without its parameters exits 2" 2
contains "track: the missing v-episode parameters are named" "$err" \
  "--rule v-episode needs --sd-basis, --reference, --repair-window, --repair-target, --repair-margin, --min-sessions"
same "track: nothing on standard output after a usage error" "$out" ""
run track --key "$KEY" --client client --session session "$WORK/series.csv"
status "track: no direction exits 2" 2
contains "track: the direction is asked for" "$err" "--higher-is-better or --lower-is-better"
run track "${rules[@]}" --summary "$WORK/series.csv"
contains "track --summary with v-episode needs --pattern" "$err" "needs --pattern"
run track --key "$KEY" --client who --session session --higher-is-better "$WORK/series.csv"
status "track: a header without the client column exits 2" 2
same "track: nothing written for a missing column" "$out" ""
contains "track: the missing column is named" "$err" "who"
run track --key "$KEY" --client client --session session --higher-is-better --drop-points 2 "$WORK/series.csv"
contains "track: a rule's option without the rule is refused" "$err" "--drop-points is for --rule drop"

# A key file's published data travel with it: below-cutoff and --classify use its own cut-off
# (at or below 30), and a key file that reuses the built-in id "srs" gets none of srs's (< 36).
printf 'client,session,item1,item2,item3,item4\na,1,8,8,8,9\na,2,7.5,7.5,7.5,7.5\n' >"$WORK/srs-own.csv"
own_key=(--client client --session session --higher-is-better --rule below-cutoff)
run track --key "$SOURCE_DIR/tests/data/keys/srs-own-cutoff.json" "${own_key[@]}" "$WORK/srs-own.csv"
status "track --key: the key file's own cut-off" 0
contains "track --key: names the key file's cut-off" "$err" "below-cutoff uses lab-srs-30: total <= 30"
contains "track --key: 33 is not at or below 30" "$out" "a,1,33,8.25,4,complete,33,,,,"
contains "track --key: 30 is" "$out" "a,2,30,7.5,4,complete,30,-3,-3,below-cutoff,"
run track --instrument srs "${own_key[@]}" "$WORK/srs-own.csv"
contains "track --instrument srs: the built-in's cut-off flags 33" "$out" "a,1,33,8.25,4,complete,33,,,below-cutoff,"
usage "track --key reusing a built-in id gets none of its cut-offs" \
  "srs has no cut-off for scale 'total'; give --cutoff-value X" \
  track --key "$SOURCE_DIR/tests/data/keys/srs-no-cutoff.json" "${own_key[@]}" "$WORK/srs-own.csv"
run score --key "$SOURCE_DIR/tests/data/keys/srs-own-cutoff.json" --classify "$WORK/srs-own.csv"
contains "score --classify --key: the key file's cut-off column" "$out" "total_status,lab-srs-30,status"
run score --key "$SOURCE_DIR/tests/data/keys/srs-no-cutoff.json" --classify "$WORK/srs-own.csv"
same "score --classify --key reusing srs: no built-in column" "$(printf '%s\n' "$out" | head -n 1)" \
  "total_sum,total_mean,total_answered,total_status,status,message"

# The bundled caseload (examples/data/make_caseload.py): anna's rupture is repaired, ben's is
# not, eli's comes at the last session.
caseload=(--instrument srs --items 'srs_{}' --client client --session session --higher-is-better
  --rule v-episode --k stiles-2004 --sd-basis stricter --external-sd 2.5 --reference previous-session
  --max-decline 1 --repair-window 3 --repair-target pre-rupture-score --repair-margin 0 --min-sessions 4)
run track "${caseload[@]}" --summary --pattern any-unrepaired "$DATA/srs_caseload.csv"
status "track caseload: exit 0" 0
same "track caseload: the walkthrough's patterns" "$(tail -n +2 "$WORK/stdout" | cut -d, -f1,14,18)" \
  "anna,1,repaired
ben,1,unrepaired
chloe,0,no_rupture
dev,0,no_rupture
eli,1,pending"
run track "${caseload[@]}" "$DATA/srs_caseload.csv"
same "track caseload: rows out = rows in" "$(lines "$out")" "$(lines "$(cat "$DATA/srs_caseload.csv")")"

# plot trajectory: one SVG per client, listed on standard output.
run plot trajectory "${caseload[@]}" --output-dir "$WORK/plots" "$DATA/srs_caseload.csv"
status "plot trajectory: exit 0" 0
same "plot trajectory: the file list" "$(cut -d, -f1,3,4,5 <<<"$out")" \
  "client,administrations,ruptures,status
anna,7,1,ok
ben,7,1,ok
chloe,6,0,ok
dev,6,0,ok
eli,5,1,ok"
same "plot trajectory: the files" "$(cd "$WORK/plots" && ls | tr '\n' ' ')" "anna.svg ben.svg chloe.svg dev.svg eli.svg "
contains "plot trajectory: anna's rupture is marked" "$(cat "$WORK/plots/anna.svg")" "R1"
if command -v rsvg-convert >/dev/null; then
  for svg in "$WORK"/plots/*.svg; do
    checks=$((checks + 1))
    rsvg-convert "$svg" -o "${svg%.svg}.png" 2>"$WORK/rsvg" && [ -s "${svg%.svg}.png" ] ||
      fail "plot trajectory: $(basename "$svg") does not render: $(cat "$WORK/rsvg")"
  done
fi
run plot trajectory "${rules[@]}" --clients 'h,nobody' --output-dir "$WORK/plots2" "$WORK/series.csv"
status "plot trajectory: a client with error rows exits 1" 1
contains "plot trajectory: an unknown client is named" "$err" "no rows for client 'nobody'"
same "plot trajectory --clients: only those" "$(cd "$WORK/plots2" && ls)" "h.svg"

# The pictures in docs/images (README, walkthrough) are what the program draws now. UPDATE=1
# rewrites them (then look at them before committing).
images="$SOURCE_DIR/docs/images"
"$ALLIANCE" plot trajectory "${caseload[@]}" --clients anna,ben --output-dir "$WORK/images" "$DATA/srs_caseload.csv" >/dev/null
"$ALLIANCE" change --pre ors_pre --post ors_post --higher-is-better --sd 7.7 --reliability 0.8 --cutoff-value 25 \
  --keep ors_pre,ors_post "$DATA/ors_pre_post.csv" 2>/dev/null |
  "$ALLIANCE" plot change --pre ors_pre --post ors_post --label "ORS total" -o "$WORK/images/change-scatter.svg" 2>/dev/null
for pair in anna.svg:trajectory-anna.svg ben.svg:trajectory-ben.svg change-scatter.svg:change-scatter.svg; do
  drawn="$WORK/images/${pair%%:*}" committed="$images/${pair#*:}"
  if [ "${UPDATE:-0}" = 1 ]; then cp "$drawn" "$committed"; continue; fi
  checks=$((checks + 1))
  cmp -s "$drawn" "$committed" || fail "docs/images/${pair#*:} is not what the program draws now (UPDATE=1 rewrites it)"
done

# plot change: the scatter of a change result.
"$ALLIANCE" change --pre ors_pre --post ors_post --higher-is-better --sd 7.7 --reliability 0.8 --cutoff-value 25 \
  --keep ors_pre,ors_post "$DATA/ors_pre_post.csv" >"$WORK/change.csv"
run plot change --pre ors_pre --post ors_post -o "$WORK/jt.svg" "$WORK/change.csv"
status "plot change: exit 0" 0
contains "plot change: the categories are counted in the legend" "$(cat "$WORK/jt.svg")" "recovered ("
run plot change --pre ors_pre --post ors_post "$DATA/ors_pre_post.csv"
status "plot change: input that is not a change result exits 2" 2
contains "plot change: says what it expected" "$err" "reliable_change"

# A large file in random order: every row out, memory bounded by the sort buffer and one
# client, not by the file (sanitizer builds check the rows only).
big_rows=$(( ${LARGE_ROWS:-1000000} / 5 ))
awk -v rows="$big_rows" 'BEGIN { srand(11); print "client,session,item1"
  for (r = 0; r < rows; r++) printf "c%d,%d,%d\n", int(rand() * rows / 10), r % 12 + 1 + 12 * int(r / 1000000), int(rand() * 41) }' \
  >"$WORK/big.csv"
"$PEAK_RSS" "$ALLIANCE" track --key "$KEY" --client client --session session --higher-is-better \
  --rule drop --drop-points 5 --previous last-scored --sort-memory 4 -q "$WORK/big.csv" 2>"$WORK/big.err" |
  awk 'END { print NR - 1 }' >"$WORK/big.count"
same "track large: rows out = rows in" "$(cat "$WORK/big.count")" "$big_rows"
rss_kb=$(sed -n 's/^peak_rss_kb=//p' "$WORK/big.err")
if [ "${LARGE_RSS_LIMIT_KB:-0}" != 0 ]; then
  checks=$((checks + 1))
  [ -n "$rss_kb" ] && [ "$rss_kb" -lt 40960 ] || fail "track large: peak memory ${rss_kb:-?} KB (limit 40960 KB)"
fi
printf 'track large: %s rows, peak %s KB\n' "$big_rows" "${rss_kb:-?}"

finish
