"""The document accessibility rules of `deckgen lint` fire on hand-built briefings and on
built documents edited to break one rule each, and stay silent on a clean briefing."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from deckgen.build.options import Options
from deckgen.build.pipeline import plan_briefing, render_briefing
from deckgen.content.model import Bullet, Image, Section, Table
from deckgen.errors import Diagnostic
from deckgen.review import RULES, lint_briefing
from deckgen.review import document as rules
from deckgen.review.where import Where
from deckgen.templates.sets import Logo
from deckgen.text import plain

from conftest import FIXTURES
from support.builders import briefing, default_set, full_briefing, source, table_section

NEW = {"A11Y-01", "A11Y-02", "A11Y-03", "A11Y-04", "A11Y-05", "A11Y-08", "A11Y-10", "LINK-01"}
OPTIONS = Options(formats=("pptx", "docx"))


def _codes(found: list[Diagnostic]) -> list[str]:
    return [d.code or "" for d in found]


def _lint(b: object) -> list[Diagnostic]:
    return lint_briefing(b, default_set(), "full")


def _built(b: object) -> tuple[object, object, dict[str, bytes]]:
    deck, memo, _ = plan_briefing(b, default_set(), OPTIONS)  # type: ignore[arg-type]
    return deck, memo, render_briefing(b, default_set(), OPTIONS).files  # type: ignore[arg-type]


def _edit(data: bytes, part: str, change: object) -> bytes:
    """``data`` (a zip) with ``part``'s text passed through ``change``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            body = zin.read(item.filename)
            if item.filename == part:
                body = change(body.decode("utf-8")).encode("utf-8")  # type: ignore[operator]
            zout.writestr(item, body)
    return out.getvalue()


def test_every_new_rule_is_listed() -> None:
    assert set(RULES) >= NEW


def test_a_clean_briefing_fires_none_of_them() -> None:
    clean = replace(full_briefing(), sections=(
        *full_briefing().sections, table_section(30, 6, "A long table runs on")))  # fmt: skip
    found = _lint(clean)
    assert not NEW & set(_codes(found)), [str(d) for d in found if d.code in NEW]
    # the long table continues on slides titled "… (cont.)": deckgen's own, not duplicates
    deck, _memo, _files = _built(clean)
    assert any(s.continued for s in deck.slides)  # type: ignore[attr-defined]


def _sections(*titles: str) -> tuple[Section, ...]:
    return tuple(Section(plain(t), bullets=(Bullet(plain(f"Point {n}.")),))
                 for n, t in enumerate(titles))  # fmt: skip


def test_duplicate_slide_titles() -> None:
    # titles a reader hears as one: the planner numbers only exact repeats
    found = [d for d in _lint(briefing(sections=_sections("Trade grows", "Trade  Grows")))
             if d.code == "A11Y-02"]  # fmt: skip
    assert len(found) == 1, found
    assert found[0].severity == "warning"
    assert re.search(r"slides 2, 3 have the same title 'Trade Grows'", found[0].message)


def test_titles_the_planner_numbered_are_not_duplicates() -> None:
    deck, _memo, _files = _built(briefing(sections=_sections("Trade grows", "Trade grows")))
    assert [s.title.plain for s in deck.slides][1:3] == ["Trade grows", "Trade grows (2)"]  # type: ignore[attr-defined]
    assert "A11Y-02" not in _codes(
        _lint(briefing(sections=_sections("Trade grows", "Trade grows")))
    )
    # … unless the author wrote the numbered title too
    found = _lint(briefing(sections=_sections("Trade grows", "Trade grows", "Trade grows (2)")))
    assert "A11Y-02" in _codes(found)


def test_blank_table_cells() -> None:
    table = Table((plain("Area"), plain("Detail")),
                  ((plain("Trade"), plain("Grows.")), (plain(""), plain("Shrinks."))))  # fmt: skip
    b = briefing(sections=(Section(plain("Trade moves both ways"), table=table,
                                   sources=("s1",)),), sources=(source(),))  # fmt: skip
    found = [d for d in _lint(b) if d.code == "A11Y-05"]
    # once on the slide, once in the memo
    assert [d.severity for d in found] == ["warning", "warning"], found
    assert "1 blank cell(s)" in found[0].message


def test_vague_link_text_in_content_and_sources() -> None:
    b = briefing(
        sections=(
            Section(
                plain("Reading"),
                bullets=(Bullet(plain("The full text is here: https://x.test/full")),),
            ),
        ),
        sources=(source(title="link", url="https://x.test/r"),),
    )
    found = [d for d in _lint(b) if d.code == "LINK-01"]
    assert len(found) == 2, found
    assert "'here' introduces a web address" in found[0].message
    assert "titled 'link'" in found[1].message
    # a web address named by what it leads to is fine
    fine = briefing(sources=(source(title="Annual review", url="https://x.test/r"),))
    assert "LINK-01" not in _codes(_lint(fine))


def test_picture_alt_text_that_is_a_file_name(tmp_path: Path) -> None:
    picture = str(FIXTURES / "lint" / "map.png")
    b = briefing(sections=(Section(plain("Where it is"), image=Image(picture, "map.png")),))
    found = [d for d in _lint(b) if d.code == "A11Y-03"]
    assert len(found) == 1, found  # said once, at the content, not again for the built files
    assert "looks like a file name" in found[0].message


# -- the built documents, each edited to break one rule ----------------------------------------


def _chart_briefing() -> object:
    return full_briefing()


def test_chart_alt_text_in_the_built_deck() -> None:
    b = _chart_briefing()
    deck, _memo, files = _built(b)
    data = files["test-deck.pptx"]
    at = Where("")
    assert list(rules.deck_media(b, deck, data, at)) == []  # type: ignore[arg-type]
    slide = next(n for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
                 if n.startswith("ppt/slides/slide") and b"c:chart" in
                 zipfile.ZipFile(io.BytesIO(data)).read(n))  # fmt: skip
    named = _edit(data, slide, lambda x: re.sub(r'descr="[^"]*"', 'descr="chart1.png"', x))
    found = list(rules.deck_media(b, deck, named, at))  # type: ignore[arg-type]
    assert _codes(found) == ["A11Y-03"] and "chart" in found[0].message, found
    # a chart carries data: marked decorative, a screen reader would skip it
    decorative = _edit(named, slide, lambda x: _flag(x, "chart1.png"))
    found = list(rules.deck_media(b, deck, decorative, at))  # type: ignore[arg-type]
    assert _codes(found) == ["A11Y-03"] and "marked decorative" in found[0].message, found


FLAG = ('<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}"><adec:decorative '
        'xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/>'
        "</a:ext></a:extLst>")  # fmt: skip


def _flag(xml: str, descr: str) -> str:
    """``xml`` with the drawing described as ``descr`` flagged decorative (Office's way)."""
    return re.sub(rf'(<p:cNvPr [^>]*descr="{re.escape(descr)}"[^>]*?)/>',
                  lambda m: m.group(1) + ">" + FLAG + "</p:cNvPr>", xml)  # fmt: skip


def test_a_short_logo_alt_is_blamed_once_on_the_set_and_decorative_logos_pass() -> None:
    logo = Logo(str(FIXTURES / "lint" / "map.png"))  # alt "Logo", deckgen's default
    template = replace(default_set(), logo=logo)
    found = [d for d in lint_briefing(full_briefing(), template, "full") if d.code == "A11Y-03"]
    assert len(found) == 1, found  # every slide and the memo carry it: said once
    assert "the logo's alt text 'Logo' is only 4 characters" in found[0].message
    assert found[0].location is not None
    assert found[0].location.path.endswith("template.yaml")
    # flagged decorative (a logo says nothing a reader needs), it needs no description
    deck, _memo, _ = plan_briefing(full_briefing(), template, OPTIONS)
    data = render_briefing(full_briefing(), template, OPTIONS).files["test-deck.pptx"]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        slides = [n for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
    for slide in slides:
        data = _edit(data, slide, lambda x: _flag(x, "Logo"))
    assert list(rules.deck_media(full_briefing(), deck, data, Where(""), template)) == []


def test_table_without_header_row_and_merged_cells() -> None:
    b = full_briefing()
    deck, _memo, files = _built(b)
    data = files["test-deck.pptx"]
    slides = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
              if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]  # fmt: skip
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        slide = next(n for n in slides if b"<a:tbl>" in z.read(n))
    broken = _edit(data, slide, lambda x: x.replace('firstRow="1"', 'firstRow="0"', 1)
                   .replace("<a:tc>", '<a:tc gridSpan="2">', 1))  # fmt: skip
    found = list(rules.deck_media(b, deck, broken, Where("")))  # type: ignore[arg-type]
    assert sorted(_codes(found)) == ["A11Y-04", "A11Y-05"], found
    assert "1 merged" in next(d.message for d in found if d.code == "A11Y-05")


