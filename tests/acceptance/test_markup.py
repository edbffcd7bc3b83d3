"""Inline markup is read as the lazy regular expression it was first written as would read
it, but in O(n log n): the two agree on every string Hypothesis tries."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from deckgen.text import LANGUAGE_TAG, Run, Text, parse

# The first reading of the markup: right by construction, quadratic on `*a *a *a …`
# (each marker scans to the end of the text for its closer).
_ORACLE = re.compile(
    r"(?<!\\)\[(?P<span>[^\[\]]+)\]\{lang=(?P<lang>" + LANGUAGE_TAG + r")\}"
    r"|(?<![\\*])\*\*\*(?=[^\s*])(?P<both>.+?)(?<=[^\s\\*])\*\*\*(?!\*)"
    r"|(?<!\\)\*\*(?=\S)(?P<bold>.+?)(?<=\S)(?<!\\)\*\*"
    r"|(?<![\\*])\*(?=[^\s*])(?P<italic>.+?)(?<=[^\s\\*])\*(?!\*)"
)


def _oracle_into(source: str, bold: bool, italic: bool, lang: str | None, out: list[Run]) -> None:
    def unescape(s: str) -> str:
        return s.replace("\\*", "*").replace("\\[", "[")

    pos = 0
    for m in _ORACLE.finditer(source):
        out.append(Run(unescape(source[pos : m.start()]), bold, italic, lang))
        if m.group("span") is not None:
            _oracle_into(m.group("span"), bold, italic, m.group("lang"), out)
        elif m.group("both") is not None:
            _oracle_into(m.group("both"), True, True, lang, out)
        elif m.group("bold") is not None:
            _oracle_into(m.group("bold"), True, italic, lang, out)
        else:
            _oracle_into(m.group("italic"), bold, True, lang, out)
        pos = m.end()
    out.append(Run(unescape(source[pos:]), bold, italic, lang))


def _oracle(source: str) -> Text:
    runs: list[Run] = []
    _oracle_into(source, False, False, None, runs)
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].lang) == (
            run.bold, run.italic, run.lang
        ):  # fmt: skip
            merged[-1] = replace(run, text=merged[-1].text + run.text)
        elif run.text:
            merged.append(run)
    return Text(tuple(merged) or (Run(""),))


PIECES = ["*", "**", "***", "[", "]", "{lang=fa}", "]{lang=pt-BR}", "{", "}", " ", "\\", "a",
          "Iran", "\n", "é", "\u00a0", ".", "x y"]  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=16).map("".join))
def test_markup_reads_as_the_regular_expression_would(source: str) -> None:
    assert parse(source) == _oracle(source)


def test_markers_without_a_closer_stay_literal_however_many() -> None:
    """`*a ` sixteen thousand times took 7 s to read as a title; each marker now finds its
    closer (or that it has none) by bisection."""
    source = "*a " * 16_000
    assert parse(source).plain == source
    nested = parse("**bold *and italic* [ایران]{lang=fa}**")
    assert [(r.text, r.bold, r.italic, r.lang) for r in nested.runs] == [
        ("bold ", True, False, None), ("and italic", True, True, None), (" ", True, False, None),
        ("ایران", True, False, "fa"),
    ]  # fmt: skip
