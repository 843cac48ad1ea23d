#!/usr/bin/env bash
# Builds the core, the CLI and their tests with AddressSanitizer and
# UndefinedBehaviorSanitizer (gcc) in _build-asan and runs the core suite
# there (core tests, CLI tests, fuzz corpus replays, crash safety). Called by
# scripts/run-tests.sh; its results count in the suite's final line.
set -uo pipefail
build=${ASAN_BUILD:-_build-asan}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ ! -f "$build/build.ninja" ]; then
  log=$(meson setup "$build" -Dgui=false -Db_sanitize=address,undefined -Db_lundef=false 2>&1) ||
    { echo "$log"; exit 1; }
fi
ninja -C "$build" >/dev/null || ninja -C "$build" || exit 1

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
meson test -C "$build" --suite core --print-errorlogs --num-processes 2 "$@"
