#!/usr/bin/env bash
# Exact decimal scores (docs/statistics.md, "Exact decimals"): every published boundary is
# pinned from both sides through the command line, on totals that binary floating point gets
# wrong, and on whole-number totals at each band edge. Expected values are worked by hand in
# the comments beside them.
. "$(dirname "$0")/lib.sh"

# items_for TOTAL COUNT MAX: COUNT comma-separated answers of at most MAX adding up to TOTAL,
# the largest first (e.g. items_for 10 9 3 -> 3,3,3,1,0,0,0,0,0).
items_for() {
  local left=$1 count=$2 max=$3 out= i value
  for ((i = 0; i < count; i++)); do
    value=$((left > max ? max : left))
    left=$((left - value))
    out+="${out:+,}$value"
  done
  printf '%s' "$out"
}

# --- SRS: total < 36 (OpenFIT). In binary 8.6 + 9.7 + 9.9 + 7.8 is 35.99999999999999. ---
printf 'id,srs_1,srs_2,srs_3,srs_4\nbelow,8.6,9.7,9.9,7.7\nat,8.6,9.7,9.9,7.8\nabove,8.6,9.7,9.9,7.9\n' >"$WORK/srs.csv"
run score --instrument srs --items 'srs_{}' --id id --classify "$WORK/srs.csv"
status "score --classify srs" 0
same "SRS 35.9 / 36 / 36.1 against '< 36'" "$(cut -d, -f1,2,6 <<<"$out")" "id,total_sum,srs-total-36
below,35.9,1
at,36,0
above,36.1,0"

# --- PHQ-9 (items 1-9 summed; item 10 not scored): cut-off >= 10 and the band edges
# 4|5, 9|10, 14|15, 19|20 (Kroenke et al. 2001). ---
{
  printf 'id'; for i in $(seq 10); do printf ',phq_%s' "$i"; done; printf '\n'
  for total in 0 4 5 9 10 14 15 19 20 27; do printf '%s,%s,0\n' "$total" "$(items_for "$total" 9 3)"; done
} >"$WORK/phq9.csv"
run score --instrument phq-9 --items 'phq_{}' --id id --classify "$WORK/phq9.csv"
status "score --classify phq-9" 0
same "PHQ-9 cut-off and bands" "$(cut -d, -f1,2,6,7 <<<"$out")" "id,total_sum,phq-9-total-10,phq-9-severity
0,0,0,minimal
4,4,0,minimal
5,5,0,mild
9,9,0,mild
10,10,1,moderate
14,14,1,moderate
15,15,1,moderately severe
19,19,1,moderately severe
20,20,1,severe
27,27,1,severe"

# --- GAD-7: cut-off >= 10, bands 0-4, 5-9, 10-14, 15-21 (Spitzer et al. 2006). ---
{
  printf 'id'; for i in $(seq 7); do printf ',gad_%s' "$i"; done; printf '\n'
  for total in 4 5 9 10 14 15 21; do printf '%s,%s\n' "$total" "$(items_for "$total" 7 3)"; done
} >"$WORK/gad7.csv"
run score --instrument gad-7 --items 'gad_{}' --id id --classify "$WORK/gad7.csv"
same "GAD-7 cut-off and bands" "$(cut -d, -f1,2,6,7 <<<"$out")" "id,total_sum,gad-7-total-10,gad-7-severity
4,4,0,minimal
5,5,0,mild
9,9,0,mild
10,10,1,moderate
14,14,1,moderate
15,15,1,severe
21,21,1,severe"

# --- CORE-10: cut-off >= 11 and bands 0-10, 11-14, 15-19, 20-24, 25-40; items 2 and 3 are
# reverse-keyed (4 - x), so they are answered 4 (scored 0) and the total comes from the
# other eight items (at most 32; 40 needs items 2 and 3 answered 0). ---
{
  printf 'id'; for i in $(seq 10); do printf ',core_%s' "$i"; done; printf '\n'
  for total in 10 11 14 15 19 20 24 25; do
    IFS=, read -r a b c d e f g h <<<"$(items_for "$total" 8 4)"
    printf '%s,%s,4,4,%s,%s,%s,%s,%s,%s,%s\n' "$total" "$a" "$b" "$c" "$d" "$e" "$f" "$g" "$h"
  done
  printf '40,4,0,0,4,4,4,4,4,4,4\n'
} >"$WORK/core10.csv"
run score --instrument core-10 --items 'core_{}' --id id --classify "$WORK/core10.csv"
same "CORE-10 cut-off and bands" "$(cut -d, -f1,2,6,7 <<<"$out")" "id,total_sum,core-10-total-clinical-11,core-10-severity
10,10,0,healthy / low level
11,11,1,mild
14,14,1,mild
15,15,1,moderate
19,19,1,moderate
20,20,1,moderate-to-severe
24,24,1,moderate-to-severe
25,25,1,severe
40,40,1,severe"

