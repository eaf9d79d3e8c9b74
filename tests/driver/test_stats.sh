#!/usr/bin/env bash
# `alliance compare` and `alliance change` on examples/data/ors_pre_post.csv against values
# computed from the published formulas with base R (tests/reference/driver_stats_reference.R
# -> tests/data/ors_pre_post_*.csv), plus the row, column and usage rules they share with score.
. "$(dirname "$0")/lib.sh"
REF="$SOURCE_DIR/tests/data"
PAIRS="$DATA/ors_pre_post.csv"

# compare, with the single-case columns.
run compare --score ors_post --mean 28 --sd 6.8 --n 100 --id client -o "$WORK/compare.csv" "$PAIRS"
status "compare: exit 0" 0
cut -d, -f1-14 "$WORK/compare.csv" >"$WORK/compare-values.csv"
agree "compare --n against base R" "$REF/ors_pre_post_compare.csv" "$WORK/compare-values.csv" 1
same "compare: status and message columns" "$(head -n 2 "$WORK/compare.csv" | cut -d, -f15- | tr '\n' ' ')" "status,message ok, "
run compare --score ors_post --mean 28 --sd 6.8 --id client "$PAIRS"
same "compare without --n: z, T and percentile only" "$(head -n 1 "$WORK/stdout")" "client,z,t_score,percentile,status,message"
{ sed -n 2p "$REF/ors_pre_post_compare.csv" | cut -d, -f1-4; grep -v '^#' "$REF/ors_pre_post_compare.csv" | tail -n +2 | cut -d, -f1-4; } >"$WORK/ref-standard.csv"
cut -d, -f1-4 "$WORK/stdout" >"$WORK/standard.csv"
agree "compare without --n against base R" "$WORK/ref-standard.csv" "$WORK/standard.csv" 1

# change, run 1: every parameter given.
run change --pre ors_pre --post ors_post --higher-is-better --sd 7.7 --reliability 0.8 --cutoff-value 25 --id client -o "$WORK/change.csv" "$PAIRS"
status "change: exit 0" 0
same "change: nothing estimated, nothing said" "$err" ""
{ head -n 2 "$REF/ors_pre_post_change.csv" | sed -n 2p | cut -d, -f2-; grep '^given,' "$REF/ors_pre_post_change.csv" | cut -d, -f2-; } >"$WORK/ref-given.csv"
cut -d, -f1-9 "$WORK/change.csv" >"$WORK/change-values.csv"
agree "change (jt, all given) against base R" "$WORK/ref-given.csv" "$WORK/change-values.csv" 1

# change, run 2: SD estimated from the input (read through standard input, so the input is
# spooled for the second pass), a given critical value, lower is better, cut-off a.
run change --pre ors_pre --post ors_post --lower-is-better --reliability 0.8 --critical-value 1.96 \
  --cutoff a --clinical-mean 19.6 --clinical-sd 8.7 --id client -o "$WORK/change2.csv" - <"$PAIRS"
status "change, estimated SD: exit 0" 0
contains "change: the estimate is reported" "$err" "alliance change: estimated from the 25 complete pre/post pairs of the input (sample statistics, SD with n - 1): sd_pre = 3.228069598588812"
{ sed -n 2p "$REF/ors_pre_post_change.csv" | cut -d, -f2-; grep '^estimated,' "$REF/ors_pre_post_change.csv" | cut -d, -f2-; } >"$WORK/ref-estimated.csv"
cut -d, -f1-9 "$WORK/change2.csv" >"$WORK/change2-values.csv"
agree "change (jt, SD estimated, lower is better, cut-off a) against base R" "$WORK/ref-estimated.csv" "$WORK/change2-values.csv" 1
run change --pre ors_pre --post ors_post --lower-is-better --reliability 0.8 --critical-value 1.96 \
  --cutoff a --clinical-mean 19.6 --clinical-sd 8.7 --id client -o "$WORK/change3.csv" "$PAIRS"
same "change: a file is read twice to the same result" "$(cat "$WORK/change3.csv")" "$(cat "$WORK/change2.csv")"
run change --pre ors_pre --post ors_post --lower-is-better --reliability 0.8 --critical-value 1.96 \
  --cutoff a --clinical-mean 19.6 --clinical-sd 8.7 --id client <(cat "$PAIRS")
same "change: a pipe (not rereadable) is copied for the second pass" "$out" "$(cat "$WORK/change2.csv")"

# --keep without --id: the kept columns are the input's (they once came one column late, and
# the last read past the column list).
run change --pre ors_pre --post ors_post --higher-is-better --sd 7.7 --reliability 0.8 --keep client,ors_post "$PAIRS"
same "change --keep without --id copies the kept columns" "$(cut -d, -f1,2 "$WORK/stdout")" "$(cut -d, -f1,3 "$PAIRS")"
run compare --score ors_post --mean 28 --sd 6.8 --keep ors_pre,client "$PAIRS"
same "compare --keep without --id copies the kept columns" "$(cut -d, -f1,2 "$WORK/stdout")" "$(cut -d, -f2,1 "$PAIRS" | awk -F, '{print $2 "," $1}')"

