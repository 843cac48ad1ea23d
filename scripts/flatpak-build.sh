#!/usr/bin/env bash
# Builds, installs, bundles and runs the Dealscape Flatpak without Flathub.
#
# Flathub's GNOME runtime cannot be downloaded here, so this makes a stand-in
# runtime and SDK from Debian packages (trixie: GTK 4.18, libadwaita 1.7,
# GLib 2.84, the closest Debian has to the GNOME runtime), exports them to a
# local OSTree repository, builds flatpak/io.github.dealscape.Dealscape.json
# against them with flatpak-builder, installs the app for the user, writes a
# .flatpak bundle and starts the installed app under Xvfb. It fails if any step
# fails, if the app is not running a few seconds after it started, or if its
# screenshot is blank. See docs/flatpak.md.
#
# Every file it writes lives under one work folder, $DS_FLATPAK_WORK
# (default: _flatpak/ in the repository, which git ignores): HOME, the caches,
# the Flatpak user installation, the Debian tree, the OSTree repository and the
# build directories. The Debian tree is reused while its package list is
# unchanged, so a second run only rebuilds the app.
#
# Environment: DS_FLATPAK_WORK (the work folder), DS_FLATPAK_TIMEOUT (seconds
# the window has to draw, default 60), DS_FLATPAK_BUILDER_ARGS (more options
# for flatpak-builder, for example --keep-build-dirs).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${DS_FLATPAK_WORK:-$root/_flatpak}
mkdir -p "$work"
work=$(cd "$work" && pwd)

app_id=io.github.dealscape.Dealscape
manifest=$root/flatpak/$app_id.json
suite=trixie
# Neutral names: this is not org.gnome.Platform, and says so.
platform_id=org.dealscape.LocalPlatform
sdk_id=org.dealscape.LocalSdk
branch=1
remote=dealscape-local

# The code may assume at least Debian 12's versions (as in meson.build).
floor_glib=2_74 floor_gdk=4_8 floor_adw=1_2

# The Debian packages of the stand-in runtime and SDK (one tree serves both).
runtime_pkgs=(
  libgtk-4-dev libgtk-4-bin libadwaita-1-dev libjson-glib-dev libsqlite3-dev
  libcairo2-dev libpango1.0-dev libglib2.0-bin libglib2.0-dev-bin
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev
  gcc libc6-dev meson ninja-build pkgconf gettext elfutils
  fonts-dejavu-core fontconfig shared-mime-info gsettings-desktop-schemas
  adwaita-icon-theme hicolor-icon-theme librsvg2-common
  appstream-util desktop-file-utils
)
# Manual pages, documentation and translations of the tree are not needed to
# build or run the app, and are half of its size.
dpkg_excludes=('/usr/share/man/*' '/usr/share/doc/*' '/usr/share/locale/*' '/usr/share/info/*')

host_tools=(flatpak flatpak-builder bwrap mmdebstrap ostree dbus-run-session jq
  xvfb-run xauth import convert)
host_pkgs=(flatpak flatpak-builder bubblewrap mmdebstrap ostree dbus jq xvfb xauth
  imagemagick)

t_start=$SECONDS
step() { printf '\n== %s (%ds)\n' "$*" $((SECONDS - t_start)); }
die() { printf 'flatpak-build: %s\n' "$*" >&2; exit 1; }

# --- Host tools --------------------------------------------------------------
# Seen once on a build machine: /dev/null replaced by a regular file, after
# which apt inside mmdebstrap fails with a misleading "gpgv ... not installed".
[ -c /dev/null ] || die "/dev/null is not a character device; as root: rm -f /dev/null && mknod -m 666 /dev/null c 1 3"
missing=()
for tool in "${host_tools[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "flatpak-build: missing tools: ${missing[*]}" >&2
    echo "Install them with:" >&2
    echo "  sudo apt-get install -y ${host_pkgs[*]}" >&2
    exit 1
  fi
  step "Installing ${host_pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "${host_pkgs[@]}" ||
    { apt-get update -qq && apt-get install -y -qq "${host_pkgs[@]}"; }
fi

# --- Everything under the work folder ----------------------------------------
export HOME=$work/home
export XDG_CACHE_HOME=$work/cache
export XDG_CONFIG_HOME=$work/home/.config
export XDG_DATA_HOME=$work/home/.local/share
export XDG_RUNTIME_DIR=$work/xdg-runtime
export FLATPAK_USER_DIR=$work/flatpak-user
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS
mkdir -p "$HOME" "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" \
  "$XDG_RUNTIME_DIR" "$FLATPAK_USER_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
arch=$(flatpak --default-arch)

