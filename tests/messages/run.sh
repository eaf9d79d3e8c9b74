#!/usr/bin/env bash
# The message test (tests/messages/compare_messages.py): the same bad input gives the same
# message text in the command line, Python and R. Needs the three front-ends built:
#   tests/messages/run.sh [CLI [PYTHON [R_LIB [--only ID,... --raw]]]]
# CLI: the alliance program (default build/dev/tools/alliance/alliance); PYTHON: a Python that
# can import alliance (default build/python-venv/bin/python, as bindings/python/run-tests.sh
# builds it); R_LIB: a library directory holding the installed R package (default build/r-lib,
# where bindings/r/run-tests.sh keeps the package its check installed). The environment
# variables ALLIANCE_CLI, ALLIANCE_PYTHON and ALLIANCE_R_LIB may name them instead. The last
# line is the summary; the exit status is 0 when every case gives the same message, 1 when any
# differs, 2 when a front-end is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

cli=${1:-${ALLIANCE_CLI:-build/dev/tools/alliance/alliance}}
python=${2:-${ALLIANCE_PYTHON:-build/python-venv/bin/python}}
r_lib=${3:-${ALLIANCE_R_LIB:-build/r-lib}}
for program in "$cli" "$python"; do
    [ -x "$program" ] || { echo "messages: no program $program (build it first; see the comment above)" >&2; exit 2; }
done
[ -f "$r_lib/alliance/DESCRIPTION" ] || { echo "messages: no R package alliance in $r_lib" >&2; exit 2; }
command -v Rscript >/dev/null || { echo "messages: Rscript is not installed" >&2; exit 2; }

exec "$python" tests/messages/compare_messages.py --cli "$cli" --python "$python" --r-lib "$r_lib" "${@:4}"
