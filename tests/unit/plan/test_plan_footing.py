"""The footing parts on hand-built briefings: assumptions and indicators slides, the footing
under each judgment in the memo, graded sources and footnotes, and what changed since the
previous version (compared in content.changes, shown on the BLUF slide and in the memo)."""

from __future__ import annotations

from dataclasses import replace

from deckgen.content.changes import compare
from deckgen.content.model import (
    Assumption,
    Briefing,
    Citation,
    Forecast,
    Indicator,
    KeyJudgment,
    Previous,
)
from deckgen.plan import Heading, MemoTable, Para, StatementBlock, TableBlock, plan_deck, plan_memo
from deckgen.text import plain

from support.builders import (
    default_set,
    estimate,
    full_briefing,
    geometry,
    recipe,
    source,
)

FOOTED = KeyJudgment(
    plain("Coordination holds."),
    estimate("likely"),
    "moderate",
    (Citation("s1", 3),),
    basis=plain("Both want the same border."),
    assumptions=(Assumption(plain("The border stays closed."), "high", plain("Trade resumes.")),),
    indicators=(Indicator(plain("Joint patrols."), "up", "seen"),),
)


def _graded() -> Briefing:
    return replace(full_briefing(), key_judgments=(FOOTED,),
                   sources=(source("s1", reliability="C"), source("s2")))  # fmt: skip


def _cells(table: TableBlock) -> list[list[str]]:
    return [[c.text.plain for c in row] for row in (table.header, *table.rows)]


def test_the_assumptions_and_indicators_parts_make_their_tables() -> None:
    deck = plan_deck(_graded(), default_set(), recipe(deck=("assumptions", "indicators")),
                     geometry())  # fmt: skip
    (assumed, watched) = deck.slides
    assert assumed.title.plain == "Key assumptions"
    assert isinstance(assumed.body, TableBlock) and isinstance(watched.body, TableBlock)
    assert _cells(assumed.body) == [
        ["Judgment", "Assumption", "Confidence", "If wrong"],
        ["Coordination holds.", "The border stays closed.", "High", "Trade resumes."],
    ]
    assert watched.title.plain == "Indicators to watch"
    assert _cells(watched.body)[1] == ["Coordination holds.", "Joint patrols.", "More likely",
                                       "Seen"]  # fmt: skip
    assert assumed.source_line.endswith("[C3]")


def test_without_assumptions_or_indicators_the_parts_have_no_slide() -> None:
    deck = plan_deck(full_briefing(), default_set(), recipe(deck=("assumptions", "indicators")),
                     geometry())  # fmt: skip
    assert deck.slides == []


def test_the_memo_gives_the_footing_under_its_judgment() -> None:
    memo = plan_memo(_graded(), default_set(), recipe(memo=("key_judgments",)))
    texts = [(b.role, b.text.plain) for b in memo.blocks if isinstance(b, Para)]
    assert texts[1:] == [
        ("bullet2", "Basis: Both want the same border."),
        ("bullet2", "Assumption (high confidence): The border stays closed. If wrong: Trade "
                    "resumes."),
        ("bullet2", "Indicator (would make it more likely; seen): Joint patrols."),
    ]  # fmt: skip


def test_a_graded_citation_gets_a_graded_footnote_of_its_own() -> None:
    memo = plan_memo(_graded(), default_set(), recipe(memo=("key_judgments", "shared_goals")))
    judgment = next(b for b in memo.blocks if isinstance(b, Para) and b.cites)
    (key,) = judgment.cites
    assert key == "s1#3" and memo.notes[key].endswith("[C3].")
    assert memo.short_notes[key].endswith("[C3]")
    # the same source cited after, without a credibility: its reliability alone, and short
    # (the reader met it in the judgment's note)
    assert memo.notes["s1"] == memo.short_notes["s1"] and memo.notes["s1"].endswith("[C]")


