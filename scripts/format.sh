#!/usr/bin/env bash
# One format config per language: .clang-format for C++, .prettierrc.json for TS/JS/CSS/HTML.
#   scripts/format.sh          rewrite in place
#   scripts/format.sh --check  only report
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t cpp < <(git ls-files 'core/*.cpp' 'core/*.hpp' 'wasm/*.cpp' 'tests/*.cpp' 'cli/*.cpp' 'cli/*.hpp')
if [ "${1:-}" = "--check" ]; then
  clang-format --dry-run --Werror "${cpp[@]}"
  npx prettier --check 'web/**/*.{ts,css,html}' 'wasm/*.js' 'tests/**/*.mjs' 'bench/**/*.{ts,mjs}' scripts/*.mjs
else
  clang-format -i "${cpp[@]}"
  npx prettier --write --log-level warn 'web/**/*.{ts,css,html}' 'wasm/*.js' 'tests/**/*.mjs' 'bench/**/*.{ts,mjs}' scripts/*.mjs
fi
