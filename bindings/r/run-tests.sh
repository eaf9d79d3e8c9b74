#!/usr/bin/env bash
# The R package's test run, as scripts/quickstart.sh test calls it: installs the Debian
# packages it needs (as root), builds the source tarball (which carries the library's headers:
# R CMD build dereferences src/include/alliance), and runs R CMD check --no-manual on it, with
# the testthat suite. Fails on any ERROR or WARNING; ends with testthat's summary line.
set -euo pipefail
cd "$(dirname "$0")"

packages=(r-base-dev r-cran-rcpp r-cran-testthat r-cran-psych r-cran-tibble r-cran-bit64 r-cran-dplyr r-cran-ggplot2 r-cran-haven
          r-cran-knitr r-cran-rmarkdown pandoc libboost-math-dev nlohmann-json3-dev)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "bindings/r: installing ${missing[*]}" >&2
    if [ "$(id -u)" -ne 0 ]; then
        echo "bindings/r: run as root, or install these Debian packages first" >&2
        exit 2
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
package_dir=$(pwd)
(cd "$work" && R CMD build --no-manual "$package_dir" >build.log 2>&1) || { cat "$work/build.log" >&2; exit 1; }
tarball=$(ls "$work"/alliance_*.tar.gz)
status=0
# The pictures' tests compare with the command line's, when it is built (the test command builds
# it first); without it they are skipped.
cli="$package_dir/../../build/dev/tools/alliance/alliance"
if [ -x "$cli" ]; then export ALLIANCE_CLI="$cli"; fi
(cd "$work" && _R_CHECK_FORCE_SUGGESTS_=true R CMD check --no-manual "$tarball" >check.log 2>&1) || status=$?
log="$work/check.log"
grep -E "^Status:|ERROR|WARNING|NOTE" "$log" || true
if [ "$status" -ne 0 ] || grep -qE "^\* .*\.\.\. (ERROR|WARNING)" "$log"; then
    cat "$log" >&2
    [ -f "$work/alliance.Rcheck/tests/testthat.Rout.fail" ] && tail -n 60 "$work/alliance.Rcheck/tests/testthat.Rout.fail" >&2
    exit 1
fi
# Keep the package the check installed, in build/r-lib, for tests/messages/run.sh (the same bad
# input gives the same message in the command line, Python and R).
rm -rf ../../build/r-lib/alliance
mkdir -p ../../build/r-lib
cp -R "$work/alliance.Rcheck/alliance" ../../build/r-lib/
# The NOTEs expected: the installed size, from the debugging information that Debian's R
# compiles with (-g), the library being small; and GNU make's $(wildcard) in src/Makevars, which
# makes the object depend on every header of the library (SystemRequirements: GNU make).
tr '\r' '\n' <"$work/alliance.Rcheck/tests/testthat.Rout" |
    grep -oE "\[ FAIL [0-9]+ \| WARN [0-9]+ \| SKIP [0-9]+ \| PASS [0-9]+ \]" | tail -n 1
