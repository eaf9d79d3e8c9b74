#!/usr/bin/env bash
# `alliance score` on the bundled sample files against R's psych::scoreItems, computed by
# tests/reference/driver_samples_psych.R into tests/data/*_psych.csv (validation of each row
# done there too, independently of alliance). R is not needed to run this test.
#
# psych with impute = "none" gives the mean of the answered items and the sum of the answered
# items. So: with every scale allowed to prorate (--min-answered 0.01), alliance's mean must
# equal psych's wherever an item is answered, and its sum psych's total wherever every item is
# answered; with the instruments' own rule (all items required), a scale is complete exactly
# when every item is answered, with the same sum and mean.
. "$(dirname "$0")/lib.sh"
REF="$SOURCE_DIR/tests/data"

# compare NAME REFERENCE DRIVER_OUTPUT ITEMS_PER_SCALE MODE
compare() {
  local report
  report=$(awk -F, -v items="$4" -v mode="$5" '
    function bad(what) { printf "row %d (%s): %s\n", row, $1, what; problems++ }
    function close_enough(a, b) { d = a - b; if (d < 0) d = -d; s = b < 0 ? -b : b; return d <= 1e-12 * (s > 1 ? s : 1) }
    BEGIN { n = split(items, count, ",") }
    FNR == NR {
      if ($0 ~ /^#/ || $1 == "client") next
      ref_rows++
      ref[ref_rows] = $0
      next
    }
    FNR == 1 { next }
    {
      row++
      split(ref[row], r, ",")
      if (r[1] != $1 || r[2] != $2) { bad("rows out of order: reference " r[1] "," r[2]); next }
      status = $(3 + 4 * n)
      if (r[3] == "TRUE") { if (status != "error") bad("reference says invalid, driver says " status); next }
      if (status == "error") { bad("driver says error, reference says valid"); next }
      for (k = 0; k < n; k++) {
        sum = $(3 + 4 * k); mean = $(4 + 4 * k); answered = $(5 + 4 * k); scale_status = $(6 + 4 * k)
        ref_answered = r[4 + 3 * k]; ref_total = r[5 + 3 * k]; ref_mean = r[6 + 3 * k]
        if (answered != ref_answered) bad("scale " k + 1 " answered " answered " vs " ref_answered)
        complete = ref_answered == count[k + 1]
        if (complete) {
          if (scale_status != "complete") bad("scale " k + 1 " status " scale_status ", all items answered")
          if (!close_enough(sum, ref_total)) bad("scale " k + 1 " sum " sum " vs psych " ref_total)
          if (!close_enough(mean, ref_mean)) bad("scale " k + 1 " mean " mean " vs psych " ref_mean)
        } else if (mode == "prorate" && ref_mean != "NA") {
          if (scale_status != "prorated") bad("scale " k + 1 " status " scale_status ", expected prorated")
          if (!close_enough(mean, ref_mean)) bad("scale " k + 1 " mean " mean " vs psych " ref_mean)
          if (!close_enough(sum, ref_mean * count[k + 1])) bad("scale " k + 1 " prorated sum " sum)
        } else {
          if (scale_status != "insufficient" || sum != "" || mean != "") bad("scale " k + 1 " should be insufficient, is " scale_status " " sum)
        }
      }
    }
    END {
      if (row != ref_rows) { printf "driver rows %d, reference rows %d\n", row, ref_rows; problems++ }
      if (row == 0) { print "no rows compared"; problems++ }
      exit problems > 0
    }' "$2" "$3")
  local code=$?
  checks=$((checks + 1))
  [ "$code" -eq 0 ] && [ -z "$report" ] || { fail "$1"; printf '%s\n' "$report" >&2; }
}

run score --instrument wai-sr --id client --keep session -o "$WORK/wai.csv" "$DATA/wai_sr_sample.csv"
status "WAI-SR sample: exit 1 (it has invalid rows)" 1
compare "WAI-SR sample, the instrument's rule, against psych" "$REF/wai_sr_sample_psych.csv" "$WORK/wai.csv" 4,4,4,12 own
run score --instrument wai-sr --id client --keep session --min-answered 0.01 -o "$WORK/wai-prorated.csv" "$DATA/wai_sr_sample.csv"
compare "WAI-SR sample, prorating, against psych" "$REF/wai_sr_sample_psych.csv" "$WORK/wai-prorated.csv" 4,4,4,12 prorate

# SRS and ORS share one file; each is scored with its own --items pattern and joined by row.
for scale in srs ors; do
  run score --instrument "$scale" --items "${scale}_{}" --id client --keep session -q -o "$WORK/$scale.csv" "$DATA/srs_ors_sample.csv"
  run score --instrument "$scale" --items "${scale}_{}" --id client --keep session -q --min-answered 0.01 -o "$WORK/$scale-p.csv" "$DATA/srs_ors_sample.csv"
done
# A row is invalid for the reference when either instrument's lines are; the driver scores
# them apart, so build the joined table: an error in either is an error.
join_scales() {  # join_scales SRS_OUTPUT ORS_OUTPUT
  paste -d, <(cut -d, -f1-6 "$1") <(cut -d, -f3-6 "$2") <(cut -d, -f7 "$1") <(cut -d, -f7 "$2") |
    awk -F, 'BEGIN { OFS = "," } NR > 1 && ($11 == "error" || $12 == "error") { $11 = "error" } { NF = 11; print }'
}
join_scales "$WORK/srs.csv" "$WORK/ors.csv" >"$WORK/srs-ors.csv"
join_scales "$WORK/srs-p.csv" "$WORK/ors-p.csv" >"$WORK/srs-ors-p.csv"
compare "SRS/ORS sample, the instruments' rule, against psych" "$REF/srs_ors_sample_psych.csv" "$WORK/srs-ors.csv" 4,4 own
compare "SRS/ORS sample, prorating, against psych" "$REF/srs_ors_sample_psych.csv" "$WORK/srs-ors-p.csv" 4,4 prorate

finish
