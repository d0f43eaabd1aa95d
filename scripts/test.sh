#!/usr/bin/env bash
# Sets up what the tests need and runs every test, browser tests included.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
exec .venv/bin/python -m pytest "$@"
