"""Installed package versions, for User-Agent strings, cache keys and `--version`."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def package_version(name: str = "soapbox", missing: str = "unknown") -> str:
    """The installed version of `name`, or `missing` when it is not installed."""
    try:
        return version(name)
    except PackageNotFoundError:
        return missing