# Rows: missing values are partial, text is an error; every row comes out.
printf 'client,pre,post\na,20,30\nb,,31\nc,21,x\nd,22,NA\n' >"$WORK/rows.csv"
run change --pre pre --post post --higher-is-better --sd 7.7 --reliability 0.8 --id client "$WORK/rows.csv"
status "change rows: an error row exits 1" 1
same "change rows: statuses" "$(cut -d, -f1,8 "$WORK/stdout" | tail -n 4 | tr '\n' ' ')" "a,ok b,partial c,error d,partial "
same "change rows: missing is partial, nothing computed" "$(sed -n 3p "$WORK/stdout")" "b,,,,,,,partial,missing pre; nothing computed"
same "change rows: text names line, column and value" "$(sed -n 4p "$WORK/stdout")" \
  "c,,,,,,,error,\"line 4, column 'post': value 'x' is not a finite number or a missing code ('', 'NA')\""
run compare --score post --mean 28 --sd 6.8 --missing ',NA,-99' --id client --format jsonl "$WORK/rows.csv"
same "compare --format jsonl: a missing score is partial, with nulls" "$(sed -n 4p "$WORK/stdout")" \
  '{"client":"d","z":null,"t_score":null,"percentile":null,"status":"partial","message":"missing post; nothing computed"}'

# Usage errors: exit 2, nothing on standard output.
usage "change without direction" "give the direction: --higher-is-better or --lower-is-better" change --pre ors_pre --post ors_post --sd 7.7 --reliability 0.8 "$PAIRS"
usage "change with both directions" "give the direction" change --pre ors_pre --post ors_post --higher-is-better --lower-is-better --sd 7.7 --reliability 0.8 "$PAIRS"
usage "change without reliability" "method 'jt' needs reliability" change --pre ors_pre --post ors_post --higher-is-better --sd 7.7 "$PAIRS"
usage "change with a reliability above 1" "reliability" change --pre ors_pre --post ors_post --higher-is-better --sd 7.7 --reliability 1.2 "$PAIRS"
usage "change with an unknown method" "unknown reliable-change method 'rc'; the methods are jt, gln" change --pre ors_pre --post ors_post --higher-is-better --method rc --sd 7.7 --reliability 0.8 "$PAIRS"
usage "change --cutoff b without the functional norm" "--cutoff b needs --functional-mean and --functional-sd as well" change --pre ors_pre --post ors_post --higher-is-better --sd 7.7 --reliability 0.8 --cutoff b --clinical-mean 19 --clinical-sd 8 "$PAIRS"
usage "change --confidence and --critical-value" "give --confidence or --critical-value, not both" change --pre ors_pre --post ors_post --higher-is-better --sd 7.7 --reliability 0.8 --confidence 0.9 --critical-value 1.96 "$PAIRS"
usage "change: absent column" "the header lacks column before" change --pre before --post ors_post --higher-is-better --sd 7.7 --reliability 0.8 "$PAIRS"
usage "compare --sd 0" "norm SD is 0" compare --score ors_post --mean 28 --sd 0 "$PAIRS"
usage "compare --n 1" "--n expects a whole number of at least 2, not '1'" compare --score ors_post --mean 28 --sd 6.8 --n 1 "$PAIRS"
usage "compare without --score" "--score is required" compare --mean 28 --sd 6.8 "$PAIRS"
usage "compare --confidence without --n" "--confidence is for the intervals of --n" compare --score ors_post --mean 28 --sd 6.8 --confidence 0.9 "$PAIRS"

# --norm takes the values of a published norm and names it on standard error. Expected values
# by hand: GAD-7 German women (Löwe et al. 2008) M 3.2, SD 3.5: z(12) = 8.8 / 3.5 = 2.5142857...;
# CORE-10 primary care (Connell & Barkham 2007) SD 7.7 with r .90: S_diff = 7.7 sqrt(0.2) = 3.44354...
printf 'client,gad\nx,12\n' >"$WORK/gad.csv"
run compare --score gad --norm gad-7-de-general-women-2008 --id client "$WORK/gad.csv"
status "compare --norm" 0
contains "compare --norm z" "$out" "x,2.51428571428571"
contains "compare --norm names the norm" "$err" "using norm gad-7-de-general-women-2008 (edition 1)"
printf 'client,pre,post\nx,15,5\n' >"$WORK/core.csv"
run change --pre pre --post post --lower-is-better --norm core-10-uk-primary-care-counselling-2007 --reliability 0.9 "$WORK/core.csv"
status "change --norm" 0
contains "change --norm standard error" "$out" "-10,3.44354468534967"
contains "change --norm improved" "$out" ",improved,ok,"
usage "change --norm without reliability" "reports no reliability; give the one you use with --reliability" change --pre pre --post post --lower-is-better --norm core-10-uk-primary-care-counselling-2007 "$WORK/core.csv"
usage "compare --norm and --mean" "give --norm or --mean, not both" compare --score gad --norm gad-7-de-general-women-2008 --mean 3 "$WORK/gad.csv"
usage "compare unknown --norm" "--norm: no norm 'gad-7-nowhere'; the catalogue has core-10-uk-general-population-2007" compare --score gad --norm gad-7-nowhere "$WORK/gad.csv"

finish
