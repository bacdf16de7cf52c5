#!/usr/bin/env bash
# Make sure a headless Chromium is available for the e2e tests, and print its
# path (empty when Playwright's own build is used).
#
#   1. $COURSE_BROWSER, if set, is used as it is.
#   2. Playwright's own Chromium, if it launches (headless, Playwright runs
#      its headless shell when that is installed).
#   3. A Chromium headless shell on the PATH (Debian's chromium-headless-shell).
#   4. As root with apt-get: Debian's chromium-headless-shell, installed.
#      The headless shell is Chromium without the browser's windows and
#      their browser UI: the e2e suite spends less CPU in it than in a full
#      Chromium (bench/README.md). Offline, this step fails (apt-get cannot download)
#      and the next one is taken.
#   5. A full Chromium on the PATH: chromium (Debian), chromium-browser or
#      google-chrome.
#   6. Playwright's own, if `playwright install` can download it (a laptop
#      with internet access).
#   7. Not root: Debian's chromium-headless-shell, installed with sudo apt-get.
set -euo pipefail
py="${PYTHON:-.venv/bin/python}"

if [[ -n "${COURSE_BROWSER:-}" ]]; then
  echo "$COURSE_BROWSER"; exit 0
fi

# Launched rather than looked for: headless, Playwright runs its headless
# shell when it is installed and its full Chromium otherwise, and either may
# be installed without the other.
playwright_has_chromium() {
  "$py" - <<'PY' >/dev/null 2>&1
from playwright.sync_api import sync_playwright
with sync_playwright() as p:
    p.chromium.launch(args=["--no-sandbox"]).close()
PY
}

first_on_path() {
  for candidate in "$@"; do
    if command -v "$candidate" >/dev/null 2>&1; then command -v "$candidate"; return 0; fi
  done
  return 1
}
headless_shell() { first_on_path chromium-headless-shell; }
full_chromium() { first_on_path chromium chromium-browser google-chrome google-chrome-stable; }

install_headless_shell() {  # $1: "" as root, else "sudo"
  command -v apt-get >/dev/null 2>&1 || return 1
  echo "Installing Debian's chromium-headless-shell for the e2e tests." >&2
  local install=(${1:+"$1"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq
                 --no-install-recommends chromium-headless-shell)
  # The package lists are refreshed only if installing from them fails.
  { "${install[@]}" || { ${1:+"$1"} apt-get update -qq && "${install[@]}"; }; } >&2
}

if playwright_has_chromium; then echo ""; exit 0; fi
if path=$(headless_shell); then echo "$path"; exit 0; fi
if [[ $(id -u) -eq 0 ]] && install_headless_shell "" && path=$(headless_shell); then
  echo "$path"; exit 0
fi
if path=$(full_chromium); then echo "$path"; exit 0; fi
if "$py" -m playwright install chromium >&2 && playwright_has_chromium; then echo ""; exit 0; fi

if [[ $(id -u) -ne 0 ]]; then  # as root, step 4 has tried already
  echo "Playwright could not download its Chromium; installing Debian's headless shell instead." >&2
  install_headless_shell sudo || true
  if path=$(headless_shell); then echo "$path"; exit 0; fi
fi
echo "No Chromium found: install one, or set COURSE_BROWSER=/path/to/chrome." >&2
exit 1
