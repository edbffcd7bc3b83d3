"""YAML text to a node tree despite syntax errors: each error located, its line repaired.

A tab, a line indented one space off or a `*` that starts a value used to stop the read, so
the rest of the file went unchecked until the next run. Here each error is reported, the
line it stands on is repaired (re-indented, its value quoted, or blanked) and the text is
read again, so one run reports what else is wrong. A repair is chosen by trying each
candidate and keeping the one the parser gets furthest with; the hint then spells out the
fix that worked ("Indent this line by 4 spaces ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from deckgen.errors import Diagnostic, Location

try:  # libyaml's parser is several times faster and keeps the same marks
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

__all__ = ["MAX_DEPTH", "MAX_REPAIRS", "WORK", "Loader", "Read", "hint", "place", "read"]

MAX_DEPTH = 100  # deckgen's own nesting limit, checked by the builder; hints quote it
MAX_REPAIRS = 20  # syntax errors reported in one run; past this the file is not guessed at
# Characters parsed while trying repairs: every try reads the whole text again (about 1 MB
# a second), so a briefing of a few kB may be tried hundreds of times, while a 1 MB file
# stops trying after about a second and a 5 MB one stops at its first error, as before.
WORK = 2_000_000

# One line with its end (\n, \r\n or \r), as libyaml and editors count lines.
_LANG_MARK = re.compile(r"^\s*(?:-\s+)*(?:[^\s#:]+:\s+)?\[[^\]]*\]\{lang=")  # `[…]{lang=` first
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
# A line that opens a block of text: `key: >`, `- |-`, with any comment after.
_SCALAR = re.compile(r"(?:^|\s)[|>][-+0-9]*\s*(?:#.*)?$")
# A block line: indentation and list dashes, an optional `key:`, the value, a comment.
_PARTS = re.compile(
    r"(?P<lead>[ \t]*(?:-[ \t]+)*)"
    r"(?:(?P<key>[^\s#'\"\[\]{},&*!|>%@`-][^#]*?):(?:[ \t]+|$))?"
    r"(?P<value>.*?)(?P<comment>[ \t]+#.*)?"
)


@dataclass
class Read:
    """What reading the text gave: the node tree (None when the text could not be read),
    the syntax diagnostics, and the lines repaired on the way."""

    node: yaml.Node | None
    problems: list[Diagnostic] = field(default_factory=list)
    repaired: set[int] = field(default_factory=set)  # 1-based line numbers
    blanked: list[tuple[int, str]] = field(default_factory=list)  # (line, key it held)
    text: str = ""  # the text the node was composed from, repairs applied: its marks index it


@dataclass(frozen=True)
class _Candidate:
    line: int  # 0-based index of the first line it changes
    bodies: tuple[str, ...]  # the new text of that line and of any lines after it
    how: str  # "indent", "quote", "space", "blank" or "truncate"
    hint: str = ""


def _attempt(text: str) -> tuple[yaml.Node | None, yaml.MarkedYAMLError | None]:
    """Compose ``text``: the tree, or the first syntax error."""
    try:
        return yaml.compose(text, Loader=Loader), None
    except yaml.MarkedYAMLError as exc:
        return None, exc


def read(text: str, path: str, repaired: set[int]) -> Read:
    """Compose ``text``, repairing a line per syntax error, up to MAX_REPAIRS of them.

    ``repaired`` holds lines already repaired before (an undecodable byte replaced): a
    syntax error found on one is not reported, since the line has its diagnostic already.
    """
    out = Read(None, repaired=set(repaired))
    try:
        node, exc = _attempt(text)
    except RecursionError:
        out.problems.append(_too_deep(path))
        return out
    except yaml.YAMLError as other:
        # a character the reader refuses (source.parse replaces those it knows first): its
        # place is a character position, which editors show as a line and a column
        at = getattr(other, "position", None)
        where = Location(path, *place(text, at)) if isinstance(at, int) else Location(path, 1, 1)
        problem = getattr(other, "reason", None) or str(other)
        out.problems.append(Diagnostic(where, f"YAML error: {problem}", hint(problem)))
        return out
    lines = _LINE.findall(text)
    budget = WORK
    while exc is not None:
        diagnostic = _describe(exc, text, path)
        fatal = "nesting depth" in (exc.problem or "")
        if fatal or len(out.problems) >= MAX_REPAIRS or budget < len(text):
            out.problems.append(diagnostic)
            return out  # node stays None: nothing past this error can be trusted
        best: tuple[_Candidate, str, yaml.Node | None, yaml.MarkedYAMLError | None] | None = None
        best_at = (-1, -1)
        floor = _mark_line(exc)
        for candidate in _candidates(lines, exc):
            if budget < len(text):
                break
            trial_lines = list(lines)
            for offset, body in enumerate(candidate.bodies):
                trial_lines[candidate.line + offset] = body + _ending(
                    lines[candidate.line + offset]
                )
            trial = "".join(trial_lines)
            budget -= len(trial)
            try:
                trial_node, trial_exc = _attempt(trial)
            except (RecursionError, yaml.YAMLError):
                continue
            at = (1 << 62, 0) if trial_exc is None else _position(trial_exc)
            if at[0] <= max(floor, candidate.line) or at <= best_at:
                continue  # no progress past the broken line, or no better than one before
            best, best_at = (candidate, trial, trial_node, trial_exc), at
        if best is None:
            out.problems.append(diagnostic)
            return out
        candidate, text, node, exc = best
        if (
            candidate.how == "indent"
            and diagnostic.location
            and (diagnostic.location.line != candidate.line + 1)
        ):  # the slip was on a line above the one libyaml stopped at: point there
            body = _body(lines[candidate.line])
            diagnostic = Diagnostic(
                Location(path, candidate.line + 1, len(body) - len(body.lstrip(" \t")) + 1),
                "YAML syntax error: the indentation of this line does not fit the lines around it",
            )
        if diagnostic.location is None or diagnostic.location.line not in out.repaired:
            if candidate.hint:
                diagnostic = Diagnostic(diagnostic.location, diagnostic.message, candidate.hint)
            out.problems.append(diagnostic)
        for offset in range(len(candidate.bodies)):
            number = candidate.line + offset + 1
            out.repaired.add(number)
            if candidate.how in ("blank", "truncate"):
                key = _PARTS.fullmatch(_body(lines[candidate.line + offset]))
                if key and key["key"]:
                    out.blanked.append((number, key["key"].strip()))
        lines = _LINE.findall(text)
    out.node = node
    out.text = text
    return out


def _too_deep(path: str) -> Diagnostic:
    return Diagnostic(
        Location(path, 1, 1),
        "the YAML is nested too deeply to read",
        f"Content is never nested more than a few levels; keep it under {MAX_DEPTH}.",
    )


def _mark_line(exc: yaml.MarkedYAMLError) -> int:
    mark = exc.problem_mark or exc.context_mark
    return mark.line if mark is not None else 0


def _position(exc: yaml.MarkedYAMLError) -> tuple[int, int]:
    mark = exc.problem_mark or exc.context_mark
    return (mark.line, mark.column) if mark is not None else (0, 0)


def _body(line: str) -> str:
    return line.rstrip("\r\n")


def _ending(line: str) -> str:
    return line[len(_body(line)) :]


# --- describing an error ---------------------------------------------------------------


def _describe(exc: yaml.MarkedYAMLError, text: str, path: str) -> Diagnostic:
    """The located diagnostic for a syntax error, with the generic hint for its kind."""
    problem = exc.problem or "invalid YAML"
    mark = exc.problem_mark or exc.context_mark
    context = exc.context_mark
    alias = "alias" in problem or "alias" in (exc.context or "")
    if (
        context is not None
        and mark is not None
        and (
            "end of stream" in problem
            or ("flow" in (exc.context or "") and mark.line > context.line)
            or "while scanning an alias" in (exc.context or "")
        )
    ):
        mark = context  # an unclosed quote or bracket, a bad alias: where it began
    if exc.context:
        problem = f"{exc.context}: {problem}"
    loc = Location(path, *place(text, mark.index)) if mark else Location(path)
    if mark is not None and text[mark.index : mark.index + 1] == "\t" and "tab" not in problem:
        problem += " (a tab character)"
    if alias and mark is not None:
        word = re.match(r"\*[^\s,\[\]{}]*", text[mark.index :])
        shown = word.group() if word else "*"
        if "undefined alias" in problem:
            message = (
                f"found undefined alias `{shown}` (a value that starts with `*` is read as "
                "an alias of an `&anchor`)"
            )
        else:
            message = (
                f"`{shown}` is read as an alias (a value that starts with `*` refers to an "
                "`&anchor`)"
            )
        return Diagnostic(
            loc,
            f"YAML syntax error: {message}",
            "To start a text with *italic* or **bold**, put the whole value in quotes.",
        )
    return Diagnostic(loc, f"YAML syntax error: {problem}", hint(problem))


def place(text: str, index: int) -> tuple[int, int]:
    """Line and column of ``text[index]`` as editors count them.

    libyaml's own line is one too far at the end of a file without a final newline: it
    puts the end of the stream on a line the editor does not show.
    """
    before = text[: min(index, len(text))]
    line_start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return len(re.findall(r"\r\n|\r|\n", before)) + 1, len(before) - line_start + 1


def hint(problem: str) -> str:
    """What to do about a syntax error, when no repair spelled it out."""
    if "nesting depth" in problem:
        return f"Content is never nested more than a few levels; keep it under {MAX_DEPTH}."
    if "tab" in problem:
        return "Indent with spaces; YAML does not allow tab characters for indentation."
    if "escape" in problem:
        return (
            "In double quotes a backslash starts an escape: write `\\\\` for a backslash, "
            "or put the text in single quotes."
        )
    if "flow mapping" in problem:
        return "Close the `{` with `}`, or write the mapping as `key: value` lines."
    if "flow sequence" in problem:
        return "Close the `[` with `]`, or write the list as `- item` lines."
    if "quoted" in problem or "quote" in problem:
        return "Close the quoted string, or use a block scalar (`>`) for long text."
    if "mapping values" in problem:
        return "A value holding ': ' needs quotes, or check the indentation of this line."
    if "indent" in problem or "expected <block end>" in problem or "expected key" in problem:
        return "Check the indentation: items of one list or mapping line up exactly."
    if "single document" in problem:
        return "Remove the `---` line and what follows, or move it to a file of its own."
    return "Fix the YAML syntax at this place."


# --- repairs -----------------------------------------------------------------------------


def _candidates(lines: list[str], exc: yaml.MarkedYAMLError) -> list[_Candidate]:
    """The repairs worth trying for ``exc``, most natural first."""
    problem = f"{exc.context or ''}: {exc.problem or ''}"
    mark = exc.problem_mark or exc.context_mark
    if mark is None or not lines:
        return []
    here = min(mark.line, len(lines) - 1)  # the end of the stream may lie past the last line
    start = exc.context_mark.line if exc.context_mark is not None else here
    found: list[_Candidate] = []
    if "single document" in problem:
        return [_Candidate(here, ("",) * (len(lines) - here), "truncate")]
    if "alias" in problem:
        line = start if "while scanning an alias" in problem else here
        found += _quote(lines, line)
        found.append(_Candidate(line, ("",), "blank"))
        return found
    body = _body(lines[here])
    if _LANG_MARK.search(body):  # `title: [ایران]{lang=fa} …` reads as a list: quote it first
        found += _quote(lines, here)
    tabbed = "\t" in body[: len(body) - len(body.lstrip(" \t"))]
    if tabbed or any(
        s in problem
        for s in ("indent", "expected <block end>", "expected key", "'-' indicator",
                  "mapping values", "expected ':'")
    ):  # fmt: skip
        if "mapping values" in problem or "cannot start any token" in problem:
            found += _quote(lines, here)
        own = _reindent(lines, here)
        before: list[_Candidate] = []
        if not tabbed:
            # libyaml notices a slip a line late: `   to:` one space too deep is reported on
            # the next line, which is fine; so the line before, and the line that began
            # the block, are re-indented too, and whichever reads furthest wins
            for other in dict.fromkeys((_previous(lines, here), start)):
                if other is not None and other < here:
                    before += _reindent(lines, other)
        prior = _previous(lines, here)
        if prior is not None and _fits(lines, here, prior) and not _fits(lines, prior, prior):
            own, before = before, own  # on a tie, mend the line that lines up with nothing
        found += own + before
    elif "cannot start any token" in problem:
        found += _quote(lines, here)
    if "\t" in body and not tabbed:
        found.append(_Candidate(here, (body.replace("\t", " "),), "space"))
    found.append(_Candidate(here, ("",), "blank"))
    if start < here and any(s in problem for s in ("quoted", "flow", "simple key", "stream")):
        found.insert(0, _Candidate(start, ("",), "blank"))
    return found


def _fits(lines: list[str], line: int, above: int) -> bool:
    """Whether ``line`` is indented to a column the blocks open above line ``above`` use,
    or is the first line of a block of text (`key: >`), which may start at any deeper one."""
    body = _body(lines[line])
    column = len(body) - len(body.lstrip(" "))
    opener = _previous(lines, line)
    if opener is not None and _SCALAR.search(_body(lines[opener])):
        opened = _body(lines[opener])
        return column > len(opened) - len(opened.lstrip(" "))
    return column in _columns(lines, above)


def _previous(lines: list[str], line: int) -> int | None:
    """The nearest line above ``line`` holding content, not a comment."""
    for j in range(line - 1, -1, -1):
        text = _body(lines[j]).strip()
        if text and not text.startswith("#"):
            return j
    return None


def _quote(lines: list[str], line: int) -> list[_Candidate]:
    """The line with its value in quotes, when it has a plain value to quote."""
    body = _body(lines[line])
    parts = _PARTS.fullmatch(body)
    if not parts or not parts["value"] or parts["value"][0] in "'\"{|>":
        return []
    value = parts["value"]
    if value[0] == "[" and not _LANG_MARK.search(value):
        return []  # a flow list; a text that starts with a language mark is no list
    if value[0] == "[":
        quoted = f'"{value}"' if '"' not in value and "\\" not in value else _single(value)
        new = body[: parts.start("value")] + quoted + (parts["comment"] or "")
        return [_Candidate(line, (new,), "quote",
                           "A value that starts with `[` is read as a list: put the whole "
                           f"value in quotes: `{new.strip()}`.")]  # fmt: skip
    quoted = f'"{value}"' if '"' not in value and "\\" not in value else _single(value)
    new = body[: parts.start("value")] + quoted + (parts["comment"] or "")
    shown = new.strip()
    return [_Candidate(line, (new,), "quote", f"Put the value in quotes: `{shown}`.")]


def _single(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _reindent(lines: list[str], line: int) -> list[_Candidate]:
    """The line indented to each column an enclosing block could continue at, nearest to
    what was written first (a tab counts four columns, as most editors show it)."""
    body = _body(lines[line])
    text = body.lstrip(" \t")
    if not text:
        return []
    written = len(body[: len(body) - len(text)].expandtabs(4))
    tab = "\t" in body[: len(body) - len(text)]
    columns = _columns(lines, line)
    out = []
    for column in sorted(columns, key=lambda c: (abs(c - written), -c)):
        if column == written and not tab:
            continue  # the line as written
        other, word, under = columns[column]
        where = f"`{word}` on line {other + 1}"
        if column == 0:
            advice = f"Start this line at the margin{' without a tab' if tab else ''}"
            advice += f", to line up with {where}."
        else:
            spaces = "1 space" if column == 1 else f"{column} spaces"
            advice = f"Indent this line by {spaces}{' instead of a tab' if tab else ''}, "
            advice += f"{'under' if under else 'to line up with'} {where}."
        out.append(_Candidate(line, (" " * column + text,), "indent", advice))
    return out


def _columns(lines: list[str], line: int) -> dict[int, tuple[int, str, bool]]:
    """Columns where the lines above leave a block open, each with the line and word that
    stands there, and whether the column is one level under that word (a key ending in ':')."""
    found: dict[int, tuple[int, str, bool]] = {}
    limit: int | None = None
    first = True
    for j in range(line - 1, -1, -1):
        body = _body(lines[j])
        text = body.lstrip(" ")
        if not text.strip() or text.startswith("#") or text.startswith("\t"):
            continue
        indent = len(body) - len(text)
        if limit is not None and indent >= limit:
            continue  # a sibling or child of a block already closed
        column, rest = indent, text
        while True:
            found.setdefault(column, (j, _word(rest), False))
            dash = re.match(r"-[ ]+", rest)
            if not dash:
                break
            column += dash.end()
            rest = rest[dash.end() :]
        if first and (re.search(r":\s*(#.*)?$", body) or _SCALAR.search(body)):  # opens a block
            found.setdefault(column + 2, (j, _word(rest), True))
        first = False
        limit = indent
        if indent == 0:
            break
    return found


def _word(text: str) -> str:
    m = re.match(r"-|[^\s:]+:?", text)
    return m.group() if m else text[:10]