def test_sources_carry_their_grades_and_the_key_to_them() -> None:
    b = _graded()
    deck = plan_deck(b, default_set(), recipe(deck=("sources",)), geometry())
    items = [i.text.plain for i in deck.slides[0].body.items]  # type: ignore[union-attr]
    assert items[0].endswith("[C3]. Reliability C: fairly reliable.")
    assert items[-1].startswith("Grades (Admiralty code)")
    memo = plan_memo(b, default_set(), recipe(memo=("sources",)))
    paras = [p.text.plain for p in memo.blocks if isinstance(p, Para)]
    assert paras[0].endswith("Reliability C: fairly reliable.") and "Admiralty" in paras[-1]


def test_ungraded_sources_read_as_before() -> None:
    b = full_briefing()
    items = plan_deck(b, default_set(), recipe(deck=("sources",)), geometry()).slides[0].body
    assert not any("[" in i.text.plain for i in items.items)  # type: ignore[union-attr]
    memo = plan_memo(b, default_set(), recipe(memo=("sources",)))
    assert not any("Admiralty" in p.text.plain for p in memo.blocks if isinstance(p, Para))


def _versions() -> Briefing:
    earlier = replace(full_briefing(), version="1", key_judgments=(
        KeyJudgment(plain("Coordination holds."), estimate("unlikely"), "low"),
        KeyJudgment(plain("Trade divides them."), estimate("unlikely", 0.3), "high"),
        KeyJudgment(plain("The river dispute ends."), estimate("likely"), "low"),
    ), forecasts=())  # fmt: skip
    now = replace(full_briefing(), key_judgments=(
        replace(FOOTED, change_note=plain("Patrols began.")),
        KeyJudgment(plain("Trade divides them."), estimate("unlikely", 0.3), "moderate"),
        KeyJudgment(plain("A new judgment."), estimate("likely"), "low"),
    ), forecasts=())  # fmt: skip
    return replace(now, previous=Previous("old.yaml", "/w/old.yaml", 3, 11), earlier=earlier)


def test_the_comparison_names_what_was_added_dropped_and_moved() -> None:
    changes = compare(_versions())
    assert changes is not None and changes.since == "version 1"
    kinds = [(c.kind, c.text.plain, c.direction) for c in changes.items]
    assert kinds == [
        ("moved", "Coordination holds.", 1),
        ("moved", "Trade divides them.", 0),  # confidence only
        ("added", "A new judgment.", 0),
        ("dropped", "The river dispute ends.", 0),
    ]
    assert changes.items[0].note is not None and changes.items[0].likelihood_moved
    assert changes.items[1].confidence_moved and not changes.items[1].likelihood_moved


def test_a_reworded_judgment_is_the_same_judgment() -> None:
    b = _versions()
    reworded = replace(b.key_judgments[0], text=plain("Coordination still holds."))
    changes = compare(replace(b, key_judgments=(reworded, *b.key_judgments[1:])))
    assert changes is not None and changes.items[0].kind == "moved"


def test_the_bluf_slide_gets_the_what_changed_box() -> None:
    deck = plan_deck(_versions(), default_set(), recipe(deck=("bluf",)), geometry())
    (slide,) = deck.slides
    assert isinstance(slide.body, StatementBlock) and slide.body.aside is not None
    aside = slide.body.aside
    assert aside.title.plain == "What changed since version 1"
    lines = [t.plain for t in aside.items]
    assert lines[0] == (
        "Up: Coordination holds. (unlikely (20–45%) → likely (55–80%); low → moderate "
        "confidence) — Why: Patrols began."
    )
    assert lines[1] == "Confidence down: Trade divides them. (high → moderate confidence)"
    assert lines[3].startswith("Dropped: The river dispute ends.")
    assert "Why: Patrols began." in slide.notes  # the reasons, in full, in the notes


