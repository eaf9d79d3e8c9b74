#!/usr/bin/env bash
# SPSS (.sav, .zsav) and Stata (.dta) files read directly (tools/alliance/io/stat_input.hpp,
# through ReadStat). The fixtures in tests/data/stat_files/ were written by R's haven
# (make-stat-files.R) from wai_sr_wide.csv, its blanks made system-missing, SPSS user-missing
# (-99, 999, declared so) or Stata's .a. Scored from each file, every command gives exactly the
# output of the plain CSV, the rows named by case number where the CSV names lines ("case 6" for
# "line 7": the header is line 1). A file that cannot be read stops the run (exit 2, nothing
# written) with a message naming it. Built without ReadStat, the program says so and exits 2.
. "$(dirname "$0")/lib.sh"

D="$SOURCE_DIR/tests/data/stat_files"
PLAIN="$D/wai_sr_wide.csv"

# case_named : the CSV's row names as a statistics file's: "line 7" -> "case 6", "lines 7, 9
# and 12" -> "cases 6, 8 and 11".
case_named() {
  awk '{
    out = ""
    while (match($0, /lines? [0-9]+((, | and )[0-9]+)*/)) {
      m = substr($0, RSTART, RLENGTH); rest = substr($0, RSTART + RLENGTH)
      out = out substr($0, 1, RSTART - 1)
      sub(/^line/, "case", m)
      t = ""
      while (match(m, /[0-9]+/)) { t = t substr(m, 1, RSTART - 1) (substr(m, RSTART, RLENGTH) - 1); m = substr(m, RSTART + RLENGTH) }
      out = out t m
      $0 = rest
    }
    print out $0
  }'
}

# like_plain NAME FILE ARGS... : `alliance ARGS FILE` gives the output, standard error (the file's
# name aside) and exit status of `alliance ARGS wai_sr_wide.csv`, with rows named by case.
like_plain() {
  local name=$1 file=$2
  shift 2
  "$ALLIANCE" "$@" "$PLAIN" >"$WORK/plain.out" 2>"$WORK/plain.err"
  local plain_rc=$?
  run "$@" "$file"
  status "$name: exit status of the CSV" "$plain_rc"
  same "$name: output" "$out" "$(case_named <"$WORK/plain.out")"
  same "$name: standard error" "$err" "$(case_named <"$WORK/plain.err")"
}

run score --instrument wai-sr "$D/wai_sr_wide.sav"
case "$err" in
  *"built without ReadStat"*)
    status "without ReadStat: exit 2" 2
    contains "without ReadStat: the file is named" "$err" "cannot read '$D/wai_sr_wide.sav'"
    contains "without ReadStat: what to install" "$err" "libreadstat-dev"
    finish
    ;;
esac

# --- every file, every reading path: the plain file's output --------------------------------
for file in wai_sr_wide.sav wai_sr_wide.zsav wai_sr_wide.dta; do
  like_plain "score $file" "$D/$file" score --instrument wai-sr --id client --threads 1
  like_plain "score $file, kept columns, jsonl" "$D/$file" score --instrument wai-sr --id client \
    --keep therapist,session --format jsonl --threads 1
  # On two threads, in chunks of 13 bytes: every case still named by its number.
  ALLIANCE_CHUNK_BYTES=13 like_plain "score $file, 2 threads" "$D/$file" score --instrument wai-sr --id client \
    --keep therapist --threads 2
  like_plain "reliability $file" "$D/$file" reliability --instrument wai-sr
  like_plain "icc $file" "$D/$file" icc --raters item1,item2,item3
  like_plain "track $file" "$D/$file" track --instrument wai-sr --client client --session session \
    --higher-is-better
  like_plain "change $file" "$D/$file" change --pre item1 --post item2 --higher-is-better --sd 1 \
    --reliability 0.8 --id client --threads 1
  like_plain "compare $file" "$D/$file" compare --score item11 --mean 3 --sd 1 --n 40 --id client --threads 1
done

# The scores themselves, whatever names the rows: the CSV's, cell for cell (a check that does not
# go through case_named).
run score --instrument wai-sr --id client --format jsonl "$D/wai_sr_wide.sav"
sav_scores=$(printf '%s\n' "$out" | sed 's/,"message":.*}$/}/')
run score --instrument wai-sr --id client --format jsonl "$PLAIN"
same "score .sav: the scores of the CSV" "$sav_scores" "$(printf '%s\n' "$out" | sed 's/,"message":.*}$/}/')"
contains "score .sav: an invalid answer is an error row naming its case" "$sav_scores" '"status":"error"'