# --- Debian mirror from the machine's own apt sources -------------------------
# The archive URIs of the deb822 .sources files, then of the one-line .list
# files, without the security archive; one that ends in /debian (the archive's
# usual root) wins over third-party repositories listed before it.
debian_mirror() {
  local f candidates=()
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    candidates+=($(awk 'tolower($1) == "uris:" { for (i = 2; i <= NF; i++) print $i }' "$f"))
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    candidates+=($(sed -e 's/\[[^]]*\]//' "$f" | awk '$1 == "deb" { print $2 }'))
  done
  printf '%s\n' "${candidates[@]}" | awk '
    tolower($0) !~ /security/ {
      if (first == "") first = $0
      if (archive == "" && $0 ~ /\/debian\/?$/) archive = $0
    }
    END { print (archive != "" ? archive : first) }'
}
mirror=$(debian_mirror)
[ -n "$mirror" ] || die "no Debian archive found in /etc/apt/sources.list{,.d/}; add one or set up apt first"

# --- The Debian tree, cached by its package list -------------------------------
rootfs=$work/rootfs
tree_hash=$(printf '%s\n' "$suite" "${runtime_pkgs[@]}" "${dpkg_excludes[@]}" | sha256sum | cut -c1-16)
if [ -f "$rootfs.hash" ] && [ "$(cat "$rootfs.hash")" = "$tree_hash" ] && [ -d "$rootfs/usr" ]; then
  step "Debian $suite tree: cached ($tree_hash)"
else
  step "Debian $suite tree: mmdebstrap from $mirror"
  rm -rf "$rootfs" "$rootfs.tmp" "$rootfs.hash"
  excludes=()
  for p in "${dpkg_excludes[@]}"; do excludes+=("--dpkgopt=path-exclude=$p"); done
  include=$(IFS=,; echo "${runtime_pkgs[*]}")
  # The log holds apt's long output; its end is shown when something fails.
  if ! mmdebstrap --variant=essential --include="$include" "${excludes[@]}" \
    --aptopt='Acquire::Retries "5"' "$suite" "$rootfs.tmp" "$mirror" \
    >"$work/mmdebstrap.log" 2>&1; then
    tail -n 40 "$work/mmdebstrap.log" >&2
    die "mmdebstrap failed (full log: $work/mmdebstrap.log)"
  fi
  mv "$rootfs.tmp" "$rootfs"
  echo "$tree_hash" >"$rootfs.hash"
fi

# --- Version pins: what the stand-in runtime has ---------------------------------
# Read from the tree's own pkg-config files, so the pins follow the Debian
# packages (trixie has GTK 4.18, libadwaita 1.7, GLib 2.84). MAX_ALLOWED at the
# runtime's versions with -Werror=deprecated-declarations makes any newer API
# a build error; MIN_REQUIRED stays at the project's floor, so APIs deprecated
# since then stay warnings, as in every other build (GTK 4 removes nothing
# before GTK 5). MAX without MIN is an #error in GDK's headers.
pc_minor() { # pkg-config module -> MAJOR_MINOR of the tree's version
  local pc
  pc=$(find "$rootfs/usr/lib" "$rootfs/usr/share/pkgconfig" -name "$1.pc" -print -quit 2>/dev/null)
  [ -n "$pc" ] || die "no $1.pc in the Debian tree $rootfs"
  sed -n 's/^Version: *\([0-9]*\)\.\([0-9]*\).*/\1_\2/p' "$pc"
}
rt_glib=$(pc_minor glib-2.0) rt_gdk=$(pc_minor gtk4) rt_adw=$(pc_minor libadwaita-1)
pins=(
  "-DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_$floor_glib"
  "-DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_$rt_glib"
  "-DGDK_VERSION_MIN_REQUIRED=GDK_VERSION_$floor_gdk"
  "-DGDK_VERSION_MAX_ALLOWED=GDK_VERSION_$rt_gdk"
  "-DADW_VERSION_MIN_REQUIRED=ADW_VERSION_$floor_adw"
  "-DADW_VERSION_MAX_ALLOWED=ADW_VERSION_$rt_adw"
  -Werror=deprecated-declarations
)
echo "runtime: GLib ${rt_glib/_/.}, GTK ${rt_gdk/_/.}, libadwaita ${rt_adw/_/.}; pins: ${pins[*]}"

# --- Stand-in platform and SDK, exported and installed ---------------------------
repo=$work/repo
# bare-user-only: five times faster to export into than the default archive
# mode, and this repository never leaves the machine.
[ -d "$repo/objects" ] || ostree init --mode=bare-user-only --repo="$repo"
# remote-add reads the summary, which an empty repository does not have yet.
[ -f "$repo/summary" ] || flatpak build-update-repo "$repo" >/dev/null
flatpak remote-add --user --if-not-exists --no-gpg-verify "$remote" "file://$repo"

installed_hash=$(cat "$work/runtime.hash" 2>/dev/null || true)
if [ "$installed_hash" = "$tree_hash" ] &&
  flatpak info --user "$platform_id//$branch" >/dev/null 2>&1 &&
  flatpak info --user "$sdk_id//$branch" >/dev/null 2>&1; then
  step "Stand-in runtime: installed ($tree_hash)"
