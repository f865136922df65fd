"""After `soapbox import wordpress`, every old address of the export, opened in Chromium, lands
on the imported post or page."""

from __future__ import annotations

import import_sites

import harness

OLD = {
    "2019/05/04/why-discovery-beats-demos/": (
        "why-discovery-beats-demos/", "Why discovery beats demos",
    ),
    "2021/03/01/why-discovery-beats-demos-revisited/": (
        "why-discovery-beats-demos-2/", "Why discovery beats demos, revisited",
    ),
    "2019/07/09/the-renewal-that-almost-slipped/": (
        "the-renewal-that-almost-slipped/", "The renewal that almost slipped",
    ),
    "about-this-blog/": ("about-the-old-blog/", "About the old blog"),
}  # fmt: skip


def test_every_old_address_lands_on_the_imported_page(page, serve, soapbox, tmp_path):
    with import_sites.wordpress_site(tmp_path) as site:
        code, _, _ = soapbox("import", "wordpress", str(site.export), "-f", str(site.config))
        assert code == 0
    result = harness.build(site.config, tmp_path / "out", now=import_sites.NOW).assert_ok()
    base = serve(result.site)
    for old, (new, title) in OLD.items():
        page.goto(base + old)
        page.wait_for_url(base + new)
        assert page.locator("h1").first.inner_text() == title, old
    # The one image missing on the old server keeps its old address (the import warned).
    assert all("missing-chart.png" in error for error in page.console_errors)
    assert page.blocked_requests == []
