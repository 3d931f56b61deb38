#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   build-aux/fuzz.sh [SECONDS]
#
# Builds the GS1 parser's libFuzzer target (tests/fuzz/fuzz-gs1.c) with
# clang, AddressSanitizer, UndefinedBehaviorSanitizer and leak checks, and
# runs it for SECONDS (default 60) from the seed corpus in
# tests/fuzz/gs1-corpus. Needs the Debian packages clang and
# libclang-rt-14-dev (build-aux/quickstart.sh installs them).
#
# FUZZ_DIR (default _build-fuzz) holds the binary, a config.h for it, the
# corpus the run grows (the seeds are never written to), the full log and,
# after a failure, the input that caused it (artifacts/). Exits non-zero on
# any crash, leak, timeout or sanitizer report; the last line says how it went.
set -euo pipefail

cd "$(dirname "$0")/.."

seconds=${1:-60}
dir=${FUZZ_DIR:-_build-fuzz}
cc=${FUZZ_CC:-clang}

case "$seconds" in
  ''|*[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac

mkdir -p "$dir/corpus" "$dir/artifacts"

# What meson's config.h gives the core; the parser needs only the gettext domain.
cat > "$dir/config.h" <<'EOF'
#pragma once
#define GETTEXT_PACKAGE "pedigree"
#define PACKAGE_VERSION "fuzz"
EOF

# shellcheck disable=SC2046  # pkg-config output is meant to split
"$cc" -g -O1 -fno-omit-frame-pointer -std=gnu17 -Wall -Wextra -Wno-unused-parameter \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74 \
  -I"$dir" -Isrc/core $(pkg-config --cflags glib-2.0) \
  src/core/pdg-gs1.c tests/fuzz/fuzz-gs1.c \
  $(pkg-config --libs glib-2.0) \
  -o "$dir/fuzz-gs1"

status=0
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=0 \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
G_SLICE=always-malloc G_DEBUG=gc-friendly \
  "$dir/fuzz-gs1" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -detect_leaks=1 -print_final_stats=1 -dict=tests/fuzz/gs1.dict \
    -artifact_prefix="$dir/artifacts/" \
    "$dir/corpus" tests/fuzz/gs1-corpus > "$dir/fuzz.log" 2>&1 || status=$?

runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/fuzz.log" | tail -n 1)
units=$(find "$dir/corpus" -type f | wc -l)

if [ "$status" -ne 0 ] || grep -Eq 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$dir/fuzz.log"; then
  tail -n 60 "$dir/fuzz.log"
  artifact=$(find "$dir/artifacts" -type f -newer "$dir/fuzz-gs1" | head -n 1)
  echo "GS1 fuzzer: FAILED after ${runs:-?} runs (exit $status); input in ${artifact:-$dir/artifacts/}, log in $dir/fuzz.log"
  [ "$status" -ne 0 ] || status=1
  exit "$status"
fi

echo "GS1 fuzzer: ${runs:-?} runs in ${seconds} s, no crash, leak or timeout (corpus: $units inputs)"
