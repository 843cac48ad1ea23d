#!/usr/bin/env bash
# Installs a configured build into a temporary DESTDIR and checks that every
# file a user, a desktop or a software centre looks for is in its place.
# Usage: check-install.sh BUILDDIR   (run by `meson test`, suite 'desktop')
set -euo pipefail

build=${1:?usage: check-install.sh BUILDDIR}
destdir=$(mktemp -d "${TMPDIR:-/tmp}/ds-install.XXXXXX")
trap 'rm -rf "$destdir"' EXIT

# meson test has built everything already; installing must not rebuild,
# since other tests of the same run are using the build directory.
meson install -C "$build" --destdir "$destdir" --no-rebuild --quiet

# The layout comes from the build's own options, not from assumptions.
eval "$(meson introspect "$build" --buildoptions | python3 -c '
import json, shlex, sys
opts = {o["name"]: o["value"] for o in json.load(sys.stdin)}
for key in ("prefix", "bindir", "datadir", "mandir", "gui"):
    print(f"{key}={shlex.quote(str(opts[key]))}")
')"
root=$destdir$prefix
case $bindir in /*) bin=$destdir$bindir ;; *) bin=$root/$bindir ;; esac
case $datadir in /*) share=$destdir$datadir ;; *) share=$root/$datadir ;; esac
case $mandir in /*) man=$destdir$mandir ;; *) man=$root/$mandir ;; esac

app_id=io.github.dealscape.Dealscape
expected=(
  "$bin/dealscape-cli"
  "$share/dealscape/landscape.json"
  "$man/man1/dealscape-cli.1"
)
# The app, its desktop integration and its man page come with the GUI only.
if [ "$gui" = True ]; then
  expected+=(
    "$bin/dealscape"
    "$share/applications/$app_id.desktop"
    "$share/metainfo/$app_id.metainfo.xml"
    "$share/glib-2.0/schemas/$app_id.gschema.xml"
    "$share/mime/packages/$app_id.xml"
    "$share/icons/hicolor/scalable/apps/$app_id.svg"
    "$share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
    "$man/man1/dealscape.1"
  )
fi

failed=0
for f in "${expected[@]}"; do
  if [ ! -s "$f" ]; then
    echo "missing or empty: ${f#"$destdir"}"
    failed=1
  fi
done
for f in "$bin/dealscape-cli" "$bin/dealscape"; do
  if [ -e "$f" ] && [ ! -x "$f" ]; then
    echo "not executable: ${f#"$destdir"}"
    failed=1
  fi
done

# Caches are the packager's job: under DESTDIR the post-install steps skip
# themselves, so the tree holds sources only (a compiled cache here would
# overwrite the system's one when the package is unpacked).
for f in "$share/glib-2.0/schemas/gschemas.compiled" \
  "$share/icons/hicolor/icon-theme.cache" \
  "$share/applications/mimeinfo.cache" \
  "$share/mime/mime.cache"; do
  if [ -e "$f" ]; then
    echo "cache written under DESTDIR: ${f#"$destdir"}"
    failed=1
  fi
done

# The installed CLI runs from its installed place.
if [ -x "$bin/dealscape-cli" ] && ! "$bin/dealscape-cli" --help >/dev/null; then
  echo "the installed dealscape-cli --help failed"
  failed=1
fi

if [ "$failed" = 0 ]; then
  echo "install tree complete: ${#expected[@]} files under ${root#"$destdir"}"
fi
exit "$failed"
