#!/usr/bin/env bash
# npm start: set up, build, serve dist/ on 127.0.0.1 and print the URL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
exec node scripts/serve.mjs dist --port "${PORT:-5173}"
