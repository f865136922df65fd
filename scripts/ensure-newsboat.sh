#!/usr/bin/env bash
# Make sure Debian's newsboat is at /usr/bin/newsboat: the feed tests (tests/build/test_newsboat.py)
# import the site's OPML into a real feed reader and read back what it lists.
set -euo pipefail

newsboat=/usr/bin/newsboat

say() { echo "ensure-newsboat: $*" >&2; }

if [ -x "$newsboat" ]; then
    say "found $newsboat"
    exit 0
fi

if [ "$(id -u)" != 0 ]; then
    cat >&2 <<MSG
ensure-newsboat: error: $newsboat is missing and this is not root, so it cannot be installed here.
Install Debian's newsboat first, then rerun:
    sudo apt-get update && sudo apt-get install -y newsboat
MSG
    exit 1
fi

command -v apt-get >/dev/null 2>&1 || { say "error: $newsboat is missing and apt-get is not available"; exit 1; }

export DEBIAN_FRONTEND=noninteractive
# Wait (up to 10 minutes) for another apt/dpkg run instead of failing on its lock.
apt_opts=(-o DPkg::Lock::Timeout=600 -q)
say "installing Debian's newsboat package"
apt-get "${apt_opts[@]}" update
apt-get "${apt_opts[@]}" install -y --no-install-recommends newsboat

[ -x "$newsboat" ] || { say "error: apt-get finished but $newsboat is still missing"; exit 1; }
say "installed $newsboat"
