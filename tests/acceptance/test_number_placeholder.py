"""A deck template's own slide-number placeholder holds the slide number, as LibreOffice draws it.

Where a layout has a `p:ph type="sldNum"`, the live "n of N" field goes in it: at the
designer's place when that is clear of what deckgen draws, in the template's type size and
colour (the slide's runs set neither), so PowerPoint's Header and Footer dialog governs it.
Where it is not clear, it moves into the bottom band in its own column beside the marking;
where it cannot hold the number at all, deckgen's own corner and a warning that says why.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Inches, Pt

from conftest import ROOT, SHIPPED, need_tool, run_cli

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
BROWN = "7F3F00"  # the template's number colour: no deckgen default is this


def _template(path: Path, left: float, top: float, width: float, size: int = 14,
              height: float = 0.35) -> Path:  # fmt: skip
    """python-pptx's own template, its slide-number placeholders moved to ``left``, ``top``,
    ``width`` by ``height`` inches on the master and on every layout, set in ``size`` pt
    brown."""
    prs = Presentation()
    masters = [prs.slide_master, *prs.slide_layouts]
    for owner in masters:
        for ph in owner.placeholders:
            if ph.placeholder_format.type != PP_PLACEHOLDER.SLIDE_NUMBER:
                continue
            ph.left, ph.top, ph.width, ph.height = (Inches(left), Inches(top), Inches(width),
                                                    Inches(height))  # fmt: skip
            if owner is prs.slide_master:
                style = ph._element.txBody.find(f"{{{A}}}lstStyle")
                style.clear()
                lvl = etree.SubElement(style, f"{{{A}}}lvl1pPr", algn="l")
                rpr = etree.SubElement(lvl, f"{{{A}}}defRPr", sz=str(int(Pt(size).pt * 100)))
                fill = etree.SubElement(rpr, f"{{{A}}}solidFill")
                etree.SubElement(fill, f"{{{A}}}srgbClr", val=BROWN)
    prs.save(str(path))
    return path


def _build(tmp: Path, template: Path, formats: str) -> tuple[Path, str]:
    ws = tmp / "ws"
    (ws / "content").mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "img", ws / "content" / "img")
    shutil.copy(SHIPPED, ws / "content")
    done = run_cli("build", f"content/{SHIPPED.name}", "--deck-template", str(template), "-f",
                   formats, "-o", "out", cwd=ws, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return ws / "out", done.stderr


def _numbers(deck: Path) -> list[Any]:
    """Each numbered slide's "Slide number" shape (the title slide has none)."""
    out = []
    for slide in Presentation(str(deck)).slides:
        out += [s for s in slide.shapes if s.name == "Slide number"]
    return out


@pytest.mark.soffice
def test_the_number_sits_in_the_templates_placeholder_in_its_style(tmp_path: Path) -> None:
    need_tool("soffice")
    import pdfplumber

    template = _template(tmp_path / "left.pptx", left=0.4, top=7.1, width=1.8)
    out, stderr = _build(tmp_path, template, "pptx,pdf")
    assert "slide-number placeholder" not in stderr
    numbers = _numbers(out / "russia-iran-2017-deck.pptx")
    assert numbers
    for shape in numbers:
        ph = shape._element.find(f".//{{{P}}}ph")
        assert ph is not None and ph.get("type") == "sldNum"
        assert (shape.left, shape.top) == (Inches(0.4), Inches(7.1))  # the designer's place
        assert not shape._element.findall(f".//{{{A}}}rPr[@sz]")  # the template's size
        assert shape._element.find(f".//{{{A}}}fld[@type='slidenum']") is not None
    with pdfplumber.open(str(out / "russia-iran-2017-deck.pdf")) as pdf:
        count = len(pdf.pages)
        for index, page in enumerate(pdf.pages[1:], 2):
            foot = [c for c in page.chars if c["top"] > page.height - 72 * 0.45]
            label = f"{index} of {count}"
            words = [w for w in page.extract_words() if w["top"] > page.height - 72 * 0.45]
            text = " ".join(w["text"] for w in words)
            assert label in text, (index, text)
            first = next(w for w in words if w["text"] == str(index))
            assert first["x0"] < 72 * 2.2, (index, first)  # bottom left, where it was put
            digits = [c for c in foot if c["text"] == str(index)[0]
                      and abs(c["x0"] - first["x0"]) < 1]  # fmt: skip
            assert digits and round(digits[0]["size"]) == 14, digits
            color = tuple(round(v * 255) for v in digits[0]["non_stroking_color"])
            assert color == (0x7F, 0x3F, 0x00), color


def test_a_placeholder_under_the_marking_moves_beside_it(tmp_path: Path) -> None:
    # python-pptx's own place: bottom right, reaching under the centred marking
    template = _template(tmp_path / "right.pptx", left=7.17, top=6.95, width=2.33)
    out, stderr = _build(tmp_path, template, "pptx")
    assert "slide-number placeholder" not in stderr
    prs = Presentation(str(out / "russia-iran-2017-deck.pptx"))
    for slide in prs.slides:
        marking = [s for s in slide.shapes if s.name == "Marking (bottom)"]
        for shape in (s for s in slide.shapes if s.name == "Slide number"):
            assert shape.is_placeholder
            assert marking and shape.left >= marking[0].left + marking[0].width
            assert shape.left + shape.width == Inches(7.17 + 2.33)  # its own right edge
            assert shape.top >= marking[0].top  # in the bottom band, with the marking


def test_a_placeholder_too_narrow_for_the_number_is_said(tmp_path: Path) -> None:
    template = _template(tmp_path / "narrow.pptx", left=9.0, top=7.1, width=0.4)
    out, stderr = _build(tmp_path, template, "pptx")
    assert 'slide-number placeholder is too narrow for "19 of 19"' in stderr, stderr
    assert "deckgen writes the number in the bottom corner instead" in stderr
    numbers = _numbers(out / "russia-iran-2017-deck.pptx")
    assert numbers and not any(s.is_placeholder for s in numbers)


@pytest.mark.soffice
def test_the_number_is_measured_in_the_templates_own_size(tmp_path: Path) -> None:
    """A placeholder wide enough for "16 of 16" in 12 pt, but set in 40 pt, would wrap the
    number over two lines in the designer's box: deckgen measures it in the template's
    size, and writes it in its own corner instead, saying so."""
    need_tool("soffice")
    import pdfplumber

    template = _template(tmp_path / "big.pptx", left=0.4, top=6.7, width=1.8, size=40,
                         height=0.75)  # fmt: skip
    out, stderr = _build(tmp_path, template, "pptx,pdf")
    assert 'slide-number placeholder is too narrow for "' in stderr, stderr
    numbers = _numbers(out / "russia-iran-2017-deck.pptx")
    assert numbers and not any(s.is_placeholder for s in numbers)
    with pdfplumber.open(str(out / "russia-iran-2017-deck.pdf")) as pdf:
        count = len(pdf.pages)
        for index, page in enumerate(pdf.pages[1:], 2):
            lines = {}  # the bottom band's words, line by line
            for word in page.extract_words():
                if word["top"] > page.height - 72 * 1.2:
                    lines.setdefault(round(word["top"]), []).append(word["text"])
            assert any(f"{index} of {count}" in " ".join(words) for words in lines.values()), (
                index, lines)  # fmt: skip
