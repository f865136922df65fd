"""Problems an author can act on: every one names the file, the line, the field and the fix."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # the build stops
    WARNING = "warning"  # the build goes on; `mkdocs build --strict` fails
    NOTE = "note"  # shown by `soapbox check` only: how Soapbox read something; never fails a build


@dataclass(frozen=True, slots=True)
class Problem:
    path: str  # as the author sees it, e.g. "posts/rants/demo.md"
    line: int | None
    field: str | None
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class ContentError(Exception):
    """One or more errors in the author's content; the message lists them all, one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        heading = "1 problem" if count == 1 else f"{count} problems"
        super().__init__(
            f"{heading} in your content must be fixed before the site can build:\n"
            + "\n".join(f"  {p}" for p in problems)
        )
