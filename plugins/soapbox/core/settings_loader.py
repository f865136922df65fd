"""A generic loader from a raw mapping (mkdocs.yml's `soapbox:` block, or any engine's) to the
frozen settings dataclasses of `core/settings.py`, driven by their fields and annotations.

Each field's annotation says what the YAML value must be (`bool`, `int`, `str`, `str | None`,
`tuple[str, ...]`, a `Literal` of choices, a nested section, a mapping or a list of entries);
`option(...)` adds a default and, where the type is not enough, a `check` (runs on the typed
value, returns it normalised or raises `Invalid`) or a `parse` (takes the raw value instead of
the type check). A mistake raises `SettingsError` naming the option's full path; unknown keys of
a section are warnings (as MkDocs reports them), unknown keys of a list entry are errors.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")


class Invalid(ValueError):
    """Raised by a field's `check` or `parse`: what is wrong and what to write instead."""


@dataclasses.dataclass(frozen=True)
class SettingProblem:
    """A mistake at `path` (`seo.cards.colors.background`, `aggregator.sources[2].feed`)."""

    path: str
    message: str
    entries: bool = False  # inside a list of entries: the message names the whole path

    def __str__(self) -> str:
        return f"soapbox.{self.path}: {self.message}"


class SettingsError(ValueError):
    def __init__(self, problem: SettingProblem):
        super().__init__(str(problem))
        self.problem = problem


def option(
    default: Any = dataclasses.MISSING,
    *,
    check: Callable[[Any], Any] | None = None,
    parse: Callable[[Any], Any] | None = None,
    kind: str = "",
    required: str = "",
) -> Any:
    """A settings field: its default, an optional `check`/`parse`, the name of its kind in the
    configuration reference, and for a required field the hint shown when it is missing."""
    meta = {"check": check, "parse": parse, "kind": kind, "required": required}
    if isinstance(default, dict):  # a mapping of entries: empty by default
        return dataclasses.field(default_factory=dict, metadata=meta)
    if isinstance(default, list):  # lists are kept as tuples: the settings are frozen
        default = tuple(default)
    return dataclasses.field(default=default, metadata=meta)


def section(cls: type[T]) -> T:
    """A nested section of options, defaulting to its own defaults."""
    return dataclasses.field(default_factory=cls)


class Entry:
    """Base of list entries (e.g. an aggregator source): unknown keys are errors, not warnings."""

    NOUN: ClassVar[str] = "entry"
    EXAMPLE: ClassVar[str] = "{name: ...}"


def load(
    cls: type[T], raw: object, path: str = "", warnings: list[SettingProblem] | None = None
) -> T:
    """`raw` checked against the dataclass `cls`; warnings (unknown keys) go to `warnings`."""
    sink = [] if warnings is None else warnings
    return _section(cls, raw, path, sink)


def load_field(
    cls: type, name: str, raw: object, warnings: list[SettingProblem] | None = None
) -> Any:
    """One field of `cls` (e.g. the root's `seo`) from its raw value, as `load` would."""
    field = next(f for f in dataclasses.fields(cls) if f.name == name)
    return _field(field, _hints(cls)[name], raw, name, [] if warnings is None else warnings)


def _hints(cls: Any) -> dict[str, Any]:
    return get_type_hints(cls)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _section(cls: type[T], raw: object, path: str, warnings: list[SettingProblem]) -> T:
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    entry = issubclass(cls, Entry)
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        example = cls.EXAMPLE if entry else f"{{{fields[0].name}: ...}}"  # type: ignore[attr-defined]
        raise SettingsError(
            SettingProblem(path, f"must be a mapping like {example}, got {raw!r}", entry)
        )
    _unknown(cls, raw, path, warnings)
    hints = _hints(cls)
    values = {
        f.name: _field(f, hints[f.name], raw.get(f.name), _join(path, f.name), warnings)
        for f in fields
        if f.name in raw or f.metadata.get("required")
    }
    return cls(**values)


def _unknown(cls: type, raw: Mapping, path: str, warnings: list[SettingProblem]) -> None:
    """Unknown keys: warnings in a section (as MkDocs reports them), errors in a list entry."""
    names = [f.name for f in dataclasses.fields(cls)]
    for key in raw:
        if key in names:
            continue
        where = _join(path, str(key))
        if issubclass(cls, Entry):
            message = f"unknown field; a {cls.NOUN} has {', '.join(names)}"
            raise SettingsError(SettingProblem(where, message, True))
        warnings.append(SettingProblem(where, f"Unrecognised configuration name: {key}"))


def _field(
    field: dataclasses.Field, kind: Any, raw: object, path: str, warnings: list[SettingProblem]
) -> Any:
    meta = field.metadata
    try:
        if meta.get("parse"):
            return meta["parse"](raw)
        if raw is None:
            if meta.get("required"):
                raise Invalid(f"is required: {meta['required']}")
            if field.default_factory is not dataclasses.MISSING:
                return field.default_factory()
            if field.default is dataclasses.MISSING:
                raise Invalid("is required")
            return field.default
        value = _value(kind, raw, path, warnings)
        return meta["check"](value) if meta.get("check") else value
    except Invalid as problem:
        raise SettingsError(SettingProblem(path, str(problem), "[" in path)) from None


_NAMES = {bool: "true or false", int: "a whole number", float: "a number", str: "text"}


def _value(kind: Any, raw: object, path: str, warnings: list[SettingProblem]) -> Any:
    """`raw` as `kind`, or Invalid saying what was expected."""
    origin, args = get_origin(kind), get_args(kind)
    if dataclasses.is_dataclass(kind):
        return _section(kind, raw, path, warnings)  # type: ignore[arg-type]
    if origin in (Union, types.UnionType):
        return None if raw is None else _value(args[0], raw, path, warnings)
    if origin is Literal:
        if raw not in args:
            raise Invalid(f"{raw!r} is not one of {', '.join(map(str, args))}")
        return raw
    if origin is tuple:
        if not isinstance(raw, list) and isinstance(args[0], type) and issubclass(args[0], Entry):
            message = f"must be a list of {args[0].NOUN}s, each like {args[0].EXAMPLE}"
            raise SettingsError(SettingProblem(path, message, True))
        if not isinstance(raw, list):
            raise Invalid(f"must be a list of items, e.g. [a, b], got {raw!r}")
        return tuple(_value(args[0], item, f"{path}[{i}]", warnings) for i, item in enumerate(raw))
    if origin is Mapping:
        if not isinstance(raw, Mapping):
            raise Invalid(f"must be a mapping of names to options, got {raw!r}")
        return {str(k): _value(args[1], v, _join(path, str(k)), warnings) for k, v in raw.items()}
    return _scalar(kind, raw)


def _scalar(kind: type, raw: object) -> Any:
    if kind is float and isinstance(raw, int | float) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, kind) and not (kind is int and isinstance(raw, bool)):
        return raw
    raise Invalid(f"must be {_NAMES.get(kind, kind.__name__)}, got {raw!r}")


def kind_of(field: dataclasses.Field, annotation: Any) -> str:
    """How the configuration reference names a field's kind: `text`, `list of text` ..."""
    if field.metadata.get("kind"):
        return str(field.metadata["kind"])
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, types.UnionType):
        return kind_of(dataclasses.field(), args[0])
    if origin is Literal:
        return "one of " + ", ".join(f"`{choice}`" for choice in args)
    if origin is tuple:
        return f"list of {kind_of(dataclasses.field(), args[0])}"
    names = {bool: "true/false", int: "number", float: "number", str: "text"}
    return names.get(annotation, getattr(annotation, "__name__", str(annotation)))
