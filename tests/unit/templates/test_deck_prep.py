"""A deck template's facts survive the analysis cache: a layout's slide-number placeholder too."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation

from deckgen.templates import deck


def test_the_cached_analysis_is_the_analysis(tmp_path: Path) -> None:
    path = tmp_path / "plain.pptx"
    Presentation().save(str(path))
    prep = deck._analyse(path, {}, {})
    numbers = {role: layout.number for role, layout in prep.layouts.items()}
    assert all(n is not None and n.type == "sldNum" and n.box for n in numbers.values()), numbers
    assert deck._from_json(path, deck._to_json(prep)) == prep


def test_the_number_size_is_the_templates_own(tmp_path: Path) -> None:
    """The slide number is measured in the size the template sets it in: the layout's
    placeholder, else the master's (python-pptx's template: 12 pt), else 18 pt."""
    from lxml import etree

    A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    prs = Presentation()
    layout = prs.slide_layouts[1]
    holder = next(ph for ph in layout.placeholders if ph._element.ph.get("type") == "sldNum")
    style = holder._element.txBody.find(f"{A}lstStyle")
    etree.SubElement(etree.SubElement(style, f"{A}lvl1pPr"), f"{A}defRPr", sz="2800")
    path = tmp_path / "sized.pptx"
    prs.save(str(path))
    prep = deck._analyse(path, {}, {})
    sizes = {layout.part: layout.number_size for layout in prep.layouts.values()}
    assert sizes.pop(str(layout.part.partname).lstrip("/")) == 28.0
    assert set(sizes.values()) <= {12.0}, sizes
    assert deck._from_json(path, deck._to_json(prep)) == prep
