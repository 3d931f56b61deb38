#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The two commands of the README's quick start, for a fresh Debian 12:
#
#   build-aux/quickstart.sh run    install what is missing, build, open Pedigree
#                                  on a demo database it generates on first run
#   build-aux/quickstart.sh test   install what is missing, build, run every
#                                  test suite (UI tests under Xvfb), then the
#                                  core, CLI and server tests again under ASan+UBSan,
#                                  then the GS1 parser's fuzzer for a minute
#
# BUILD_DIR (default _build) and ASAN_BUILD_DIR (default _build-asan) choose
# the build directories; FUZZ_SECONDS (default 60) how long the fuzzer runs
# (build-aux/fuzz.sh, in _build-fuzz).
set -euo pipefail

cd "$(dirname "$0")/.."

mode=${1:-run}
build_dir=${BUILD_DIR:-_build}
asan_dir=${ASAN_BUILD_DIR:-_build-asan}

packages=(
  gcc pkg-config meson ninja-build gettext
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libsqlite3-dev libjson-glib-dev libsoup-3.0-dev glib-networking
  desktop-file-utils appstream graphviz libgraphviz-dev
  librsvg2-common fonts-cantarell
  xvfb xauth dbus
  clang libclang-rt-14-dev
)

install_missing () {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  echo "Installing: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

configure () {
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@"
  fi
  ninja -C "$dir"
}

# Prints "N passed, N failed" from meson's JSON test log, so that the last
# line says plainly how the run went.
summarize () {
  local log=$1/meson-logs/testlog.json
  [ -f "$log" ] || return 0
  local passed failed
  passed=$(grep -c '"result": "OK"' "$log" || true)
  failed=$(grep -Ec '"result": "(FAIL|TIMEOUT|ERROR|UNEXPECTEDPASS)"' "$log" || true)
  echo "$passed passed, $failed failed"
}

with_display () {
  if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${CI:-}" ]; then
    dbus-run-session -- "$@"
  else
    xvfb-run -a -s '-screen 0 1400x900x24' dbus-run-session -- "$@"
  fi
}

install_missing

case "$mode" in
  run)
    configure "$build_dir" --buildtype=debugoptimized
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      echo "No display: start Pedigree from a desktop session (or run: xvfb-run $0 run)." >&2
      exit 1
    fi
    export GSETTINGS_SCHEMA_DIR="$PWD/$build_dir/data"
    exec "$build_dir/src/app/pedigree" "${@:2}"
    ;;

  test)
    # Sanitizers first: the closing lines are the full suite's summary.
    configure "$asan_dir" --buildtype=debug -Dapp=false -Dwerror=true \
      -Db_sanitize=address,undefined -Db_lundef=false
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    G_SLICE=always-malloc \
      meson test -C "$asan_dir" --suite core --suite cli --suite server --print-errorlogs

    configure "$build_dir" --buildtype=debugoptimized -Dwerror=true
    export GSK_RENDERER=cairo
    status=0
    with_display meson test -C "$build_dir" --print-errorlogs || status=$?

    # The GS1 parser under libFuzzer (ASan, UBSan, leaks); one line of result.
    fuzz_status=0
    build-aux/fuzz.sh "${FUZZ_SECONDS:-60}" || fuzz_status=$?
    [ $status -ne 0 ] || status=$fuzz_status

    summarize "$build_dir"
    exit $status
    ;;

  *)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac
