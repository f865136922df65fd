"""Old addresses -> redirects: collisions named, pages escaped, `_redirects` under the base path."""

from __future__ import annotations

from soapbox.core.content import Post
from soapbox.core.redirects import (
    MARK_BEGIN,
    Redirect,
    clash_message,
    plan_redirects,
    redirect_page,
    redirects_file,
    target_href,
    write_redirects,
)


def post(src_uri: str, url: str, *aliases: str) -> Post:
    return Post(src_uri=src_uri, title="T", type="rant", date=None, url=url, aliases=aliases)


def test_each_alias_is_one_redirect_sorted_by_old_path():
    redirects, problems = plan_redirects(
        [post("rants/b.md", "b/", "2019/b/", "old/b.html"), post("rants/a.md", "a/", "2018/a/")],
        {},
        "posts",
    )
    assert problems == []
    assert redirects == [
        Redirect("2018/a/", "a/", "rants/a.md"),
        Redirect("2019/b/", "b/", "rants/b.md"),
        Redirect("old/b.html", "b/", "rants/b.md"),
    ]
    assert [r.page for r in redirects] == ["2018/a/index.html", "2019/b/index.html", "old/b.html"]
    assert Redirect("feed.php", "b/", "x.md").page is None  # only _redirects can answer that


def test_an_alias_on_a_real_page_or_claimed_twice_names_both_files():
    _, problems = plan_redirects(
        [
            post("rants/a.md", "a/", "about/", "shared/"),
            post("rants/b.md", "b/", "shared/", "about/index.html"),
        ],
        {"about/": "posts/about.md"},
        "posts",
    )
    assert [str(p) for p in problems] == [
        "posts/rants/a.md: aliases: the old address '/about/' is the address of posts/about.md;"
        " a redirect there would hide that page: remove the alias or move the page",
        "posts/rants/b.md: aliases: the old address '/shared/' is also claimed by"
        " posts/rants/a.md; one address can redirect to one post only: remove it from one of"
        " the two",
        "posts/rants/b.md: aliases: the old address '/about/index.html' is the address of"
        " posts/about.md; a redirect there would hide that page: remove the alias or move the page",
    ]


def test_index_html_and_folder_forms_are_one_address():
    _, problems = plan_redirects(
        [post("rants/a.md", "a/", "index.html", "b/index.html")],
        {"": "posts/index.md", "b/": "posts/b.md"},
        "posts",
    )
    assert [p.message.split(";")[0] for p in problems] == [
        "the old address '/index.html' is the address of posts/index.md",
        "the old address '/b/index.html' is the address of posts/b.md",
    ]


def test_a_file_the_build_wrote_is_never_replaced(tmp_path):
    (tmp_path / "404.html").write_text("theme", encoding="utf-8")
    redirects = [Redirect("404.html", "a/", "rants/a.md"), Redirect("old/", "a/", "rants/a.md")]
    clashes = write_redirects(tmp_path, redirects, "https://example.test/")
    assert clashes == [redirects[0]]
    assert (tmp_path / "404.html").read_text(encoding="utf-8") == "theme"
    assert (tmp_path / "old/index.html").is_file()
    assert (tmp_path / "_redirects").read_text(encoding="utf-8").count(" 301") == 1
    assert clash_message(clashes[0], "posts").startswith(
        "posts/rants/a.md: aliases: the old address '/404.html' is a file the build writes"
    )


def test_targets_are_relative_to_the_old_page():
    assert target_href(Redirect("2019/05/x/", "x/", "")) == "../../../x/"
    assert target_href(Redirect("old/x.html", "x/", "")) == "../x/"
    assert target_href(Redirect("x.html", "", "")) == "./"
    assert target_href(Redirect("a/", "b/", ""), use_directory_urls=False) == "../b/index.html"
    assert target_href(Redirect("ü/", "neu/", "")) == "../neu/"


def test_the_page_refreshes_links_canonicalises_and_is_noindex_all_escaped():
    page = redirect_page(Redirect("old/", 'a"b<c/', ""), "https://example.test/blog/")
    assert '<meta name="robots" content="noindex">' in page
    assert '<meta http-equiv="refresh" content="0; url=../a%22b%3Cc/">' in page
    assert '<link rel="canonical" href="https://example.test/blog/a%22b%3Cc/">' in page
    assert '<a href="../a%22b%3Cc/">https://example.test/blog/a%22b%3Cc/</a>' in page
    assert "<c" not in page.replace("<canon", "")


def test_redirects_file_uses_the_base_path_and_keeps_the_authors_lines():
    redirects = [Redirect("2019/ä/", "a/", ""), Redirect("old.html", "b/", "")]
    text = redirects_file(redirects, "https://example.test/blog/", existing="/x /y 302\n")
    assert text.splitlines() == [
        "/x /y 302",
        "",
        MARK_BEGIN,
        "/blog/2019/%C3%A4/ /blog/a/ 301",
        "/blog/old.html /blog/b/ 301",
        "# soapbox: end of redirects",
    ]
    assert redirects_file([], "", existing="") == ""
