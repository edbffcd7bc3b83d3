"""Shapes that carry nothing to read are flagged decorative (Office's adec:decorative), and
every shape that carries something keeps its alt text or its text (issue 16, item 3)."""

from __future__ import annotations

import re

from lxml import etree

from deckgen.ooxml.decorative import DECORATIVE_EXT
from deckgen.writers.deck import write_deck
from deckgen.writers.deck.shapes import mark_decorative

from support.writer_inputs import WHEN, deck, deck_prep, members, parts, pictures, template

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
ADEC = "{http://schemas.microsoft.com/office/drawing/2017/decorative}"
NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')  # fmt: skip


def _decorative(shape: etree._Element) -> bool:
    flags = shape.findall(f"./*/{P}cNvPr/{A}extLst/{A}ext/{ADEC}decorative")
    return [f.get("val") for f in flags] == ["1"] and all(
        f.getparent().get("uri") == DECORATIVE_EXT for f in flags
    )


def test_the_templates_bands_and_rules_are_decorative_and_nothing_else_is() -> None:
    files = members(write_deck(deck(), deck_prep(), template(), parts(), pictures(), WHEN))
    decorative, informative = [], []
    for name, data in files.items():
        if not re.fullmatch(r"ppt/(slides|slideLayouts|slideMasters)/[^/]+\.xml", name):
            continue
        for shape in etree.fromstring(data).iter(f"{P}sp", f"{P}cxnSp", f"{P}pic",
                                                 f"{P}graphicFrame"):  # fmt: skip
            c_nv_pr = shape.find(f"./*/{P}cNvPr")
            label = f"{name}: {c_nv_pr.get('name')}"
            says = "".join(shape.itertext()).strip() or c_nv_pr.get("descr")
            placeholder = shape.find(f"./*/{P}nvPr/{P}ph") is not None
            if _decorative(shape):
                assert not says and not placeholder, label
                decorative.append(label)
            else:
                # a table says its cells; a chart and a picture their alt text
                assert says or placeholder, f"{label} carries nothing and is not decorative"
                informative.append(label)
    names = {d.split(": ")[1] for d in decorative}
    assert names == {"Accent rule", "Section band", "Title band"}, names
    assert informative


def test_marking_leaves_text_placeholders_and_alt_text_alone_and_is_idempotent() -> None:
    xml = (f'<p:sldLayout {NS}><p:cSld><p:spTree>'
           '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Band"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
           '<p:spPr/></p:sp>'
           '<p:sp><p:nvSpPr><p:cNvPr id="3" name="Words"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
           '<p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:t>Hi</a:t></a:r></a:p></p:txBody></p:sp>'
           '<p:sp><p:nvSpPr><p:cNvPr id="4" name="Map" descr="A map"/><p:cNvSpPr/><p:nvPr/>'
           '</p:nvSpPr><p:spPr/></p:sp>'
           '<p:sp><p:nvSpPr><p:cNvPr id="5" name="Title 1"/><p:cNvSpPr/><p:nvPr><p:ph '
           'type="title"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>'
           "</p:spTree></p:cSld></p:sldLayout>").encode()  # fmt: skip
    once = mark_decorative(xml)
    shapes = list(etree.fromstring(once).iter(f"{P}sp"))
    assert [_decorative(s) for s in shapes] == [True, False, False, False]
    assert mark_decorative(once) == once
    plain = xml.replace(b'<p:sp><p:nvSpPr><p:cNvPr id="2" name="Band"/><p:cNvSpPr/><p:nvPr/>'
                        b"</p:nvSpPr><p:spPr/></p:sp>", b"")  # fmt: skip
    assert mark_decorative(plain) is plain  # nothing to flag: the bytes as they came
