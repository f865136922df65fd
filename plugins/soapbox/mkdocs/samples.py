"""Adapter: the options that may still hold the sample site's values go to the core's check."""

from ..core.samples import configured_sample_values as problems

__all__ = ["problems"]
