#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang, ASan and UBSan in
# _build-fuzz and runs each for FUZZ_SECONDS (default 60), one at a time.
# New inputs go to _build-fuzz/fuzz-corpus/<target> (the seed corpus in the
# tree is only read); crashing inputs are kept in _build-fuzz/fuzz-crashes/:
# fix the bug, then copy the input into tests/fuzz/corpus/<target>/ so it
# replays in `make test`.
# Usage: scripts/fuzz.sh [target...]   (targets: json dataset document scenario ...)
set -uo pipefail
build=${FUZZ_BUILD:-_build-fuzz}
seconds=${FUZZ_SECONDS:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if ! command -v clang >/dev/null; then
  echo "fuzz: clang is missing; as root: apt-get install clang libclang-rt-14-dev" >&2
  exit 1
fi
if [ ! -f "$build/build.ninja" ]; then
  # fuzzer-no-link: coverage of the whole library, not just the targets.
  CC=clang meson setup "$build" -Dgui=false -Dfuzzing=true \
    -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args=-fsanitize=fuzzer-no-link || exit 1
fi
# Only the fuzz targets: the rest of the tree is not needed here.
fuzz_exes=$(cd tests/fuzz && ls fuzz-*.c | sed 's|^|tests/fuzz/|; s|\.c$||')
ninja -C "$build" $fuzz_exes || exit 1

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=($(cd tests/fuzz && ls fuzz-*.c | sed 's/^fuzz-//; s/\.c$//'))
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export G_DEBUG=fatal-criticals
status=0
for t in "${targets[@]}"; do
  exe="$build/tests/fuzz/fuzz-$t"
  if [ ! -x "$exe" ]; then
    echo "fuzz: no target $t ($exe)" >&2
    status=1
    continue
  fi
  work="$build/fuzz-corpus/$t"
  crashes="$build/fuzz-crashes/$t"
  mkdir -p "$work" "$crashes"
  dict=()
  [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
  echo "== fuzz-$t for ${seconds}s"
  # -timeout: an input that takes over 10 s is reported as a hang.
  "$exe" "$work" "tests/fuzz/corpus/$t" "${dict[@]}" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$crashes/" -print_final_stats=1 2>&1 |
    grep -v -e '# Uses:' -e '^"' | tail -n 40
  if [ "${PIPESTATUS[0]}" -ne 0 ]; then
    echo "fuzz-$t: FOUND A PROBLEM; inputs in $crashes/"
    status=1
  fi
done
exit $status