# An insufficient scale has no score, so its cut-off and band cells are empty; an error row
# too (the columns are still there).
printf 'id,srs_1,srs_2,srs_3,srs_4\nblank,8,9,,7\nbad,8,9,11,7\n' >"$WORK/srs-empty.csv"
run score --instrument srs --items 'srs_{}' --id id --classify "$WORK/srs-empty.csv"
same "classify: empty when not scored" "$(cut -d, -f1,2,6,7 <<<"$out")" "id,total_sum,srs-total-36,status
blank,,,partial
bad,,,error"
status "classify: an error row still exits 1" 1

# An instrument with no cut-off and no bands: --classify adds no column.
run score --instrument wai-sr --classify "$DATA/wai_sr_sample.csv"
same "classify: wai-sr has nothing to classify" "$(head -n 1 <<<"$out")" \
  "task_sum,task_mean,task_answered,task_status,goal_sum,goal_mean,goal_answered,goal_status,bond_sum,bond_mean,bond_answered,bond_status,total_sum,total_mean,total_answered,total_status,status,message"

# --- track: the OpenFIT drop of exactly 1 point (SRSChangeFromLast <= -1). In binary
# 2.3 - 1.3 is 0.9999999999999998; the totals fall by exactly 1.0 (flagged), 0.9 (not), 1.1. ---
printf 'client,session,srs_1,srs_2,srs_3,srs_4\n' >"$WORK/drop.csv"
printf 'exact,1,0.3,0.5,0.5,1\nexact,2,0.3,0.5,0.5,0\n' >>"$WORK/drop.csv"    # 2.3 -> 1.3: drop 1
printf 'short,1,0.3,0.5,0.5,1\nshort,2,0.3,0.5,0.5,0.1\n' >>"$WORK/drop.csv"  # 2.3 -> 1.4: drop 0.9
printf 'more,1,0.3,0.5,0.5,1\nmore,2,0.2,0.5,0.5,0\n' >>"$WORK/drop.csv"     # 2.3 -> 1.2: drop 1.1
run track --instrument srs --items 'srs_{}' --client client --session session --higher-is-better \
  --rule drop --drop-points 1 --previous last-scored "$WORK/drop.csv"
status "track drop" 0
same "track: drop of exactly 1.0 from both sides" "$(cut -d, -f1,2,7,8,10 <<<"$out")" "client,session,score,change,alerts
exact,1,2.3,,
exact,2,1.3,-1,drop
short,1,2.3,,
short,2,1.4,-0.9,
more,1,2.3,,
more,2,1.2,-1.1,drop"

# --- change: post - pre from the decimal text. 25.1 - 13.4 is 11.7 (binary: 11.700000000000001).
# With SD 1 and reliability 0.5, S_diff = sqrt(2 x 0.5) = 1, so with critical value 2 the RCI is
# the difference and the threshold is 2: 4.4 - 2.4 is exactly 2, not more than 2 (binary:
# 2.0000000000000004, "improved"); 1.9 and 2.1 either side. ---
printf 'id,pre,post\na,13.4,25.1\nat,2.4,4.4\nbelow,2.5,4.4\nabove,2.3,4.4\n' >"$WORK/change.csv"
run change --pre pre --post post --higher-is-better --sd 1 --reliability 0.5 --critical-value 2 --id id "$WORK/change.csv"
same "change: exact differences at the reliable-change threshold" "$(cut -d, -f1,2,4,7 <<<"$out")" "id,difference,rci,reliable_change
a,11.7,11.7,improved
at,2,2,none
below,1.9,1.9,none
above,2.1,2.1,improved"

# --- compare: x - M on the exact decimals: (30.2 - 28.1) / 2.1 = 1 exactly. ---
printf 'id,score\na,30.2\n' >"$WORK/compare.csv"
run compare --score score --mean 28.1 --sd 2.1 --id id "$WORK/compare.csv"
same "compare: z from the exact difference" "$(cut -d, -f1,2,3 <<<"$out")" "id,z,t_score
a,1,60"

finish
