#!/usr/bin/env bash
# Vazirmatn (SIL Open Font License) for the documentation site, from the npm registry:
# docs/_static/toolkit.css serves its Arabic-script subset ("NL", non-Latin) from _static/fonts.
# Without npm (or the registry) the site uses the reader's installed Persian fonts instead.
set -euo pipefail
dest=${1:-.cache/docs-fonts}
version=33.0.3
if [ -f "$dest/Vazirmatn-NL-Regular.woff2" ] && [ -f "$dest/Vazirmatn-NL-Bold.woff2" ]; then exit 0; fi
if ! command -v npm >/dev/null; then
  echo "docs: npm not found; the site falls back to installed fonts (Noto Naskh Arabic, DejaVu Sans)"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && npm pack --silent "vazirmatn@$version" >/dev/null 2>&1); then
  echo "docs: could not fetch vazirmatn@$version from the npm registry; installed fonts are used"
  exit 0
fi
tar -xzf "$tmp"/vazirmatn-$version.tgz -C "$tmp" \
  package/misc/Non-Latin/fonts/webfonts/Vazirmatn-NL-Regular.woff2 \
  package/misc/Non-Latin/fonts/webfonts/Vazirmatn-NL-Bold.woff2 package/OFL.txt
mkdir -p "$tmp/out"
cp "$tmp"/package/misc/Non-Latin/fonts/webfonts/Vazirmatn-NL-{Regular,Bold}.woff2 "$tmp/out/"
cp "$tmp/package/OFL.txt" "$tmp/out/Vazirmatn-OFL.txt"
mkdir -p "$(dirname "$dest")"
rm -rf "$dest" && mv "$tmp/out" "$dest"
