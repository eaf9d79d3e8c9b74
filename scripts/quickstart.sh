#!/usr/bin/env bash
# One entry point for people and CI. Installs what is missing (Debian 12, as root), then:
#   scripts/quickstart.sh demo   build (release) and score the bundled sample data
#   scripts/quickstart.sh test   build (g++, warnings as errors) and run the whole test suite,
#                                then the Python and R packages' tests, then the messages of the
#                                three front-ends compared (tests/messages/run.sh)
#   scripts/quickstart.sh asan   the same under clang++ with AddressSanitizer + UBSan
#   scripts/quickstart.sh fuzz   build the libFuzzer targets and run each for FUZZ_SECONDS (60)
#   scripts/quickstart.sh bench  build (release) and run the benchmarks
set -euo pipefail
cd "$(dirname "$0")/.."

install_missing() {
    local missing=() package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$package")
    done
    if ((${#missing[@]})); then
        echo "quickstart: installing ${missing[*]}" >&2
        if [ "$(id -u)" -ne 0 ]; then
            echo "quickstart: run as root, or install these Debian packages first" >&2
            exit 2
        fi
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

# libreadstat-dev: SPSS and Stata input (optional to the build; installed here so that every run has it).
base_packages=(cmake ninja-build g++ doctest-dev libboost-math-dev libbenchmark-dev nlohmann-json3-dev librsvg2-bin
    libreadstat-dev)
clang_packages=(clang libclang-rt-14-dev)

run_demo() {
    cmake --preset release >/dev/null
    cmake --build --preset release --target alliance_driver >&2
    # The sample holds a few invalid answers on purpose: those rows come out as `error` rows
    # naming line, column and value, and alliance exits 1 (0 = every row scored). Both are a
    # successful demo; anything else is a failure.
    local status=0
    build/release/tools/alliance/alliance score --instrument wai-sr --id client \
        examples/data/wai_sr_sample.csv || status=$?
    if [ "$status" -gt 1 ]; then exit "$status"; fi
    echo "quickstart: scored examples/data/wai_sr_sample.csv (exit status $status: $([ "$status" -eq 0 ] && echo 'every row scored' || echo 'some rows are error rows, as intended'))" >&2
}

case "${1:-}" in
    demo) install_missing "${base_packages[@]}"; run_demo ;;
    test)
        install_missing "${base_packages[@]}"
        cmake --workflow --preset dev
        bindings/python/run-tests.sh
        bindings/r/run-tests.sh
        # The same bad input, the same message in the command line, Python and R (the three
        # front-ends the steps above built).
        tests/messages/run.sh
        ;;
    asan) install_missing "${base_packages[@]}" "${clang_packages[@]}"; cmake --workflow --preset asan ;;
    fuzz)
        install_missing "${base_packages[@]}" "${clang_packages[@]}"
        if [ -x scripts/run-fuzzers.sh ]; then scripts/run-fuzzers.sh; else echo "no fuzzers yet" >&2; fi
        ;;
    bench)
        install_missing "${base_packages[@]}"
        cmake --preset release >/dev/null
        cmake --build --preset release
        for program in build/release/bench/bench_*; do "$program"; done
        ;;
    *)
        sed -n '2,8p' "$0" >&2
        exit 2
        ;;
esac
