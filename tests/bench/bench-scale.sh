#!/usr/bin/env bash
# Issue 15's growth, end to end: for 80k, 250k and 1M generated Crunchbase-
# shaped rows (tests/bench/gen-deals-csv), a document made the way a user
# makes it (init, import FILE.csv, layout --save, export PNG), then the app
# opening it (bench-gui --document). Prints one line per step with wall and
# CPU seconds and peak memory, and ends with a table. Files are kept in
# ${DS_BENCH_DIR:-/tmp/dealscape-bench-scale} so a second run skips the
# generation. Usage: tests/bench/bench-scale.sh [BUILD_DIR] [ROWS...]
set -euo pipefail
build=${1:-_build}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(80000 250000 1000000)
dir=${DS_BENCH_DIR:-/tmp/dealscape-bench-scale}
cli="$build/app/cli/dealscape-cli"
gen="$build/tests/bench/gen-deals-csv"
gui="$build/tests/gui/bench-gui"
mkdir -p "$dir"
export XDG_DATA_HOME="$dir/xdg"

# step NAME COMMAND...: runs it, keeps "wall user+sys maxrss" in $dir/NAME.time
step () {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$dir/$name.time" "$@" > "$dir/$name.log" 2>&1 || {
    echo "bench-scale: $name failed:" >&2; tail -5 "$dir/$name.log" >&2; exit 1; }
  awk -v name="$name" '{ printf "%-22s %8.1f s wall %8.1f s CPU %7.0f MB peak\n", name, $1, $2 + $3, $4 / 1024 }' \
    "$dir/$name.time"
}

rows_label () { case $1 in 80000) echo 80k ;; 250000) echo 250k ;; 1000000) echo 1M ;; *) echo "$1" ;; esac; }

for rows in "${sizes[@]}"; do
  label=$(rows_label "$rows")
  csv="$dir/investments-$rows.csv"
  doc="$dir/doc-$rows.dealscape"
  echo "== $label rows"
  [ -s "$csv" ] || "$gen" --rows "$rows" -o "$csv" >/dev/null 2>&1
  rm -f "$doc" "$doc-wal" "$doc-shm" "$dir/sqlite-$rows.db"
  step "$label-sqlite3-import" sqlite3 "$dir/sqlite-$rows.db" ".mode csv" ".import $csv investments"
  "$cli" --db "$doc" init >/dev/null
  step "$label-import" "$cli" --db "$doc" import "$csv"
  step "$label-layout" "$cli" --db "$doc" layout --save --stats
  step "$label-export-png" "$cli" --db "$doc" export --view graph -o "$dir/graph-$rows.png"
  if [ -x "$gui" ] && command -v xvfb-run >/dev/null; then
    GSETTINGS_SCHEMA_DIR="$build/data" GSK_RENDERER=${GSK_RENDERER:-cairo} \
      xvfb-run -a -s '-screen 0 1600x1000x24' "$gui" --document "$doc" > "$dir/$label-app.log" 2>&1 || true
    grep -E "first frame|replayed|median|select|seek|resident" "$dir/$label-app.log" | sed 's/^/  app: /'
  fi
  grep -E "^stress" "$dir/$label-layout.log" | sed 's/^/  layout /'
  rm -f "$dir/sqlite-$rows.db"
done
