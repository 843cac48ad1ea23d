#!/usr/bin/env bash
# Runs every benchmark program of a build directory, one after the other:
# tests/bench/bench-* and, under Xvfb when it is installed, the app's
# start-up, panning, zooming and edit timings (tests/gui/bench-gui).
# bench-stress-ceiling is an experiment of minutes, not a benchmark: it is
# run by hand (docs/layout.md, "The ceiling").
set -euo pipefail
build=${1:-_build}
for bench in "$build"/tests/bench/bench-*; do
  [ -x "$bench" ] && [ -f "$bench" ] || continue
  [ "$(basename "$bench")" = bench-stress-ceiling ] && continue
  echo "== $(basename "$bench")"
  "$bench"
  echo
done
# Issue 15: the 80k/250k/1M pipeline end to end (docs/scale.md).
if [ -x "$build/tests/bench/gen-deals-csv" ]; then
  echo "== bench-scale.sh"
  "$(dirname "$0")/../tests/bench/bench-scale.sh" "$build"
  echo
fi
# Issue 15's growth series: layout of the 80k, 250k and 1M-deal graphs.
if [ -x "$build/tests/bench/bench-layout" ]; then
  echo "== bench-layout --series"
  "$build/tests/bench/bench-layout" --series
  echo
fi
if [ -x "$build/tests/gui/bench-gui" ] && command -v xvfb-run >/dev/null; then
  echo "== bench-gui"
  GSETTINGS_SCHEMA_DIR="$build/data" GSK_RENDERER=${GSK_RENDERER:-cairo} \
    xvfb-run -a -s '-screen 0 1600x1000x24' "$build/tests/gui/bench-gui"
  # Issue 15: the app on a saved document of 1,000,000 deals among 400,000
  # entities (made once, about a minute, and kept in the temporary folder).
  echo "== bench-gui --million"
  GSETTINGS_SCHEMA_DIR="$build/data" GSK_RENDERER=${GSK_RENDERER:-cairo} \
    xvfb-run -a -s '-screen 0 1600x1000x24' "$build/tests/gui/bench-gui" --million
fi
