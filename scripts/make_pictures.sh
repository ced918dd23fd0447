#!/bin/sh
# make_pictures.sh — regenerate the GIL pictures in docs/pictures/ from the
# examples, with the current build (the pictures are made by baton itself).
#   scripts/make_pictures.sh [BATON]      default: build/normal/baton
# Each example traces its interesting part with gil.trace_start(OUT) when
# given an output path; docs/gil.md shows the same commands.  Look at the
# results before committing them, e.g. with headless Chromium:
#   chromium --headless --no-sandbox --screenshot=x.png --window-size=1000,400 file://$PWD/docs/pictures/x.svg
set -eu
cd "$(dirname "$0")/.."
BATON=${1:-build/normal/baton}
[ -x "$BATON" ] || { echo "make_pictures.sh: no baton at $BATON (build it, or pass its path)" >&2; exit 1; }
mkdir -p docs/pictures
run() {  # run [--gil=POLICY] EXAMPLE PICTURE
    opt=
    case $1 in --gil=*) opt=$1; shift ;; esac
    echo "$BATON $opt examples/$1 docs/pictures/$2"
    "$BATON" $opt "examples/$1" "docs/pictures/$2" >/dev/null
}
run gil_pictures_threads.py cpu_threads.svg
run gil_pictures_io.py io_threads.svg
run convoy.py convoy.svg
run gil_pictures_processes.py threads_vs_processes.svg
run parallel_hashing.py parallel_hashing.svg
run gil_pictures_tasks.py threads_vs_tasks.svg
# The same two scripts under the other GIL policies (gil.md, "Policies").
for policy in old fair; do
    run --gil=$policy gil_pictures_threads.py cpu_threads_$policy.svg
    run --gil=$policy convoy.py convoy_$policy.svg
done
