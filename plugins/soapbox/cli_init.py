"""`soapbox init`: turn the checkout (the sample site) into the author's own site.

    soapbox init                       asks for each answer
    soapbox init --name "Ana Ruiz" --url https://ana.example.org/ --author "Ana Ruiz" \\
        --timezone Europe/Madrid --language es --no-speaker --yes

Moves the sample (mkdocs.yml and posts/) into sample/ (or deletes it with --no-sample), writes the
author's mkdocs.yml and first pages, and never overwrites anything without --force: without it,
it names what it would overwrite and changes nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path

from .cli_site import CONTENT_PROBLEMS, DEFAULT_CONFIG, OK, UsageError
from .core.samples import is_sample_site
from .core.starter import (
    Answers,
    check_language,
    check_name,
    check_timezone,
    check_url,
    render_config,
    starter_pages,
)

SAMPLE_FOLDER = "sample"
DOCS_FOLDER = "posts"
_SITE_URL = re.compile(r"^site_url:\s*['\"]?([^'\"\s#]+)", re.MULTILINE)


def add_init_parser(commands: argparse._SubParsersAction) -> None:
    init = commands.add_parser(
        "init",
        help="make this checkout your own site (name, address, author, time zone, language)",
        description="Turn the sample site into your own: move the sample's mkdocs.yml and posts/"
        " into sample/ (or delete them with --no-sample), write your mkdocs.yml (comments,"
        " newsletter and 'Around the web' present but off until you fill them in) and your first"
        " pages. Asks for what the options do not say; nothing is overwritten without --force.",
        epilog='example: soapbox init --name "Ana Ruiz" --url https://ana.example.org/'
        ' --author "Ana Ruiz" --timezone Europe/Madrid --language es --no-speaker --yes',
    )
    init.add_argument("--name", help="the site's name, e.g. your own name")
    init.add_argument("--url", help="the address the site will have, e.g. https://ana.example.org/")
    init.add_argument("--author", help="your name as readers see it")
    init.add_argument("--timezone", help="your IANA time zone, e.g. Europe/Berlin (default: UTC)")
    init.add_argument(
        "--language", help="the site's language code, e.g. en, de, pt-BR (default: en)"
    )
    init.add_argument(
        "--speaker", action=argparse.BooleanOptionalAction, default=None,
        help="you speak at events: a hire-me page and a 'Hire me to speak' call to action",
    )  # fmt: skip
    init.add_argument(
        "--no-sample", action="store_true",
        help="delete the sample site instead of moving it to sample/",
    )  # fmt: skip
    init.add_argument(
        "--force", action="store_true",
        help="replace an existing mkdocs.yml (that is not the sample's) or sample/ folder",
    )  # fmt: skip
    init.add_argument(
        "--yes", action="store_true",
        help="ask nothing: take the defaults for what the options do not say",
    )  # fmt: skip
    init.add_argument(
        "-f", "--config-file", default=DEFAULT_CONFIG, metavar="FILE",
        help=f"the mkdocs.yml to write (default: {DEFAULT_CONFIG}); posts/ sits beside it",
    )  # fmt: skip
    init.set_defaults(run=run_init)


# --- answers ------------------------------------------------------------------------------------


def theme_languages() -> list[str]:
    """The language codes mkdocs-material has translations for (empty when it is not found)."""
    spec = find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return []
    folder = Path(next(iter(spec.submodule_search_locations)), "templates/partials/languages")
    return sorted(p.stem for p in folder.glob("*.html"))


def gather(args: argparse.Namespace, ask: Callable[[str], str] | None) -> Answers:
    """The answers from the options, asking (`ask`, None with --yes) for what they do not say.
    An invalid option is a UsageError; an invalid typed answer is asked again."""
    languages = theme_languages()

    def answer(flag: str, question: str, check: Callable[[str], str], default: str | None) -> str:
        given = getattr(args, flag)
        if given is not None:
            try:
                return check(given)
            except ValueError as exc:
                raise UsageError(f"--{flag}: {exc}") from None
        if ask is None:
            if default is None:
                raise UsageError(f"--{flag} is required with --yes ({question.lower()})")
            return check(default)
        while True:
            prompt = f"{question}{f' [{default}]' if default else ''}: "
            try:
                typed = ask(prompt).strip() or (default or "")
            except EOFError:
                raise UsageError(f"no answer for --{flag} ({question.lower()})") from None
            try:
                return check(typed)
            except ValueError as exc:
                print(f"  {exc}", file=sys.stderr)

    name = answer("name", "The site's name (e.g. your name)", lambda v: check_name(v, "name"), None)
    url = answer("url", "Its address (https://...)", check_url, None)
    author = answer(
        "author", "Your name as readers see it", lambda v: check_name(v, "author"), name
    )
    timezone = answer("timezone", "Your time zone", check_timezone, "UTC")
    language = answer(
        "language", "The site's language", lambda v: check_language(v, languages), "en"
    )
    speaker = args.speaker
    if speaker is None:
        if ask is None:
            speaker = False
        else:
            try:
                typed = ask("Do you speak at events (a 'hire me' page)? [y/N]: ").strip().lower()
            except EOFError:
                typed = ""
            speaker = typed in ("y", "yes")
    return Answers(name, url, author, timezone, language, bool(speaker))


# --- the run ------------------------------------------------------------------------------------


def run_init(args: argparse.Namespace) -> int:
    config = Path(args.config_file)
    root = config.resolve().parent
    docs = root / DOCS_FOLDER
    sample = root / SAMPLE_FOLDER
    is_sample = config.is_file() and is_sample_site(_site_url(config))

    # Everything that would be overwritten, named before anything changes.
    conflicts = []
    if config.exists() and not is_sample:
        conflicts.append(f"{config} (a site that is not the sample)")
    if is_sample and not args.no_sample and sample.exists():
        conflicts.append(f"{_shown(sample, root)}/ (where the sample would move)")
    if conflicts and not args.force:
        print(
            "soapbox init: nothing was changed; these would be overwritten:\n"
            + "".join(f"  {c}\n" for c in conflicts)
            + "Move them away, or run again with --force to replace them.",
            file=sys.stderr,
        )
        return CONTENT_PROBLEMS

    answers = gather(args, None if args.yes else input)

    done: list[str] = []
    if is_sample:
        if args.no_sample:
            shutil.rmtree(docs, ignore_errors=True)
            done.append(f"Deleted the sample site ({DOCS_FOLDER}/ and its mkdocs.yml)")
        else:
            if sample.exists():
                shutil.rmtree(sample)
            sample.mkdir(parents=True)
            config.replace(sample / "mkdocs.yml")
            if docs.exists():
                docs.replace(sample / DOCS_FOLDER)
            done.append(
                f"Moved the sample site to {SAMPLE_FOLDER}/ (build it with"
                f" .venv/bin/mkdocs build -f {SAMPLE_FOLDER}/mkdocs.yml)"
            )
    _write(config, render_config(answers))
    done.append(f"Wrote {_shown(config, root)}")
    for rel, text in starter_pages(answers).items():
        target = docs / rel
        if target.exists():
            done.append(f"Kept your {DOCS_FOLDER}/{rel}")
            continue
        _write(target, text)
        done.append(f"Wrote {DOCS_FOLDER}/{rel}")

    for line in done:
        print(line)
    print(
        f"\n{answers.name} is ready at {answers.url} once published. Next:\n"
        '  .venv/bin/soapbox new "My first post" --type rant    # a draft in posts/rants/\n'
        "  .venv/bin/soapbox import wordpress export.xml      # or bring your old blog\n"
        "  make serve                                          # preview on http://127.0.0.1:8000/\n"
        "  make site                                           # build site/ (strict)"
    )
    return OK


def _site_url(config: Path) -> str:
    try:
        match = _SITE_URL.search(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return ""
    return match.group(1) if match else ""


def _write(target: Path, text: str) -> None:
    """Write through a temporary file in the same folder: never a half-written file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide the file from a web server
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)
