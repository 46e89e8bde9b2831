#!/usr/bin/env bash
# Makes sure Debian's Chromium is there for the console's browser tests (playwright-core never downloads a
# browser): nothing to do when CHROMIUM_PATH or /usr/bin/chromium exists, else apt-get install (root only).
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$browser" ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium: $browser is missing; install Chromium (Debian: apt-get install chromium) or set CHROMIUM_PATH" >&2
  exit 1
fi
echo "chromium: installing Debian's chromium with apt-get (about a minute)" >&2
export DEBIAN_FRONTEND=noninteractive
log="$(mktemp)"
{ timeout 900 apt-get update -qq && timeout 900 apt-get install -y -qq chromium; } >"$log" 2>&1 \
  || { echo "chromium: apt-get failed: $(tail -n 20 "$log")" >&2; exit 1; }
[ -x "$browser" ] || { echo "chromium: $browser still missing after apt-get install" >&2; exit 1; }
