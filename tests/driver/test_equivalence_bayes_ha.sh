#!/usr/bin/env bash
# alliance compare --equivalence (Kendall et al. 1999; Cribbie & Arpin-Cribbie 2009), compare
# --bayesian and --score-b (Crawford & Garthwaite 2007 BTD and BSDT), and change --method ha
# --cutoff a|b|c (Hageman & Arrindell 1999 CS_indiv), against the reference tables written by
# tests/reference/stats_reference_equivalence_bayes_ha.R, published values and hand computations.
. "$(dirname "$0")/lib.sh"
REF="$SOURCE_DIR/tests/data"

# column NAME FILE : the 1-based position of NAME in the header of a reference table.
column() { grep -v '^#' "$2" | head -n 1 | tr ',' '\n' | grep -n -x "$1" | cut -d: -f1; }
# field FILE ROW NAME : the value in data row ROW (1-based) of a reference table.
field() { grep -v '^#' "$1" | sed -n "$(($2 + 1))p" | cut -d, -f"$(column "$3" "$1")"; }

# ---------------------------------------------------------------------------------------------
# compare --equivalence: every row of stats-equivalence.csv through the command line.
EQ="$REF/stats-equivalence.csv"
rows=$(grep -v '^#' "$EQ" | tail -n +2 | wc -l)
for i in $(seq 1 "$rows"); do
  id="$(field "$EQ" "$i" id) $(field "$EQ" "$i" model)"
  printf 'group,m,s,n\ng,%s,%s,%s\n' "$(field "$EQ" "$i" treated_mean)" "$(field "$EQ" "$i" treated_sd)" \
    "$(field "$EQ" "$i" treated_n)" >"$WORK/group.csv"
  welch=()
  [ "$(field "$EQ" "$i" model)" = welch ] && welch=(--welch)
  run compare --equivalence --group-mean m --group-sd s --group-n n --mean "$(field "$EQ" "$i" norm_mean)" \
    --sd "$(field "$EQ" "$i" norm_sd)" --n "$(field "$EQ" "$i" norm_n)" --delta "$(field "$EQ" "$i" delta)" \
    --alpha "$(field "$EQ" "$i" alpha)" "${welch[@]}" --id group "$WORK/group.csv"
  status "equivalence $id: exit 0" 0
  yes_no() { [ "$1" = 1 ] && echo yes || echo no; }
  {
    echo "group,difference,delta,standard_error,df,t_upper,p_upper,t_lower,p_lower,equivalent,t_difference,p_difference,different"
    printf 'g'
    for name in difference delta standard_error df t_upper p_upper t_lower p_lower; do printf ',%s' "$(field "$EQ" "$i" "$name")"; done
    printf ',%s,%s,%s,%s\n' "$(yes_no "$(field "$EQ" "$i" equivalent)")" "$(field "$EQ" "$i" t_difference)" \
      "$(field "$EQ" "$i" p_difference_two_tailed)" "$(yes_no "$(field "$EQ" "$i" different)")"
  } >"$WORK/expected.csv"
  cut -d, -f1-13 "$WORK/stdout" >"$WORK/actual.csv"
  agree "equivalence $id against R (normcomp formulas)" "$WORK/expected.csv" "$WORK/actual.csv" 1e-300
done

# normcomp's documented example by --delta-sd: Kendall equivalent at 1 SD; Welch not at 0.5 SD.
printf 'arm,m,s,n\npost,8,5,95\n' >"$WORK/normcomp.csv"
run compare --equivalence --group-mean m --group-sd s --group-n n --mean 7 --sd 3 --n 500 --delta-sd 1 --id arm "$WORK/normcomp.csv"
same "equivalence --delta-sd 1: delta is one normative SD, equivalent" "$(sed -n 2p "$WORK/stdout" | cut -d, -f3,10)" "3,yes"
run compare --equivalence --group-mean m --group-sd s --group-n n --mean 7 --sd 3 --n 500 --delta-sd 0.5 --welch --id arm "$WORK/normcomp.csv"
same "equivalence --welch --delta-sd 0.5: not equivalent" "$(sed -n 2p "$WORK/stdout" | cut -d, -f3,10)" "1.5,no"

