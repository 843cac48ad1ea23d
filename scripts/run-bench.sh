#!/usr/bin/env bash
# Runs every benchmark program of a build directory, one after the other.
set -euo pipefail
build=${1:-_build}
for bench in "$build"/tests/bench/bench-*; do
  [ -x "$bench" ] && [ -f "$bench" ] || continue
  echo "== $(basename "$bench")"
  "$bench"
  echo
done
