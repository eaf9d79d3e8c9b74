#!/usr/bin/env bash
# The Python package's tests, self-contained: installs the Debian packages it needs (as root),
# builds the package into a virtual environment that uses Debian's numpy, pandas and Dask
# (build/python-venv, --system-site-packages), and runs pytest. Its last line is pytest's summary.
# libreadstat-dev is optional to the package (read_spss needs it); installed here so that its tests run.
#   bindings/python/run-tests.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

packages=(python3 python3-venv python3-pip python3-setuptools python3-wheel python3-pybind11 pybind11-dev
          python3-numpy python3-pandas python3-pytest python3-dask python3-distributed
          g++ libboost-math-dev nlohmann-json3-dev libreadstat-dev)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "python tests: installing ${missing[*]}" >&2
    if [ "$(id -u)" -ne 0 ]; then
        echo "python tests: run as root, or install these Debian packages first" >&2
        exit 2
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

venv=build/python-venv
[ -x "$venv/bin/python" ] || /usr/bin/python3 -m venv --system-site-packages "$venv"
# setup.py declares every library header a dependency of the module: setuptools rebuilds it when
# _alliance.cpp or any header is newer than the last build, and reuses it otherwise.
"$venv/bin/python" -m pip install --quiet --no-build-isolation --no-deps --no-index ./bindings/python >&2
# From the repository root, so the installed package (not the source folder) is imported.
# pytest reports everything on standard output; standard error gets only what runs after it,
# e.g. Dask's local cluster reporting a slow shutdown on a loaded machine. That is shown only
# when the tests fail, and before pytest's report, so the output ends with its summary line.
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
status=0
"$venv/bin/python" -m pytest -q -p no:cacheprovider bindings/python/tests >"$out" 2>"$err" || status=$?
if [ "$status" -ne 0 ]; then cat "$err" >&2; fi
cat "$out"
exit "$status"
