#!/usr/bin/env python3
"""Soapbox's build benchmark: Soapbox vs plain mkdocs-material vs Material blog + tags + rss.

    .venv/bin/python scripts/bench.py --sizes 100,1000,5000 --runs 3

Same as `soapbox bench`; see plugins/soapbox/bench/run.py and docs-drafts/performance.md.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))

from soapbox.bench.run import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
