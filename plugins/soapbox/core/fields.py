"""The one field reader: every value of a file's front matter (a post's fields, the speaker data)
is read through `Field`, which knows the value's dotted name and file line and reports each
problem the same way, `posts/<file>.md:<line>: <field>: <what to do>`, through a `Reporter`."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from datetime import date as date_type
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from .problems import Problem, Severity
from .urls import is_web_url

ARTICLE_HINT = "like 2024-03-12 or 2024-03-12 09:30"
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_DATE_SHAPE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")
_EMPTY = "is empty; write a value or remove the line"


class Reporter:
    def __init__(self, path: str, lines: Mapping[str, int] | None = None, default_line: int = 1):
        self.path = path
        self.lines = lines or {}
        self.default_line = default_line
        self.problems: list[Problem] = []

    def line(self, key: str) -> int:
        return self.lines.get(key, self.default_line)

    def error(self, key: str | None, message: str, line: int | None = None) -> None:
        self._add(key, message, line, Severity.ERROR)

    def warn(self, key: str | None, message: str, line: int | None = None) -> None:
        self._add(key, message, line, Severity.WARNING)

    def note(self, key: str | None, message: str, line: int | None = None) -> None:
        """How a field was read (another generator's name, say): shown by `soapbox check`."""
        self._add(key, message, line, Severity.NOTE)

    def _add(self, key: str | None, message: str, line: int | None, severity: Severity) -> None:
        at = line if line is not None else (self.line(key) if key else self.default_line)
        self.problems.append(Problem(self.path, at, key, message, severity))


def kind_of(value: Any) -> str:
    return {
        str: "text", bool: "true/false", int: "number", float: "number",
        list: "list", dict: "mapping", type(None): "empty value",
    }.get(type(value), type(value).__name__)  # fmt: skip


def quoted(value: Any) -> str:
    text = str(value)
    return f"'{text if len(text) <= 60 else text[:57] + '...'}'"


def suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def parse_datetime(value: Any, tz: ZoneInfo) -> tuple[datetime | None, str | None]:
    """A front matter date -> aware datetime in the site's time zone, or (None, why not)."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date_type):
        parsed = datetime.combine(value, time())
    elif isinstance(value, str) and value.strip():
        raw = value.strip()
        try:
            parsed = datetime.fromisoformat(raw)
        except ValueError as exc:
            if _DATE_SHAPE.match(raw):
                reason = str(exc).replace("must be in", "is not in")
                if "day is out of range" in reason or "must be in" in str(exc):
                    return (
                        None,
                        f"{quoted(raw)} is not a real date ({reason}); fix the day or month",
                    )
                return None, f"{quoted(raw)} is not a date {ARTICLE_HINT} ({reason})"
            return None, f"{quoted(raw)} is not a date; write it {ARTICLE_HINT}"
    else:
        return None, f"expected a date {ARTICLE_HINT}, got {kind_of(value)} {quoted(value)}"
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed.astimezone(tz), None


class Field:
    """One value of a file's front matter with its dotted name (`title`,
    `speaker.talks[2].title`) and its file line, reporting its own problems. `field["key"]` and
    `field[0]` reach deeper values; a value that is not there reads as missing (None)."""

    def __init__(
        self,
        value: Any,
        path: tuple[str | int, ...],
        report: Reporter,
        lines: Mapping[tuple[str | int, ...], int],
    ):
        self.value, self.path, self.report, self.lines = value, path, report, lines

    @classmethod
    def root(
        cls, data: Mapping[str, Any], report: Reporter, lines: Mapping[tuple[str | int, ...], int]
    ) -> Field:
        """The whole front matter, whose items are the top-level fields."""
        return cls(data, (), report, lines)

    @property
    def name(self) -> str:
        out = ""
        for part in self.path:
            out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out

    @property
    def line(self) -> int:
        for end in range(len(self.path), 0, -1):
            if self.path[:end] in self.lines:
                return self.lines[self.path[:end]]
        return self.report.default_line

    def __getitem__(self, key: str | int) -> Field:
        value = self.value.get(key) if isinstance(self.value, dict) else None
        if isinstance(key, int) and isinstance(self.value, list):
            value = self.value[key]
        return Field(value, (*self.path, key), self.report, self.lines)

    def __contains__(self, key: str) -> bool:
        """The key is written (even with an empty value)."""
        return isinstance(self.value, dict) and key in self.value

    def error(self, message: str) -> None:
        self.report.error(self.name, message, line=self.line)

    def warn(self, message: str) -> None:
        self.report.warn(self.name, message, line=self.line)

    @property
    def missing(self) -> bool:
        return self.value is None

    def mapping(self, shape: str, keys: Iterable[str]) -> bool:
        """A mapping with only known keys (unknown ones are warned about with a suggestion)."""
        if not isinstance(self.value, dict):
            self.error(
                f"must be a mapping like {shape}, got {kind_of(self.value)} {quoted(self.value)}"
            )
            return False
        known = list(keys)
        for key in self.value:
            if key not in known:
                self[str(key)].warn(
                    f"is not a field Soapbox knows here{suggest(str(key), known)}; use"
                    f" {', '.join(known)}"
                )
        return True

    def items(self, example: str) -> list[Field]:
        """A list (a single value counts as a list of one)."""
        if self.value is None:
            return []
        if not isinstance(self.value, list):
            if isinstance(self.value, (str, int, float)) and not isinstance(self.value, bool):
                return [Field(self.value, self.path, self.report, self.lines)]
            self.error(f"must be a list like {example}, got {kind_of(self.value)}")
            return []
        return [self[i] for i in range(len(self.value))]

    def text(self, *, required: bool = False, what: str = "", keep_lines: bool = False) -> str:
        """The value as text, spaces collapsed (`keep_lines`: only trimmed) and control
        characters (invalid in HTML and XML) removed; "" when absent or not text. `required`:
        absent or empty is an error asking to add `what` (without `what`: to write a value or
        remove the line)."""
        value = self.value
        if value is None:
            if required:
                self.error(f"is missing; add {what}" if what else _EMPTY)
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)  # `title: 2024` is a fine title
        if not isinstance(value, str):
            self.error(f"must be text, got {kind_of(value)} {quoted(value)}")
            return ""
        value = value.strip() if keep_lines else " ".join(value.split())
        value = _CONTROL_CHARACTERS.sub("", value)
        if not value and required:
            self.error(f"is empty; add {what}" if what else _EMPTY)
        return value

    def paragraphs(self, *, required: bool = False, what: str = "") -> tuple[str, ...]:
        if isinstance(self.value, str):
            blocks = re.split(r"\n\s*\n", self.value.strip())
            found = tuple(" ".join(b.split()) for b in blocks if b.strip())
            if found or not required:
                return found
        raw = self.text(required=required, what=what)
        return (raw,) if raw else ()

    def texts(self, example: str) -> tuple[str, ...]:
        found: list[str] = []
        for item in self.items(example):
            value = item.text(required=True, what="text")
            if value and value not in found:
                found.append(value)
        return tuple(found)

    def flag(self) -> bool:
        if self.value is None:
            return False
        if isinstance(self.value, bool):
            return self.value
        self.error(
            "must be true or false (without quotes), got"
            f" {kind_of(self.value)} {quoted(self.value)}"
        )
        return False

    def date(self, tz: ZoneInfo) -> datetime | None:
        """A date or date and time, aware in `tz` when written without an offset."""
        if self.value is None:
            return None
        parsed, problem = parse_datetime(self.value, tz)
        if problem:
            self.error(problem)
        return parsed

    def url(self, example: str) -> str:
        """A full http(s) URL (an error naming `example` otherwise)."""
        value = self.text()
        if value and not is_web_url(value):
            self.error(f"{quoted(value)} must be a full http(s) URL, like {example}")
            return ""
        return value

    def choice(self, choices: Iterable[str], default: str) -> str:
        value = self.text()
        options = list(choices)
        if not value:
            return default
        normal = value.lower().replace(" ", "-")
        if normal not in options:
            self.error(
                f"{quoted(value)} is not one of {', '.join(options)}{suggest(normal, options)}"
            )
            return default
        return normal

    def whole(self) -> int | None:
        if self.value is None:
            return None
        if isinstance(self.value, bool) or not isinstance(self.value, int) or self.value < 0:
            self.error(
                "must be a whole number without currency or separators, like 7500, got"
                f" {quoted(self.value)}"
            )
            return None
        return self.value
