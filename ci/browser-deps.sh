#!/usr/bin/env bash
# Browser test dependencies: Debian's chromium and a font with Persian glyphs (DejaVu Sans, Noto
# Naskh Arabic). Playwright's own browser download is not used; tests/test_browser.py launches
# /usr/bin/chromium. The playwright Python package comes with the `notebooks` extra.
# Idempotent; needs root (or sudo) only when something is missing.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -q "DejaVu Sans"; then
  echo "browser-deps: $(chromium --version 2>/dev/null | head -n 1) already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"
  else
    echo "browser-deps: chromium missing and not root; the browser test will skip" >&2
    exit 0
  fi
fi

$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  chromium fonts-dejavu-core fonts-noto-core
echo "browser-deps: installed $(chromium --version 2>/dev/null | head -n 1)"
