#!/usr/bin/env bash
# Make sure a headless Chromium is available for the e2e tests, and print its
# path (empty when Playwright's own build is used).
#
#   1. $COURSE_BROWSER, if set, is used as it is.
#   2. Playwright's own Chromium, if installed.
#   3. A system Chromium on the PATH: chromium (Debian), chromium-browser
#      or google-chrome.
#   4. Playwright's own, if `playwright install` can download it (a laptop
#      with internet access).
#   5. Debian's chromium, installed with apt-get when we may.
set -euo pipefail
py="${PYTHON:-.venv/bin/python}"

if [[ -n "${COURSE_BROWSER:-}" ]]; then
  echo "$COURSE_BROWSER"; exit 0
fi

playwright_has_chromium() {
  "$py" - <<'PY' 2>/dev/null
import os, sys
from playwright.sync_api import sync_playwright
with sync_playwright() as p:
    sys.exit(0 if os.path.exists(p.chromium.executable_path) else 1)
PY
}

system_chromium() {
  for candidate in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$candidate" >/dev/null 2>&1; then command -v "$candidate"; return 0; fi
  done
  return 1
}

if playwright_has_chromium; then echo ""; exit 0; fi
if path=$(system_chromium); then echo "$path"; exit 0; fi
if "$py" -m playwright install chromium >&2 && playwright_has_chromium; then echo ""; exit 0; fi

echo "Playwright could not download its Chromium; installing Debian's chromium instead." >&2
if command -v apt-get >/dev/null 2>&1; then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >&2
fi
if path=$(system_chromium); then echo "$path"; exit 0; fi
echo "No Chromium found: install one, or set COURSE_BROWSER=/path/to/chrome." >&2
exit 1
