#!/usr/bin/env bash
# Installs what the handbook needs: a virtual environment in .venv/ with the
# project (editable) and, with "test", what the tests need, including a
# Chromium for the browser tests when none is present. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=no
[ "${1:-}" = "test" ] && want_test=yes

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
extras=""
[ "$want_test" = yes ] && extras="[test]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".$extras"

# The Pyodide runtime (and, for tests, axe-core) come from npm, pinned by
# package-lock.json.
if [ -f package-lock.json ]; then
  if [ "$want_test" = yes ]; then
    npm ci --no-audit --no-fund --loglevel=error
  else
    npm ci --omit=dev --no-audit --no-fund --loglevel=error
  fi
fi

if [ "$want_test" = yes ]; then
  # Browser tests need a Chromium (and Firefox and WebKit, below); the deployment tests serve the site from a
  # sub-path through nginx with the documented settings (docs/deploy/).
  packages=""
  if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ] \
     && ! ls "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium-* >/dev/null 2>&1; then
    packages="$packages chromium"
  fi
  # The tests run in Debian's headless shell of the same Chromium (tests/support/browser.py says why).
  if [ ! -x /usr/bin/chromium-headless-shell ] \
     && ! ls "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium-* >/dev/null 2>&1; then
    packages="$packages chromium-headless-shell"
  fi
  if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    packages="$packages nginx-light"
  fi
  # Fonts with Arial's and Times's metrics, as on the readers' PCs: the print
  # tests measure how many A4 pages a handout takes, which depends on them.
  if ! fc-list 2>/dev/null | grep -q "Liberation Sans"; then
    packages="$packages fonts-liberation"
  fi
  # The calculator's tests in Firefox and WebKit (tests/browser/test_engines.py):
  # Firefox ESR (driven by puppeteer-core from npm), WebKitGTK's WebDriver and
  # MiniBrowser, on a virtual X display.
  command -v firefox-esr >/dev/null 2>&1 || command -v firefox >/dev/null 2>&1 || packages="$packages firefox-esr"
  command -v WebKitWebDriver >/dev/null 2>&1 || packages="$packages webkit2gtk-driver"
  command -v Xvfb >/dev/null 2>&1 || packages="$packages xvfb xauth"
  if [ -n "$packages" ]; then
    echo "setup: installing Debian packages:$packages" >&2
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages >/dev/null
  fi
fi
