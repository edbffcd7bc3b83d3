"""Reading on past a mistake: a slipped line is reported once, at its place, and the rest
of the file is still checked in the same run."""

from __future__ import annotations

import re
from typing import Any

import pytest

from deckgen.checking import repair, source
from deckgen.content.load import validate_document
from deckgen.content.schema import BRIEFING

from conftest import ROOT, SHIPPED

STRIDE = 4  # every fourth indented line: ~200 variants, a few seconds


def _field_error_last(text: str) -> tuple[list[str], int]:
    """The shipped briefing's lines with `confidence: medium` on its last confidence line,
    and that line's index: an error a hidden rest of the file would hide."""
    lines = text.split("\n")
    last = max(i for i, line in enumerate(lines) if re.match(r"\s+confidence: \w+$", line))
    lines[last] = re.sub(r"confidence: \w+", "confidence: medium", lines[last])
    return lines, last


def test_one_slipped_line_anywhere_is_one_error_and_hides_nothing() -> None:
    """A tab, or one space too many or too few, on any indented line of the shipped
    briefing: one error at that line (or none, inside a block of text where the slip is
    still valid YAML), and the field error near the end is still reported. The first line of
    a block of text may start at any depth, so one pushed deeper is reported where the next
    line no longer lines up with it."""
    lines, last = _field_error_last(SHIPPED.read_text(encoding="utf-8"))
    path = str(ROOT / "content" / "slipped.yaml")
    wrong: list[tuple[str, int, list[str]]] = []
    tried = 0
    for i in range(0, last, STRIDE):
        line = lines[i]
        if not line.startswith("  ") or line.lstrip().startswith("#"):
            continue
        starts_text = re.search(r"[|>]$", lines[i - 1]) is not None
        for kind, slipped in (("tab", "\t" + line.lstrip()), ("in", " " + line), ("out", line[1:])):
            variant = [*lines[:i], slipped, *lines[i + 1 :]]
            _value, found = validate_document("\n".join(variant).encode(), path, BRIEFING, ROOT, "")
            places = sorted(d.location.line for d in found if d.location)
            tried += 1
            allowed = [[i + 1, last + 1]]
            if kind != "tab":
                allowed.append([last + 1])  # still valid YAML
            if kind == "in" and starts_text:
                allowed.append([i + 2, last + 1])
            if places not in allowed:
                wrong.append((kind, i + 1, [f"{d.location}: {d.message}" for d in found]))
    assert tried > 150
    assert not wrong, wrong[:5]


def test_the_slip_is_named_where_it_is_and_the_fix_spelled_out() -> None:
    lines, _last = _field_error_last(SHIPPED.read_text(encoding="utf-8"))
    at = next(i for i, line in enumerate(lines) if line.startswith("  to:"))  # memo:'s first
    lines[at] = " " + lines[at]  # libyaml notices only on the next line
    _value, found = validate_document(
        "\n".join(lines).encode(), str(ROOT / "content" / "x.yaml"), BRIEFING, ROOT, ""
    )
    first = found[0]
    assert first.location is not None and first.location.line == at + 1
    assert first.hint == f"Indent this line by 2 spaces, under `memo:` on line {at}."


def test_each_line_with_bytes_that_are_not_utf8_is_reported_once_then_a_note() -> None:
    text = "deckgen: 1\n" + "".join(f"k{i}: caf\xe9 \xe9\n" for i in range(30))
    doc, found = source.parse(text.encode("latin-1"), "x.yaml")
    assert doc is not None and doc.data["k0"] == "caf\ufffd \ufffd"  # checked on
    errors = [d for d in found if d.severity == "error"]
    assert [d.location.line for d in errors if d.location] == list(range(2, 22))
    assert errors[0].location is not None and errors[0].location.column == 8
    assert "Windows-1252 reads it as 'é'" in errors[0].message
    assert found[-1].severity == "note" and "10 more lines" in found[-1].message


def test_a_binary_file_is_said_once() -> None:
    doc, found = source.parse(bytes(range(256)) * 4, "x.bin")
    assert doc is None and len(found) == 1 and "not valid UTF-8" in found[0].message


def test_trying_repairs_is_bounded_for_a_large_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """500 kB of sections with a tab on each of three late lines: every try reads the whole
    text, so the tries stop at the work bound (about a second of parsing), and the first
    error is still located."""
    sections = "".join(
        f"  - title: Section {i} holds a title\n    bullets:\n      - one\n      - two\n"
        for i in range(6_000)
    )
    text = (
        "deckgen: 1\ntitle: T\nsections:\n" + sections + "shared_goals:\n  - title: x\n\td: y\n" * 3
    )
    reads: list[int] = []
    attempt = repair._attempt

    def counted(text: str) -> Any:
        reads.append(len(text))
        return attempt(text)

    monkeypatch.setattr(repair, "_attempt", counted)
    _doc, found = source.parse(text.encode(), "big.yaml")
    assert found and found[0].location is not None
    assert found[0].location.line == 3 + 4 * 6_000 + 3
    assert sum(reads[1:]) <= repair.WORK  # the first read is the one any file gets
    assert len(reads) <= 1 + repair.WORK // len(text)
