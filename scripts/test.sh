#!/bin/bash
# scripts/test.sh — the one test command (CI runs it through .ci/run).
#
# Installs missing dependencies, then builds and tests three configurations:
#   build/normal  release build
#   build/asan    AddressSanitizer + UBSan, debugoptimized
#   build/stress  a collection at every safepoint after each allocation
#   build/tsan    ThreadSanitizer, for the thread tests
# In each: the C unit tests, the script suite (scripts/run_tests.py) and the
# REPL test; then the fuzzer on normal and asan.  Every step prints an
# "N passed, N failed" line; the last line of this script is their sum.
# Exit status 1 if anything failed.  Logs: build/logs/.
#
# Knobs: JOBS (default nproc), FUZZ_SECONDS (default 120 per build),
# CONFIGS (default "normal asan stress").
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
deps_install || { echo "dependency installation failed"; echo "0 passed, 1 failed"; exit 1; }

JOBS=${JOBS:-$(nproc)}
FUZZ_SECONDS=${FUZZ_SECONDS:-120}
CONFIGS=${CONFIGS:-normal asan stress}
export ASAN_OPTIONS=detect_leaks=0:detect_stack_use_after_return=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
mkdir -p build/logs
PASSED=0
FAILED=0
START=$(date +%s)

# tally NAME LOG: add the step's "N passed, N failed" lines (all of them:
# a log may hold several) to the totals; a step that printed none failed.
tally() {
    local name=$1 log=$2 p f
    read -r p f < <(grep -oE '[0-9]+ passed, [0-9]+ failed' "$log" |
        awk '{p += $1; f += $3; n++} END {if (n) print p, f; else print "x x"}')
    if [ "$p" = x ]; then
        echo "  $name: no summary (crashed?), counted as 1 failure"
        p=0 f=1
    fi
    PASSED=$((PASSED + p))
    FAILED=$((FAILED + f))
    printf '  %-22s %s passed, %s failed   (%ds so far)\n' "$name" "$p" "$f" $(($(date +%s) - START))
    if [ "$f" -ne 0 ]; then grep -E '^(FAIL|.*: CHECK|.*: got)' "$log" | head -20 | sed 's/^/      /'; fi
}

# build NAME MESON-OPTIONS...: configure (once) and compile.
build() {
    local name=$1; shift
    local dir=build/$name log=build/logs/build-$name.log
    echo "== $name: building"
    if { [ -f "$dir/build.ninja" ] || meson setup "$dir" "$@"; } >"$log" 2>&1 &&
        ninja -C "$dir" >>"$log" 2>&1; then
        return 0
    fi
    tail -30 "$log"
    echo "  build $name failed (see $log)"
    FAILED=$((FAILED + 1))
    return 1
}

# test_build NAME TIMEOUT: unit tests, script suite, REPL test.
test_build() {
    local name=$1 timeout=$2 dir=build/$1 log
    log=build/logs/unit-$name.log
    : >"$log"
    for t in "$dir"/tests/unit_*; do
        [ -f "$t" ] && [ -x "$t" ] || continue
        timeout 300 "$t" >>"$log" 2>&1 || echo "$(basename "$t"): exited with $?" >>"$log"
    done
    tally "$name unit" "$log"
    log=build/logs/scripts-$name.log
    python3 scripts/run_tests.py --baton "$dir/baton" -j "$JOBS" --timeout "$timeout" \
        --cache build/expected-cache >"$log" 2>&1
    tally "$name scripts" "$log"
    log=build/logs/repl-$name.log
    timeout 300 python3 tests/repl/test_repl.py "$dir/baton" >"$log" 2>&1
    tally "$name repl" "$log"
}

fuzz() {
    local name=$1 log=build/logs/fuzz-$1.log
    python3 scripts/fuzz.py --baton "build/$name/baton" --seconds "$FUZZ_SECONDS" \
        --seed 1 -j "$JOBS" --save "build/logs/fuzz-failures-$name" >"$log" 2>&1
    tally "$name fuzz" "$log"
}

for cfg in $CONFIGS; do
    case $cfg in
    normal)
        build normal --buildtype=release && { test_build normal 30; fuzz normal; } ;;
    asan)
        build asan --buildtype=debugoptimized -Db_sanitize=address,undefined \
            -Db_lundef=false && { test_build asan 120; fuzz asan; } ;;
    stress)
        build stress --buildtype=debugoptimized -Dstress_gc=true &&
            test_build stress 300 ;;
    esac
done

# ThreadSanitizer: the thread tests, where the GIL, locks, queues and the
# garbage collector's cross-thread stack scanning meet.  Any report fails.
tsan() {
    local log=build/logs/scripts-tsan.log
    TSAN_OPTIONS="halt_on_error=1 exitcode=66" \
        python3 scripts/run_tests.py --baton build/tsan/baton -j "$JOBS" --timeout 180 \
        --cache build/expected-cache thread >"$log" 2>&1
    tally "tsan thread" "$log"
}
case " $CONFIGS " in
*" tsan "*|*" normal asan stress "*)
    build tsan --buildtype=debugoptimized -Db_sanitize=thread && tsan ;;
esac

echo "== total after $(($(date +%s) - START))s"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
