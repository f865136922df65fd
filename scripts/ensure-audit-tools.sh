#!/usr/bin/env bash
# Make sure the audit toolchain (scripts/audit.py, `make audit`, tests/audit) is installed:
#   Node.js >= 18.16 and npm     runs Lighthouse and structured-data-testing-tool
#   Java >= 11                   runs the Nu HTML Checker (vnu.jar, shipped inside the npm package)
#   audit/node_modules           `npm ci` from audit/package-lock.json (hash-checked)
# Debian's Chromium is the browser (scripts/ensure-chromium.sh); nothing here downloads one.
#
# Idempotent and quick when everything is in place: `npm ci` runs only when audit/node_modules is
# missing or was installed from a different audit/package-lock.json. As root on Debian, a missing
# nodejs/npm or Java is installed with apt-get; otherwise the error says what to install.
#
#   scripts/ensure-audit-tools.sh           install what is missing
#   scripts/ensure-audit-tools.sh --check   install nothing: exit 1 naming what is missing
set -euo pipefail

check_only=
case "${1:-}" in
    "") ;;
    --check) check_only=1 ;;
    *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
audit="$repo/audit"
stamp="$audit/node_modules/.soapbox-lock.sha256"

say() { echo "ensure-audit-tools: $*" >&2; }
die() { echo "ensure-audit-tools: error: $*" >&2; exit 1; }

apt_updated=
apt_install() {  # apt_install PACKAGE...: install Debian packages (root only)
    [ -z "$check_only" ] || die "missing $*: run bash scripts/ensure-audit-tools.sh (or make test) to install it"
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        die "missing $*; install it first (Debian: sudo apt-get install -y $*), then rerun"
    fi
    export DEBIAN_FRONTEND=noninteractive
    # Wait (up to 10 minutes) for another apt/dpkg run instead of failing on its lock.
    local opts=(-o DPkg::Lock::Timeout=600 -q)
    if [ -z "$apt_updated" ]; then
        apt-get "${opts[@]}" update
        apt_updated=1
    fi
    say "installing Debian package(s): $*"
    apt-get "${opts[@]}" install -y --no-install-recommends "$@"
}

# --- Node.js and npm ------------------------------------------------------------------------------
command -v node >/dev/null 2>&1 || apt_install nodejs
command -v npm >/dev/null 2>&1 || apt_install npm
# Lighthouse 12 needs Node >= 18.16 (Debian 12 ships 18.19, this project is tested on 20).
node -e 'const [a, b] = process.versions.node.split(".").map(Number);
         process.exit(a > 18 || (a === 18 && b >= 16) ? 0 : 1)' ||
    die "Node.js $(node --version) is too old: Lighthouse needs >= 18.16 (install a newer nodejs)"

# --- Java for vnu.jar -----------------------------------------------------------------------------
command -v java >/dev/null 2>&1 || apt_install default-jre-headless
java_major="$(java -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9.]*\).*/\1/p' | sed 's/^1\.//; s/\..*//')"
[ -n "$java_major" ] && [ "$java_major" -ge 11 ] ||
    die "the Nu HTML Checker needs Java >= 11; found: $(java -version 2>&1 | head -n 1)"

# --- the npm packages -----------------------------------------------------------------------------
[ -f "$audit/package-lock.json" ] || die "$audit/package-lock.json is missing"
want="$(sha256sum "$audit/package-lock.json" | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    say "audit tools installed (node $(node --version), java $java_major, audit/node_modules up to date)"
    exit 0
fi
[ -z "$check_only" ] ||
    die "audit/node_modules is missing or out of date: run bash scripts/ensure-audit-tools.sh (or make test)"
say "installing the audit tools: npm ci in $audit"
# No install scripts (vnu-jar's would download a Java runtime; Java comes from the system) and no
# browser downloads (puppeteer-core, used by Lighthouse, downloads nothing; the variable is a guard).
(cd "$audit" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
for tool in node_modules/lighthouse/cli/index.js node_modules/structured-data-testing-tool/index.js \
            node_modules/vnu-jar/build/dist/vnu.jar; do
    [ -f "$audit/$tool" ] || die "npm ci finished but audit/$tool is missing"
done
echo "$want" > "$stamp"
say "installed (node $(node --version), java $java_major)"