# The decision boundary from both sides: in 'near-boundary pooled' p_upper = 0.0502172647...
printf 'arm,m,s,n\nnear,20,6,45\n' >"$WORK/near.csv"
run compare --equivalence --group-mean m --group-sd s --group-n n --mean 17 --sd 6 --n 45 --delta 5.1 --alpha 0.0502 "$WORK/near.csv"
same "equivalence: p_upper 0.05022 above alpha 0.0502 is not equivalent" "$(sed -n 2p "$WORK/stdout" | cut -d, -f9)" "no"
run compare --equivalence --group-mean m --group-sd s --group-n n --mean 17 --sd 6 --n 45 --delta 5.1 --alpha 0.0503 "$WORK/near.csv"
same "equivalence: p_upper 0.05022 below alpha 0.0503 is equivalent" "$(sed -n 2p "$WORK/stdout" | cut -d, -f9)" "yes"

# By hand: 12 (4), n 10 against 10 (4), n 10, delta 4: SE = sqrt(3.2) = 1.78885438199983,
# df 18, t_upper = -sqrt(1.25) = -1.11803398874989, t_lower = 3 sqrt(1.25) = 3.35410196624968.
printf 'arm,m,s,n\nh,12,4,10\n' >"$WORK/hand.csv"
run compare --equivalence --group-mean m --group-sd s --group-n n --mean 10 --sd 4 --n 10 --delta 4 "$WORK/hand.csv"
contains "equivalence by hand" "$(sed -n 2p "$WORK/stdout")" "2,4,1.78885438199983"
contains "equivalence by hand: df and t" "$(sed -n 2p "$WORK/stdout")" ",18,-1.11803398874989"
contains "equivalence by hand: t_lower" "$(sed -n 2p "$WORK/stdout")" ",3.35410196624968"

# Rows: every row out; bad values name line, column and value; a missing value is partial.
printf 'arm,m,s,n\na,8,5,95\nb,8,0,95\nc,8,5,2.5\nd,x,5,95\ne,8,NA,95\n' >"$WORK/rows.csv"
run compare --equivalence --group-mean m --group-sd s --group-n n --mean 7 --sd 3 --n 500 --delta-sd 1 --id arm "$WORK/rows.csv"
status "equivalence rows: an error row exits 1" 1
same "equivalence rows: one row each" "$(cut -d, -f1,14 "$WORK/stdout" | tail -n +2 | tr '\n' ' ')" "a,ok b,error c,error d,error e,partial "
contains "equivalence rows: SD 0 named" "$(sed -n 3p "$WORK/stdout")" "line 3: [alliance.stats.sd_not_positive] column 's': SD 0 is not greater than 0"
contains "equivalence rows: n 2.5 named" "$(sed -n 4p "$WORK/stdout")" "line 4: [alliance.stats.too_few_observations] column 'n': n 2.5 is not a whole number of at least 2"
contains "equivalence rows: text named" "$(sed -n 5p "$WORK/stdout")" "line 5, column 'm': value 'x' is not a finite number"
contains "equivalence rows: missing is partial" "$(sed -n 6p "$WORK/stdout")" "partial,missing s; nothing computed"

EQ_ARGS=(compare --equivalence --group-mean m --group-sd s --group-n n --mean 7 --sd 3)
usage "equivalence without delta" "--equivalence needs the range of closeness: --delta (score points) or --delta-sd" "${EQ_ARGS[@]}" --n 500 "$WORK/normcomp.csv"
usage "equivalence with both deltas" "--equivalence needs the range of closeness" "${EQ_ARGS[@]}" --n 500 --delta 1 --delta-sd 1 "$WORK/normcomp.csv"
usage "equivalence --delta 0" "delta is 0; the range of closeness must be greater than 0" "${EQ_ARGS[@]}" --n 500 --delta 0 "$WORK/normcomp.csv"
usage "equivalence --n 1" "--n expects a whole number of at least 2, not '1'" "${EQ_ARGS[@]}" --n 1 --delta 1 "$WORK/normcomp.csv"
usage "equivalence --alpha 1.5" "alpha is 1.5; it must lie in (0, 1)" "${EQ_ARGS[@]}" --n 500 --delta 1 --alpha 1.5 "$WORK/normcomp.csv"
usage "equivalence --sd 0" "normative group (--mean, --sd, --n) SD is 0" compare --equivalence --group-mean m --group-sd s --group-n n --mean 7 --sd 0 --n 500 --delta 1 "$WORK/normcomp.csv"
usage "equivalence without --group-n" "--group-n is required" compare --equivalence --group-mean m --group-sd s --mean 7 --sd 3 --n 500 --delta 1 "$WORK/normcomp.csv"
usage "equivalence: absent column" "the header lacks column sd" compare --equivalence --group-mean m --group-sd sd --group-n n --mean 7 --sd 3 --n 500 --delta 1 "$WORK/normcomp.csv"
usage "equivalence with --score" "--score is not used by --equivalence" "${EQ_ARGS[@]}" --n 500 --delta 1 --score m "$WORK/normcomp.csv"
usage "--welch without --equivalence" "--welch is for --equivalence; give --equivalence too" compare --score m --mean 7 --sd 3 --welch "$WORK/normcomp.csv"