else
  rm -f "$work/runtime.hash"
  for id in "$platform_id" "$sdk_id"; do
    step "Stand-in runtime: exporting $id//$branch"
    dir=$work/runtime/$id
    rm -rf "$dir"
    mkdir -p "$dir"
    cp -al "$rootfs/usr" "$dir/files"
    cp -al "$rootfs/etc" "$dir/files/etc"
    cat >"$dir/metadata" <<EOF
[Runtime]
name=$id
runtime=$platform_id/$arch/$branch
sdk=$sdk_id/$arch/$branch
EOF
    flatpak build-export --runtime --files=files --subject="Debian $suite stand-in ($tree_hash)" \
      "$repo" "$dir" "$branch"
    rm -rf "$dir"
  done
  step "Stand-in runtime: installing"
  flatpak install --user --noninteractive -y --or-update "$remote" \
    "$platform_id//$branch" "$sdk_id//$branch"
  echo "$tree_hash" >"$work/runtime.hash"
fi

# --- The app ----------------------------------------------------------------------
# The copy sits beside the manifest so that its relative source path ("..")
# still names the repository. Only the runtime, SDK and their branch change,
# plus the version pins of the stand-in runtime as build options; a work folder
# inside the repository other than _flatpak/ is kept out of the sources.
local_manifest=$root/flatpak/.$app_id.local.json
trap 'rm -f "$local_manifest"' EXIT
work_rel=$(realpath --relative-to="$root" "$work")
jq --arg platform "$platform_id" --arg sdk "$sdk_id" --arg branch "$branch" \
  --arg cflags "${pins[*]}" --arg work_rel "$work_rel" '
  .runtime = $platform | .sdk = $sdk | ."runtime-version" = $branch
  | .modules |= map(
      if .name == "dealscape" then
        ."build-options".cflags = $cflags
        | ."build-options"."cflags-override" = false
        | .sources |= map(
            if .type == "dir" and ($work_rel | startswith("..") | not) then
              .skip = ((.skip // []) + [$work_rel] | unique)
            else . end)
      else . end)
' "$manifest" >"$local_manifest"

step "flatpak-builder: building $app_id"
(
  cd "$work"
  flatpak-builder --user --disable-rofiles-fuse --force-clean --install \
    --state-dir="$work/builder-state" --repo="$repo" \
    ${DS_FLATPAK_BUILDER_ARGS:-} "$work/app-build" "$local_manifest"
)

step "Bundle: $work/dealscape.flatpak"
flatpak build-bundle "$repo" "$work/dealscape.flatpak" "$app_id"
ls -l "$work/dealscape.flatpak"

# --- Run the installed app in the sandbox ---------------------------------------------
step "Running $app_id under Xvfb"
shot=$work/screenshot.png
log=$work/app.log
rm -f "$shot" "$log"
# Start from no app data, as a new user does: the first start creates the
# document from the bundled dataset.
rm -rf "$HOME/.var/app/$app_id"
# One X server and one session bus for the app and for the screenshots. The
# first start in a fresh sandbox is slow (font caches, the document created
# from the bundled dataset), so the screen is polled until the window has
# drawn. The app must still be running then and a moment later: a crash at
# start, a missing library or schema ends it.
# The screen is the window's default size, so the screenshot is the window.
xvfb-run -a -s "-screen 0 1200x800x24" dbus-run-session -- bash -c '
  set -u
  app_id=$1 log=$2 shot=$3 timeout=$4
  alive() { kill -0 "$pid" 2>/dev/null; }
  flatpak run --user "$app_id" >"$log" 2>&1 &
  pid=$!
  sleep 3
  drawn=0
  for ((t = 3; t < timeout; t++)); do
    alive || break
    import -window root "$shot"
    if [ "$(convert "$shot" -format %k info:)" -ge 16 ]; then
      drawn=1
      break
    fi
    sleep 1
  done
  sleep 2
  if ! alive; then
    wait "$pid"
    echo "flatpak-build: the app exited with status $? after about $t s" >&2
    exit 1
  fi
  flatpak kill "$app_id" 2>/dev/null || kill "$pid"
  wait "$pid" 2>/dev/null
  [ "$drawn" = 1 ] || { echo "flatpak-build: nothing drawn in $timeout s" >&2; exit 1; }
  echo "window drawn after about $t s; still running 2 s later"
' run-app "$app_id" "$log" "$shot" "${DS_FLATPAK_TIMEOUT:-60}" || {
  echo "--- app output ($log):" >&2
  cat "$log" >&2
  exit 1
}
[ -s "$shot" ] || die "no screenshot at $shot"
# A blank screen is one colour; the window has thousands.
colours=$(convert "$shot" -format '%k' info:)
[ "$colours" -ge 16 ] || die "the screenshot $shot has $colours colours: the window did not draw"
echo "screenshot: $shot ($colours colours)"
if [ -s "$log" ]; then
  echo "--- app output:"
  cat "$log"
fi

step "Done"
du -sh "$work"
