#!/usr/bin/env bash
# Sets up what the tests need and runs every test, browser tests included.
#   bash scripts/test.sh           every test, on every core (pytest-xdist; -n 0 runs them in one process)
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
# A worker that runs out of tests takes some of another's (a module's fixtures
# are then set up once in each worker that runs its tests).
exec .venv/bin/python -m pytest -n auto --dist worksteal "${tier[@]}" "$@"
