#!/usr/bin/env bash
# Installs what Prayog needs on a Debian 12 machine: system packages (as root, only those missing)
# and the npm dependencies (only when package-lock.json changed). Idempotent and quick when
# everything is present. Called by npm start / npm test / npm run build / npm run bench.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*"; }

# --- node ----------------------------------------------------------------------------------------
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  say "Node.js >= 20 is required, found $(node --version 2>/dev/null || echo none)."
  say "This machine kind ships node 20 at /usr/bin/node; do not replace it with Debian's nodejs 18."
  exit 1
fi

# --- system packages -----------------------------------------------------------------------------
# emscripten 3.1.6, Eigen 3.4, xsimd 8.1 + xtl, Catch2 2.13 (toolchain.md); chromium for the e2e
# tests and the benchmark; binaryen for wasm-dis; fonts-noto-core so screenshots render Devanagari
# even before the page's own font arrives; clang-format for the format check; clang with its
# libFuzzer/sanitizer runtimes (libclang-rt-14-dev) and llvm-14 (llvm-symbolizer) for npm run fuzz.
packages=(cmake make g++ clang-format clang libclang-rt-14-dev llvm-14 emscripten binaryen libeigen3-dev libxsimd-dev xtl-dev catch2 chromium fonts-noto-core)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  cmd="apt-get update && apt-get install -y ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    say "Missing Debian packages: ${missing[*]}"
    say "Run as root:  $cmd"
    exit 1
  fi
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- npm dependencies ----------------------------------------------------------------------------
stamp=node_modules/.prayog-lock.sha256
want=$(sha256sum package-lock.json package.json | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
say "ok: system packages and npm dependencies present"
