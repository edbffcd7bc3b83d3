"""YAML bytes to plain Python values, with the file:line:column of every key and value.

Only the YAML core schema is accepted: tags that would construct objects are refused,
duplicate keys are errors, and aliases are bounded so an alias bomb cannot exhaust memory.
A mistake on one line does not hide the rest of the file: an undecodable byte is replaced,
a syntax error is repaired (`repair`), and what else is wrong is reported in the same run.
Every plain scalar keeps the text it was written as (`Document.written`): a text field prints
`010`, `1.10` or `yes` as typed, never as YAML 1.1 reads them (8, 1.1, true). No value holds a
character the documents cannot (XML 1.0 refuses most control characters): each is refused
here, where every value and key passes, at the place it was written.
"""

from __future__ import annotations

import codecs
import itertools
import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from deckgen.checking import repair
from deckgen.checking.repair import Loader
from deckgen.errors import Diagnostic, Location

Path = tuple[str | int, ...]

_CORE_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
MAX_NODES = 100_000  # 200 times the shipped briefing; stops "billion laughs" expansion
MAX_DEPTH = repair.MAX_DEPTH
MAX_BAD_LINES = 20  # lines with undecodable bytes reported; one re-save as UTF-8 fixes all
# What XML 1.0 cannot hold (and UTF-8 cannot encode: lone surrogates). YAML's double quotes
# write them as escapes ("\x01", "\e", "\0", "\uFFFE") that its reader lets through.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What the YAML reader refuses in the text itself; NUL is refused before, as a binary file's.
_CONTROLS = "[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]"
_CONTROL_NAMES = {"\x00": "NUL", "\x08": "BACKSPACE", "\x0b": "VERTICAL TAB",
                  "\x0c": "FORM FEED", "\x1b": "ESCAPE", "\x7f": "DELETE"}  # fmt: skip
# One escape of a double-quoted YAML scalar, and the character each single-letter one means.
_ESCAPE = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_ESCAPED = {"0": "\x00", "a": "\x07", "b": "\x08", "v": "\x0b", "f": "\x0c", "e": "\x1b"}


@dataclass
class Document:
    """Parsed content: the values, where each value and each mapping key stands, and which
    lines the reader had to repair (each such line already carries its one diagnostic)."""

    path: str
    data: Any
    values: dict[Path, Location] = field(default_factory=dict)
    keys: dict[Path, Location] = field(default_factory=dict)
    repaired: set[int] = field(default_factory=set)
    blanked: list[tuple[int, str]] = field(default_factory=list)  # (line, key it held)
    spans: dict[Path, tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=dict)
    # plain (unquoted) scalars as written: `010` stays "010" for a text field, which YAML 1.1
    # reads as the number 8; quoted scalars and null are not here
    written: dict[Path, str] = field(default_factory=dict)

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

    def lost(self, path: Path, key: str) -> bool:
        """Whether ``key`` of the mapping at ``path`` stood on a line blanked by a repair: its
        absence is that syntax error's doing, already reported."""
        return any(k == key and self._owner(line) == path for line, k in self.blanked)

    def _owner(self, line: int) -> Path | None:
        """The innermost mapping whose span holds the start of ``line``."""
        best: tuple[tuple[int, int], Path] | None = None
        for path, (start, end) in self.spans.items():
            if start <= (line, 1) < end and (best is None or start > best[0]):
                best = (start, path)
        return best[1] if best else None


