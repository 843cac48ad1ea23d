#!/usr/bin/env bash
# Builds the app, the CLI and their tests with AddressSanitizer and
# UndefinedBehaviorSanitizer (gcc) in _build-asan and runs the core suite
# there (core tests, CLI tests, fuzz corpus replays, crash safety) and the GUI
# test (the canvas's worker threads, the dialogs). Called by
# scripts/run-tests.sh; its results count in the suite's final line.
set -uo pipefail
build=${ASAN_BUILD:-_build-asan}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ ! -f "$build/build.ninja" ]; then
  log=$(meson setup "$build" -Db_sanitize=address,undefined -Db_lundef=false 2>&1) ||
    { echo "$log"; exit 1; }
elif [ "$(meson introspect --buildoptions "$build" 2>/dev/null |
         python3 -c 'import json, sys; print([o["value"] for o in json.load(sys.stdin) if o["name"] == "gui"][0])' \
         2>/dev/null)" = "False" ]; then
  # A folder from before the GUI was checked here.
  meson configure "$build" -Dgui=true >/dev/null || exit 1
fi
ninja -C "$build" >/dev/null || ninja -C "$build" || exit 1

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
meson test -C "$build" --suite core --suite gui --print-errorlogs --num-processes 2 "$@"
