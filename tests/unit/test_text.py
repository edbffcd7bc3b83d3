"""deckgen.text: inline markup to runs, sentences, and the direction and language of each
stretch."""

from __future__ import annotations

import pytest

from deckgen.text import (
    Run,
    Text,
    is_rtl,
    joined,
    language_is_rtl,
    paragraph_rtl,
    parse,
    plain,
    sentences,
    stretches,
    unread_language_marks,
    wholly_rtl,
)

PERSIAN = "ایران"  # Iran, in Persian
HEBREW = "שלום"
ARABIC = "مصر"  # Egypt: no letter only Persian or Urdu uses
URDU = "پاکستان ٹھیک"  # has ٹ and ھ, which only Urdu uses


def runs(source: str) -> list[tuple[str, bool, bool, str | None]]:
    return [(r.text, r.bold, r.italic, r.lang) for r in parse(source).runs]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("plain words", [("plain words", False, False, None)]),
        ("a **bold** b", [("a ", False, False, None), ("bold", True, False, None),
                          (" b", False, False, None)]),
        ("an *italic* word", [("an ", False, False, None), ("italic", False, True, None),
                              (" word", False, False, None)]),
        ("***both***", [("both", True, True, None)]),
        ("**bold *and italic* too**", [("bold ", True, False, None),
                                       ("and italic", True, True, None),
                                       (" too", True, False, None)]),
        # each marker closes at the nearest closer: the bold ends at the first ** of ***
        ("**bold *and italic***", [("bold *and italic", True, False, None),
                                   ("*", False, False, None)]),
    ],
)  # fmt: skip
def test_markup_becomes_runs(source: str, expected: list[tuple[str, bool, bool, None]]) -> None:
    assert runs(source) == expected


@pytest.mark.parametrize(
    "source",
    ["5 * 3 * 2", "a ** b ** c", "*open only", "close only*", "**", "*", "a*", "* spaced *"],
)
def test_markers_that_hug_no_text_stay_literal(source: str) -> None:
    assert runs(source) == [(source, False, False, None)]


def test_escaped_markers_are_literal_and_lose_their_backslash() -> None:
    assert runs(r"\*not italic\*") == [("*not italic*", False, False, None)]
    assert runs(r"\[x]{lang=fa}") == [("[x]{lang=fa}", False, False, None)]


def test_a_marker_pair_never_spans_a_line_break() -> None:
    assert runs("*one\ntwo*") == [("*one\ntwo*", False, False, None)]


def test_a_language_mark_keeps_its_inline_markup() -> None:
    assert runs(f"Iran ([**{PERSIAN}**]{{lang=fa}}) said") == [
        ("Iran (", False, False, None),
        (PERSIAN, True, False, "fa"),
        (") said", False, False, None),
    ]


def test_a_language_tag_may_carry_subtags() -> None:
    assert runs("[Olá]{lang=pt-BR}") == [("Olá", False, False, "pt-BR")]


@pytest.mark.parametrize("source", ["[x]{lang=}", "[x]{lang=f}", "[x]{lang=fa", "[x]{lang=f a}"])
def test_a_broken_language_mark_is_literal_and_reported(source: str) -> None:
    assert parse(source).plain == source
    assert unread_language_marks(source) == [source]


def test_a_good_language_mark_is_not_reported() -> None:
    assert unread_language_marks(f"[{PERSIAN}]{{lang=fa}} and [a] b") == []


def test_adjacent_runs_of_one_style_merge() -> None:
    assert parse("**a****b**").runs == (Run("ab", bold=True),)


def test_empty_text_is_one_empty_run_and_false() -> None:
    assert parse("").runs == (Run(""),)
    assert not parse("")
    assert not parse("   ")
    assert parse("x")


def test_text_adds_strings_and_texts_and_prints_plain() -> None:
    text = parse("**a**") + " b" + plain("c", italic=True)
    assert text.plain == "a bc" and str(text) == "a bc"
    assert text.runs[-1] == Run("c", italic=True)


