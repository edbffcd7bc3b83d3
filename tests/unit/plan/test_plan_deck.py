"""plan_deck on hand-built briefings: slides, their order, continuations, sizes and words."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace

import pytest

from deckgen.content.model import Briefing, Bullet, Forecast, KeyJudgment, Section
from deckgen.plan import (
    BulletsBlock,
    ChartBlock,
    Deck,
    QuoteBlock,
    Slide,
    StatementBlock,
    TableBlock,
    TitleBlock,
    plan_deck,
)
from deckgen.plan.fit import TITLE_FLOOR
from deckgen.text import plain

from support.builders import (
    briefing,
    default_set,
    estimate,
    full_briefing,
    geometry,
    recipe,
    table_section,
    texts,
    with_labels,
    words,
)

FULL = ("title", "bluf", "key_judgments", "shared_goals", "divergences", "forecasts",
        "timeline", "sections", "sources", "closing")  # fmt: skip


def _deck(b: Briefing | None = None, parts: tuple[str, ...] = FULL, **geo: float) -> Deck:
    return plan_deck(b or full_briefing(), default_set(), recipe(parts), geometry(**geo))


def _titles(deck: Deck) -> list[str]:
    return [s.title.plain for s in deck.slides]


def test_the_full_recipe_plans_each_part_in_order() -> None:
    assert [s.role for s in _deck().slides] == [
        "title", "statement", "table", "table", "comparison", "table", "table", "table",
        "bullets", "chart", "quote", "bullets", "closing",
    ]  # fmt: skip


def test_slide_titles_come_from_the_sets_labels() -> None:
    assert _titles(_deck())[:5] == ["Test Briefing", "Bottom line up front", "Key judgments",
                                    "Shared goals", "Where they diverge"]  # fmt: skip


def test_the_recipe_order_is_the_slide_order() -> None:
    deck = _deck(parts=("closing", "bluf", "title"))
    assert [s.role for s in deck.slides] == ["closing", "statement", "title"]


def test_an_empty_part_plans_no_slide() -> None:
    deck = _deck(briefing(), parts=FULL)
    assert [s.role for s in deck.slides] == ["title", "closing"]
    assert _titles(_deck(briefing(), parts=("bluf", "sections", "sources"))) == []


def test_the_title_slide_carries_date_version_author_and_marking() -> None:
    block = _deck().slides[0].body
    assert isinstance(block, TitleBlock)
    assert block.lines == ["March 2017 · Version 2", "A. Analyst · Desk"]
    assert block.marking == "UNCLASSIFIED" and block.subtitle is not None


def test_the_bluf_is_a_statement_with_its_notes() -> None:
    slide = _deck().slides[1]
    assert isinstance(slide.body, StatementBlock)
    assert slide.body.text.plain.startswith("Alpha and Beta coordinate.")
    assert slide.notes == "Say it first."


def test_key_judgments_show_likelihood_and_confidence_labels() -> None:
    body = _deck().slides[2].body
    assert isinstance(body, TableBlock)
    assert [c.text.plain for c in body.header] == ["Judgment", "Likelihood", "Confidence"]
    assert [[c.text.plain for c in r] for r in body.rows] == [
        ["Coordination holds.", "likely (55–80%)", "Moderate"],
        ["Trade divides them.", "unlikely (30%)", "High"],
    ]


def test_a_judgment_without_an_estimate_shows_a_dash() -> None:
    b = briefing(key_judgments=(KeyJudgment(plain("Unsure.")),))
    body = _deck(b, ("key_judgments",)).slides[0].body
    assert isinstance(body, TableBlock)
    assert [c.text.plain for c in body.rows[0]] == ["Unsure.", "—", "—"]


def test_a_source_line_names_the_parts_sources() -> None:
    slides = _deck().slides
    assert slides[2].source_line == "Source: Institute (2017)"
    assert slides[4].source_line == "Source: B. Writer"


def test_divergences_colour_each_actor_column_and_fill_missing_positions() -> None:
    body = _deck().slides[4].body
    assert isinstance(body, TableBlock)
    palette = default_set().palette["actors"]
    assert [c.fill for c in body.header[1:3]] == list(palette[:2])
    assert body.rows[0][2].text.plain == "No stated position"


def test_forecasts_make_one_slide_per_actor_with_the_shared_horizon() -> None:
    assert _titles(_deck())[5:7] == ["Outlook: Alpha (2018)", "Outlook: Beta (2018)"]


def test_the_timeline_is_sorted_by_date() -> None:
    body = _deck().slides[7].body
    assert isinstance(body, TableBlock)
    assert [r[0].text.plain for r in body.rows] == ["September 2015", "2016"]


def test_a_section_continues_on_a_slide_per_block() -> None:
    slides = _deck().slides[8:11]
    assert _titles(_deck())[8:11] == ["Background", "Background (cont.)", "Background (cont. 2)"]
    assert [type(s.body) for s in slides] == [BulletsBlock, ChartBlock, QuoteBlock]
    assert [s.continued for s in slides] == [False, True, True]


def test_a_chart_slide_is_described_in_words() -> None:
    body = _deck().slides[9].body
    assert isinstance(body, ChartBlock)
    assert body.alt == "Background. Bar chart. Trade. Trade: 2016 1, 2017 2.5 (bn)."


def test_the_sources_slide_lists_full_citations() -> None:
    body = _deck().slides[11].body
    assert isinstance(body, BulletsBlock)
    assert texts([i.text for i in body.items]) == [
        "Institute, “Annual Review,” 27 March 2017.",
        "B. Writer, “Second Report,” https://x.test/r.",
    ]


def test_a_long_table_continues_on_a_small_geometry() -> None:
    deck = _deck(briefing(sections=(table_section(30, 10),)), ("sections",), height=2.5)
    assert len(deck.slides) > 1
    assert _titles(deck)[:3] == ["Data", "Data (cont.)", "Data (cont. 2)"]
    assert all(isinstance(s.body, TableBlock) for s in deck.slides)
    assert sum(len(s.body.rows) for s in deck.slides if isinstance(s.body, TableBlock)) == 30
    assert any("continues the slide before" in f for f in deck.fitting)


def test_the_same_table_fits_one_slide_on_a_large_geometry() -> None:
    deck = _deck(briefing(sections=(table_section(30, 10),)), ("sections",), height=40.0)
    assert len(deck.slides) == 1


def test_text_never_shrinks_below_the_floor() -> None:
    floor = default_set().sizes.get("floor", 14)
    deck = _deck(briefing(sections=(table_section(60, 14),)), ("sections",), height=2.5)
    sizes = [s.body.size for s in deck.slides if isinstance(s.body, TableBlock)]
    assert sizes and min(sizes) >= floor


def test_a_table_shrinks_before_it_splits() -> None:
    b = briefing(sections=(table_section(9, 6),))
    deck = _deck(b, ("sections",), height=4.0)
    assert len(deck.slides) == 1
    body = deck.slides[0].body
    assert isinstance(body, TableBlock) and body.shrunk_from is not None
    assert any("text shrunk from" in f for f in deck.fitting)


def test_every_table_page_is_measured_as_written() -> None:
    deck = _deck(briefing(sections=(table_section(30, 10),)), ("sections",), height=2.5)
    for slide in deck.slides:
        assert isinstance(slide.body, TableBlock)
        assert len(slide.body.heights) == len(slide.body.rows) + 1


def test_a_condensed_recipe_cuts_a_table_to_one_slide_and_points_to_the_memo() -> None:
    kjs = tuple(KeyJudgment(plain(words(30)), estimate()) for _ in range(20))
    deck = plan_deck(briefing(key_judgments=kjs), default_set(),
                     recipe(("key_judgments",), condense=True), geometry(height=3.0))  # fmt: skip
    assert len(deck.slides) == 1
    assert deck.slides[0].source_line.endswith("more in the memo")


def test_the_outlook_groups_rows_by_actor_naming_each_once() -> None:
    deck = _deck(parts=("outlook",))
    (slide,) = deck.slides
    assert slide.title.plain == "Outlook (2018)"
    assert isinstance(slide.body, TableBlock)
    assert [r[0].text.plain for r in slide.body.rows] == ["Alpha", "Beta"]


def test_a_group_name_stands_on_every_row_of_the_group() -> None:
    """A blank repeated cell is an empty TD to a screen reader (the shipped deck had nine),
    and a row read alone must say which area or actor it is about."""
    forecasts = tuple(Forecast(actor, plain(f"{actor} {n}."), "economic", "2018", estimate())
                      for actor in ("alpha", "beta") for n in range(3))  # fmt: skip
    b = replace(full_briefing(), forecasts=forecasts)
    for part, expected in (("forecasts", ["Economic"] * 3), ("outlook", None)):
        for slide in _deck(b, parts=(part,)).slides:
            assert isinstance(slide.body, TableBlock)
            firsts = [r[0].text.plain for r in slide.body.rows]
            assert all(row_cell.text.plain.strip() for r in slide.body.rows for row_cell in r)
            if expected:
                assert firsts == expected
            else:
                assert sorted(firsts) == ["Alpha"] * 3 + ["Beta"] * 3


def test_repeated_titles_are_numbered() -> None:
    b = briefing(sections=(Section(plain("Same"), (Bullet(plain("a")),)),
                           Section(plain("Same"), (Bullet(plain("b")),))))  # fmt: skip
    assert _titles(_deck(b, ("sections",))) == ["Same", "Same (2)"]


def test_a_long_title_shrinks_not_below_the_title_floor() -> None:
    b = briefing(sections=(Section(plain(words(14)), (Bullet(plain("a")),)),))
    deck = _deck(b, ("sections",))
    size = deck.slides[0].title_size
    assert size is not None and TITLE_FLOOR <= size < 30
    assert any("title shrunk" in f for f in deck.fitting)


def test_a_title_too_long_even_at_the_floor_is_an_overflow() -> None:
    b = briefing(sections=(Section(plain(words(150)), (Bullet(plain("a")),)),))
    deck = _deck(b, ("sections",))
    assert deck.slides[0].title_size == TITLE_FLOOR
    assert any("too long for its box" in o for o in deck.overflows)


def test_the_sets_labels_word_the_slides() -> None:
    template = with_labels(default_set(), bluf="L'essentiel")
    deck = plan_deck(full_briefing(), template, recipe(("bluf",)), geometry())
    assert deck.slides[0].title.plain == "L'essentiel"


def test_properties_name_title_author_actors_and_date() -> None:
    props = _deck().properties
    assert props["title"] == "Test Briefing" and props["subject"] == "A subtitle"
    assert props["author"] == "A. Analyst" and props["keywords"] == "Alpha, Beta"
    assert props["date"] == "2017-03" and props["category"] == "UNCLASSIFIED"


def test_plans_are_frozen() -> None:
    slide = _deck().slides[0]
    with pytest.raises(FrozenInstanceError):
        slide.title = plain("Changed")  # type: ignore[misc]
    assert replace(slide, notes="n").notes == "n" and slide.notes == ""
    assert isinstance(slide, Slide)
