#!/usr/bin/env bash
# How long the app takes to show something for a big document: from launch
# to the "Opening…" window (a document of 64 MiB or more is read on a
# worker behind it), and to the document's own window. Polls the X server
# with xdotool every 20 ms, so the times are within about 30 ms.
# Usage (under Xvfb, with xdotool and bc installed):
#   xvfb-run -a -s '-screen 0 1600x1000x24' tests/bench/open-time.sh BUILD_DIR DOCUMENT [RUNS]
set -euo pipefail
build=${1:?build directory}
doc=${2:?document}
runs=${3:-3}
export GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory
for run in $(seq "$runs"); do
  t0=$(date +%s.%N)
  "$build/app/gui/dealscape" "$doc" &
  pid=$!
  opening="" window=""
  for _ in $(seq 1 1500); do
    for id in $(xdotool search --onlyvisible --name "Dealscape" 2>/dev/null || true); do
      size=$(xdotool getwindowgeometry "$id" 2>/dev/null | awk '/Geometry/ {print $2}')
      now=$(date +%s.%N)
      # The "Opening…" window is 480x320 (ds-application.c); the document's is not.
      if [ -z "$opening" ] && [ "$size" = "480x320" ]; then opening=$(echo "$now - $t0" | bc); fi
      if [ -z "$window" ] && [ -n "$size" ] && [ "$size" != "480x320" ]; then window=$(echo "$now - $t0" | bc); fi
    done
    [ -n "$window" ] && break
    sleep 0.02
  done
  echo "run $run: opening window ${opening:-none} s, document window ${window:-none} s"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
done
