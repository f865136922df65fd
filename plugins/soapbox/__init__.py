"""Soapbox: a thought-leadership publication built on MkDocs and mkdocs-material.

`soapbox.core` holds everything that does not depend on MkDocs; `soapbox.mkdocs` adapts it to
MkDocs' plugin events; `soapbox.templates` extend mkdocs-material.
"""

__version__ = "0.1.0"
