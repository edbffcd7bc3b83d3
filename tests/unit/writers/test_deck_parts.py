"""The deck writer's pieces on their own: runs and paragraphs, a slide's shape numbering,
tables, pictures stored once, and the notes master's placeholders."""

from __future__ import annotations

import datetime as dt

import pytest

from deckgen.geometry import Box
from deckgen.ooxml.package import Package
from deckgen.plan import Cell, TableBlock
from deckgen.text import parse, plain
from deckgen.writers.deck.notes import _notes_placeholders
from deckgen.writers.deck.shapes import ShapeWriter
from deckgen.writers.deck.slide import SlideWriter, TextWriter, points, run_text

from support.writer_inputs import deck_prep, png

WHEN = dt.datetime(2020, 1, 2)


def test_run_text_escapes_and_spells_control_characters_as_office_does() -> None:
    assert run_text("a < b & c\x07") == "a &lt; b &amp; c_x0007_"


def test_points_are_rounded_as_powerpoint_stores_them() -> None:
    assert points(18) == 1800 and points(10.5) == 1050 and points(13.3) == 1330


def test_a_paragraph_names_its_language_size_and_weight() -> None:
    para = TextWriter("en").paragraph(parse("plain **bold**"), 20)
    assert para.startswith("<a:p><a:r>")
    assert '<a:rPr sz="2000" lang="en">' in para and '<a:rPr b="1" sz="2000" lang="en">' in para


def test_a_right_to_left_paragraph_is_marked_and_right_aligned() -> None:
    para = TextWriter("fa").paragraph(plain("سلام دنیا"))
    assert '<a:pPr rtl="1" algn="r"/>' in para and '<a:rtl val="1"/>' in para


def test_a_text_body_holds_its_properties_list_style_and_paragraphs() -> None:
    assert TextWriter.body("<a:p/>") == "<p:txBody><a:bodyPr/><a:lstStyle/><a:p/></p:txBody>"


def _slide() -> SlideWriter:
    return SlideWriter(deck_prep().layouts["statement"], "ppt/slides/slide1.xml")


def test_placeholders_are_numbered_first_and_named_as_powerpoint_names_them() -> None:
    slide = _slide()
    ids = [h.id for h in slide.holders]
    assert ids == list(range(2, 2 + len(ids)))
    assert slide.new_id() == 2 + len(ids)
    assert all(h.name.endswith(str(h.id - 1)) for h in slide.holders)


def test_an_unfilled_placeholder_is_left_out() -> None:
    assert _slide().xml() == ""


def _shapes(media: dict[str, bytes] | None = None) -> tuple[ShapeWriter, Package]:
    pkg = Package({"ppt/slides/slide1.xml": b"<p:sld/>"})
    return ShapeWriter(pkg, "en", {"text": "#222222"}, media or {}, b"", WHEN), pkg


def test_a_table_needs_one_measured_height_per_row() -> None:
    writer, _ = _shapes()
    block = TableBlock([Cell(plain("A"))], [[Cell(plain("1"))]], [1.0], 12, heights=[0.4])
    with pytest.raises(ValueError, match="one measured height per row"):
        writer.table(_slide(), block, Box(0, 0, 100, 100))


def test_a_table_frame_is_as_tall_as_its_rows_and_spans_the_box() -> None:
    writer, _ = _shapes()
    block = TableBlock([Cell(plain("A")), Cell(plain(""))], [[Cell(plain("1")), Cell(plain("2"))]],
                       [0.5, 0.5], 12, heights=[0.5, 0.25])  # fmt: skip
    slide = _slide()
    writer.table(slide, block, Box(10, 20, 1001, 5000))
    xml = slide.xml()
    assert '<a:ext cx="1001" cy="685800"/>' in xml  # 0.75 in
    assert xml.count("<a:gridCol") == 2 and '<a:gridCol w="501"/>' in xml  # the rest to the last
    assert '<a:endParaRPr sz="1200" lang="en"/>' in xml  # an empty cell keeps the table's size


def test_the_same_picture_twice_is_one_part_and_one_relationship() -> None:
    picture = png()
    writer, pkg = _shapes({"a.png": picture, "b.png": picture})
    slide = _slide()
    writer.picture(slide, "a.png", "Picture", "first", Box(0, 0, 10, 10))
    writer.picture(slide, "b.png", "Picture", "again", Box(0, 0, 10, 10))
    assert [n for n in pkg.parts if n.startswith("ppt/media/")] == ["ppt/media/image1.png"]
    assert len(pkg.rels(slide.part).items) == 1
    assert slide.xml().count('r:embed="rId1"') == 2


def test_a_picture_is_scaled_into_its_box_and_centred() -> None:
    writer, _ = _shapes({"wide.png": png(200, 100)})
    slide = _slide()
    from deckgen.plan import ImageBlock

    writer.image(slide, ImageBlock("wide.png", "wide"), Box(0, 0, 1000, 1000))
    assert '<a:off x="0" y="250"/><a:ext cx="1000" cy="500"/>' in slide.xml()


def test_the_notes_masters_image_notes_and_number_placeholders_are_cloned() -> None:
    master = (b'<p:sp><p:nvPr><p:ph type="hdr" sz="quarter"/></p:nvPr></p:sp>'
              b'<p:ph type="sldImg" idx="2"/><p:ph type="body" sz="quarter" idx="3"/>'
              b'<p:ph type="sldNum" sz="quarter" idx="5"/>')  # fmt: skip
    assert _notes_placeholders(master) == [
        ("sldImg", ' type="sldImg" idx="2"'),
        ("body", ' type="body" sz="quarter" idx="3"'),
        ("sldNum", ' type="sldNum" sz="quarter" idx="5"'),
    ]
