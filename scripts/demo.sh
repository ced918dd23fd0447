#!/bin/bash
# scripts/demo.sh — the README's first command: install what is missing,
# build baton (build/normal, release) and run the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
deps_install
[ -f build/normal/build.ninja ] || meson setup build/normal --buildtype=release >/dev/null
ninja -C build/normal >/dev/null
echo "$ build/normal/baton --timeline examples/threads_vs_processes.py"
build/normal/baton --timeline examples/threads_vs_processes.py
