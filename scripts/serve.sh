#!/usr/bin/env bash
# Sets up, builds and serves the handbook at http://127.0.0.1:8000/ with live
# reload on every protocol or page edit. Extra arguments go to `handbook serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/handbook serve "$@"
