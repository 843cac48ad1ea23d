#!/usr/bin/env bash
# Starts the app from the build tree on the default document (made from the
# bundled dataset on first start), with the build's compiled GSettings schema.
set -euo pipefail
build=${1:-_build}
shift || true
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "dealscape: no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set)." >&2
  echo "Use the headless tool instead, for example:" >&2
  echo "  $build/app/cli/dealscape-cli list entities" >&2
  echo "  $build/app/cli/dealscape-cli --help" >&2
  exit 1
fi
export GSETTINGS_SCHEMA_DIR="$build/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
exec "$build/app/gui/dealscape" "$@"
