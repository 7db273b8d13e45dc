#!/usr/bin/env bash
# npm test: the same set-up as npm start, then every tier:
#   1. native Catch2 (CTest)   2. the native suite under ASan + UBSan   3. libFuzzer, 30 s a target
#   4. the Catch2 suite as wasm under node (CTest)   5. JS module tests (node --test)
#   6. end-to-end in headless Chromium (node --test)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/setup.sh
start=$(date +%s)
summary=()
tier() { summary+=("$1: passed ($(($(date +%s) - $2)) s)"); }

echo; echo "=== tier 1/6: native C++ tests (Catch2 via CTest) ==="
t=$(date +%s)
[ -f build/native/CMakeCache.txt ] || cmake --preset native >/dev/null
cmake --build --preset native
ctest --preset native
tier "native C++ (CTest)" "$t"

echo; echo "=== tier 2/6: the native suite under AddressSanitizer + UBSan (preset native-asan) ==="
t=$(date +%s)
[ -f build/native-asan/CMakeCache.txt ] || cmake --preset native-asan >/dev/null
cmake --build --preset native-asan
# The [learn] tests (models trained until they learn) take > 15 min under ASan on 2 cores; every
# other test case (kernels, layers, gradient checks, labs, schema, tours' judges) runs: ~3.5 min.
ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:print_stacktrace=1:detect_stack_use_after_return=1:strict_string_checks=1" \
  UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
  build/native-asan/tests/prayog_tests "~[learn]"
tier "native C++ under ASan + UBSan" "$t"

echo; echo "=== tier 3/6: libFuzzer targets, 30 s each (npm run fuzz) ==="
t=$(date +%s)
bash scripts/fuzz.sh 30
tier "libFuzzer (30 s per target)" "$t"

echo; echo "=== tier 4/6: the same Catch2 suite as wasm under node (CTest) ==="
t=$(date +%s)
[ -f build/wasm/CMakeCache.txt ] || cmake --preset wasm >/dev/null
cmake --build --preset wasm
ctest --preset wasm
tier "wasm C++ (CTest under node)" "$t"

echo; echo "=== building the page ==="
PRAYOG_SKIP_SETUP=1 bash scripts/build.sh

echo; echo "=== tier 5/6: JS module tests (node --test) ==="
t=$(date +%s)
npx tsc -p web/tsconfig.json --noEmit
npx tsc -p bench/tsconfig.json --noEmit
echo "type check (tsc, web/ and bench/): ok"
bash scripts/format.sh --check
echo "format check (clang-format, Prettier): ok"
node --test --disallow-code-generation-from-strings --test-reporter=spec tests/js/
tier "JS module tests" "$t"

echo; echo "=== tier 6/6: end-to-end in headless Chromium (node --test) ==="
t=$(date +%s)
node --test --test-concurrency=1 --test-reporter=spec tests/e2e/
tier "end-to-end (Chromium)" "$t"

echo; echo "=== summary ==="
printf '  %s\n' "${summary[@]}"
echo "  all tiers passed in $(($(date +%s) - start)) s"
