#!/bin/bash
# scripts/test.sh — the one test command (CI runs it through .ci/run).
#
# Installs missing dependencies, then builds and tests three configurations:
#   build/normal  release build
#   build/asan    AddressSanitizer + UBSan, debugoptimized
#   build/stress  a collection at every safepoint after each allocation
#   build/tsan    ThreadSanitizer, for the thread tests
# In each: the C unit tests, the script suite (scripts/run_tests.py) and the
# REPL test; then the fuzzer on normal and asan; allocation-failure
# injection on asan (scripts/fail_alloc.py); on normal, the HTML trace
# in headless Chromium (tests/html/); on tsan, the thread tests once per GIL
# policy (new, old, fair) and the process tests that mix threads and forks.  Every step prints an
# "N passed, N failed" line; the last line of this script is their sum.
# Exit status 1 if anything failed.  Logs: build/logs/.
#
# Knobs: JOBS (default nproc), FUZZ_SECONDS (default 120 on normal),
# FUZZ_ASAN_SECONDS (default 300: the sanitizers see what a crash-free run
# hides), FUZZ_SEED (default the clock: new cases every run; printed in the
# fuzz steps' lines and logs, `scripts/fuzz.py --seed S --case I` replays a
# failure), CONFIGS (default "normal asan stress").
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
deps_install || { echo "dependency installation failed"; echo "0 passed, 1 failed"; exit 1; }

JOBS=${JOBS:-$(nproc)}
FUZZ_SECONDS=${FUZZ_SECONDS:-120}
FUZZ_ASAN_SECONDS=${FUZZ_ASAN_SECONDS:-300}
FUZZ_SEED=${FUZZ_SEED:-$(date +%s)}
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
    if [ "$f" -ne 0 ]; then grep -E '^(FAIL|REFERENCE|[0-9]+ reference|.*: CHECK|.*: got)' "$log" | head -20 | sed 's/^/      /'; fi
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
    # The stress build skips tests marked 'baton: heavy' (every code point,
    # megabyte subjects): a collection after each allocation makes them hours.
    python3 scripts/run_tests.py --baton "$dir/baton" -j "$JOBS" --timeout "$timeout" \
        --cache build/expected-cache $([ "$name" = stress ] && echo --light) >"$log" 2>&1
    tally "$name scripts" "$log"
    log=build/logs/repl-$name.log
    timeout 300 python3 tests/repl/test_repl.py "$dir/baton" >"$log" 2>&1
    tally "$name repl" "$log"
}

# The HTML trace, opened, zoomed, panned and hovered in headless Chromium;
# its screenshots stay in build/logs/html/.
html() {
    local log=build/logs/html-trace.log
    timeout 600 python3 tests/html/test_trace_html.py build/normal/baton >"$log" 2>&1
    tally "html trace" "$log"
}

# fuzz NAME SECONDS: the mutation fuzzer, seed FUZZ_SEED (one per run of
# this script, the same for every build).
fuzz() {
    local name=$1 seconds=$2 log=build/logs/fuzz-$1.log
    python3 scripts/fuzz.py --baton "build/$name/baton" --seconds "$seconds" \
        --seed "$FUZZ_SEED" -j "$JOBS" --save "build/logs/fuzz-failures-$name" >"$log" 2>&1
    tally "$name fuzz (seed $FUZZ_SEED)" "$log"
}

# Races that only a slow collector showed, run again and again so they stay
# fixed (futures_thread.py: as_completed() lost a future that finished
# while its waiter was being installed, and hung in 2 runs of 12).
stress_loops() {
    local log=build/logs/stress-loops.log
    python3 scripts/run_tests.py --baton build/stress/baton -j "$JOBS" --timeout 120 \
        --cache build/expected-cache --repeat 30 process/futures_thread.py >"$log" 2>&1
    tally "stress loops" "$log"
}

