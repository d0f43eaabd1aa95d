#!/usr/bin/env bash
# Sets up what the tests need and runs every test, browser tests included.
#   bash scripts/test.sh           every test (about 8 minutes on 2 cores)
#   bash scripts/test.sh --quick   the quick tier: no browser, no site build (under a minute):
#                                  the tests outside tests/site and tests/browser that need neither
# Other arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
tier=()
if [ "${1:-}" = "--quick" ]; then
  shift
  tier=(-m "not browser and not site")
fi
bash scripts/setup.sh test
exec .venv/bin/python -m pytest "${tier[@]}" "$@"
