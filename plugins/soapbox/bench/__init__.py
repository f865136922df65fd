"""`soapbox bench`: build a deterministic synthetic site with Soapbox, with plain mkdocs-material
and with Material's blog + tags + mkdocs-rss-plugin, and compare time and memory.

`site` writes the sites (seeded, offline, cached by parameters); `run` builds them in fresh
subprocesses, measures them and checks the performance targets of the project.
"""
