#!/usr/bin/env bash
# Create or refresh the project's virtual environment in .venv.
#
#   scripts/bootstrap.sh          runtime dependencies (requirements.lock)
#   scripts/bootstrap.sh --dev    runtime + test dependencies (requirements-dev.lock)
#
# Idempotent: the lock file is installed with hash checking, then the soapbox package itself in
# editable mode; both are skipped when neither the lock file, pyproject.toml nor the interpreter
# changed since the last successful install (a stamp per lock file is kept in .venv).
#
# Needs only bash and Python >= 3.11 with venv/ensurepip (on Debian, as root, the missing
# python3-venv package is installed). Choose the interpreter with PYTHON=/path/to/python3.x.
set -euo pipefail

usage() { echo "usage: $0 [--dev]" >&2; exit 2; }

lock=requirements.lock
case "${1:-}" in
    "") ;;
    --dev) lock=requirements-dev.lock ;;
    -h|--help) usage ;;
    *) usage ;;
esac
[ $# -le 1 ] || usage

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
venv="$repo/.venv"

say() { echo "bootstrap: $*" >&2; }
die() { echo "bootstrap: error: $*" >&2; exit 1; }

[ -f "$lock" ] || die "$lock is missing (run 'make lock')"

# --- pick an interpreter ----------------------------------------------------------------------
py_ok() {  # py_ok CMD: CMD exists and is Python >= 3.11
    command -v "$1" >/dev/null 2>&1 &&
        "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}

python=""
if [ -n "${PYTHON:-}" ]; then
    py_ok "$PYTHON" || die "PYTHON=$PYTHON is not a Python >= 3.11"
    python="$PYTHON"
else
    for candidate in python3.11 python3; do
        if py_ok "$candidate"; then python="$candidate"; break; fi
    done
    [ -n "$python" ] || die "no Python >= 3.11 found (tried python3.11, python3); install python3.11 or set PYTHON="
fi

# --- (re)create .venv when missing or broken ----------------------------------------------------
venv_ok() {
    [ -x "$venv/bin/python" ] &&
        "$venv/bin/python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1 &&
        "$venv/bin/python" -m pip --version >/dev/null 2>&1
}

ensure_venv_module() {
    # Debian splits venv/ensurepip into python3-venv; install it when we can.
    if "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then return 0; fi
    local ver pkg
    ver="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    pkg="python${ver}-venv"
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing $pkg (Python's venv/ensurepip is missing)"
        export DEBIAN_FRONTEND=noninteractive
        apt-get -o DPkg::Lock::Timeout=600 update -q
        apt-get -o DPkg::Lock::Timeout=600 install -y -q "$pkg" || apt-get -o DPkg::Lock::Timeout=600 install -y -q python3-venv
    else
        die "$python has no venv/ensurepip module; install it first (Debian: apt-get install $pkg)"
    fi
}

if ! venv_ok; then
    if [ -e "$venv" ]; then say "removing broken $venv"; rm -rf "$venv"; fi
    ensure_venv_module
    say "creating $venv with $("$python" -c 'import sys; print(sys.executable, sys.version.split()[0])')"
    "$python" -m venv "$venv"
fi

vpy="$venv/bin/python"

# --- skip when nothing changed ------------------------------------------------------------------
# The stamp covers the lock file, pyproject.toml (entry points, package data) and the interpreter.
fingerprint() {
    {
        sha256sum "$1" pyproject.toml | cut -d' ' -f1
        "$vpy" -c 'import sys; print(sys.version)'
    } | sha256sum | cut -d' ' -f1
}
stamp_file() { echo "$venv/.soapbox-stamp-$1"; }
stamp_current() { [ -f "$(stamp_file "$1")" ] && [ "$(cat "$(stamp_file "$1")")" = "$(fingerprint "$1")" ]; }

if stamp_current "$lock"; then
    say "$lock already installed in .venv (unchanged)"; exit 0
fi
# requirements-dev.lock is compiled with requirements.lock as constraints, so it is a superset:
# a current dev install also satisfies the runtime one.
if [ "$lock" = requirements.lock ] && stamp_current requirements-dev.lock; then
    say "requirements-dev.lock (a superset of $lock) already installed in .venv (unchanged)"; exit 0
fi

# --- install ------------------------------------------------------------------------------------
[ -d plugins/soapbox ] || die "plugins/soapbox/ does not exist yet: nothing to install in editable mode"

pip_flags=(--disable-pip-version-check --no-input --progress-bar off)
say "installing $lock (hash-checked)"
"$vpy" -m pip install "${pip_flags[@]}" --require-hashes -r "$lock"
# setuptools comes pinned and hash-checked from the lock, so build the editable install with it
# rather than with whatever setuptools an isolated build environment would download.
say "installing soapbox (editable)"
"$vpy" -m pip install "${pip_flags[@]}" --no-deps --no-build-isolation -e .

rm -f "$venv"/.soapbox-stamp-*
fingerprint "$lock" > "$(stamp_file "$lock")"
say "done ($lock)"
