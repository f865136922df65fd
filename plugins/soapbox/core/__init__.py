"""Framework-free core: content model, listings, text helpers.

Nothing in this package imports MkDocs or an HTTP client (a test enforces it), so the product can
move to another static-site engine (ProperDocs, Zensical) by rewriting only the thin adapters.
"""