class _Abort(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


def parse(raw: bytes, path: str) -> tuple[Document | None, list[Diagnostic]]:
    """Parse ``raw`` as UTF-8 YAML: the document and every problem found on the way, or None
    and the reasons when nothing can be read."""
    text, problems, repaired = _decode(raw, path)
    if text is None:
        return None, problems
    if "\x00" in text:
        if problems:  # bytes that are not UTF-8 and NULs: a binary file, say it once
            return None, problems[:1]
        at = text.index("\x00")
        line = text[:at].count("\n") + 1
        return None, [
            Diagnostic(
                Location(path, line, at - (text.rfind("\n", 0, at) + 1) + 1),
                "the file contains NUL characters: it looks like a binary file",
                "Point deckgen at a YAML content file.",
            )
        ]
    text = _odd_characters(text, path, problems, repaired)
    if not text.strip():
        return None, problems or [
            Diagnostic(
                Location(path, 1, 1),
                "the file is empty",
                "Start from `deckgen new NAME`, which writes a commented skeleton.",
            )
        ]
    crowded = _count_values(text, path)
    if crowded is not None:
        return None, [*problems, crowded]
    found = repair.read(text, path, repaired)
    problems += found.problems
    if found.node is None:
        if not problems:
            problems.append(
                Diagnostic(
                    Location(path, 1, 1),
                    "the file holds no content (only comments)",
                    "Start from `deckgen new NAME`.",
                )
            )
        return None, problems
    doc = Document(path, None, repaired=set(found.repaired), blanked=found.blanked)
    builder = _Builder(doc, found.text)
    try:
        doc.data = builder.build(found.node, (), 0)
    except _Abort as stop:
        return None, [*problems, stop.diagnostic]
    # a duplicate key on a repaired line is that repair's echo; the line has its diagnostic
    problems += [
        d for d in builder.problems if d.location is None or d.location.line not in found.repaired
    ]
    return doc, problems


def _decode(raw: bytes, path: str) -> tuple[str | None, list[Diagnostic], set[int]]:
    """``raw`` as text: each byte that is not UTF-8 replaced by U+FFFD and reported (its
    line is then a repaired one), so the rest of the file is still checked. None for
    UTF-16, which no replacement makes readable."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [_not_utf8(path, 1, 1, raw[0], b"", utf16=True)], set()
    data = memoryview(raw)[3:] if raw.startswith(codecs.BOM_UTF8) else memoryview(raw)
    pieces: list[str] = []
    problems: list[Diagnostic] = []
    lines: set[int] = set()
    line, column, pos = 1, 1, 0  # where the next decoded character stands
    while True:
        try:
            pieces.append(codecs.utf_8_decode(data[pos:], "strict", True)[0])
            break
        except UnicodeDecodeError as exc:
            good = codecs.utf_8_decode(data[pos : pos + exc.start], "strict", True)[0]
            pieces.append(good)
            breaks = good.count("\n")
            line += breaks
            column = len(good) - good.rfind("\n") if breaks else column + len(good)
            bad = bytes(data[pos + exc.start : pos + exc.end])
            if line not in lines:
                if len(lines) < MAX_BAD_LINES:
                    problems.append(_not_utf8(path, line, column, bad[0], bad))
                lines.add(line)
            pieces.append("\ufffd")
            column += 1
            pos += exc.end
    if len(lines) > MAX_BAD_LINES:
        problems.append(
            Diagnostic(
                Location(path),
                f"{len(lines) - MAX_BAD_LINES} more lines hold bytes that are not UTF-8",
                "Save the file as UTF-8 in your editor.",
                severity="note",
            )
        )
    return "".join(pieces), problems, lines


def _not_utf8(
    path: str, line: int, column: int, byte: int, bad: bytes, utf16: bool = False
) -> Diagnostic:
    """A byte that is not UTF-8: what a legacy encoding would read it as, and what to do."""
    message = f"the file is not valid UTF-8 (byte 0x{byte:02x})"
    if utf16:
        message += ": it looks like UTF-16"
    legacy = bad.decode("cp1252", "replace") if len(bad) == 1 else ""
    if legacy and legacy != "\ufffd" and legacy.isprintable():
        message += f": Windows-1252 reads it as {legacy!r}"
        return Diagnostic(
            Location(path, line, column),
            message,
            f"Save the file as UTF-8 (your editor's Save As or Reopen with Encoding), or "
            f"retype the {legacy}.",
        )
    return Diagnostic(
        Location(path, line, column),
        message,
        "Save the file as UTF-8; deckgen reads no other encoding.",
    )


_ODD_BREAKS = {
    "\x85": "NEXT LINE (U+0085)",
    "\u2028": "LINE SEPARATOR (U+2028)",
    "\u2029": "PARAGRAPH SEPARATOR (U+2029)",
}
_ODD = re.compile("[\x85\u2028\u2029]|" + _CONTROLS)


def _odd_characters(text: str, path: str, problems: list[Diagnostic], repaired: set[int]) -> str:
    """Report the invisible characters YAML reads as line breaks, and the control characters
    it refuses, which editors do not show; read each as the space it should have been.

    Pasted from a web page into a title, a line separator split it, so the parser complained
    about a line the writer could not see, and every later line number was one off; in a
    comment one would end the comment and make the rest of that line content. A vertical tab
    (Word's Shift+Enter) stopped the reader at "position 104" of a file, as if at line 1.
    """
    if not _ODD.search(text):
        return text
    for m in itertools.islice(_ODD.finditer(text), MAX_BAD_LINES):
        at, char = m.start(), m.group()
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        if char in _ODD_BREAKS:
            message = (f"the file holds an invisible {_ODD_BREAKS[char]} character, "
                       "which YAML reads as a line break")  # fmt: skip
            hint = "Delete it, or replace it with a space."
        else:
            message = f"the file holds {control_name(char)}, which YAML does not allow in text"
            hint = "Delete it, or replace it with a space."
            if char == "\x0b":
                hint = ("Word's Shift+Enter leaves this character in pasted text: replace it "
                        "with a space, or make each line an item of its own.")  # fmt: skip
        if line not in repaired:
            problems.append(Diagnostic(Location(path, line, column), message, hint))
        repaired.add(line)
    return _ODD.sub(" ", text)


def control_name(char: str) -> str:
    """An invisible character as a reader can look it up: "the control character ESCAPE
    (U+001B)"."""
    code = f"U+{ord(char):04X}"
    if char in ("\ufffe", "\uffff"):
        return f"the non-character {code}"
    if "\ud800" <= char <= "\udfff":
        return f"half a surrogate pair ({code})"
    name = _CONTROL_NAMES.get(char)
    return f"the control character {name} ({code})" if name else f"the control character {code}"


def core_number(text: str) -> int | float | None:
    """A plain scalar as YAML 1.2's core schema reads a number, or None when it reads none.

    Where the format wants a number (chart values, probabilities, sizes) the text as written
    decides, not YAML 1.1: `3:1` is no number (1.1 reads 181), `1_000` none either (1.1 reads
    1000), and `010` is ten (1.1 reads eight).
    """
    value = text.strip()
    if re.fullmatch(r"[-+]?[0-9]+", value):
        # Python refuses to read ints of thousands of digits; as a float such a one is inf
        return int(value) if len(value) <= 300 else float(value)
    if re.fullmatch(r"0o[0-7]+", value):
        return int(value[2:], 8)
    if re.fullmatch(r"0x[0-9a-fA-F]+", value):
        return int(value[2:], 16)
    if re.fullmatch(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?", value):
        return float(value)
    if re.fullmatch(r"[-+]?\.(?:inf|Inf|INF)", value):
        return float(value.replace(".", "", 1))
    if value in (".nan", ".NaN", ".NAN"):
        return math.nan
    return None


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
        for event in yaml.parse(text, Loader=Loader):
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


class _Builder:
    def __init__(self, doc: Document, text: str) -> None:
        self.doc = doc
        self.text = text  # what the nodes were composed from: their marks index it
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

    def refuse(self, node: yaml.Node, site: Location | None, message: str, hint: str) -> None:
        """Report ``node`` and leave it out; its line carries this one diagnostic."""
        where = self.loc(node, site)
        self.problems.append(Diagnostic(where, message, hint))
        self.doc.repaired.add(where.line)

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
            # a tag is no slip of the keyboard but a file built to run code: refuse it whole
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
                value = self.constructor.construct_object(node, deep=True)
            except (yaml.constructor.ConstructorError, ValueError):
                # e.g. 2017-02-30 looks like a timestamp but is none: the field's own
                # check reports it with a better message than the YAML library's.
                value = node.value
            if isinstance(value, str) and NOT_XML.search(value):
                return self.not_xml(node, site, value)
            if not node.style and value is not None:  # libyaml's plain style is ''
                self.doc.written[path] = node.value
            return value
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
        if site is None:  # a mapping's span tells which keys a blanked line took from it
            start, end = node.start_mark, node.end_mark
            self.doc.spans[path] = (
                (start.line + 1, start.column + 1),
                (end.line + 1, end.column + 1),
            )
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or not key_node.value.strip():
                self.refuse(
                    key_node, site, "a mapping key must be a plain name", "Write keys as words."
                )
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.refuse(
                    key_node,
                    site,
                    "YAML merge keys (<<) are not supported",
                    "Write the keys out in full.",
                )
                continue
            key = key_node.value  # as written: `no:` stays "no", `1:` stays "1"
            if NOT_XML.search(key):  # a key may print: a series name, an actor's position
                key = self.not_xml(key_node, site, key)
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

    def not_xml(self, node: yaml.ScalarNode, site: Location | None, value: str) -> str:
        """Refuse a scalar holding a character no document can hold, at the escape that
        wrote it; the value goes on with U+FFFD in its place, so nothing else trips on it."""
        bad = NOT_XML.search(value)
        assert bad is not None
        where, written = self.loc(node, site), ""
        if site is None and node.style == '"':
            start, end = node.start_mark.index, node.end_mark.index
            for m in _ESCAPE.finditer(self.text, start, end):
                if _unescape(m.group()) == bad.group():
                    where = Location(self.doc.path, *repair.place(self.text, m.start()))
                    written = m.group()
                    break
        how = f", written `{written}`," if written else ""
        self.problems.append(
            Diagnostic(
                where,
                f"the text holds {control_name(bad.group())}{how} which no document can hold",
                f"Remove `{written}` from the text." if written else "Remove the character.",
            )
        )
        self.doc.repaired.add(where.line)  # its line has this one diagnostic
        return NOT_XML.sub("\ufffd", value)


def _unescape(escape: str) -> str:
    """The character one YAML double-quote escape stands for (those that matter here)."""
    letter = escape[1]
    if letter in "xuU":
        code = int(escape[2:], 16)
        return chr(code) if code <= 0x10FFFF else ""
    return _ESCAPED.get(letter, letter)