# User-missing values are missing whatever --missing lists: the empty field stays a missing code.
like_plain "score, --missing NA" "$D/wai_sr_wide.sav" score --instrument wai-sr --id client --missing ',NA'
run score --instrument wai-sr --id client --missing NA "$D/wai_sr_wide.sav"
status "score .sav --missing NA: exit 1 (the invalid answers)" 1
same "score .sav --missing NA: the user-missing cells are still missing" \
  "$(printf '%s\n' "$out" | grep -c ',error,')" 3

# -o FILE and a case-insensitive extension.
cp "$D/wai_sr_wide.sav" "$WORK/UPPER.SAV"
run score --instrument wai-sr --id client -q -o "$WORK/scored.csv" "$WORK/UPPER.SAV"
status "score .SAV -o: exit 1" 1
"$ALLIANCE" score --instrument wai-sr --id client -q "$PLAIN" | case_named >"$WORK/expected.csv"
same "score .SAV -o: the file holds the scores" "$(cat "$WORK/scored.csv")" "$(cat "$WORK/expected.csv")"

# --- files that cannot be read: exit 2, nothing written, the file named ---------------------
bad() {  # bad NAME NEEDLE FILE [ARGS...]
  local name=$1 needle=$2 file=$3
  shift 3
  run score --instrument wai-sr --id client "$@" "$file"
  status "$name: exit 2" 2
  same "$name: nothing on standard output" "$out" ""
  contains "$name: the file is named" "$err" "'$file'"
  contains "$name: why" "$err" "$needle"
}
size=$(wc -c <"$D/wai_sr_wide.sav")
head -c $((size / 2)) "$D/wai_sr_wide.sav" >"$WORK/half.sav"
bad "truncated .sav (first half)" "is it cut short?" "$WORK/half.sav"
contains "truncated .sav: ReadStat's reason" "$err" "[alliance.stat_file.malformed] cannot read '$WORK/half.sav' as an SPSS system file (.sav): Unable to read from file"
head -c $((size - 3)) "$D/wai_sr_wide.sav" >"$WORK/last-case.sav"
bad "truncated .sav (in its last case)" "alliance.stat_file.malformed" "$WORK/last-case.sav"
size=$(wc -c <"$D/wai_sr_wide.dta")
head -c $((size / 2)) "$D/wai_sr_wide.dta" >"$WORK/half.dta"
bad "truncated .dta" "as a Stata file (.dta)" "$WORK/half.dta"
size=$(wc -c <"$D/wai_sr_wide.zsav")
head -c $((size / 2)) "$D/wai_sr_wide.zsav" >"$WORK/half.zsav"
bad "truncated .zsav" "alliance.stat_file.malformed" "$WORK/half.zsav"
cp "$PLAIN" "$WORK/plain.sav"
bad "a CSV named .sav" "Invalid file, or file has unsupported features" "$WORK/plain.sav"
cp "$D/wai_sr_wide.sav" "$WORK/spss.dta"
bad "an SPSS file named .dta" "as a Stata file (.dta)" "$WORK/spss.dta"
: >"$WORK/empty.por"
bad "an empty .por" "the file is empty" "$WORK/empty.por"
bad "an absent .sav" "No such file or directory" "$WORK/absent.sav"
mkdir "$WORK/folder.dta"
bad "a directory named .dta" "it is a directory" "$WORK/folder.dta"
for command in reliability icc track; do
  case $command in
    reliability) args=(reliability --instrument wai-sr) ;;
    icc) args=(icc --raters item1,item2) ;;
    track) args=(track --instrument wai-sr --client client --session session --higher-is-better) ;;
  esac
  run "${args[@]}" "$WORK/half.sav"
  status "$command, truncated .sav: exit 2" 2
  contains "$command, truncated .sav: the file is named" "$err" "'$WORK/half.sav'"
done

# CSV options that have no meaning for such a file are refused (usage error).
usage "--delimiter with a .sav" "--delimiter and --decimal-comma are for CSV input" \
  score --instrument wai-sr --delimiter ';' "$D/wai_sr_wide.sav"
usage "--decimal-comma with a .dta" "is an SPSS or Stata file" \
  score --instrument wai-sr --delimiter ';' --decimal-comma "$D/wai_sr_wide.dta"
usage "an empty not-applicable code with a .sav" "an empty code cannot mean" \
  score --instrument wai-sr --missing NA --not-applicable ',9' "$D/wai_sr_wide.sav"

finish
