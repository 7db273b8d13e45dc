#!/usr/bin/env bash
# npm run fuzz [-- SECONDS]: builds the libFuzzer targets (CMake preset `fuzz`: clang++, ASan +
# UBSan) and runs each for SECONDS (default 30) from a scratch copy of its seed corpus
# (fuzz/corpus/<target>/ stays untouched), then prints a table per target. Exits non-zero on any
# crash, leak, timeout or out-of-memory, naming the reproducer and the command that reruns it.
# Needs clang++ and libFuzzer (Debian 12: clang libclang-rt-14-dev llvm-14).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-30}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: npm run fuzz [-- SECONDS]   (seconds per target, default 30)" >&2
  exit 2
fi
targets=(fuzz_schema fuzz_cli fuzz_tours fuzz_kernels fuzz_lab)

# PRAYOG_FUZZ_BUILD: another build folder (default the preset's build/fuzz).
build="${PRAYOG_FUZZ_BUILD:-build/fuzz}"
cmake --preset fuzz -B "$build" >/dev/null
cmake --build "$build" -j2

run="$build/run"
rm -rf "$run"
# Leaks count as findings; UBSan already aborts (-fno-sanitize-recover=all).
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:print_stacktrace=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"

status=0
rows=()
for t in "${targets[@]}"; do
  dir="$run/$t"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  cp fuzz/corpus/"$t"/* "$dir/corpus/"
  echo "== $t: ${seconds}s"
  set +e
  "$build/fuzz/$t" "$dir/corpus" -max_total_time="$seconds" -print_final_stats=1 \
    -max_len=4096 -timeout=25 -rss_limit_mb=2560 -artifact_prefix="$dir/artifacts/" \
    >"$dir/log.txt" 2>&1
  rc=$?
  set -e
  stat() { grep -o "^stat::$1: *[0-9]*" "$dir/log.txt" | tail -1 | grep -o '[0-9]*$' || echo "?"; }
  last=$(grep -E '^#[0-9]+' "$dir/log.txt" | grep -o 'cov: [0-9]* ft: [0-9]*' | tail -1 || true)
  cov=$(echo "$last" | awk '{print $2}')
  ft=$(echo "$last" | awk '{print $4}')
  corpus=$(find "$dir/corpus" -type f | wc -l)
  found=$(find "$dir/artifacts" -type f | wc -l)
  rows+=("$(printf '%-13s %12s %9s %7s %7s %7s %8s' "$t" "$(stat number_of_executed_units)" \
    "$(stat average_exec_per_sec)" "${cov:-?}" "${ft:-?}" "$corpus" "$found")")
  if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
    status=1
    echo "!! $t failed (exit $rc); log: $dir/log.txt" >&2
    grep -E "ERROR: |INVARIANT FAILED|SUMMARY:|runtime error" "$dir/log.txt" | head -5 >&2 || true
    for f in "$dir"/artifacts/*; do
      [ -e "$f" ] && echo "   reproducer: $f   (rerun: $build/fuzz/$t $f)" >&2
    done
  fi
done

printf '\n%-13s %12s %9s %7s %7s %7s %8s\n' target execs "execs/s" cov ft corpus crashes
printf '%s\n' "${rows[@]}"
exit "$status"
