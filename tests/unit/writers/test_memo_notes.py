"""Where the memo's notes go and what they say: shared notes, short notes, endnotes, and the
pagination properties the writer gives headings, captions and table rows."""

from __future__ import annotations

import dataclasses
import itertools
import re

from deckgen.content.model import Source
from deckgen.plan import Heading, MemoTable, Para
from deckgen.plan import citations as memonotes
from deckgen.plan.citations import short_note, short_title
from deckgen.plan.memo import memo_blocks, plan_memo
from deckgen.text import plain
from deckgen.writers.memo import write_memo
from deckgen.writers.memo.typeset import unbreakable_text

from support.writer_inputs import WHEN, briefing, members, memo, memo_prepared, pictures
from support.writer_inputs import template as shipped_template

BLOCKS = [
    Heading(plain("One")),
    Para(plain("a"), "bullet", ("s1",)),
    Para(plain("b"), "bullet", ("s1",)),
    Para(plain("c"), "bullet", ("s2",)),
    Heading(plain("Two")),
    Para(plain("d"), "bullet", ("s2", "s1")),  # would repeat the note before: it covers d
    Para(plain("e"), "bullet"),  # cites nothing: ends the run
    Para(plain("f"), "bullet", ("s1", "s3")),
    Heading(plain("Sub"), 2),  # the lists under a part's sub-headings: one note
    MemoTable(
        [plain("h")],
        [[plain("r1")], [plain("r2")], [plain("r3")]],
        [1.0],
        [("s1",), ("s1",), ("s3",)],
    ),
    Heading(plain("Three")),
    Para(plain("g"), "bullet", ("s2",)),
]


def test_items_of_one_list_share_one_note_at_its_end() -> None:
    placed = memonotes.placements(BLOCKS)
    assert placed[(3, -1)] == ("s1", "s2")  # a, b, c: one note on c naming both
    assert (1, -1) not in placed and (2, -1) not in placed
    assert (7, -1) not in placed  # f and the table's rows name s1 and s3: one note
    assert placed[(9, 2)] == ("s1", "s3")  # the table's rows: one note on its last
    assert placed[(11, -1)] == ("s2",)
    assert len(placed) == 3


def test_every_cited_item_maps_to_a_note_naming_its_sources() -> None:
    placed = memonotes.placements(BLOCKS)
    cover = memonotes.covering(BLOCKS)
    for item, cites in memonotes.cited_items(BLOCKS):
        if cites:
            assert set(cites) <= set(placed[cover[item]]), item


def test_no_note_repeats_the_one_before() -> None:
    notes = [set(s) for _, s in sorted(memonotes.placements(BLOCKS).items())]
    assert all(a != b for a, b in itertools.pairwise(notes))
    assert memonotes.covering(BLOCKS)[(5, -1)] == (3, -1)  # d is covered by c's note


def test_the_shipped_memo_maps_every_cited_item_to_a_note_naming_its_sources() -> None:
    plan = memo()
    data = write_memo(plan, shipped_template(), memo_prepared(), pictures(), WHEN)[0]
    xml = members(data)
    body = xml["word/document.xml"].decode("utf-8")
    notes = dict(re.findall(r'<w:footnote w:id="(\d+)">(.*?)</w:footnote>',
                            xml["word/footnotes.xml"].decode("utf-8")))  # fmt: skip
    refs = re.findall(r'w:footnoteReference w:id="(\d+)"', body)
    # every source each item cites, as the parts give them before notes are shared
    blocks = memo_blocks(briefing(), shipped_template(), shipped_template().recipe("full"))
    placed = memonotes.placements(blocks)
    assert len(refs) == len(placed) <= 10  # 49 before notes were shared
    by_item = dict(zip(sorted(placed), refs, strict=True))  # numbered in reading order
    cover = memonotes.covering(blocks)
    names = {s: plan.short_notes[s].split(",")[0] for s in plan.short_notes}
    cited = 0
    for item, cites in memonotes.cited_items(blocks):
        if cites:
            cited += 1
            text = re.sub(r"<[^>]+>", "", notes[by_item[cover[item]]])
            assert all(names[s] in text for s in cites), (item, text)
    assert cited > 40


def test_short_notes_name_the_surname_or_publisher_and_a_short_title() -> None:
    long = "The Russian-Iranian Alliance: Aims, Objectives and Differences"
    assert short_title(long) == "The Russian-Iranian Alliance"
    assert short_title("Council Regulation (EU) No 833/2014 of 31 July 2014 concerning "
                       "restrictive measures") == "Council Regulation (EU)"  # fmt: skip
    assert (
        short_note(Source("s", long, "SouthFront")) == "SouthFront, “The Russian-Iranian Alliance”"
    )
    assert short_note(Source("s", "Report", "Inst", author="Ann B. Writer")) == "Writer, “Report”"


def test_endnotes_are_real_word_endnotes() -> None:
    t = shipped_template()
    t = dataclasses.replace(t, memo_options={**t.memo_options, "citations": "endnotes"})
    b = briefing()
    sources = tuple(dataclasses.replace(s, url=f"https://example.org/{s.id}") for s in b.sources)
    b = dataclasses.replace(b, sources=sources)
    data = write_memo(plan_memo(b, t, t.recipe("full")), t, memo_prepared(), pictures(), WHEN)[0]
    xml = members(data)
    body = xml["word/document.xml"].decode("utf-8")
    assert "w:endnoteReference" in body and "w:footnoteReference" not in body
    assert xml["word/endnotes.xml"].count(b"<w:endnote w:id=") == body.count("w:endnoteReference")
    assert b"relationships/endnotes" in xml["word/_rels/document.xml.rels"]
    assert b"/word/endnotes.xml" in xml["[Content_Types].xml"]
    # the sources' web addresses are links, as in footnotes: each to its address, related
    # from the endnotes part's own relationships
    rels = dict(re.findall(r'Id="([^"]+)" Type="[^"]+/hyperlink" Target="([^"]+)"',
                           xml["word/_rels/endnotes.xml.rels"].decode("utf-8")))  # fmt: skip
    notes = xml["word/endnotes.xml"].decode("utf-8")
    links = re.findall(r'<w:hyperlink [^>]*r:id="([^"]+)">.*?<w:t[^>]*>([^<]+)</w:t>', notes)
    urls = {s.url for s in sources}
    assert links and {rels[rid] for rid, _ in links} == urls
    assert all(rels[rid] == text for rid, text in links)


def test_headings_keep_with_next_and_rows_never_split() -> None:
    body = members(write_memo(memo(), shipped_template(), memo_prepared(), pictures(), WHEN)[0])[
        "word/document.xml"
    ].decode("utf-8")
    roles = memo_prepared().roles
    for style in (roles["heading1"], roles["heading2"]):
        for ppr in re.findall(rf'<w:pPr><w:pStyle w:val="{style}"/>(.{{0,13}})', body):
            assert ppr.startswith("<w:keepNext/>")
    rows = re.findall(r"<w:tr>(<w:trPr>.*?</w:trPr>)?", body)
    assert rows and all("<w:cantSplit/>" in r for r in rows)


def test_ranges_dates_and_units_do_not_break() -> None:
    assert unbreakable_text("likely (55–80%)") == "likely (55\u2060–\u206080%)"
    assert unbreakable_text("1 April 2017") == "1\u00a0April\u00a02017"
    assert unbreakable_text("700 km, 10-20") == "700\u00a0km, 10\u201120"
    assert unbreakable_text("no digits – here") == "no digits – here"
