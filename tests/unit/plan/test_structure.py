"""Agenda, section dividers and the appendix: where they go, what they say, how they count."""

from __future__ import annotations

from dataclasses import replace

from deckgen.content.model import Briefing, Bullet, Section
from deckgen.plan import BulletsBlock, Deck, TableBlock, plan_deck
from deckgen.plan.structure import letter
from deckgen.text import plain

from support.builders import default_set, full_briefing, geometry, recipe, texts


def _with_backup() -> Briefing:
    b = full_briefing()
    main = b.sections[0]
    backup = Section(plain("Trade in detail"), bullets=(Bullet(plain("Numbers.")),),
                     appendix=True)  # fmt: skip
    return replace(b, sections=(main, backup, Section(plain("Later"), bullets=(
        Bullet(plain("More.")),))))  # fmt: skip


def _deck(b: Briefing, parts: tuple[str, ...]) -> Deck:
    return plan_deck(b, default_set(), recipe(parts), geometry())


def _titles(deck: Deck) -> list[str]:
    return [s.title.plain for s in deck.slides]


def test_the_agenda_lists_the_main_parts_by_their_headings() -> None:
    deck = _deck(full_briefing(), ("title", "agenda", "bluf", "key_judgments", "sections",
                                   "closing", "appendix", "timeline"))  # fmt: skip
    agenda = deck.slides[1]
    assert agenda.title.plain == "Agenda" and isinstance(agenda.body, BulletsBlock)
    assert texts([i.text for i in agenda.body.items]) == [
        "Bottom line up front", "Key judgments", "Analysis", "Background"]  # fmt: skip
    assert [i.level for i in agenda.body.items] == [0, 0, 0, 1]


def test_a_divider_is_named_after_the_part_it_opens() -> None:
    deck = _deck(full_briefing(), ("title", "divider", "forecasts", "divider", "timeline"))
    sections = [s for s in deck.slides if s.role == "section"]
    assert texts([s.title for s in sections]) == ["Part 1: Forecasts", "Part 2: Timeline"]
    assert _titles(deck).index("Part 1: Forecasts") == 1


def test_a_divider_never_shares_its_parts_title() -> None:
    deck = _deck(full_briefing(), ("title", "divider", "shared_goals"))
    assert _titles(deck) == ["Test Briefing", "Part 1: Shared goals", "Shared goals"]


def test_a_divider_before_an_empty_part_is_left_out() -> None:
    b = replace(full_briefing(), timeline=())
    deck = _deck(b, ("title", "divider", "timeline", "closing"))
    assert [s.role for s in deck.slides] == ["title", "closing"]


def test_parts_after_the_appendix_are_lettered_numbered_apart_and_not_counted() -> None:
    deck = _deck(full_briefing(), ("title", "bluf", "closing", "appendix", "timeline",
                                   "key_judgments"))  # fmt: skip
    assert deck.main == 3
    assert deck.slide_number == "{n} of 3"
    assert _titles(deck)[3:] == ["Appendix", "Appendix A: Timeline", "Appendix B: Key judgments"]
    assert [s.number for s in deck.slides] == [None, None, None, "", "A-1", "B-1"]


def test_a_continued_backup_slide_keeps_its_letter_and_counts_on() -> None:
    b = full_briefing()
    b = replace(b, sources=tuple(replace(b.sources[0], id=f"s{n}") for n in range(1, 30)))
    deck = plan_deck(b, default_set(), recipe(("title", "appendix", "sources")),
                     geometry(height=2.0))  # fmt: skip
    backup = [s for s in deck.slides if s.number and s.number.startswith("A-")]
    assert [s.number for s in backup] == [f"A-{n}" for n in range(1, len(backup) + 1)]
    assert len(backup) > 1 and all(s.title.plain.startswith("Appendix A: Sources") for s in backup)


def test_a_section_marked_appendix_is_a_backup_slide_the_section_before_points_to() -> None:
    deck = _deck(_with_backup(), ("title", "sections", "closing", "appendix", "timeline"))
    titles = _titles(deck)
    assert "Trade in detail" not in titles and "Appendix A: Trade in detail" in titles
    assert "Appendix B: Timeline" in titles
    first = deck.slides[1]
    assert first.title.plain == "Background" and first.source_line.endswith("(see Appendix A)")
    later = next(s for s in deck.slides if s.title.plain == "Later")
    assert "Appendix" not in later.source_line
    assert deck.main == titles.index("Appendix")


def test_without_an_appendix_in_the_recipe_marked_sections_close_the_deck() -> None:
    deck = _deck(_with_backup(), ("title", "sections", "closing"))
    assert _titles(deck)[-2:] == ["Appendix", "Appendix A: Trade in detail"]
    assert deck.slides[-1].number == "A-1"


def test_no_appendix_slide_without_backup_slides() -> None:
    deck = _deck(full_briefing(), ("title", "bluf", "appendix"))
    assert _titles(deck) == ["Test Briefing", "Bottom line up front"] and deck.main == 2


def test_letters_run_past_z() -> None:
    assert [letter(n) for n in (0, 1, 25, 26, 27)] == ["A", "B", "Z", "AA", "AB"]


def test_shared_goals_are_a_matrix_with_a_mark_per_actor() -> None:
    b = full_briefing()
    b = replace(b, shared_goals=(*b.shared_goals, replace(b.shared_goals[0], actors=("beta",))))
    (slide,) = _deck(b, ("shared_goals",)).slides
    table = slide.body
    assert isinstance(table, TableBlock)
    assert texts([c.text for c in table.header]) == ["Goal", "Alpha", "Beta"]
    assert [[c.text.plain for c in row[1:]] for row in table.rows] == [["●", "●"], ["–", "●"]]
    assert "● marks an actor that holds the goal, – one that does not" in table.alt
    assert table.alt in slide.notes
    assert table.widths[1] < 0.15 and table.widths[2] < 0.15  # narrow mark columns
