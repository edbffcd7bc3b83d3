"""Open what deckgen built with real readers and check what a briefer and a reader rely on."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from pptx import Presentation
from pptx.util import Inches

from deckgen.content.load import load_file

from conftest import FIXTURES, SHIPPED, need_tool, untypeset

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def slide_texts(slide) -> list[str]:  # type: ignore[no-untyped-def]
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += [c.text for row in shape.table.rows for c in row.cells]
    return out


def deck_text(path: Path) -> str:
    prs = Presentation(str(path))
    return "\n".join(t for s in prs.slides for t in slide_texts(s))


def memo_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [c.text for row in table.rows for c in row.cells]
    return "\n".join(parts)


def norm(s: str) -> str:
    return " ".join(s.split())


# -- the deck ---------------------------------------------------------------------------


def test_every_slide_has_a_unique_title_in_its_title_placeholder(shipped: dict[str, Path]) -> None:
    prs = Presentation(str(shipped["deck"]))
    titles = []
    for slide in prs.slides:
        title = slide.shapes.title
        assert title is not None and title.is_placeholder
        assert title.text_frame.text.strip()
        titles.append(title.text_frame.text)
    assert len(titles) == len(set(titles)), titles
    assert len(titles) >= 12


def test_marking_is_at_top_and_bottom_of_every_slide(shipped: dict[str, Path]) -> None:
    prs = Presentation(str(shipped["deck"]))
    height = prs.slide_height
    for number, slide in enumerate(prs.slides, 1):
        marks = [
            s for s in slide.shapes if s.has_text_frame and s.text_frame.text == "UNCLASSIFIED"
        ]
        tops = sorted(s.top for s in marks)
        assert len(marks) == 2, f"slide {number}"
        assert tops[0] < Inches(0.5), f"slide {number}: no marking at the top"
        assert tops[1] + marks[0].height > height - Inches(0.6), f"slide {number}: no bottom one"


def test_deck_is_16_to_9_and_holds_no_empty_placeholders(shipped: dict[str, Path]) -> None:
    prs = Presentation(str(shipped["deck"]))
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # 13.333 x 7.5 in
    for slide in prs.slides:
        for ph in slide.placeholders:
            assert ph.text_frame.text.strip(), "an empty placeholder shows a prompt in PowerPoint"


def test_title_slide_carries_marking_date_version_author_distribution(
    shipped: dict[str, Path],
) -> None:
    first = Presentation(str(shipped["deck"])).slides[0]
    text = "\n".join(slide_texts(first))
    for expected in (
        "The Russia–Iran Alliance",
        "UNCLASSIFIED",
        "1 April 2017",
        "Version 1.0",
        "Eurasia–Middle East Desk",
        "not for public release",  # the full edition carries the widest variant's line
    ):
        assert expected in text


def test_divergences_are_a_native_table_with_one_column_per_actor(
    shipped: dict[str, Path], three: dict[str, Path]
) -> None:
    for built, actors in ((shipped, ["Russia", "Iran"]), (three, ["Russia", "Iran", "Türkiye"])):
        prs = Presentation(str(built["deck"]))
        slide = next(s for s in prs.slides if s.shapes.title.text == "Where they diverge")
        table = next(s for s in slide.shapes if s.has_table).table
        header = [c.text for c in table.rows[0].cells]
        assert header == ["Issue", *actors, "Significance"]
        assert table.first_row  # header row marked for screen readers


def test_estimative_term_and_confidence_are_shown_apart(shipped: dict[str, Path]) -> None:
    prs = Presentation(str(shipped["deck"]))
    slide = next(s for s in prs.slides if s.shapes.title.text == "Key judgments")
    table = next(s for s in slide.shapes if s.has_table).table
    assert [c.text for c in table.rows[0].cells] == ["Judgment", "Likelihood", "Confidence"]
    rows = [[c.text for c in r.cells] for r in list(table.rows)[1:]]
    assert rows[0][1:] == ["very likely (80–95%)", "Moderate"]
    assert any(r[1] == "likely (70%)" for r in rows), "probability 0.7 renders with its term"
    for r in rows:
        assert "confidence" not in r[1].lower() and "%" not in r[2]


def test_chart_is_a_native_editable_chart_with_alt_text(shipped: dict[str, Path]) -> None:
    prs = Presentation(str(shipped["deck"]))
    charts = [s for sl in prs.slides for s in sl.shapes if s.has_chart]
    assert len(charts) == 1
    chart = charts[0].chart
    assert list(chart.plots[0].categories) == ["Iran", "Russian Federation", "Former USSR border"]
    assert list(chart.series[0].values) == [0, 700, 450]
    descr = charts[0]._element.xpath("./p:nvGraphicFramePr/p:cNvPr")[0].get("descr")
    assert "700" in descr and "Bar chart" in descr
    with zipfile.ZipFile(shipped["deck"]) as z:
        assert any(re.fullmatch(r"ppt/charts/chart\d+\.xml", n) for n in z.namelist())
        assert any(n.startswith("ppt/embeddings/") for n in z.namelist()), "editable data"


def test_picture_has_alt_text_not_a_file_name(shipped: dict[str, Path]) -> None:
    prs = Presentation(str(shipped["deck"]))
    pictures = [s for sl in prs.slides for s in sl.shapes if s.shape_type == 13]
    assert len(pictures) == 1
    descr = pictures[0]._element.xpath("./p:nvPicPr/p:cNvPr")[0].get("descr")
    assert descr.startswith("Diagram of two overlapping circles")
    assert "alignment.png" not in descr


def test_source_line_on_every_slide_that_cites(shipped: dict[str, Path]) -> None:
    prs = Presentation(str(shipped["deck"]))
    for slide in prs.slides:
        title = slide.shapes.title.text
        lines = [s.text_frame.text for s in slide.shapes if s.name == "Source line"]
        if title.startswith(("Key judgments", "Where they diverge", "Timeline", "Outlook")):
            assert lines and lines[0].startswith("Source"), title
            assert "SouthFront (2017)" in lines[0]


def test_speaker_notes_are_written(shipped: dict[str, Path]) -> None:
    prs = Presentation(str(shipped["deck"]))
    notes = {
        s.shapes.title.text: s.notes_slide.notes_text_frame.text
        for s in prs.slides
        if s.has_notes_slide
    }
    briefing = load_file(SHIPPED)
    assert norm(notes["Bottom line up front"]) == norm(briefing.notes["bluf"])
    assert len(notes) >= 10


def test_briefing_content_appears_in_the_deck(shipped: dict[str, Path]) -> None:
    briefing = load_file(SHIPPED)
    text = norm(deck_text(shipped["deck"]))
    assert norm(briefing.bluf.plain) in text
    for kj in briefing.key_judgments:
        assert norm(kj.text.plain) in text
    for d in briefing.divergences:
        assert norm(d.issue.plain) in text
        for position in d.positions.values():
            assert norm(position.plain) in text
    for f in briefing.forecasts:
        assert norm(f.statement.plain) in text
    for g in briefing.shared_goals:
        assert norm(g.title.plain) in text
    for e in briefing.timeline:
        assert norm(e.event.plain) in text
    for s in briefing.sources:
        assert s.title in text


def test_inline_markup_becomes_runs_not_asterisks(shipped: dict[str, Path]) -> None:
    prs = Presentation(str(shipped["deck"]))
    assert "**" not in deck_text(shipped["deck"]) and "*Western" not in deck_text(shipped["deck"])
    slide = next(s for s in prs.slides if s.shapes.title.text.startswith("Shared security"))
    body = next(s for s in slide.placeholders if s.placeholder_format.idx != 0)
    runs = body.text_frame.paragraphs[0].runs
    assert runs[0].text == "Terrorism:" and runs[0].font.bold
    italic = [r.text for p in body.text_frame.paragraphs for r in p.runs if r.font.italic]
    assert italic == ["Western-backed client governments"]


def test_right_to_left_quote_is_marked_rtl(three: dict[str, Path]) -> None:
    with zipfile.ZipFile(three["deck"]) as z:
        slides = [
            z.read(n).decode() for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)
        ]
    persian = [s for s in slides if "همکاری" in s]
    assert persian and 'rtl="1"' in persian[0]
    assert "Türkiye" in deck_text(three["deck"])


# -- the memo ---------------------------------------------------------------------------


def test_memo_header_block_and_marking(shipped: dict[str, Path]) -> None:
    document = docx.Document(str(shipped["memo"]))
    text = [untypeset(p.text) for p in document.paragraphs]
    # the marking stands in every page's header and footer; the body repeats it nowhere
    assert text[0] == "MEMORANDUM" and "UNCLASSIFIED" not in text
    for label, value in (
        ("TO:", "Policy Planning Staff"),
        ("DATE:", "1 April 2017"),
        ("SUBJECT:", "Durability of Russia–Iran cooperation"),
    ):
        assert any(t.startswith(label) and value in t for t in text), label
    assert any(t.startswith("FROM:") for t in text)
    for section in document.sections:
        assert section.header.paragraphs[0].text == "UNCLASSIFIED"
        assert section.footer.paragraphs[0].text == "UNCLASSIFIED"
        footer_xml = section.footer._element.xml
        assert " PAGE " in footer_xml and " NUMPAGES " in footer_xml


def test_memo_has_real_footnotes_with_source_titles(shipped: dict[str, Path]) -> None:
    with zipfile.ZipFile(shipped["memo"]) as z:
        names = z.namelist()
        assert "word/footnotes.xml" in names
        notes = z.read("word/footnotes.xml").decode()
        body = z.read("word/document.xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
        types = z.read("[Content_Types].xml").decode()
    assert "relationships/footnotes" in rels
    assert "wordprocessingml.footnotes+xml" in types
    note_ids = set(re.findall(r'<w:footnote w:id="(\d+)"', notes))
    ref_ids = set(re.findall(r'<w:footnoteReference w:id="(\d+)"', body))
    assert note_ids and note_ids == ref_ids, "every note referenced once, every reference a note"
    assert "How Strong is the Iran-Russia" in notes
    assert "The Russian-Iranian Alliance: Aims, Objectives and Differences" in notes
    assert 'w:type="separator"' in notes


def test_memo_divergence_table_repeats_its_header_row(shipped: dict[str, Path]) -> None:
    document = docx.Document(str(shipped["memo"]))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Issue")
    assert [c.text for c in table.rows[0].cells] == ["Issue", "Russia", "Iran", "Significance"]
    assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    assert len(table.rows) == 1 + len(load_file(SHIPPED).divergences)


def test_briefing_content_appears_in_the_memo(shipped: dict[str, Path]) -> None:
    briefing = load_file(SHIPPED)
    text = norm(memo_text(shipped["memo"]))
    assert norm(briefing.bluf.plain) in text
    for kj in briefing.key_judgments:
        assert norm(kj.text.plain) in text
    for d in briefing.divergences:
        for position in d.positions.values():
            assert norm(position.plain) in text
    for f in briefing.forecasts:
        assert norm(f.statement.plain) in text
    for s in briefing.sections:
        assert norm(s.title.plain) in text
    assert "**" not in text


def test_memo_image_alt_text_and_rtl_quote(
    shipped: dict[str, Path], three: dict[str, Path]
) -> None:
    with zipfile.ZipFile(shipped["memo"]) as z:
        body = z.read("word/document.xml").decode()
    assert 'descr="Diagram of two overlapping circles' in body
    assert "alignment.png" not in body
    with zipfile.ZipFile(three["memo"]) as z:
        body = z.read("word/document.xml").decode()
    para = re.search(r"<w:p>(?:(?!</w:p>).)*همکاری(?:(?!</w:p>).)*</w:p>", body)
    assert para and "<w:bidi/>" in para.group(0)


def test_document_properties_are_set(shipped: dict[str, Path]) -> None:
    for core in (
        Presentation(str(shipped["deck"])).core_properties,
        docx.Document(str(shipped["memo"])).core_properties,
    ):
        assert core.title == "The Russia–Iran Alliance"
        assert core.language == "en"
        assert core.category == "UNCLASSIFIED"
        assert core.created.year == 2017


def test_minimal_briefing_builds(tmp_path: Path) -> None:
    from conftest import run_cli

    done = run_cli("build", str(FIXTURES / "minimal.yaml"), "-o", str(tmp_path))
    assert done.returncode == 0, done.stderr
    prs = Presentation(str(tmp_path / "minimal-deck.pptx"))
    assert [s.shapes.title.text for s in prs.slides] == [
        "Minimal Briefing",
        "Shared goals",
        "Questions and discussion",
    ]
    assert docx.Document(str(tmp_path / "minimal-memo.docx")).paragraphs


def test_rebuild_gives_identical_bytes(tmp_path: Path) -> None:
    from conftest import run_cli

    digests = []
    for folder in ("a", "b"):
        out = tmp_path / folder
        done = run_cli(
            "build", str(SHIPPED), "-o", str(out), env={"SOURCE_DATE_EPOCH": "1500000000"}
        )
        assert done.returncode == 0, done.stderr
        digests.append(
            [
                (out / n).read_bytes()
                for n in ("russia-iran-2017-deck.pptx", "russia-iran-2017-memo.docx")
            ]
        )
    assert digests[0] == digests[1]


# -- real renderers ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdfs(shipped: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from conftest import run_cli

    need_tool("soffice")
    need_tool("pdftotext")
    out = tmp_path_factory.mktemp("pdf")
    done = run_cli("build", str(SHIPPED), "-o", str(out), "-f", "pptx,docx,pdf", timeout=600)
    assert done.returncode == 0, done.stderr
    return {
        "deck": out / "russia-iran-2017-deck.pdf",
        "memo": out / "russia-iran-2017-memo.pdf",
        "pptx": out / "russia-iran-2017-deck.pptx",
    }


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [p for p in text.split("\f") if p.strip()]


@pytest.mark.soffice
def test_deck_pdf_has_one_page_per_slide_each_marked(pdfs: dict[str, Path]) -> None:
    pages = pdf_pages(pdfs["deck"])
    slides = Presentation(str(pdfs["pptx"])).slides
    assert len(pages) == len(slides)
    for number, (page, slide) in enumerate(zip(pages, slides), 1):
        assert page.count("UNCLASSIFIED") == 2, f"page {number}"
        first_words = " ".join(slide.shapes.title.text.split()[:3])
        assert first_words in " ".join(page.split()), f"page {number}"


@pytest.mark.soffice
def test_memo_pdf_marks_and_numbers_every_page(pdfs: dict[str, Path]) -> None:
    pages = pdf_pages(pdfs["memo"])
    assert len(pages) >= 3
    for number, page in enumerate(pages, 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        # one banner at the top and one at the foot, never a second one under the first
        assert page.count("UNCLASSIFIED") == 2, f"page {number}"
        assert lines[0] == "UNCLASSIFIED" and "UNCLASSIFIED" not in lines[1], f"page {number}"
        assert "UNCLASSIFIED" in lines[-2:], f"page {number}"
        assert f"Page {number} of {len(pages)}" in page
    whole = " ".join(" ".join(pages).split())
    assert "How Strong is the Iran-Russia" in whole  # footnotes rendered at page feet


@pytest.mark.pandoc
def test_pandoc_reads_the_memo_with_its_footnotes(shipped: dict[str, Path]) -> None:
    pandoc = need_tool("pandoc")
    done = subprocess.run(
        [pandoc, str(shipped["memo"]), "-t", "markdown"], capture_output=True, text=True, check=True
    )
    text = " ".join(done.stdout.split())
    assert "Bottom line" in text or "BLUF" in text
    assert re.search(r"\[\^1\]:", done.stdout), "footnotes come through as pandoc notes"
    assert "EastWest Institute" in text


def test_tlp_label_is_right_justified_on_black(three: dict[str, Path]) -> None:
    prs = Presentation(str(three["deck"]))
    for slide in prs.slides:
        marks = [s for s in slide.shapes if s.name.startswith("Marking")]
        assert len(marks) == 2
        for mark in marks:
            assert mark.text_frame.text == "TLP:CLEAR"
            assert str(mark.fill.fore_color.rgb) == "000000"
            assert mark.text_frame.paragraphs[0].alignment == 3  # PP_ALIGN.RIGHT
            assert mark.left + mark.width > prs.slide_width - Inches(1)
    header = docx.Document(str(three["memo"])).sections[0].header.paragraphs[0]
    assert header.text == "TLP:CLEAR" and header.alignment == 2  # WD_ALIGN_PARAGRAPH.RIGHT
    assert header.runs[0].font.size.pt >= 12