def test_a_box_too_tall_for_the_bluf_slide_gets_a_slide_of_its_own() -> None:
    b = _versions()
    many = tuple(KeyJudgment(plain(f"Judgment number {n} about the border and trade."),
                             estimate("likely")) for n in range(14))  # fmt: skip
    b = replace(b, key_judgments=many)
    deck = plan_deck(b, default_set(), recipe(deck=("bluf",)), geometry())
    assert isinstance(deck.slides[0].body, StatementBlock)
    assert deck.slides[0].body.aside is None
    assert deck.slides[1].title.plain == "What changed since version 1"
    assert "Added: Judgment number 0" in deck.slides[1].notes


def test_the_memo_has_a_what_changed_section_after_the_bluf() -> None:
    memo = plan_memo(_versions(), default_set(), recipe(memo=("bluf", "key_judgments")))
    heading = next(b for b in memo.blocks if isinstance(b, Heading))
    assert heading.text.plain == "What changed since version 1"
    after = memo.blocks[memo.blocks.index(heading) + 1]
    assert isinstance(after, Para)
    assert after.text.plain.endswith("— Why: Patrols began.")


def test_without_previous_nothing_changes_on_the_bluf() -> None:
    b = full_briefing()
    (slide,) = plan_deck(b, default_set(), recipe(deck=("bluf",)), geometry()).slides
    assert isinstance(slide.body, StatementBlock) and slide.body.aside is None
    assert not any(
        isinstance(x, Heading) for x in plan_memo(b, default_set(), recipe(memo=("bluf",))).blocks
    )


def test_a_variant_does_not_learn_of_judgments_it_hides() -> None:
    from deckgen.content.model import Variant
    from deckgen.content.variants import narrow

    b = _versions()
    hidden = replace(b.earlier.key_judgments[2], audience=("internal",))  # type: ignore[union-attr]
    earlier = replace(b.earlier, key_judgments=(*b.earlier.key_judgments[:2], hidden))  # type: ignore[arg-type]
    b = replace(b, earlier=earlier, variants=(Variant("public", ("public",)),))
    changes = compare(narrow(b, "public"))
    assert changes is not None
    assert "The river dispute ends." not in [c.text.plain for c in changes.items]


def test_a_table_keeps_graded_cites_per_row() -> None:
    from deckgen.content.model import Divergence

    div = Divergence(plain("Water"), {"alpha": plain("Dams")}, "high", None,
                     (Citation("s1", 2),))  # fmt: skip
    b = replace(_graded(), divergences=(div,))
    memo = plan_memo(b, default_set(), recipe(memo=("divergences",)))
    table = next(x for x in memo.blocks if isinstance(x, MemoTable))
    assert table.cites == [("s1#2",)] and memo.notes["s1#2"].endswith("[C2].")


def test_forecasts_show_their_footing_too() -> None:
    f = Forecast("alpha", plain("Alpha builds."), "economic", "2018", estimate("likely"),
                 basis=plain("Plans are public."))  # fmt: skip
    memo = plan_memo(replace(full_briefing(), forecasts=(f,)), default_set(),
                     recipe(memo=("forecasts",)))  # fmt: skip
    assert "Basis: Plans are public." in [b.text.plain for b in memo.blocks if isinstance(b, Para)]


def test_a_source_cited_before_at_another_grade_starts_shortened() -> None:
    again = replace(FOOTED, sources=(Citation("s1", 2),))
    b = replace(_graded(), key_judgments=(FOOTED, again))
    memo = plan_memo(b, default_set(), recipe(memo=("key_judgments",)))
    assert memo.notes["s1#3"] != memo.short_notes["s1#3"]  # the first citation: in full
    assert memo.notes["s1#2"] == memo.short_notes["s1#2"]  # the reader met s1 in note 1
    plain_again = replace(FOOTED, sources=(Citation("s1"),))
    memo = plan_memo(replace(b, key_judgments=(FOOTED, plain_again)), default_set(),
                     recipe(memo=("key_judgments",)))  # fmt: skip
    assert memo.notes["s1"] == memo.short_notes["s1"]  # ungraded after graded: shortened too
