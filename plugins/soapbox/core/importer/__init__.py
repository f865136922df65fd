"""Bring your blog: other platforms' exports -> ordinary Soapbox posts in the docs folder.

    wordpress.py  a WordPress export (WXR): posts, pages, statuses, dates, topics, comments
    feed.py       any RSS/Atom/JSON feed, through the aggregator's fetch and parse stages
    folder.py     a Jekyll, Hugo or Material-blog posts folder
    convert.py    HTML -> Markdown (markdownify), shortcodes, block-editor markup, comments
    writer.py     target paths, front matter, images, staging folder, idempotent re-runs

Every reader returns `ImportedPost` records (model.py); the writer turns them into files in a
staging folder outside the docs folder and moves the finished posts in at the end, so a failed
import leaves nothing half-written. A re-run skips every source id it finds in the front matter
(`extra: import_id:`) and never overwrites a file.
"""
