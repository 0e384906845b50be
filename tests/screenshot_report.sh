#!/usr/bin/env bash
# tests/screenshot_report.sh — renders the HTML report of the bundled sample
# (data/sample/) in headless Chromium and saves a PNG: the picture in the
# README is made by this script, and as a test it shows the page renders in
# a real browser with no network.
#
#   tests/screenshot_report.sh [BUILD_DIR] [OUT.png]
#
# BUILD_DIR defaults to build/, OUT.png to docs/report.png. Without the
# chromium program (Debian: apt-get install -y chromium) it says so and
# exits 77, which meson counts as a skipped test.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
out=${2:-$root/docs/report.png}
# The README's picture must stay light in the repository.
max_bytes=300000
# Wide enough for the 980 px page with margins; tall enough for the charts
# and the start of the outlet table.
window=1280,2000

if ! command -v chromium >/dev/null 2>&1; then
  echo "screenshot_report: chromium is not installed (apt-get install -y chromium); skipped"
  exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
"$build/newsprint" ingest --db "$tmp/sample.db" data/sample 2>"$tmp/ingest.log" || [ $? -eq 1 ]
"$build/newsprint" report --db "$tmp/sample.db" --format html -o "$tmp/report.html"

# No network, no profile, no background services: the page must stand alone.
if ! timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$tmp/profile" --screenshot="$tmp/report.png" --window-size=$window \
    "file://$tmp/report.html" >"$tmp/chromium.log" 2>&1; then
  echo "screenshot_report: chromium failed:" >&2
  tail -20 "$tmp/chromium.log" >&2
  exit 1
fi

size=$(stat -c %s "$tmp/report.png")
if [ "$size" -gt "$max_bytes" ]; then
  echo "screenshot_report: $size bytes, more than $max_bytes" >&2
  exit 1
fi
mkdir -p "$(dirname "$out")"
cp "$tmp/report.png" "$out"
echo "screenshot_report: $out ($size bytes)"
