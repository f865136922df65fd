"""Which AI crawlers robots.txt lets in: one option, three presets.

The tokens are the `User-agent` names the operators publish for their crawlers. They fall into
three groups that an author may want to treat differently: crawlers that collect text to train
models, crawlers that index pages for an AI search engine (which links back), and fetches a person
triggers by asking an assistant about a page. Keep the lists here, in one place, when operators
add tokens.
"""

from __future__ import annotations

from collections.abc import Iterable

# Training: collect pages to train (or fine-tune) models. Some are control tokens rather than
# crawlers (Google-Extended, Applebot-Extended): the normal search crawler reads the page, and the
# token says whether the operator may train on it.
TRAINING: tuple[str, ...] = (
    "GPTBot",  # OpenAI
    "ClaudeBot",  # Anthropic
    "anthropic-ai",  # Anthropic, older token
    "CCBot",  # Common Crawl, the corpus most models start from
    "Google-Extended",  # Google's token for Gemini training (Googlebot still indexes)
    "Applebot-Extended",  # Apple's token for training (Applebot still indexes)
    "meta-externalagent",  # Meta
    "Bytespider",  # ByteDance
    "Amazonbot",  # Amazon
    "cohere-training-data-crawler",  # Cohere
    "Diffbot",  # Diffbot knowledge graph, sold for training
    "AI2Bot",  # Allen Institute for AI
    "Timpibot",  # Timpi
)

# Search: index pages for an AI search engine, which shows them as sources with a link.
SEARCH: tuple[str, ...] = (
    "OAI-SearchBot",  # OpenAI (ChatGPT search)
    "Claude-SearchBot",  # Anthropic
    "PerplexityBot",  # Perplexity
    "DuckAssistBot",  # DuckDuckGo's AI answers
)

# User-triggered: one fetch of one page because a person asked an assistant about it.
USER: tuple[str, ...] = (
    "ChatGPT-User",  # OpenAI
    "Claude-User",  # Anthropic
    "Perplexity-User",  # Perplexity
    "MistralAI-User",  # Mistral
    "meta-externalfetcher",  # Meta
)

_MARK = "# AI crawlers ("
PRESETS: dict[str, str] = {
    "allow-all": "every crawler may read every page; robots.txt names no AI crawler",
    "search-only": (
        "AI search and user-triggered fetches may read the site; training crawlers may not"
    ),
    "none": "no AI crawler may read the site: training, search and user-triggered alike",
}


def blocked(preset: str) -> tuple[str, ...]:
    """The tokens a preset shuts out ("" or an unknown preset: none)."""
    if preset == "search-only":
        return TRAINING
    if preset == "none":
        return TRAINING + SEARCH + USER
    return ()


def validate_preset(value: str) -> str | None:
    """None when `value` is a preset (or empty: off), else what is wrong."""
    if value == "" or value in PRESETS:
        return None
    choices = ", ".join(f"'{name}' ({meaning})" for name, meaning in PRESETS.items())
    return f"'{value}' is not a preset; use one of {choices}"


def groups(preset: str) -> str:
    """The robots.txt groups for a preset: one `Disallow: /` group per blocked token."""
    tokens = blocked(preset)
    if not tokens:
        return ""
    lines = [f"{_MARK}{preset}): {PRESETS[preset]}."]
    for title, group in (("Training", TRAINING), ("AI search", SEARCH), ("User-triggered", USER)):
        names = [t for t in group if t in tokens]
        if names:
            lines.append(f"# {title}")
            lines += [f"User-agent: {name}" for name in names]
            lines += ["Disallow: /", ""]
    return "\n".join(lines)


def with_groups(robots_txt: str, preset: str) -> str:
    """`robots_txt` with the preset's groups added before its `Sitemap:` lines (which it keeps)."""
    extra = groups(preset)
    if not extra:
        return robots_txt
    lines = _without_groups(robots_txt.rstrip("\n").split("\n"))
    sitemaps = [line for line in lines if line.lower().startswith("sitemap:")]
    rest = [line for line in lines if not line.lower().startswith("sitemap:")]
    while rest and not rest[-1].strip():
        rest.pop()
    out = [*rest, "", extra.rstrip("\n")]
    if sitemaps:
        out += ["", *sitemaps]
    return "\n".join(out) + "\n"


def _without_groups(lines: list[str]) -> list[str]:
    """Drop groups an earlier run added (the live preview rebuilds into the same folder)."""
    out: list[str] = []
    skipping = False
    for line in lines:
        if line.startswith(_MARK):
            skipping = True
        elif skipping and line.lower().startswith("sitemap:"):
            skipping = False
        if not skipping:
            out.append(line)
    return out


def fresh(preset: str, disallow: Iterable[str] = ()) -> str:
    """A whole robots.txt for a site whose SEO settings write none."""
    rules = [f"Disallow: {path}" for path in disallow] or ["Disallow:"]
    base = "\n".join(["# Written by Soapbox.", "User-agent: *", *rules]) + "\n"
    return with_groups(base, preset)