# ---------------------------------------------------------------------------------------------
# compare --bayesian (BTD): the published examples to their printed digits, 1 000 000 draws.
printf 'case,score\ncg,30\nch,33\n' >"$WORK/cases.csv"
run compare --score score --mean 50 --sd 10 --n 15 --bayesian --draws 1000000 --id case "$WORK/cases.csv"
status "BTD: exit 0" 0
same "BTD: columns" "$(head -n 1 "$WORK/stdout")" \
  "case,z,t_score,percentile,p_one_tailed,p_two_tailed,percent_below,percent_below_lower,percent_below_upper,z_cc,z_cc_lower,z_cc_upper,mc_standard_error,status,message"
# Crawford & Garthwaite (2002): 3.7% below, 0.2% to 13.6%; Crawford & Howell (1998): 6.1% below.
same "BTD: C&G 2002 example 3.7 (0.2, 13.6)" "$(sed -n 2p "$WORK/stdout" | awk -F, '{printf "%.1f %.1f %.1f", $7, $8, $9}')" "3.7 0.2 13.6"
same "BTD: C&H 1998 example 6.1" "$(sed -n 3p "$WORK/stdout" | awk -F, '{printf "%.1f", $7}')" "6.1"

# compare --score-b (BSDT): Crawford & Garthwaite's program, quoted in singcar's tests
# (tests/testthat/test-BSDT.R): controls mean 0, SD 1, r 0.68, n 20 (rounded statistics of the
# listed scores), case -2 and -3: two-tailed p 0.27849; within 0.0015 at 1 000 000 draws.
printf 'case,a,b\nx,-2,-3\n' >"$WORK/two.csv"
BSDT=(compare --score a --score-b b --mean 0 --sd 1 --mean-b 0 --sd-b 1 --n 20 --correlation 0.68 --id case)
run "${BSDT[@]}" --draws 1000000 --seed 7 "$WORK/two.csv"
status "BSDT: exit 0" 0
same "BSDT: columns" "$(head -n 1 "$WORK/stdout")" \
  "case,z_a,z_b,btd_p_a,btd_p_b,z_dcc,p_one_tailed,p_two_tailed,percent_below,percent_below_lower,percent_below_upper,z_dcc_lower,z_dcc_upper,mc_standard_error,status,message"
same "BSDT: C&G program p 0.27849 within 0.0015" \
  "$(sed -n 2p "$WORK/stdout" | awk -F, '{d = $8 - 0.27849; if (d < 0) d = -d; print (d < 0.0015) ? "close" : "far " $8}')" "close"
same "BSDT: z_dcc = (z_a - z_b)/sqrt(2 - 2r) = 1/sqrt(0.64) = 1.25" "$(sed -n 2p "$WORK/stdout" | cut -d, -f2,3,6)" "-2,-3,1.25"
# Against the independent R Monte Carlo (stats-bayesian-single-case.csv, row 'singcar-example'):
# p_one_tailed within 5 combined standard errors.
BS="$REF/stats-bayesian-single-case.csv"
row=$(grep -v '^#' "$BS" | tail -n +2 | grep -n ',singcar-example,' | head -n 1 | cut -d: -f1)
printf 'case,a,b\ny,-3.857,-1.875\n' >"$WORK/example.csv"
run "${BSDT[@]}" --draws 400000 "$WORK/example.csv"
same "BSDT: singcar's example against R within 5 standard errors" \
  "$(sed -n 2p "$WORK/stdout" | awk -F, -v p="$(field "$BS" "$row" p_lower)" -v se="$(field "$BS" "$row" p_se)" \
     '{d = $7 - p; if (d < 0) d = -d; print (d <= 5 * sqrt(se * se + $14 * $14)) ? "within" : "outside " $7 " vs " p}')" "within"

