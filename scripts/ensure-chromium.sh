#!/usr/bin/env bash
# Make sure Debian's Chromium is at /usr/bin/chromium for the browser tests.
# The tests drive it through Playwright's Python package; never run `playwright install`
# (it downloads a browser build of its own, which this project does not use).
set -euo pipefail

chromium=/usr/bin/chromium

say() { echo "ensure-chromium: $*" >&2; }

if [ -x "$chromium" ]; then
    say "found $chromium"
    exit 0
fi

if [ "$(id -u)" != 0 ]; then
    cat >&2 <<EOF
ensure-chromium: error: $chromium is missing and this is not root, so it cannot be installed here.
Install Debian's Chromium first, then rerun:
    sudo apt-get update && sudo apt-get install -y chromium
EOF
    exit 1
fi

command -v apt-get >/dev/null 2>&1 || { say "error: $chromium is missing and apt-get is not available"; exit 1; }

export DEBIAN_FRONTEND=noninteractive
# Wait (up to 10 minutes) for another apt/dpkg run instead of failing on its lock.
apt_opts=(-o DPkg::Lock::Timeout=600 -q)
say "installing Debian's chromium package"
apt-get "${apt_opts[@]}" update
apt-get "${apt_opts[@]}" install -y chromium

[ -x "$chromium" ] || { say "error: apt-get finished but $chromium is still missing"; exit 1; }
say "installed $chromium"
