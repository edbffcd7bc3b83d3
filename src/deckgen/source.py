"""YAML bytes to plain Python values, with the file:line:column of every key and value.

Only the YAML core schema is accepted: tags that would construct objects are refused,
duplicate keys are errors, and aliases are bounded so an alias bomb cannot exhaust memory.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Diagnostic, Location

try:  # libyaml's parser is several times faster and keeps the same marks
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path = tuple[str | int, ...]

_CORE_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
MAX_NODES = 100_000  # 200 times the shipped briefing; stops "billion laughs" expansion
MAX_DEPTH = 100


@dataclass
class Document:
    """Parsed content: the values, and where each value and each mapping key stands."""

    path: str
    data: Any
    values: dict[Path, Location] = field(default_factory=dict)
    keys: dict[Path, Location] = field(default_factory=dict)

    def where(self, path: Path, key: bool = False) -> Location:
        """The location of ``path``, or of its nearest located parent."""
        table = self.keys if key else self.values
        probe = path
        while probe:
            if probe in table:
                return table[probe]
            if key and probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
            table = self.values
        return self.values.get((), Location(self.path, 1, 1))


class _Abort(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


def parse(raw: bytes, path: str) -> tuple[Document | None, list[Diagnostic]]:
    """Parse ``raw`` as UTF-8 YAML; on failure return None and the located reason."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        start = raw.rfind(b"\n", 0, exc.start) + 1
        # columns count characters, as editors do; what precedes the bad byte decodes
        column = len(raw[start : exc.start].decode("utf-8", "replace")) + 1
        utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
        return None, [
            Diagnostic(
                Location(path, line, column),
                f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})"
                + (": it looks like UTF-16" if utf16 else ""),
                "Save the file as UTF-8; deckgen reads no other encoding.",
            )
        ]
    if "\x00" in text:
        at = text.index("\x00")
        line = text[:at].count("\n") + 1
        return None, [
            Diagnostic(
                Location(path, line, at - (text.rfind("\n", 0, at) + 1) + 1),
                "the file contains NUL characters: it looks like a binary file",
                "Point deckgen at a YAML content file.",
            )
        ]
    breaks = _line_breaks(text, path)
    if breaks:
        return None, breaks
    if not text.strip():
        return None, [
            Diagnostic(
                Location(path, 1, 1),
                "the file is empty",
                "Start from `deckgen new NAME`, which writes a commented skeleton.",
            )
        ]
    crowded = _count_values(text, path)
    if crowded is not None:
        return None, [crowded]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or "invalid YAML"
        mark = exc.problem_mark or exc.context_mark
        context = exc.context_mark
        if (
            context is not None
            and mark is not None
            and (
                "end of stream" in problem
                or ("flow" in (exc.context or "") and mark.line > context.line)
            )
        ):
            mark = context  # an unclosed quote or bracket: where it began is where to look
        if exc.context:
            problem = f"{exc.context}: {problem}"
        loc = Location(path, *_place(text, mark.index)) if mark else Location(path)
        if mark is not None and text[mark.index : mark.index + 1] == "\t":
            problem += " (a tab character)"
        return None, [Diagnostic(loc, f"YAML syntax error: {problem}", _yaml_hint(problem))]
    except yaml.YAMLError as exc:
        return None, [Diagnostic(Location(path, 1, 1), f"YAML error: {exc}")]
    except RecursionError:
        return None, [
            Diagnostic(
                Location(path, 1, 1),
                "the YAML is nested too deeply to read",
                f"Content is never nested more than a few levels; keep it under {MAX_DEPTH}.",
            )
        ]
    if node is None:
        return None, [
            Diagnostic(
                Location(path, 1, 1),
                "the file holds no content (only comments)",
                "Start from `deckgen new NAME`.",
            )
        ]
    doc = Document(path, None)
    builder = _Builder(doc)
    try:
        doc.data = builder.build(node, (), 0)
    except _Abort as stop:
        return None, [stop.diagnostic]
    return doc, builder.problems


_ODD_BREAKS = {
    "\x85": "NEXT LINE (U+0085)",
    "\u2028": "LINE SEPARATOR (U+2028)",
    "\u2029": "PARAGRAPH SEPARATOR (U+2029)",
}


def _line_breaks(text: str, path: str) -> list[Diagnostic]:
    """Refuse the invisible characters YAML reads as line breaks and editors do not show.

    Pasted from a web page into a title they split it, so the parser complained about a
    line the writer could not see, and every later line number was one off; in a comment
    one would end the comment and make the rest of that line content.
    """
    found = []
    for m in itertools.islice(re.finditer("[\x85\u2028\u2029]", text), 20):
        at = m.start()
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        found.append(
            Diagnostic(
                Location(path, line, column),
                f"the file holds an invisible {_ODD_BREAKS[m.group()]} character, "
                "which YAML reads as a line break",
                "Delete it, or replace it with a space.",
            )
        )
    return found