# Reproducible per seed, independent of the other rows; another seed moves the Monte Carlo digits.
printf 'case,a,b\nx,-2,-3\ny,-3.857,-1.875\n' >"$WORK/both.csv"
printf 'case,a,b\ny,-3.857,-1.875\nx,-2,-3\n' >"$WORK/reversed.csv"
run "${BSDT[@]}" --draws 20000 --seed 11 "$WORK/both.csv"
first=$out
run "${BSDT[@]}" --draws 20000 --seed 11 "$WORK/both.csv"
same "BSDT: the same seed gives the same output" "$out" "$first"
run "${BSDT[@]}" --draws 20000 --seed 11 "$WORK/reversed.csv"
same "BSDT: a row's result does not depend on the row order" "$(sed -n 3p "$WORK/stdout")" "$(sed -n 2p <<<"$first")"
run "${BSDT[@]}" --draws 20000 --seed 12 "$WORK/both.csv"
contains "BSDT: another seed, another Monte Carlo estimate" "$( [ "$out" != "$first" ] && echo differs)" "differs"
run "${BSDT[@]}" --draws 20000 --prior calibrated --unstandardised "$WORK/both.csv"
status "BSDT --prior calibrated --unstandardised: exit 0" 0

BTD_ARGS=(compare --score a --mean 0 --sd 1)
usage "--bayesian without --n" "--bayesian compares with a control sample: give its size with --n" "${BTD_ARGS[@]}" --bayesian "$WORK/two.csv"
usage "--draws 99" "--draws expects a whole number from 100 to 100000000, not '99'" "${BTD_ARGS[@]}" --n 20 --bayesian --draws 99 "$WORK/two.csv"
usage "--seed -1" "--seed expects a whole number from 0 to 18446744073709551615, not '-1'" "${BTD_ARGS[@]}" --n 20 --bayesian --seed -1 "$WORK/two.csv"
usage "--draws without a Monte Carlo test" "--draws is for the Monte Carlo tests; give --bayesian or --score-b too" "${BTD_ARGS[@]}" --n 20 --draws 1000 "$WORK/two.csv"
usage "--correlation without --score-b" "--correlation is for the two-task test; give --score-b too" "${BTD_ARGS[@]}" --n 20 --correlation 0.5 "$WORK/two.csv"
usage "--score-b without --correlation" "--score-b needs --correlation" compare --score a --score-b b --mean 0 --sd 1 --mean-b 0 --sd-b 1 --n 20 "$WORK/two.csv"
usage "--score-b with r = 1" "correlation between the tasks is 1; the BSDT needs -1 < r < 1" "${BSDT[@]/0.68/1}" "$WORK/two.csv"
usage "--prior jeffreys" "--prior expects standard or calibrated, not 'jeffreys'" "${BSDT[@]}" --prior jeffreys "$WORK/two.csv"
usage "--prior calibrated with n 3" "needs n >= 4" compare --score a --score-b b --mean 0 --sd 1 --mean-b 0 --sd-b 1 --n 3 --correlation 0.5 --prior calibrated "$WORK/two.csv"
printf 'case,a,b\nx,-2,text\n' >"$WORK/bad.csv"
run "${BSDT[@]}" --draws 1000 "$WORK/bad.csv"
status "BSDT: a text score is an error row" 1
contains "BSDT: the error names line, column and value" "$(sed -n 2p "$WORK/stdout")" "line 2, column 'b': value 'text' is not a finite number"

