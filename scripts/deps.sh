#!/bin/bash
# scripts/deps.sh — install what building and testing baton needs, on a
# Debian/Ubuntu machine, only if something is missing.  Sourced by demo.sh
# and test.sh; safe to run on its own.
deps_install() {
    local missing=() sudo=""
    command -v cc >/dev/null 2>&1 || missing+=(build-essential)
    command -v meson >/dev/null 2>&1 || missing+=(meson)
    command -v ninja >/dev/null 2>&1 || missing+=(ninja-build)
    command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
    command -v python3 >/dev/null 2>&1 || missing+=(python3)
    command -v tmux >/dev/null 2>&1 || missing+=(tmux)
    pkg-config --exists gmp 2>/dev/null || [ -f /usr/include/gmp.h ] ||
        [ -f /usr/include/x86_64-linux-gnu/gmp.h ] || missing+=(libgmp-dev)
    pkg-config --exists libedit 2>/dev/null || missing+=(libedit-dev)
    [ -f /usr/share/unicode/UnicodeData.txt ] || missing+=(unicode-data)
    pkg-config --exists zlib 2>/dev/null || missing+=(zlib1g-dev)
    pkg-config --exists libcrypto 2>/dev/null || missing+=(libssl-dev)
    [ -f /usr/include/bzlib.h ] || missing+=(libbz2-dev)
    pkg-config --exists liblzma 2>/dev/null || missing+=(liblzma-dev)
    pkg-config --exists expat 2>/dev/null || missing+=(libexpat1-dev)
    # CPython 3.11's own pure-Python library, which baton runs unmodified
    [ -f /usr/lib/python3.11/os.py ] || missing+=(libpython3.11-stdlib)
    # CPython's own test files (scripts/cpython_tests.py)
    [ -f /usr/lib/python3.11/test/test_json/__init__.py ] || missing+=(libpython3.11-testsuite)
    # the HTML trace test (headless) and looking at the SVG pictures
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    command -v rsvg-convert >/dev/null 2>&1 || missing+=(librsvg2-bin)
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "installing: ${missing[*]}"
    $sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive \
        $sudo apt-get install -y -q "${missing[@]}"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    deps_install
fi