def _count_values(text: str, path: str) -> Diagnostic | None:
    """Refuse a file holding more than MAX_NODES values before composing it.

    Composing builds a Python object per node before the builder can count them: a 5 MB
    flow list of millions of numbers took seconds. Parser events stream, so counting them
    stops early. Keys are not counted (the builder counts values only), nor are aliases
    expanded here: the builder bounds those. A syntax error is left to the composer, which
    reports it with its place and context.
    """
    count = 0
    in_mapping: list[bool] = []  # per open collection: is it a mapping
    next_is_key: list[bool] = []  # per open collection: is its next node a key
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionEndEvent):
                in_mapping.pop()
                next_is_key.pop()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            key = bool(in_mapping) and in_mapping[-1] and next_is_key[-1]
            if in_mapping and in_mapping[-1]:
                next_is_key[-1] = not next_is_key[-1]
            if not key:
                count += 1
                if count > MAX_NODES:
                    mark = event.start_mark
                    return Diagnostic(
                        Location(path, mark.line + 1, mark.column + 1) if mark else Location(path),
                        f"the file holds too many values (more than {MAX_NODES:,})",
                        "A briefing holds a few hundred; is this the right file?",
                    )
            if isinstance(event, yaml.CollectionStartEvent):
                in_mapping.append(isinstance(event, yaml.MappingStartEvent))
                next_is_key.append(True)
    except yaml.YAMLError:
        return None
    return None


_BREAK = re.compile(r"\r\n|\r|\n")


def _place(text: str, index: int) -> tuple[int, int]:
    """Line and column of ``text[index]`` as editors count them.

    libyaml's own line is one too far at the end of a file without a final newline: it
    puts the end of the stream on a line the editor does not show.
    """
    before = text[: min(index, len(text))]
    line_start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return len(_BREAK.findall(before)) + 1, len(before) - line_start + 1


def _yaml_hint(problem: str) -> str:
    if "nesting depth" in problem:
        return f"Content is never nested more than a few levels; keep it under {MAX_DEPTH}."
    if "tab" in problem:
        return "Indent with spaces; YAML does not allow tab characters for indentation."
    if "quoted" in problem or "quote" in problem:
        return "Close the quoted string, or use a block scalar (`>`) for long text."
    if "mapping values" in problem:
        return "A value holding ': ' needs quotes, or check the indentation of this line."
    if "indent" in problem or "expected <block end>" in problem or "expected key" in problem:
        return "Check the indentation: items of one list or mapping line up exactly."
    return "Fix the YAML syntax at this place."


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.count = 0
        self.problems: list[Diagnostic] = []
        self.constructor = yaml.constructor.SafeConstructor()
        self.active: set[int] = set()
        self.seen: set[int] = set()

    def loc(self, node: yaml.Node, site: Location | None = None) -> Location:
        if site is not None:
            return site
        m = node.start_mark
        return Location(self.doc.path, m.line + 1, m.column + 1)

    def stop(self, node: yaml.Node, site: Location | None, message: str, hint: str) -> _Abort:
        return _Abort(Diagnostic(self.loc(node, site), message, hint))

    def build(self, node: yaml.Node, path: Path, depth: int, site: Location | None = None) -> Any:
        """Turn ``node`` into plain values, recording locations under ``path``.

        A node met a second time was reached through an alias; the composer keeps no place
        for the alias itself, so ``site`` (where the alias is used) stands in for the anchor.
        """
        if site is None and id(node) in self.seen:
            site = self.doc.where(path, key=True)
        self.seen.add(id(node))
        self.count += 1
        if self.count > MAX_NODES:
            raise self.stop(
                node,
                site,
                "the YAML expands to too many values (aliases repeated too often?)",
                "Write the content out; deckgen limits alias expansion.",
            )
        if depth > MAX_DEPTH:
            raise self.stop(
                node,
                site,
                "the YAML is nested too deeply",
                f"Keep nesting under {MAX_DEPTH} levels.",
            )
        self.doc.values[path] = self.loc(node, site)
        if node.tag not in _CORE_TAGS:
            raise self.stop(
                node,
                site,
                f"YAML tag {node.tag!r} is not allowed",
                "Remove the tag; content is plain text, numbers, dates, lists and mappings.",
            )
        if id(node) in self.active:
            raise self.stop(
                node, site, "a YAML alias refers to itself", "Remove the recursive alias."
            )
        if isinstance(node, yaml.ScalarNode):
            try:
                return self.constructor.construct_object(node, deep=True)
            except (yaml.constructor.ConstructorError, ValueError):
                # e.g. 2017-02-30 looks like a timestamp but is none: the field's own
                # check reports it with a better message than the YAML library's.
                return node.value
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [
                    self.build(item, (*path, i), depth + 1, site)
                    for i, item in enumerate(node.value)
                ]
            assert isinstance(node, yaml.MappingNode)  # the composer makes no other kind
            return self.mapping(node, path, depth, site)
        finally:
            self.active.discard(id(node))

    def mapping(
        self, node: yaml.MappingNode, path: Path, depth: int, site: Location | None
    ) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or not key_node.value.strip():
                raise self.stop(
                    key_node, site, "a mapping key must be a plain name", "Write keys as words."
                )
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.stop(
                    key_node,
                    site,
                    "YAML merge keys (<<) are not supported",
                    "Write the keys out in full.",
                )
            key = key_node.value  # as written: `no:` stays "no", `1:` stays "1"
            child = (*path, key)
            if key in result:
                first = self.doc.keys[child]
                self.problems.append(
                    Diagnostic(
                        self.loc(key_node, site),
                        f"duplicate key {key!r} (first at line {first.line})",
                        "Remove one of the two; YAML would silently keep only the last.",
                    )
                )
                continue
            self.doc.keys[child] = self.loc(key_node, site)
            result[key] = self.build(value_node, child, depth + 1, site)
        return result