def test_bold_makes_every_run_bold_and_keeps_the_rest() -> None:
    text = parse("*x* [y]{lang=fa}").bold()
    assert all(r.bold for r in text.runs)
    assert [(r.italic, r.lang) for r in text.runs] == [(True, None), (False, None), (False, "fa")]


def test_plain_does_not_read_markup() -> None:
    assert plain("**x**", bold=True).runs == (Run("**x**", bold=True),)


def test_sentences_cut_after_each_stop_keeping_styles() -> None:
    parts = sentences(parse("One. Two! Three? *Four*"))
    assert [p.plain for p in parts] == ["One.", "Two!", "Three?", "Four"]
    assert parts[3].runs == (Run("Four", italic=True),)


def test_a_sentence_may_span_runs() -> None:
    parts = sentences(parse("A *b* c. D"))
    assert [p.plain for p in parts] == ["A b c.", "D"]
    assert len(parts[0].runs) == 3


def test_joined_puts_sentences_back_with_one_space() -> None:
    source = parse("One. **Two.** Three")
    assert joined(sentences(source)).plain == "One. Two. Three"
    assert joined([]).plain == ""


@pytest.mark.parametrize(
    ("tag", "rtl"),
    [("fa", True), ("ar", True), ("he", True), ("HE", True), ("ur-PK", True),
     ("az-Arab", True), ("en", False), ("az-Latn", False), ("fr-CA", False)],
)  # fmt: skip
def test_language_is_rtl(tag: str, rtl: bool) -> None:
    assert language_is_rtl(tag) is rtl


def test_direction_of_strings() -> None:
    assert is_rtl(f"«{PERSIAN} x»") and not is_rtl(f"x {PERSIAN}") and not is_rtl("123 …")
    assert wholly_rtl(f"{PERSIAN}، {PERSIAN}!") and not wholly_rtl(f"{PERSIAN} x")
    assert not wholly_rtl("123")


def test_a_paragraph_is_rtl_only_in_an_rtl_briefing_or_wholly_rtl() -> None:
    assert not paragraph_rtl(f"Iran is {PERSIAN}", "en")
    assert paragraph_rtl(PERSIAN, "en")
    assert paragraph_rtl("Iran", "fa")
    assert paragraph_rtl(parse(f"**{PERSIAN}**"), "en")


def test_stretches_cut_an_rtl_phrase_out_of_a_ltr_run() -> None:
    cut = stretches(parse(f"Iran ({PERSIAN} {PERSIAN}) said"), "en")
    assert [(s.text, s.rtl, s.lang) for s in cut] == [
        ("Iran (", False, "en"),
        (f"{PERSIAN} {PERSIAN}", True, "fa"),
        (") said", False, "en"),
    ]


@pytest.mark.parametrize(
    ("word", "lang"), [(PERSIAN, "fa"), (HEBREW, "he"), (ARABIC, "ar"), (URDU, "ur")]
)
def test_an_unmarked_rtl_stretch_gets_a_guessed_language(word: str, lang: str) -> None:
    (cut,) = [s for s in stretches(parse(f"x {word} y"), "en") if s.rtl]
    assert cut.lang == lang


def test_a_marked_language_wins_over_the_guess_and_the_briefing() -> None:
    cut = stretches(parse(f"[{ARABIC}]{{lang=fa}}"), "en")
    assert [(s.text, s.lang, s.rtl) for s in cut] == [(ARABIC, "fa", True)]


def test_in_an_rtl_briefing_rtl_stretches_take_the_briefing_language() -> None:
    cut = stretches(parse(ARABIC), "fa")
    assert [(s.lang, s.rtl) for s in cut] == [("fa", True)]


def test_stretches_keep_style_and_an_empty_run_stays() -> None:
    cut = stretches(parse(f"**{PERSIAN}**"), "en")
    assert [(s.bold, s.rtl) for s in cut] == [(True, True)]
    assert [s.text for s in stretches(Text((Run(""),)), "en")] == [""]


def test_the_whole_text_survives_being_cut_into_stretches() -> None:
    source = parse(f"A *{PERSIAN}* b {HEBREW}, c [{ARABIC}]{{lang=ar}}.")
    assert "".join(s.text for s in stretches(source, "en")) == source.plain
