"""The deck writer as a function: the shipped plan, the template's parts, pictures and a time in;
the XML facts of the .pptx out (titles, markings, pictures, notes, charts, dates)."""

from __future__ import annotations

import dataclasses
import re

import pytest
from lxml import etree

from deckgen.templates.sets import Logo
from deckgen.writers.deck import DeckParts, write_deck

from support.writer_inputs import (
    STAMP,
    WHEN,
    deck,
    deck_prep,
    image_path,
    members,
    parts,
    pictures,
    png,
    template,
)

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def write(**changes: object) -> bytes:
    args: dict[str, object] = {"deck": deck(), "prep": deck_prep(), "template": template(),
                               "parts": parts(), "media": pictures(), "when": WHEN}  # fmt: skip
    args.update(changes)
    return write_deck(**args)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return members(write())


def slide(files: dict[str, bytes], number: int) -> etree._Element:
    return etree.fromstring(files[f"ppt/slides/slide{number}.xml"])


def shapes(root: etree._Element) -> list[tuple[str, str]]:
    """(name, text) of each shape, in document order."""
    out = []
    for sp in root.iter(f"{P}sp", f"{P}pic", f"{P}graphicFrame"):
        name = sp.find(f".//{P}cNvPr").get("name")
        out.append((name, "".join(t.text or "" for t in sp.iter(f"{A}t"))))
    return out


def test_same_inputs_give_the_same_bytes() -> None:
    assert write() == write()


def test_one_slide_per_planned_slide_listed_in_order(files: dict[str, bytes]) -> None:
    pres = etree.fromstring(files["ppt/presentation.xml"])
    ids = [int(e.get("id")) for e in pres.iter(f"{P}sldId")]
    assert ids == list(range(256, 256 + len(deck().slides)))
    assert sum(1 for n in files if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)) == len(ids)


def test_each_slide_title_is_written_into_its_title_placeholder(files: dict[str, bytes]) -> None:
    for number, planned in enumerate(deck().slides, 1):
        root = slide(files, number)
        holders = [sp for sp in root.iter(f"{P}sp")
                   if (ph := sp.find(f".//{P}ph")) is not None
                   and ph.get("type") in ("title", "ctrTitle")]  # fmt: skip
        assert len(holders) == 1, number
        text = "".join(t.text or "" for t in holders[0].iter(f"{A}t"))
        assert text == planned.title.plain


def test_the_marking_comes_first_and_last_on_every_slide(files: dict[str, bytes]) -> None:
    assert deck().marking
    for number in range(1, len(deck().slides) + 1):
        named = shapes(slide(files, number))
        assert named[0] == ("Marking (top)", deck().marking)
        assert ("Marking (bottom)", deck().marking) in named


def test_slide_numbers_on_all_but_the_title_slide(files: dict[str, bytes]) -> None:
    assert "Slide number" not in dict(shapes(slide(files, 1)))
    assert dict(shapes(slide(files, 2)))["Slide number"] == f"2 of {deck().main}"


def test_a_slide_number_is_a_live_field_of_the_main_decks_count(files: dict[str, bytes]) -> None:
    box = next(sp for sp in slide(files, 3).iter(f"{P}sp")
               if sp.find(f".//{P}cNvPr").get("name") == "Slide number")  # fmt: skip
    (field,) = box.iter(f"{A}fld")
    assert field.get("type") == "slidenum" and field.findtext(f"{A}t") == "3"
    assert re.fullmatch(r"\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", field.get("id"))
    assert [t.text for t in box.iter(f"{A}t")] == ["3", f" of {deck().main}"]


def test_a_backup_slide_is_numbered_apart_and_an_unnumbered_one_not_at_all() -> None:
    plan = deck()
    slides = list(plan.slides)
    slides[2] = dataclasses.replace(slides[2], number="A-1")
    slides[3] = dataclasses.replace(slides[3], number="")
    files = members(write(deck=dataclasses.replace(plan, slides=slides)))
    named = dict(shapes(slide(files, 3)))
    assert named["Slide number"] == "A-1"
    assert not list(slide(files, 3).iter(f"{A}fld"))
    assert "Slide number" not in dict(shapes(slide(files, 4)))


def test_a_table_with_alt_text_carries_it_on_its_frame() -> None:
    plan = deck()
    n, table = next((n, s) for n, s in enumerate(plan.slides) if s.title.plain == "Shared goals")
    frame = next(f for f in slide(members(write()), n + 1).iter(f"{P}graphicFrame"))
    assert frame.find(f".//{P}cNvPr").get("descr") == table.body.alt  # type: ignore[union-attr]
    assert "●" in table.body.alt  # type: ignore[union-attr]


def test_the_core_properties_are_dated_when_and_carry_the_plan(files: dict[str, bytes]) -> None:
    core = files["docProps/core.xml"].decode()
    assert f'<dcterms:created xsi:type="dcterms:W3CDTF">{STAMP}</dcterms:created>' in core
    assert f">{STAMP}</dcterms:modified>" in core
    assert f"<dc:title>{deck().properties['title']}</dc:title>" in core
    assert "2017-04-01" not in core  # the briefing's date reaches the outputs only via `when`


def test_another_time_changes_the_dates_and_nothing_else() -> None:
    other = members(write(when=WHEN.replace(year=2030)))
    mine = members(write())
    assert sorted(other) == sorted(mine)
    changed = {n for n in mine if mine[n] != other[n]}
    assert "docProps/core.xml" in changed
    assert all(n == "docProps/core.xml" or n.endswith(".xlsx") for n in changed)


