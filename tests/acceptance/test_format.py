"""The analytic conventions and the text conventions the format relies on."""

from __future__ import annotations

import pytest

from deckgen import vocabulary as analytic
from deckgen.checking.source import Document
from deckgen.content.kinds import Date
from deckgen.content.model import PartialDate
from deckgen.text import Run, is_rtl, parse


@pytest.mark.parametrize(
    ("word", "term", "term_set"),
    [
        ("likely", "likely", "A"),
        ("Probable", "likely", "B"),
        ("probably", "likely", "B"),
        ("remote", "almost no chance", "B"),
        ("nearly certain", "almost certain", "B"),
        ("roughly  even odds", "roughly even chance", "B"),
        ("highly improbable", "very unlikely", "B"),
    ],
)
def test_terms_and_synonyms_map_to_one_scale(word: str, term: str, term_set: str) -> None:
    assert analytic.term_for(word) == (term, term_set)


@pytest.mark.parametrize(
    ("p", "term"),
    [
        (0.03, "almost no chance"),
        (0.05, "almost no chance"),
        (0.1, "very unlikely"),
        (0.3, "unlikely"),
        (0.5, "roughly even chance"),
        (0.7, "likely"),
        (0.9, "very likely"),
        (0.97, "almost certain"),
    ],
)
def test_probabilities_map_to_their_terms(p: float, term: str) -> None:
    estimate = analytic.estimate_from_probability(p)
    assert estimate.term == term
    assert estimate.label() == f"{term} ({round(p * 100)}%)"


def test_term_label_shows_its_band() -> None:
    assert analytic.estimate_from_term("very likely").label() == "very likely (80–95%)"  # type: ignore[union-attr]
    assert analytic.term_for("certain") is None


@pytest.mark.parametrize(
    ("source", "runs"),
    [
        ("plain", [Run("plain")]),
        ("a **b** c", [Run("a "), Run("b", bold=True), Run(" c")]),
        ("*i* and **b**", [Run("i", italic=True), Run(" and "), Run("b", bold=True)]),
        ("***both***", [Run("both", bold=True, italic=True)]),
        ("**a *b* c**", [Run("a ", bold=True), Run("b", True, True), Run(" c", bold=True)]),
        ("5 * 3 * 2", [Run("5 * 3 * 2")]),
        ("unclosed **x", [Run("unclosed **x")]),
        (r"escaped \*x\*", [Run("escaped *x*")]),
    ],
)
def test_inline_markup(source: str, runs: list[Run]) -> None:
    assert list(parse(source).runs) == runs


def test_direction() -> None:
    assert is_rtl("همکاری ما ادامه خواهد داشت")
    assert is_rtl("«שלום» world")
    assert not is_rtl("2017: Russia")
    assert not is_rtl("")


class _Ctx:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.doc = Document("x.yaml", None)  # no scalar written in a file: values as given

    def error(self, path: object, message: str, hint: str = "", key: bool = False) -> None:
        self.errors.append(message)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2017, PartialDate(2017)),
        ("2015-09", PartialDate(2015, 9)),
        ("2017-03-27", PartialDate(2017, 3, 27)),
    ],
)
def test_dates_of_three_precisions(value: object, expected: PartialDate) -> None:
    ctx = _Ctx()
    assert Date().load(value, (), ctx) == expected  # type: ignore[arg-type]
    assert not ctx.errors


@pytest.mark.parametrize("value", ["2017-02-30", "2017-13", "April 2017", True, 17])
def test_impossible_dates_are_errors(value: object) -> None:
    ctx = _Ctx()
    Date().load(value, (), ctx)  # type: ignore[arg-type]
    assert ctx.errors


def test_partial_dates_print_as_written() -> None:
    assert PartialDate(2015, 9).long() == "September 2015"
    assert PartialDate(2017, 3, 27).long() == "27 March 2017"
    assert PartialDate(2017).long() == "2017"
