"""plan_memo on hand-built briefings: fields, headings, paragraphs, tables and footnotes."""

from __future__ import annotations

from deckgen.content.model import Briefing, Bullet, MemoHeader, Section, Table
from deckgen.plan import Front, Heading, Memo, MemoBlock, MemoTable, Para, plan_memo
from deckgen.text import plain

from support.builders import briefing, default_set, full_briefing, recipe

FULL = ("header", "bluf", "key_judgments", "shared_goals", "divergences", "forecasts",
        "timeline", "sections", "sources", "estimative")  # fmt: skip


def _memo(b: Briefing | None = None, parts: tuple[str, ...] = FULL) -> Memo:
    return plan_memo(b or full_briefing(), default_set(), recipe(memo=parts))


def _headings(blocks: list[MemoBlock]) -> list[str]:
    return [b.text.plain for b in blocks if isinstance(b, Heading) and b.level == 1]


def test_the_memo_parts_come_in_recipe_order() -> None:
    memo = _memo()
    assert isinstance(memo.blocks[0], Front)
    assert _headings(memo.blocks) == ["Key judgments", "Shared goals", "Where they diverge",
                                      "Forecasts", "Timeline", "Background", "Sources"]  # fmt: skip
    assert _headings(_memo(parts=("sources", "key_judgments")).blocks) == [
        "Sources", "Key judgments"]  # fmt: skip


def test_the_bluf_is_one_paragraph_led_by_its_label() -> None:
    (para,) = _memo(parts=("bluf",)).blocks
    assert isinstance(para, Para) and para.role == "bluf"
    assert para.text.plain == "BLUF: Alpha and Beta coordinate. They will keep doing so."
    assert para.text.runs[0].bold


def test_key_judgments_end_with_likelihood_and_confidence_in_italics() -> None:
    blocks = _memo(parts=("key_judgments",)).blocks
    first = blocks[1]
    assert isinstance(first, Para) and first.role == "bullet" and first.cites == ("s1",)
    assert (
        first.text.plain == "Coordination holds. Likelihood: likely (55–80%). Confidence: moderate."
    )
    assert first.text.runs[-1].italic


def test_the_fields_are_from_date_and_subject() -> None:
    memo = _memo()
    assert [(k, v.plain) for k, v in memo.fields] == [
        ("FROM:", "A. Analyst, Desk"), ("DATE:", "March 2017 · Version 2"),
        ("SUBJECT:", "Test Briefing"),
    ]  # fmt: skip


def test_the_memo_header_names_to_and_sender_when_given() -> None:
    b = briefing(memo=MemoHeader(plain("The Minister"), plain("The Desk"), plain("Water")),
                 version="3")  # fmt: skip
    assert [(k, v.plain) for k, v in _memo(b, ("header",)).fields] == [
        ("TO:", "The Minister"), ("FROM:", "The Desk"), ("VERSION:", "3"), ("SUBJECT:", "Water"),
    ]  # fmt: skip


def test_footnotes_hold_full_and_short_citations() -> None:
    memo = _memo()
    assert memo.notes["s1"] == "Institute, “Annual Review,” 27 March 2017."
    assert memo.short_notes["s2"] == "Writer, “Second Report”"  # Chicago: the surname


def test_divergences_are_a_table_cited_per_row() -> None:
    table = _memo(parts=("divergences",)).blocks[1]
    assert isinstance(table, MemoTable)
    assert [h.plain for h in table.header] == ["Issue", "Alpha", "Beta", "Significance"]
    assert table.cites == [("s2",)] and abs(sum(table.widths) - 1) < 1e-9


def test_forecasts_have_a_heading_per_actor_with_the_shared_horizon() -> None:
    blocks = _memo(parts=("forecasts",)).blocks
    assert [b.text.plain for b in blocks if isinstance(b, Heading) and b.level == 2] == [
        "Alpha (2018)", "Beta (2018)"]  # fmt: skip


def test_a_sections_sources_are_cited_once_on_its_first_paragraph() -> None:
    blocks = _memo(parts=("sections",)).blocks
    paras = [b for b in blocks if isinstance(b, Para)]
    assert paras[0].cites == ("s2",) and all(p.cites == () for p in paras[1:])


def test_a_section_table_first_is_cited_on_its_first_row() -> None:
    table = Table((plain("A"), plain("B")), ((plain("1"), plain("2")), (plain("3"), plain("4"))))
    b = briefing(sections=(Section(plain("Data"), table=table, sources=("s1",)),))
    (_heading, block) = _memo(b, ("sections",)).blocks
    assert isinstance(block, MemoTable) and block.cites == [("s1",), ()]


def test_a_chart_becomes_its_data_table_with_a_caption_and_words() -> None:
    blocks = _memo(parts=("sections",)).blocks
    table = next(b for b in blocks if isinstance(b, MemoTable))
    assert table.chart is not None
    assert [h.plain for h in table.header] == ["Category", "Trade (bn)"]
    assert table.alt.startswith("Background. Bar chart.")
    caption = blocks[blocks.index(table) - 1]
    assert isinstance(caption, Para) and caption.role == "caption"


def test_nested_bullets_and_quotes_keep_their_roles() -> None:
    roles = [b.role for b in _memo(parts=("sections",)).blocks if isinstance(b, Para)]
    assert roles == ["bullet", "bullet2", "caption", "quote", "attribution"]


def test_the_estimative_note_follows_only_when_there_are_estimates() -> None:
    assert _memo(parts=("estimative",)).blocks
    assert _memo(briefing(sections=(Section(plain("S"), (Bullet(plain("x")),)),)),
                 ("estimative",)).blocks == []  # fmt: skip


def test_the_memo_carries_title_marking_and_language() -> None:
    memo = _memo()
    assert memo.title.plain == "Test Briefing" and memo.marking == "UNCLASSIFIED"
    assert memo.language == "en" and memo.subtitle is not None
