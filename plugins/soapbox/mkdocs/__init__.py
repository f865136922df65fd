"""Thin MkDocs adapters over soapbox.core."""