def test_memo_table_without_header_row() -> None:
    b = full_briefing()
    _deck, memo, files = _built(b)
    data = files["test-memo.docx"]
    at = Where("")
    assert list(rules.memo_document(b, memo, data, default_set(), at)) == []  # type: ignore[arg-type]
    broken = _edit(data, "word/document.xml", lambda x: x.replace("<w:tblHeader/>", "", 1))
    found = list(rules.memo_document(b, memo, broken, default_set(), at))  # type: ignore[arg-type]
    assert _codes(found) == ["A11Y-04"], found


def test_slide_without_a_title_placeholder() -> None:
    b = full_briefing()
    deck, _memo, files = _built(b)
    data = files["test-deck.pptx"]
    found = list(rules.deck_titles(b, deck, data, default_set(), Where("")))  # type: ignore[arg-type]
    assert found == []
    # as a layout without a title placeholder leaves it: the title is a plain text box
    untitled = _edit(data, "ppt/slides/slide2.xml",
                     lambda x: re.sub(r'<p:ph type="title"[^>]*/>', "", x))  # fmt: skip
    found = list(rules.deck_titles(b, deck, untitled, default_set(), Where("")))  # type: ignore[arg-type]
    assert _codes(found) == ["A11Y-01"], found
    assert found[0].severity == "error" and "slide 2" in found[0].message
    assert found[0].location is not None and found[0].location.path.endswith(".pptx")


def test_missing_core_title_and_language() -> None:
    _deck, _memo, files = _built(full_briefing())
    assert list(rules.core_properties(full_briefing(), files, Where(""))) == []
    blank = {
        "test-deck.pptx": _edit(files["test-deck.pptx"], "docProps/core.xml",
                                lambda x: re.sub(r"<dc:title>[^<]*</dc:title>", "", x)),
        "test-memo.docx": _edit(files["test-memo.docx"], "docProps/core.xml",
                                lambda x: re.sub(r"<dc:language>[^<]*</dc:language>", "", x)),
    }  # fmt: skip
    found = list(rules.core_properties(full_briefing(), blank, Where("")))
    assert [(d.code, d.message.split(" has")[0]) for d in found] == [
        ("A11Y-08", "test-deck.pptx"), ("A11Y-08", "test-memo.docx")]  # fmt: skip
    assert "dc:title" in found[0].message and "dc:language" in found[1].message


def test_memo_heading_skip_and_title_in_header() -> None:
    b = full_briefing()
    _deck, memo, files = _built(b)
    data = files["test-memo.docx"]
    # the first section heading made level 3: nothing at level 1 or 2 comes before it
    skipped = _edit(data, "word/document.xml", lambda x: x.replace(
        'w:val="Heading1"', 'w:val="Heading3"', 1))  # fmt: skip
    found = list(rules.memo_document(b, memo, skipped, default_set(), Where("")))  # type: ignore[arg-type]
    assert _codes(found) == ["A11Y-10"], found
    assert "level 3 with no heading above it" in found[0].message
    # a subheading two levels below its heading
    deeper = _edit(data, "word/document.xml", lambda x: x.replace(
        'w:val="Heading2"', 'w:val="Heading3"', 1))  # fmt: skip
    found = list(rules.memo_document(b, memo, deeper, default_set(), Where("")))  # type: ignore[arg-type]
    assert _codes(found) == ["A11Y-10"] and "level 3 after level 1" in found[0].message, found
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        header = next(n for n in z.namelist() if re.fullmatch(r"word/header\d*\.xml", n))
    titled = _edit(data, header, lambda x: x.replace(
        "</w:hdr>", "<w:p><w:r><w:t>Test Briefing</w:t></w:r></w:p></w:hdr>"))  # fmt: skip
    found = list(rules.memo_document(b, memo, titled, default_set(), Where("")))  # type: ignore[arg-type]
    assert _codes(found) == ["A11Y-10"] and "page header" in found[0].message, found


@pytest.mark.parametrize("text", ["click here", "Here", "more", "link"])
def test_vague_text_of_a_built_hyperlink(text: str) -> None:
    b = full_briefing()
    _deck, _memo, files = _built(b)
    link = f'<w:hyperlink r:id="rIdX"><w:r><w:t>{text}</w:t></w:r></w:hyperlink>'
    memo = _edit(files["test-memo.docx"], "word/document.xml",
                 lambda x: x.replace("</w:p>", link + "</w:p>", 1))  # fmt: skip
    edited = {"test-memo.docx": memo}
    found = list(rules.links(b, edited, Where("")))
    assert _codes(found) == ["LINK-01"] and repr(text) in found[0].message, found
