#!/usr/bin/env bash
# Installs the Debian packages Dealscape needs to build, run and test.
# As root it runs apt-get (with an update when the package lists are stale or
# empty); as anyone else it prints the one command to run and fails.
set -euo pipefail

# Build: compiler, meson, the libraries of DESIGN.md.
build_pkgs=(gcc pkgconf meson ninja-build gettext libglib2.0-bin libglib2.0-dev
  libgtk-4-dev libadwaita-1-dev libsqlite3-dev libcairo2-dev
  libpango1.0-dev desktop-file-utils appstream
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev)
# Tests: a display server for GUI tests, real validators and readers.
test_pkgs=(xvfb xauth sqlite3 poppler-utils libxml2-utils imagemagick librsvg2-bin
  shared-mime-info python3 fonts-dejavu-core locales libjson-glib-dev
  graphviz python3-networkx python3-igraph
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly
  gstreamer1.0-libav gstreamer1.0-tools gstreamer1.0-plugins-base-apps)

case "${1:-build}" in
  build) want=("${build_pkgs[@]}") ;;
  test) want=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
  bench) want=("${build_pkgs[@]}" "${test_pkgs[@]}" graphviz libigraph-dev hyperfine time) ;;
  *) echo "usage: $0 build|test|bench" >&2; exit 2 ;;
esac

missing=()
for pkg in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Dealscape needs these Debian packages: ${missing[*]}" >&2
  echo "Install them with:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists; an old list may name vanished files.
if [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v -e lock -e partial)" ]; then
  apt-get update -qq
fi
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
