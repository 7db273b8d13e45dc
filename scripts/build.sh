#!/usr/bin/env bash
# Builds the wasm module and the page into dist/ (a self-contained static folder).
#   PRAYOG_SKIP_SETUP=1  skip scripts/setup.sh (the caller already ran it)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
[ "${PRAYOG_SKIP_SETUP:-0}" = 1 ] || bash scripts/setup.sh

echo "[build] wasm module (cmake --preset wasm)"
[ -f build/wasm/CMakeCache.txt ] || cmake --preset wasm >/dev/null
cmake --build --preset wasm --target prayog_wasm

echo "[build] page (vite)"
mkdir -p web/public/engine
cp build/wasm/wasm/prayog.js build/wasm/wasm/prayog.wasm web/public/engine/
npx vite build --config web/vite.config.ts --logLevel warn
node scripts/oembed.mjs dist
cp LICENSE THIRD_PARTY_NOTICES.md dist/
mkdir -p dist/licenses
cp node_modules/@fontsource/noto-sans-devanagari/LICENSE dist/licenses/noto-sans-devanagari-OFL-1.1.txt
cp node_modules/uplot/LICENSE dist/licenses/uplot-MIT.txt
cp node_modules/katex/LICENSE dist/licenses/katex-MIT.txt
cp node_modules/d3-scale-chromatic/LICENSE dist/licenses/d3-scale-chromatic-ISC.txt
cp node_modules/d3-interpolate/LICENSE dist/licenses/d3-interpolate-ISC.txt
cp node_modules/d3-color/LICENSE dist/licenses/d3-color-ISC.txt
cp /usr/share/doc/emscripten/copyright dist/licenses/emscripten-debian-copyright.txt
cp /usr/share/doc/libxsimd-dev/copyright dist/licenses/xsimd-debian-copyright.txt
cp /usr/share/doc/libeigen3-dev/copyright dist/licenses/eigen-debian-copyright.txt
echo "[build] dist/ is ready: serve it with any static host (README: Hosting)"
