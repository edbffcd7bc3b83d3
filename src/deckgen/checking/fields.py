"""Generic field kinds: located YAML values to checked Python values, and to JSON Schema.

A text field takes a plain scalar as the author wrote it (`subtitle: 010` prints 010, never
YAML 1.1's 8); a number field reads the text as YAML 1.2 does (`3:1` is no number, where
YAML 1.1 reads 181). Only flags take YAML's yes/no/on/off as true and false. The kinds that
build briefing values (dates, probabilities, estimates, bullets) are in deckgen.content.kinds.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from deckgen.checking.source import Document, Path, core_number
from deckgen.text import parse, unread_language_marks


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()  # a value that failed; its error is already reported


class Context(Protocol):
    doc: Document
    defined: dict[str, dict[str, Path]]

    def error(self, path: Path, message: str, hint: str = "", key: bool = False) -> None: ...
    def define(self, collection: str, ident: str, path: Path) -> None: ...
    def resolve_file(self, relative: str, path: Path) -> Any: ...
    def default_id(self) -> Any: ...
    def refer(self, collection: str, ident: str, path: Path, key: bool = False) -> None: ...


def as_written(value: Any, path: Path, ctx: Context) -> Any:
    """``value`` as the author typed it: a plain scalar's own text (`010`, `1.10`, `yes`,
    `2017-4-1`), never what YAML 1.1 resolves it to; quoted text, null, lists and mappings
    as they are."""
    return ctx.doc.written.get(path, value)


def as_number(value: Any, path: Path, ctx: Context) -> Any:
    """``value`` where a number is wanted: a plain scalar read as YAML 1.2 reads numbers
    (`010` is 10; `3:1` and `1_000` are no numbers), anything else as it is."""
    written = ctx.doc.written.get(path)
    if written is None:
        return value
    number = core_number(written)
    return written if number is None else number


MAX_SUGGESTED = 64  # longer words are no typo of a key, a term or an id (ids are at most 64)
MAX_CANDIDATES = 500  # known words compared; past this a suggestion is not worth the time


def suggest(word: str, known: Any, cutoff: float = 0.6) -> str | None:
    """The known word closest to ``word`` (a did-you-mean), or None; bounded, so a file of
    thousands of unknown ids against thousands of known ones does not take minutes: words
    longer than any id are not compared, and at most MAX_CANDIDATES known ones are."""
    if len(word) > MAX_SUGGESTED:
        return None
    pool = [k for k in itertools.islice(known, MAX_CANDIDATES) if len(k) <= MAX_SUGGESTED]
    close = difflib.get_close_matches(word, pool, 1, cutoff)
    return close[0] if close else None


def shown(value: Any, limit: int = 60) -> str:
    """``value`` as a message quotes it (repr, so controls are escaped), clipped: a 1 MB
    value must not become a 1 MB message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false (an unquoted yes/no/true/false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"text {shown(value)}"


def words(values: tuple[str, ...]) -> dict[str, Any]:
    """JSON Schema for ``values`` as loading reads them: in any case, spaced any way."""

    def spelled(value: str) -> str:
        return r"\s+".join(
            "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in part)
            for part in value.split()
        )

    return {"type": "string", "pattern": rf"^\s*(?:{'|'.join(spelled(v) for v in values)})\s*$"}


TEXT: dict[str, Any] = {"type": "string", "pattern": r"\S"}  # any text but blank
# What JSON an editor's YAML 1.2 reader gives for a plain scalar a text field takes as written
# (`title: 2017`, `marking: true`); a pattern applies to strings only, so patterned text is
# "string" alone.
TEXT_TYPES = ["string", "number", "boolean"]


class Kind:
    """How one field's value is checked and turned into a model value."""

    description = ""

    def load(self, value: Any, path: Path, ctx: Context) -> Any:
        raise NotImplementedError

    def json(self) -> dict[str, Any]:
        raise NotImplementedError

    def wrong(self, value: Any, path: Path, ctx: Context, expected: str, hint: str = "") -> Any:
        if isinstance(value, bool):
            hint = (
                "YAML reads unquoted yes, no, on, off, true and false as true/false: "
                'put the value in quotes, e.g. "no".'
            )
        ctx.error(path, f"expected {expected}, found {_type_name(value)}", hint)
        return INVALID


@dataclass
class Str(Kind):
    """Plain text without markup (names, ids, URLs)."""

    pattern: str | None = None
    pattern_hint: str = ""

    def load(self, value: Any, path: Path, ctx: Context) -> Any:
        value = as_written(value, path, ctx)  # `version: 1.10` is "1.10", `marking: no` "no"
        if not isinstance(value, str):
            return self.wrong(value, path, ctx, "text", "Write the text, or remove the key.")
        value = value.strip()
        if not value:
            ctx.error(path, "this text is empty", "Write the text, or remove the key.")
            return INVALID
        if self.pattern and not re.fullmatch(self.pattern, value):
            ctx.error(path, f"{shown(value)} is not allowed here", self.pattern_hint)
            return INVALID
        return value

    def json(self) -> dict[str, Any]:
        if self.pattern:
            return {"type": "string", "pattern": rf"^\s*(?:{self.pattern})\s*$"}  # stripped
        return {**TEXT, "type": TEXT_TYPES}


@dataclass
class Markup(Kind):
    """Text with light inline markup (``**bold**``, ``*italic*``) that becomes styled runs."""

    def load(self, value: Any, path: Path, ctx: Context) -> Any:
        value = as_written(value, path, ctx)  # `subtitle: 010` is "010", `3:1` is "3:1"
        if not isinstance(value, str):
            return self.wrong(value, path, ctx, "text", "Write the text, quoted if it holds ': '.")
        value = " ".join(value.split())
        if not value:
            ctx.error(path, "this text is empty", "Write the text, or remove the key.")
            return INVALID
        for mark in unread_language_marks(value):
            ctx.error(
                path,
                f"the language mark {mark!r} cannot be read",
                "Write `[phrase]{lang=TAG}` with a BCP 47 tag such as fa, ar or pt-BR, and "
                "nothing but the phrase inside the brackets; write `\\[` for a literal bracket.",
            )
            return INVALID
        return parse(value)

    def json(self) -> dict[str, Any]:
        return {**TEXT, "type": TEXT_TYPES}  # `title: 2017` is text too


@dataclass
class Choice(Kind):
    """One of a few words, in any case; ``near`` maps words writers use for one of them
    (confidence `medium` for `moderate`) to the word meant."""

    values: tuple[str, ...]
    near: dict[str, str] = field(default_factory=dict)

    def load(self, value: Any, path: Path, ctx: Context) -> Any:
        value = as_written(value, path, ctx)  # `no` is the word no, not YAML's false
        if not isinstance(value, str) or value.strip().lower() not in self.values:
            said = " ".join(str(value).lower().split())
            close = self.near.get(said) or suggest(said, self.values)
            hint = f"Did you mean {close!r}? " if close else ""
            ctx.error(
                path,
                f"{shown(value)} is not one of: {', '.join(self.values)}",
                hint + "Use one of the listed values.",
            )
            return INVALID
        return value.strip().lower()

    def json(self) -> dict[str, Any]:
        return {"anyOf": [{"type": "string", "enum": list(self.values)}, words(self.values)]}


@dataclass
class Id(Kind):
    """An identifier naming outputs or referred to elsewhere; defined in ``collection``."""

    collection: str | None = None

    PATTERN = r"[a-z0-9][a-z0-9._-]{0,63}"

    def load(self, value: Any, path: Path, ctx: Context) -> Any:
        value = as_written(value, path, ctx)  # `id: 010` is "010"; YAML 1.1 reads 8
        if not isinstance(value, str) or not re.fullmatch(self.PATTERN, value):
            ctx.error(
                path,
                f"{shown(value)} is not a valid id",
                "Use lower-case letters, digits, '-', '_' and '.', starting with a letter "
                "or digit (at most 64 characters).",
            )
            return INVALID
        if self.collection:
            ctx.define(self.collection, value, path)
        return value

    def json(self) -> dict[str, Any]:
        return {
            "anyOf": [
                {"type": "string", "pattern": f"^{self.PATTERN}$"},
                {"type": "integer", "minimum": 0, "maximum": 10**64 - 1},  # `id: 2018`
            ]
        }


@dataclass
class Ref(Kind):
    """A reference to an id defined in ``collection`` (``actors`` or ``sources``)."""

    collection: str

    def load(self, value: Any, path: Path, ctx: Context) -> Any:
        value = as_written(value, path, ctx)  # `id: 2018` defines "2018", `[2018]` cites it
        if not isinstance(value, str):
            return self.wrong(
                value,
                path,
                ctx,
                f"an id from `{self.collection}`",
                f"Write an id defined under `{self.collection}:`, as plain text.",
            )
        ctx.refer(self.collection, value, path)
        return value

    def json(self) -> dict[str, Any]:
        return {"type": ["string", "integer"]}


class Color(Kind):
    def load(self, value: Any, path: Path, ctx: Context) -> Any:
        if not isinstance(value, str) or not re.fullmatch(r"#?[0-9A-Fa-f]{6}", value.strip()):
            ctx.error(
                path, f"{value!r} is not a colour", 'Write a hex colour in quotes, e.g. "#1F4E79".'
            )
            return INVALID
        return "#" + value.strip().lstrip("#").upper()

    def json(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "^#?[0-9A-Fa-f]{6}$"}


@dataclass
class Number(Kind):
    minimum: float | None = None
    maximum: float | None = None

    def load(self, value: Any, path: Path, ctx: Context) -> Any:
        value = as_number(value, path, ctx)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return self.wrong(value, path, ctx, "a number", _number_hint(value))
        value = float_of(value)
        if not math.isfinite(value):  # YAML reads .inf and .nan; no chart can draw them
            ctx.error(path, f"{value} is not a finite number", "Write an ordinary number.")
            return INVALID
        low = self.minimum if self.minimum is not None else float("-inf")
        high = self.maximum if self.maximum is not None else float("inf")
        if not low <= value <= high:
            ctx.error(path, f"{value} is out of range", f"Use a number from {low:g} to {high:g}.")
            return INVALID
        return float(value)

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "number"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out


def _number_hint(value: Any) -> str:
    """What to write instead of ``value`` where a number is wanted."""
    if isinstance(value, str) and "_" in value and core_number(value.replace("_", "")) is not None:
        return f"Write the number without separators, e.g. {value.replace('_', '').strip()}."
    if isinstance(value, str) and core_number(value) is not None:  # quoted: text
        return "Write the number without quotes."
    if isinstance(value, str) and re.fullmatch(r"\s*[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\s*", value):
        return (
            "YAML 1.1 reads this as a number in base 60 (3:1 as 181); write the number "
            "itself, e.g. 3.1, or put a ratio or a time in a table instead."
        )
    return "Write digits only, e.g. 700 or 2.5."


def float_of(value: int | float) -> float:
    """``value`` as a float; an int too large for one is infinite, and refused as such."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


class Flag(Kind):
    """true or false."""

    def load(self, value: Any, path: Path, ctx: Context) -> Any:
        if not isinstance(value, bool):
            ctx.error(
                path, f"expected true or false, found {_type_name(value)}", "Write true or false."
            )
            return INVALID
        return value

    def json(self) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass
class ListOf(Kind):
    item: Kind
    min_items: int = 0
    unique: bool = False
    few: str = ""  # the hint when there are fewer than min_items

    def single(self) -> bool:
        """Whether one id stands for a one-item list: `sources: ewi-2018` cites one source."""
        return isinstance(self.item, Ref) and self.min_items <= 1

    def load(self, value: Any, path: Path, ctx: Context) -> Any:
        if self.single() and (
            isinstance(value, (str, dict, int, float)) or path in ctx.doc.written
        ):
            if path in ctx.doc.written:  # the one id is read as written, as in a list
                item = (*path, 0)
                ctx.doc.written[item] = ctx.doc.written[path]
            value = [value]
        if not isinstance(value, list):
            return self.wrong(value, path, ctx, "a list", "Write a YAML list: one `- item` a line.")
        few = len(value) < self.min_items
        if few:
            name = f"`{path[-1]}` " if path and isinstance(path[-1], str) else ""
            ctx.error(
                path,
                f"{name}needs at least {self.min_items} item"
                f"{'s' if self.min_items > 1 else ''}, found {len(value)}",
                self.few or f"Give at least {self.min_items}.",
            )
        # loaded even when too few: the ids they define must not be reported unknown later
        out = [self.item.load(v, (*path, i), ctx) for i, v in enumerate(value)]
        if self.unique:
            seen: dict[Any, int] = {}
            for i, v in enumerate(out):
                if v is not INVALID and v in seen:
                    ctx.error((*path, i), f"{v!r} is listed twice", "Remove the repeat.")
                seen.setdefault(v, i)
        return INVALID if few or INVALID in out else tuple(out)

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "array", "items": self.item.json()}
        if self.min_items:
            out["minItems"] = self.min_items
        if self.unique:
            out["uniqueItems"] = True
        if self.single():
            return {"anyOf": [self.item.json(), out]}
        return out


@dataclass
class MapOf(Kind):
    """A mapping of names (ids in ``collection``, if given) to values of one kind."""

    collection: str | None
    value: Kind
    min_items: int = 0

    def load(self, value: Any, path: Path, ctx: Context) -> Any:
        if not isinstance(value, dict):
            return self.wrong(
                value,
                path,
                ctx,
                "a mapping of names to values",
                "Write one `name: value` a line under the key.",
            )
        if len(value) < self.min_items:
            name = f"`{path[-1]}` " if path and isinstance(path[-1], str) else ""
            ctx.error(
                path,
                f"{name}needs at least {self.min_items} entr"
                f"{'ies' if self.min_items > 1 else 'y'}, found {len(value)}",
                f"Add {'an entry' if self.min_items == 1 else f'{self.min_items} entries'}: "
                "one `name: value` a line.",
            )
            return INVALID
        out = {}
        for k, v in value.items():
            if self.collection:
                ctx.refer(self.collection, k, (*path, k), key=True)
            out[k] = self.value.load(v, (*path, k), ctx)
        return INVALID if INVALID in out.values() else out

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "object", "additionalProperties": self.value.json()}
        if self.min_items:
            out["minProperties"] = self.min_items
        return out


@dataclass
class Field:
    """One key of a record: its kind, whether it is required, and its documentation."""

    name: str
    kind: Kind
    description: str
    required: bool = False
    example: Any = None
    attr: str | None = None  # model attribute when it differs from the key


@dataclass
class Record(Kind):
    """A mapping with a fixed set of keys, built into a model class."""

    name: str
    fields: list[Field]
    build: Callable[..., Any]
    description: str = ""
    finish: Callable[[dict[str, Any], Path, Context], dict[str, Any] | None] | None = None
    # what ``finish`` checks, in JSON Schema, where JSON Schema can say it
    rules: list[dict[str, Any]] = field(default_factory=list)
    by_name: dict[str, Field] = field(init=False)

    def __post_init__(self) -> None:
        self.by_name = {f.name: f for f in self.fields}

    def load(self, value: Any, path: Path, ctx: Context) -> Any:
        if not isinstance(value, dict):
            return self.wrong(
                value,
                path,
                ctx,
                f"a mapping ({self.name})",
                f"Write `key: value` lines; keys: {', '.join(self.by_name)}.",
            )
        values: dict[str, Any] = {}
        bad = False
        meant: set[str] = set()  # keys a misspelt key stands for
        for key, raw in value.items():
            spec = self.by_name.get(key)
            if spec is None:
                close = suggest(key, self.by_name)
                hint = (
                    f"Did you mean {close!r}?"
                    if close
                    else f"Known keys here: {', '.join(self.by_name)}."
                )
                ctx.error((*path, key), f"unknown key {shown(key)} in {self.name}", hint, key=True)
                bad = True
                if close and close not in value and close not in meant:
                    # what it holds is checked as what it most likely means, so the errors
                    # inside do not wait for the rename and a second run
                    meant.add(close)
                    self.by_name[close].kind.load(raw, (*path, key), ctx)
                continue
            loaded = spec.kind.load(raw, (*path, key), ctx)
            if loaded is INVALID:
                bad = True
            values[spec.attr or key] = loaded
        for spec in self.fields:
            if spec.required and spec.name not in value:
                bad = True
                if spec.name in meant or ctx.doc.lost(path, spec.name):
                    continue  # said already: misspelt, or on a line a syntax error took
                ctx.error(
                    path,
                    f"{self.name} is missing the required key {spec.name!r}",
                    f"Add `{spec.name}:` ({spec.description}).",
                    key=True,
                )
        if bad:
            return INVALID
        if self.finish:
            finished = self.finish(values, path, ctx)
            if finished is None:
                return INVALID
            values = finished
        return self.build(**values)

    def json(self) -> dict[str, Any]:
        props = {}
        for f in self.fields:
            sub = dict(f.kind.json())
            sub["description"] = f.description
            if f.example is not None:
                sub["examples"] = [f.example]
            props[f.name] = sub
        out: dict[str, Any] = {
            "type": "object",
            "title": self.name,
            "properties": props,
            "additionalProperties": False,
        }
        if self.description:
            out["description"] = self.description
        required = [f.name for f in self.fields if f.required]
        if required:
            out["required"] = required
        if self.rules:
            out["allOf"] = self.rules
        return out
