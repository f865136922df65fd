"""Reach: being found and followed where the audience already is.

Small, separate pieces, each off until its option is set: `robots` (AI crawler presets for
robots.txt), `llms` (llms.txt), `fediverse` (fediverse:creator, rel="me", WebFinger, the Bluesky
handle file) and `indexnow`. Framework-free like the rest of the core.
"""