# ---------------------------------------------------------------------------------------------
# change --method ha --cutoff a|b|c: CS_indiv and the categories against stats-ha-cs-indiv.csv
# (J&T 1991 Table 2, inputs of stats-rc-parameters.csv, critical value qnorm(0.95)).
PAR="$REF/stats-rc-parameters.csv"
HA="$REF/stats-ha-cs-indiv.csv"
value() { grep "^$1,$2," "$PAR" | cut -d, -f3; }
for measure in das gds; do
  pre_col=$(column "${measure}_pre" "$REF/stats-jt1991-table2.csv")
  post_col=$(column "${measure}_post" "$REF/stats-jt1991-table2.csv")
  grep -v '^#' "$REF/stats-jt1991-table2.csv" | cut -d, -f1,"$pre_col","$post_col" | grep -v ',NA' >"$WORK/$measure.csv"
  dir=--higher-is-better
  [ "$(value "$measure" direction)" = -1 ] && dir=--lower-is-better
  for cut in a b c; do
    for rule in jacobson-truax clinicalsignificance; do
      run change --pre "${measure}_pre" --post "${measure}_post" "$dir" --method ha \
        --mean "$(value "$measure" mean_pre)" --sd "$(value "$measure" sd_pre)" \
        --post-mean "$(value "$measure" mean_post)" --post-sd "$(value "$measure" sd_post)" \
        --reliability "$(value "$measure" reliability)" --prepost-correlation "$(value "$measure" retest_correlation)" \
        --critical-value "$(value "$measure" critical_one_sided)" --cutoff "$cut" \
        --clinical-mean "$(value "$measure" mean_pre)" --clinical-sd "$(value "$measure" sd_pre)" \
        --functional-mean "$(value "$measure" functional_mean)" --functional-sd "$(value "$measure" functional_sd)" \
        --recovery-rule "$rule" --id couple "$WORK/$measure.csv"
      status "change ha $measure $cut $rule: exit 0" 0
      category_field=10
      [ "$rule" = clinicalsignificance ] && category_field=11
      { echo "couple,rci,cutoff,cs_indiv,category"
        grep "^$measure,$cut," "$HA" | awk -F, -v c="$category_field" '{print $5 "," $8 "," $3 "," $9 "," $c}'; } >"$WORK/expected.csv"
      cut -d, -f1,4,8,9,10 "$WORK/stdout" >"$WORK/actual.csv"
      agree "change ha $measure cut-off $cut, $rule rule, against R (clinicalsignificance formulas)" "$WORK/expected.csv" "$WORK/actual.csv" 1
    done
  done
done
same "change ha: columns" "$(head -n 1 "$WORK/stdout")" \
  "couple,difference,standard_error,rci,critical_value,threshold,reliable_change,cutoff,cs_indiv,category,status,message"

# By hand (as in unit-stats-clinical-significance.cpp): clinical 20 (10), functional 40 (10),
# post 30 (10), rxx .75: c = 30 and CS_indiv(40) = sqrt(3) = 1.73205080756888. The boundary from
# both sides: --critical-value 1.7320508 (below) gives recovered, 1.7320509 (above) improved.
printf 'id,pre,post\nh,15,40\n' >"$WORK/ha-hand.csv"
HA_HAND=(change --pre pre --post post --higher-is-better --method ha --mean 20 --sd 10 --post-mean 30 --post-sd 10
  --reliability 0.75 --prepost-correlation 0.3 --cutoff c --clinical-mean 20 --clinical-sd 10 --functional-mean 40
  --functional-sd 10 --id id)
run "${HA_HAND[@]}" --critical-value 1.7320508 "$WORK/ha-hand.csv"
hand_cells() { sed -n 2p "$WORK/stdout" | awk -F, '{printf "%.12g,%.12g,%s", $8, $9, $10}'; }
same "change ha by hand: cut-off 30, CS_indiv sqrt(3), recovered just above the critical value" \
  "$(hand_cells)" "30,1.73205080757,recovered"
run "${HA_HAND[@]}" --critical-value 1.7320509 "$WORK/ha-hand.csv"
same "change ha by hand: just below the critical value, improved" "$(hand_cells)" "30,1.73205080757,improved"
usage "change ha --cutoff-value" "--method ha classifies with CS_indiv and its true-score cut-offs: give --cutoff a|b|c" \
  change --pre pre --post post --higher-is-better --method ha --mean 20 --sd 10 --post-mean 30 --post-sd 10 \
  --reliability 0.75 --prepost-correlation 0.3 --cutoff-value 30 "$WORK/ha-hand.csv"
usage "change ha: post SD below the SE" "post scores' SD 4 is not larger than the standard error of measurement 5" \
  change --pre pre --post post --higher-is-better --method ha --mean 20 --sd 10 --post-mean 30 --post-sd 4 \
  --reliability 0.75 --prepost-correlation 0.3 --cutoff c --clinical-mean 20 --clinical-sd 10 --functional-mean 40 \
  --functional-sd 10 "$WORK/ha-hand.csv"
usage "--recovery-rule without a cut-off" "--recovery-rule is for the categories: give a cut-off too" \
  change --pre pre --post post --higher-is-better --sd 10 --reliability 0.8 --recovery-rule clinicalsignificance "$WORK/ha-hand.csv"
usage "--recovery-rule unknown" "--recovery-rule expects jacobson-truax or clinicalsignificance, not 'strict'" \
  "${HA_HAND[@]}" --recovery-rule strict "$WORK/ha-hand.csv"

finish
