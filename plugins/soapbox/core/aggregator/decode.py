"""Bytes -> text for fetched feeds: decide the character encoding once, before any parser runs.

Feeds lie about their encoding in every possible way: a `charset` in the Content-Type header that
contradicts the document, an XML declaration saying utf-16 over UTF-8 bytes, no declaration at all
over Latin-1 or Shift_JIS bytes, a BOM. Parsers disagree about who wins (RFC 3023 says the header,
browsers mostly say the BOM). Soapbox decides here, in this order, and says so in a warning when it
had to overrule what the document or the server claimed:

1. a byte order mark (UTF-8, UTF-16 LE/BE, UTF-32) always wins;
2. UTF-16/32 without a BOM is recognised from the `<` / `<?` byte pattern;
3. the document's XML declaration, then the header's charset, each only if the bytes decode with
   it and it is not a single-byte charset over bytes that are valid, non-ASCII UTF-8 (a mislabelled
   UTF-8 document decodes "successfully" as Latin-1 and turns every accent into mojibake). When
   the two disagree, the first that decodes cleanly is used and the warning says which one lost
   (a windows-1251, GB2312 or Shift_JIS feed served as iso-8859-1 by a server's default);
4. UTF-8, which XML and JSON assume when nothing is declared;
5. a guess among common legacy encodings (charset-normalizer when installed, restricted to scripts
   where the choice matters), else windows-1252, the web's default for undeclared Latin text.

Legacy labels decode with the supersets browsers use (gb2312 -> gb18030, shift_jis -> cp932,
iso-8859-1 -> windows-1252 ...), so a Chinese feed using one GBK character is not lost.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
NO_BOM_PATTERNS = (
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00?\x00", "utf-16-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)
# What browsers actually decode a label with (the WHATWG Encoding Standard's supersets).
_SUPERSETS = {
    "latin_1": "cp1252",
    "ascii": "cp1252",
    "iso8859_9": "cp1254",
    "iso8859_11": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "big5": "big5hkscs",
}
_WIDE = frozenset({"utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be"})
_SINGLE_BYTE = re.compile(r"^(cp\d+|latin_1|ascii|iso8859_\d+|koi8_\w+|mac_\w+|tis_620|hp_roman8)$")
# Guessing an undeclared legacy encoding only pays off for scripts where windows-1252 would be
# mojibake; for Latin text windows-1252 is the right answer far more often than any detector.
_GUESS_CANDIDATES = [
    "cp1252", "shift_jis", "euc_jp", "gb18030", "big5", "euc_kr", "cp1251", "koi8_r",
    "iso8859_7", "cp1256", "iso8859_8",
]  # fmt: skip
_GUESS_WINS = frozenset({"shift_jis", "euc_jp", "gb18030", "big5", "euc_kr", "cp1251", "koi8_r",
                         "iso8859_7", "cp1256", "iso8859_8"})  # fmt: skip
_XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']", re.I)
_XML_DECLARATION_TEXT = re.compile(r"^\s*<\?xml[^>]*?\?>", re.I)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # the Python codec used
    warning: str = ""  # why the declared/served encoding was overruled; "" when nothing was odd


def codec_name(label: str) -> str | None:
    """The Python codec for an encoding label, mapped to the superset browsers use; None if
    unknown."""
    try:
        name = codecs.lookup(label.strip()).name.replace("-", "_")
    except (LookupError, ValueError):
        return None
    return _SUPERSETS.get(name, name)


def header_charset(content_type: str) -> str:
    found = _CHARSET.search(content_type or "")
    return found.group(1) if found else ""


def declared_encoding(body: bytes) -> str:
    """The `encoding=` of an XML declaration written in an ASCII-compatible encoding."""
    found = _XML_DECLARATION.match(body[:512])
    return found.group(1).decode("ascii") if found else ""


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _is_non_ascii_utf8(body: bytes) -> bool:
    if body.isascii():
        return False
    return _strict(body, "utf-8") is not None


def _guess(body: bytes) -> str:
    try:
        import charset_normalizer  # optional: installed with requests (mkdocs-material needs it)
    except ImportError:  # pragma: no cover - depends on the environment
        return "cp1252"
    best = charset_normalizer.from_bytes(body[:65536], cp_isolation=_GUESS_CANDIDATES).best()
    if best is not None and best.encoding in _GUESS_WINS:
        return codec_name(best.encoding) or "cp1252"
    return "cp1252"


def decode(body: bytes, content_type: str = "", *, url: str = "") -> Decoded:
    """The document's text and how it was decoded (see the module docstring for the order)."""
    where = f"{url}: " if url else ""
    served = header_charset(content_type)
    found = _by_byte_order(body, served, where)
    if found is not None:
        return found
    declared = declared_encoding(body)
    # The document's own declaration first (it travels with the bytes; a server's default charset
    # often does not know them), then the server's header.
    claims = [
        (label, source)
        for label, source in ((declared, "the document"), (served, "the server"))
        if label
    ]
    overruled: list[str] = []
    for label, source in claims:
        codec, text = _try_claim(body, label, source, overruled)
        if text is None:
            continue
        other = [(lb, src) for lb, src in claims if src != source]
        if not overruled and other and codec_name(other[0][0]) != codec:
            overruled.append(
                f"{other[0][1]} declares {other[0][0]} but {source} declares {label}, which "
                "decodes cleanly"
            )
        return Decoded(text, codec, _overruled_warning(where, overruled, codec))
    text = _strict(body, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8", _overruled_warning(where, overruled, "utf-8"))
    codec = _guess(body)
    if not claims:
        overruled.append("no encoding is declared and the bytes are not UTF-8")
    return Decoded(
        body.decode(codec, "replace"),
        codec,
        _overruled_warning(where, overruled, codec, guessed=True),
    )


def _by_byte_order(body: bytes, served: str | None, where: str) -> Decoded | None:
    """A document that starts with a byte order mark, or with the zero-byte pattern of
    UTF-16/32 text, is in that encoding whatever is declared; None for any other."""
    for bom, codec in BOMS:
        if body.startswith(bom):
            warning = ""
            served_codec = codec_name(served) if served else None
            if served_codec and served_codec.replace("_sig", "") not in (
                codec.replace("-", "_"),
                "utf_16",
                "utf_32",
            ):
                warning = (
                    f"{where}the server says charset={served} but the document starts with a "
                    f"{codec} byte order mark; read it as {codec}"
                )
            return Decoded(body[len(bom) :].decode(codec, "replace"), codec, warning)
    for pattern, codec in NO_BOM_PATTERNS:
        if body.startswith(pattern):
            text = _strict(body, codec)
            return Decoded(text, codec) if text is not None else None
    return None


def _try_claim(
    body: bytes, label: str, source: str, overruled: list[str]
) -> tuple[str, str | None]:
    """The codec `label` names and the body decoded by it, or (_, None) with the reason the
    claim of `source` ("the document", "the server") is overruled appended to `overruled`."""
    codec = codec_name(label)
    if codec is None:
        overruled.append(f"{source} declares the unknown encoding '{label}'")
        return "", None
    if codec in _WIDE:  # no BOM and no UTF-16/32 byte pattern: it is not UTF-16/32
        overruled.append(f"{source} declares {label} but the bytes are not {label}")
        return codec, None
    if _SINGLE_BYTE.match(codec) and _is_non_ascii_utf8(body):
        overruled.append(f"{source} declares {label} but the bytes are UTF-8")
        return codec, None
    text = _strict(body, codec)
    if text is None:
        overruled.append(f"{source} declares {label} but the bytes are not valid {label}")
    return codec, text


def _overruled_warning(
    where: str, overruled: list[str], codec: str, *, guessed: bool = False
) -> str:
    if not overruled:
        return ""
    how = "guessed" if guessed else "read it as"
    return f"{where}{'; '.join(overruled)}: {how} {codec.replace('_', '-')}"


def as_utf8_xml(text: str) -> bytes:
    """The decoded document as UTF-8 bytes whose XML declaration (if any) says so, without the
    whitespace some generators put before it (which makes strict XML parsers give up)."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("<?xml"):
        stripped = _XML_DECLARATION_TEXT.sub(
            '<?xml version="1.0" encoding="utf-8"?>', stripped, count=1
        )
    return stripped.encode("utf-8", "replace")