# CPython's own test files (Debian's libpython3.11-testsuite) through its
# unittest: every test not in tests/cpython_known_failures.txt must pass.
cpython_tests() {
    local log=build/logs/cpython-tests.log
    python3 scripts/cpython_tests.py --baton build/normal/baton -j "$JOBS" --timeout 240 >"$log" 2>&1
    tally "cpython tests" "$log"
    grep -E '^(UNEXPECTED|NOW PASSES)' "$log" | head -20 | sed 's/^/      /'
}

# Allocation-failure injection (the asan build has -Dfail_alloc=true): a
# few representative scripts with the Nth allocation failing, for N over
# the whole run, once alone and once repeating: a MemoryError or the right
# output every time, never a crash or a sanitizer report.
fail_alloc() {
    local log=build/logs/fail-alloc.log
    # an asan build configured before the option existed gets it now
    { meson configure build/asan -Dfail_alloc=true && ninja -C build/asan; } >"$log" 2>&1
    { python3 scripts/fail_alloc.py --baton build/asan/baton --runs 60 &&
      python3 scripts/fail_alloc.py --baton build/asan/baton --runs 20 --every 97; } >>"$log" 2>&1
    tally "fail alloc" "$log"
}

for cfg in $CONFIGS; do
    case $cfg in
    normal)
        build normal --buildtype=release && { test_build normal 30; html; cpython_tests; fuzz normal "$FUZZ_SECONDS"; } ;;
    asan)
        build asan --buildtype=debugoptimized -Db_sanitize=address,undefined \
            -Db_lundef=false -Dfail_alloc=true && { test_build asan 120; fuzz asan "$FUZZ_ASAN_SECONDS"; fail_alloc; } ;;
    stress)
        build stress --buildtype=debugoptimized -Dstress_gc=true &&
            { test_build stress 300; stress_loops; } ;;
    esac
done

# ThreadSanitizer: the thread tests, where the GIL, locks, queues and the
# garbage collector's cross-thread stack scanning meet, once under each GIL
# policy (BATON_GIL), and the GIL tests.  Any report fails.
tsan() {
    local policy log
    for policy in new old fair; do
        log=build/logs/scripts-tsan-$policy.log
        BATON_GIL=$policy TSAN_OPTIONS="halt_on_error=1 exitcode=66" \
            python3 scripts/run_tests.py --baton build/tsan/baton -j "$JOBS" --timeout 180 \
            --cache build/expected-cache thread gil >"$log" 2>&1
        tally "tsan thread ($policy)" "$log"
    done
    # The process tests where threads and forks meet (feeder threads of
    # queues, Pool's and ProcessPoolExecutor's handler threads, forks while
    # a thread runs), once.  die_after_fork=0: a child forked while
    # threads ran may start threads of its own (a queue's feeder), which
    # TSan refuses by default; baton's fork leaves the child with one
    # thread and its locks reset.  Not queue_writer_killed.py: it has no
    # threads, and TSan does not follow a robust process-shared mutex whose
    # owner was SIGKILLed (its survivors stall).
    log=build/logs/scripts-tsan-process.log
    TSAN_OPTIONS="halt_on_error=1 exitcode=66 die_after_fork=0" \
        python3 scripts/run_tests.py --baton build/tsan/baton -j "$JOBS" --timeout 180 \
        --cache build/expected-cache $(for t in failure_kill failure_pool futures_process \
            keyboard_interrupt_exit nodeadlock_waits pickle_errors pickle_stdlib pool_basic \
            pool_inputs queue_basic queue_feeder queue_feeder_exit queue_stress; do
            echo "process/$t.py"; done) >"$log" 2>&1
    tally "tsan process" "$log"
}
case " $CONFIGS " in
*" tsan "*|*" normal asan stress "*)
    build tsan --buildtype=debugoptimized -Db_sanitize=thread && tsan ;;
esac

echo "== total after $(($(date +%s) - START))s"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
