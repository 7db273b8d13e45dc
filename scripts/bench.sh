#!/usr/bin/env bash
# npm run bench: times our GEMM, row softmax, 1x1 convolution and one attention-lab training step
# beside TF.js's wasm backend (and a plain-JS GEMM loop, and our SIMD peak loop) in headless
# Chromium; prints the tables and writes
# bench/results/{gemm,softmax,conv1x1,attention_step,conv1x1_step}.json (see bench/README.md).
# Extra arguments go to bench/run.mjs (e.g. --where main, --only softmax,plain, --only attention, --repeats 15).
set -euo pipefail
cd "$(dirname "$0")/.."

wasm_dir=build/wasm/wasm
if [[ ! -f $wasm_dir/prayog.js || ! -f $wasm_dir/prayog.wasm ]]; then
  if [[ -f scripts/build.sh ]]; then
    echo "bench: $wasm_dir/prayog.{js,wasm} not built yet; running scripts/build.sh first"
    bash scripts/build.sh
  fi
  if [[ ! -f $wasm_dir/prayog.js || ! -f $wasm_dir/prayog.wasm ]]; then
    echo "bench: the wasm module is missing ($wasm_dir/prayog.js and prayog.wasm)." >&2
    echo "bench: build it first (npm run build, or: cmake --preset wasm && cmake --build --preset wasm -j2)." >&2
    exit 2
  fi
fi
if [[ ! -x /usr/bin/chromium ]]; then
  echo "bench: /usr/bin/chromium is missing; install it with: apt-get install -y chromium" >&2
  exit 2
fi
for dep in vite playwright-core @tensorflow/tfjs-core @tensorflow/tfjs-backend-wasm; do
  if [[ ! -d node_modules/$dep ]]; then
    echo "bench: node_modules/$dep is missing; run: npm install" >&2
    exit 2
  fi
done

exec node bench/run.mjs "$@"
