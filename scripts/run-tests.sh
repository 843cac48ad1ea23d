#!/usr/bin/env bash
# Runs the whole test suite of a configured build directory and ends with the
# line "N passed, N failed, N skipped". GUI tests need a display: without one,
# the suite runs under xvfb-run.
set -uo pipefail
build=${1:-_build}
shift || true

runner=()
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  runner=(xvfb-run -a -s "-screen 0 1600x1000x24")
fi

"${runner[@]}" meson test -C "$build" --print-errorlogs --num-processes 2 "$@"
status=$?

# The core and CLI tests again under ASan and UBSan (DS_NO_SANITIZERS=1 skips).
logs=("$build/meson-logs/testlog.json")
if [ -z "${DS_NO_SANITIZERS:-}" ] && [ $# -eq 0 ]; then
  echo "== core and CLI tests under AddressSanitizer and UndefinedBehaviorSanitizer (_build-asan)"
  asan_build="$(cd "$(dirname "$0")/.." && pwd)/_build-asan"
  rm -f "$asan_build/meson-logs/testlog.json"
  ASAN_BUILD="$asan_build" "$(dirname "$0")/run-sanitizers.sh" || status=1
  logs+=("$asan_build/meson-logs/testlog.json")
fi

# meson writes one JSON object per test; count them rather than parse prose.
python3 - "${logs[@]}" <<'PY'
import json, sys
passed = failed = skipped = 0
for log in sys.argv[1:]:
    try:
        with open(log) as f:
            for line in f:
                r = json.loads(line).get("result")
                if r in ("OK", "EXPECTEDFAIL"):
                    passed += 1
                elif r == "SKIP":
                    skipped += 1
                else:
                    failed += 1
    except FileNotFoundError:
        failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
