"""The JSON-LD `@graph` of a page: WebSite, publisher, the page node, breadcrumbs, the article
or the profile, item lists and events. Framework-free."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from . import text as textutil
from .seo_records import (
    ARTICLE,
    COLLECTION,
    HEADLINE_LENGTH,
    HOME,
    NOT_FOUND,
    PROFILE,
    Crumb,
    Image,
    PageInfo,
    Person,
    Site,
)

# --- JSON-LD -------------------------------------------------------------------------------------


def person_node(person: Person, site: Site) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Person", "@id": site.person_id(person), "name": person.name}
    if person.url:
        node["url"] = site.absolute(person.url)
    if person.image:
        node["image"] = {
            "@type": "ImageObject",
            "url": site.absolute(person.image),
            "caption": person.name,
        }
    if person.description:
        # A bio written to follow the name ("trains sales teams ...") reads as a sentence with it.
        text = person.description
        node["description"] = f"{person.name} {text}" if text[:1].islower() else text
    if person.same_as:
        node["sameAs"] = list(person.same_as)
    return node


def publisher_node(site: Site) -> dict[str, Any] | None:
    """Who publishes the site: the configured organization, else the site's author as a
    Person that is also an Organization (a personal brand), so it can carry a logo."""
    logo = (
        {
            "@type": "ImageObject",
            "url": site.logo.url,
            **({"width": site.logo.width, "height": site.logo.height} if site.logo.width else {}),
        }
        if site.logo is not None
        else None
    )
    if site.organization is not None:
        org = site.organization
        node: dict[str, Any] = {
            "@type": "Organization",
            "@id": site.organization_id,
            "name": org.name,
        }
        node["url"] = site.absolute(org.url) if org.url else site.absolute("")
        if logo:
            node["logo"] = logo
        if org.same_as:
            node["sameAs"] = list(org.same_as)
        return node
    if site.author is None:
        return None
    node = person_node(site.author, site)
    node["@type"] = ["Person", "Organization"]
    if logo:
        node["logo"] = logo
    return node


def _person_ref(person: Person, site: Site) -> dict[str, Any]:
    """An author reference Google reads even without following @id: name and url inline."""
    ref: dict[str, Any] = {"@type": "Person", "@id": site.person_id(person), "name": person.name}
    if person.url:
        ref["url"] = site.absolute(person.url)
    return ref


def _image_object(image: Image, node_id: str) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": "ImageObject",
        "@id": node_id,
        "url": image.url,
        "contentUrl": image.url,
    }
    if image.width and image.height:
        node["width"] = image.width
        node["height"] = image.height
    if image.alt:
        node["caption"] = image.alt
    return node


def graph(page: PageInfo, site: Site, *, title: str, text: str) -> dict[str, Any]:
    """One `@graph` for the page: WebSite, the publisher, the page itself (WebPage, CollectionPage
    or ProfilePage), its BreadcrumbList, a BlogPosting for articles, an ItemList for collections,
    and the nodes the page brings (speaker profile, events), merged by @id."""
    url = site.absolute(page.url)
    website = _website_node(site)
    nodes: list[dict[str, Any]] = [website]
    publisher = publisher_node(site)
    if publisher is not None:
        nodes.append(publisher)
        website["publisher"] = {"@id": publisher["@id"]}
    author = page.author
    if author is not None and (publisher is None or site.person_id(author) != publisher["@id"]):
        nodes.append(person_node(author, site))
    if page.kind == NOT_FOUND:
        return {"@context": "https://schema.org", "@graph": nodes}
    webpage = _webpage_node(page, site, url, title=title, text=text)
    nodes.append(webpage)
    if page.image is not None:
        nodes.append(_image_object(page.image, f"{url}#primaryimage"))
    _add_dates(webpage, page)
    if page.kind == PROFILE and author is not None:
        webpage["mainEntity"] = {"@id": site.person_id(author)}
    if page.kind == HOME and publisher is not None:
        webpage["about"] = {"@id": publisher["@id"]}
    if page.kind != HOME:
        webpage["breadcrumb"] = {"@id": f"{url}#breadcrumb"}
        nodes.append(_breadcrumbs(page, site, url, title))
    if page.kind == ARTICLE:
        article = _article_node(page, site, url, text=text, publisher=publisher)
        nodes.append(article)
        webpage["mainEntity"] = {"@id": article["@id"]}
    if page.items:
        item_list = _item_list(page, site, url)
        nodes.append(item_list)
        webpage["mainEntity"] = {"@id": item_list["@id"]}
    merged = merge_nodes(nodes, page.nodes, aliases=_aliases(page.nodes, author, site))
    return {"@context": "https://schema.org", "@graph": merged}


def _website_node(site: Site) -> dict[str, Any]:
    website: dict[str, Any] = {
        "@type": "WebSite",
        "@id": site.id,
        "url": site.absolute(""),
        "name": site.name,
        "inLanguage": site.language,
    }
    if site.description:
        website["description"] = site.description
    return website


def _webpage_node(page: PageInfo, site: Site, url: str, *, title: str, text: str) -> dict[str, Any]:
    """The page itself (without its dates and main entity, which the caller adds in order)."""
    page_type = {PROFILE: "ProfilePage", COLLECTION: "CollectionPage"}.get(page.kind, "WebPage")
    webpage: dict[str, Any] = {
        "@type": page_type,
        "@id": url,
        "url": url,
        "name": title,
        "isPartOf": {"@id": site.id},
        "inLanguage": site.language,
    }
    if text:
        webpage["description"] = text
    if page.image is not None:
        webpage["primaryImageOfPage"] = {"@id": f"{url}#primaryimage"}
        webpage["image"] = {"@id": f"{url}#primaryimage"}
    return webpage


def _add_dates(node: dict[str, Any], page: PageInfo) -> None:
    """datePublished and dateModified (the published date when never modified)."""
    if page.published:
        node["datePublished"] = page.published.isoformat()
    modified = page.modified or page.published
    if modified:
        node["dateModified"] = modified.isoformat()


def _breadcrumbs(page: PageInfo, site: Site, url: str, title: str) -> dict[str, Any]:
    crumbs = [Crumb("Home", ""), *page.crumbs, Crumb(page.title or title, page.url)]
    return {
        "@type": "BreadcrumbList",
        "@id": f"{url}#breadcrumb",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": n,
                "name": crumb.name,
                "item": site.absolute(crumb.url),
            }
            for n, crumb in enumerate(crumbs, 1)
        ],
    }


def _article_node(
    page: PageInfo, site: Site, url: str, *, text: str, publisher: Mapping[str, Any] | None
) -> dict[str, Any]:
    article: dict[str, Any] = {
        "@type": "BlogPosting",
        "@id": f"{url}#article",
        "headline": textutil.trim(page.title, HEADLINE_LENGTH),
        "url": url,
        "mainEntityOfPage": {"@id": url},
        "isPartOf": {"@id": site.id},
        "inLanguage": site.language,
    }
    if text:
        article["description"] = text
    if page.image is not None:
        article["image"] = [{"@id": f"{url}#primaryimage"}]
        article["thumbnailUrl"] = page.image.url
    if page.published:
        _add_dates(article, page)
    if page.author is not None:
        article["author"] = [_person_ref(page.author, site)]
    if publisher is not None:
        # Inline (not just an @id): tools that do not follow references still see a name and logo.
        keys = ("@type", "@id", "name", "url", "logo")
        article["publisher"] = {k: publisher[k] for k in keys if k in publisher}
    optional = {
        "keywords": list(page.topics),
        "articleSection": page.section,
        "wordCount": page.words,
        "sameAs": [page.canonical] if page.canonical else [],  # the cross-posted original
    }
    article.update((key, value) for key, value in optional.items() if value)
    return article


def _item_list(page: PageInfo, site: Site, url: str) -> dict[str, Any]:
    elements = []
    for position, entry in enumerate(page.items, 1):
        element: dict[str, Any] = {"@type": "ListItem", "position": position, "name": entry.name}
        if entry.ref:
            element["item"] = {"@id": entry.ref}
        else:
            element["url"] = site.absolute(entry.url)
        elements.append(element)
    item_list: dict[str, Any] = {
        "@type": "ItemList",
        "@id": f"{url}#items",
        "numberOfItems": len(elements),
    }
    if page.kind == COLLECTION:
        item_list["itemListOrder"] = "https://schema.org/ItemListOrderDescending"
    item_list["itemListElement"] = elements
    return item_list


def _aliases(
    extra: Iterable[Mapping[str, Any]], author: Person | None, site: Site
) -> dict[str, str]:
    """A Person node brought by the page (the speaker) that names the page's author is the author:
    its @id is rewritten to the author's, so the graph holds one Person."""
    if author is None:
        return {}
    aliases = {}
    for node in extra:
        if (
            node.get("@type") == "Person"
            and str(node.get("name", "")).casefold() == author.name.casefold()
        ):
            aliases[str(node["@id"])] = site.person_id(author)
    return aliases