def test_the_picture_is_the_bytes_given_not_the_file_on_disk() -> None:
    given = png(30, 30, (10, 200, 10))
    files = members(write(media={**pictures(), image_path(): given}))
    media = [n for n in files if n.startswith("ppt/media/")]
    assert [files[n] for n in media] == [given]


def test_a_picture_missing_from_media_is_not_read_from_disk() -> None:
    with pytest.raises(KeyError):
        write(media={})


def test_the_inputs_are_left_as_they_were() -> None:
    before = dict(parts().template)
    given = dict(pictures())
    write(media=given)
    assert dict(parts().template) == before
    assert given == pictures()


def test_a_logo_from_media_is_stored_once_and_shown_on_every_slide() -> None:
    logo = png(60, 20, (0, 0, 200))
    with_logo = dataclasses.replace(template(), logo=Logo("no/such/logo.png", "Our logo"))
    files = members(write(template=with_logo, media={**pictures(), "no/such/logo.png": logo}))
    assert sum(1 for n in files if n.startswith("ppt/media/") and files[n] == logo) == 1
    for number in range(1, len(deck().slides) + 1):
        pics = slide(files, number).findall(f".//{P}pic/{P}nvPicPr/{P}cNvPr")
        assert [p.get("descr") for p in pics if p.get("name") == "Logo"] == ["Our logo"]


def test_the_chart_workbook_uses_the_theme_given_and_is_dated_when() -> None:
    theme = b"<a:theme xmlns:a='http://schemas.openxmlformats.org/drawingml/2006/main'/>"
    given = DeckParts(parts().template, parts().notes_master, parts().notes_theme, theme)
    files = members(write(parts=given))
    (book,) = [n for n in files if n.startswith("ppt/embeddings/")]
    inner = members(files[book])
    assert inner["xl/theme/theme1.xml"] == theme
    assert STAMP.encode() in inner["docProps/core.xml"]


def test_speaker_notes_go_to_notes_slides_in_the_plans_words(files: dict[str, bytes]) -> None:
    with_notes = [n for n, s in enumerate(deck().slides, 1) if s.notes]
    notes = [n for n in files if re.fullmatch(r"ppt/notesSlides/notesSlide\d+\.xml", n)]
    assert len(notes) == len(with_notes)
    rels = files[f"ppt/slides/_rels/slide{with_notes[0]}.xml.rels"].decode()
    assert "relationships/notesSlide" in rels


def test_a_template_without_a_notes_master_gets_the_stock_one_given() -> None:
    assert not [n for n in parts().template if n.startswith("ppt/notesMasters/")]
    stock = parts().notes_master + b"<!-- the bytes given -->"
    given = DeckParts(parts().template, stock, parts().notes_theme, parts().workbook_theme)
    files = members(write(parts=given))
    assert files["ppt/notesMasters/notesMaster1.xml"] == stock
    assert b"notesMasterIdLst" in files["ppt/presentation.xml"]
    master_rels = files["ppt/notesMasters/_rels/notesMaster1.xml.rels"].decode()
    assert "relationships/theme" in master_rels


def test_the_template_sets_fonts_are_written_into_the_theme(files: dict[str, bytes]) -> None:
    fonts = template().fonts
    theme = etree.fromstring(files[deck_prep().themes[0]])
    assert theme.find(f".//{A}majorFont/{A}latin").get("typeface") == fonts["heading"]
    assert theme.find(f".//{A}minorFont/{A}latin").get("typeface") == fonts["body"]


def test_the_templates_sample_slides_are_gone(files: dict[str, bytes]) -> None:
    rels = files["ppt/_rels/presentation.xml.rels"].decode()
    assert rels.count('relationships/slide"') == len(deck().slides)


def test_colours_chosen_against_the_template_are_reported() -> None:
    unreadable = dataclasses.replace(template(), palette={**template().palette, "muted": "#FFFFFF"})
    warnings: list[str] = []
    data = write_deck(deck(), deck_prep(), unreadable, parts(), pictures(), WHEN, warnings)
    assert any("the slide number in #FFFFFF" in w and "#1A1A1A" in w for w in warnings)
    assert dict(shapes(slide(members(data), 2)))["Slide number"] == f"2 of {deck().main}"
    clean: list[str] = []
    write_deck(deck(), deck_prep(), template(), parts(), pictures(), WHEN, clean)
    assert clean == []


def test_an_empty_cell_keeps_the_tables_size() -> None:
    """An empty paragraph without its own size takes the template's 18 pt, and LibreOffice
    grew such rows past the frame: an empty cell's paragraph ends at the table's size.
    (The planner leaves no cell empty now; a writer must still cope with one.)"""
    from deckgen.plan import Cell, TableBlock
    from deckgen.text import plain

    plan = deck()
    n, table_slide = next((n, s) for n, s in enumerate(plan.slides, 1)
                          if isinstance(s.body, TableBlock))  # fmt: skip
    body = table_slide.body
    assert isinstance(body, TableBlock)
    rows = [[Cell(plain("")), *body.rows[0][1:]], *body.rows[1:]]
    slides = list(plan.slides)
    slides[n - 1] = dataclasses.replace(table_slide, body=dataclasses.replace(body, rows=rows))
    files = members(write(deck=dataclasses.replace(plan, slides=slides)))
    cell = slide(files, n).findall(f".//{A}tc")[len(body.header)]
    assert "".join(cell.itertext()) == ""
    end = cell.find(f".//{A}endParaRPr")
    assert end is not None and int(end.get("sz")) == int(body.size * 100)