def merge_nodes(
    nodes: Sequence[Mapping[str, Any]],
    extra: Iterable[Mapping[str, Any]],
    *,
    aliases: Mapping[str, str] = {},
) -> list[dict[str, Any]]:
    """`nodes` plus `extra`, one node per @id: a node whose @id is already there adds the
    properties it lacks (lists are joined without repeats; the first value of a scalar wins).
    @id references are rewritten through `aliases`."""

    def rewrite(value: Any) -> Any:
        if isinstance(value, Mapping):
            out = {k: rewrite(v) for k, v in value.items()}
            if isinstance(out.get("@id"), str) and out["@id"] in aliases:
                out["@id"] = aliases[out["@id"]]
            return out
        if isinstance(value, list):
            return [rewrite(v) for v in value]
        return value

    merged: list[dict[str, Any]] = [dict(n) for n in nodes]
    by_id = {n["@id"]: n for n in merged if "@id" in n}
    for raw in extra:
        node = rewrite(dict(raw))
        node.pop("@context", None)
        node_id = node.get("@id")
        if node_id is None or node_id not in by_id:
            merged.append(node)
            if node_id is not None:
                by_id[node_id] = node
            continue
        target = by_id[node_id]
        for key, value in node.items():
            if key not in target:
                target[key] = value
            elif isinstance(target[key], list) and isinstance(value, list):
                target[key] = target[key] + [v for v in value if v not in target[key]]
    return merged


def enrich_events(
    nodes: Iterable[Mapping[str, Any]],
    *,
    image: str = "",
    organizers: Mapping[str, Mapping[str, Any]] = {},
) -> list[dict[str, Any]]:
    """Add what Google recommends for an Event and the speaker feature leaves out: an image, an
    endDate for a one-day event, and the organizer (keyed by the event's @id)."""
    out = []
    for raw in nodes:
        node = dict(raw)
        if node.get("@type") == "Event":
            if image and "image" not in node:
                node["image"] = [image]
            start = str(node.get("startDate", ""))
            if "endDate" not in node and re.fullmatch(r"\d{4}-\d{2}-\d{2}", start):
                node["endDate"] = start  # an all-day, one-day appearance
            organizer = organizers.get(str(node.get("@id", "")))
            if organizer and "organizer" not in node:
                node["organizer"] = dict(organizer)
        out.append(node)
    return out
