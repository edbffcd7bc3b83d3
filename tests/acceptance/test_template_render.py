"""Render the shipped briefing in every foreign template and judge what a reader would see."""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from lxml import etree
from PIL import Image, ImageDraw, ImageFont
from pptx import Presentation
from pptx.dml.color import RGBColor as PptxRGB
from pptx.util import Inches
from pptx.util import Pt as PptxPt

from deckgen.content.load import load_file
from deckgen.pdf.convert import FONTS, convert

from conftest import SHIPPED, need_tool, run_cli
from support import foreign, foreign_built
from support import rendercheck as rc
from support.foreign import q

BRIEFING = load_file(SHIPPED)
MARKING = BRIEFING.marking or ""
TITLE = BRIEFING.title.plain
# Marking-like words the briefing's own text uses: those are content, not a second marking.
ALLOWED = {
    m.group(0).casefold() for m in rc.MARKING_WORDS.finditer(SHIPPED.read_text(encoding="utf-8"))
}
OUTPUT = {"deck": "russia-iran-2017-deck.pptx", "memo": "russia-iran-2017-memo.docx"}
SHOWN = 12  # failures listed per template; the count says how many more


def need_renderers() -> None:
    """LibreOffice, or a skip outside CI (in CI, a failure). Pages are drawn by PDFium, which
    pdfplumber brings."""
    if not os.environ.get("DECKGEN_SOFFICE"):
        need_tool("soffice")


def fail_with(name: str, problems: list[str]) -> None:
    if problems:
        more = f"\n  ... and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
        pytest.fail(
            f"{name}: {len(problems)} problem(s)\n  " + "\n  ".join(problems[:SHOWN]) + more
        )


# -- what is ours --------------------------------------------------------------------------


def paragraph_texts(root: etree._Element, para: str, text: str) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(text)) for p in root.iter(para)]


def deck_slides(pptx: Path) -> list[tuple[str, set[str]]]:
    """Per slide: its title (the title placeholder's text) and the tokens of all its text,
    charts included: what deckgen wrote, as opposed to the layout's or master's own text."""
    slides = []
    prs = Presentation(str(pptx))
    for slide in prs.slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        texts = paragraph_texts(slide._element, q("a:p"), q("a:t"))
        for rel in slide.part.rels.values():
            if rel.reltype.endswith("/chart"):
                chart = etree.fromstring(rel.target_part.blob)
                texts += [v.text or "" for v in chart.iter() if etree.QName(v).localname == "v"]
                texts += paragraph_texts(chart, q("a:p"), q("a:t"))
        ours = {t for text in texts for t in rc.tokens(text)}
        slides.append((" ".join(title.split()), ours))
    return slides


def memo_tokens(memo: Path) -> set[str]:
    """The tokens of every paragraph of the memo's body, headers, footers and notes, and the
    numbers its fields show (page numbers)."""
    ours: set[str] = set()
    with zipfile.ZipFile(memo) as z:
        for name in z.namelist():
            if re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml", name):
                root = etree.fromstring(z.read(name))
                for text in paragraph_texts(root, qn("w:p"), qn("w:t")):
                    ours.update(rc.tokens(text))
    return ours | {str(n) for n in range(1, 200)}


def memo_headings(memo: Path) -> list[str]:
    """The memo's top-level headings, in order: the ones `primary` colours (in the default
    set, Heading 2 takes `accent`)."""
    document = docx.Document(str(memo))
    return [
        p.text.strip()
        for p in document.paragraphs
        if p.style is not None and p.style.name.lower() == "heading 1" and p.text.strip()
    ]


# -- the corpus, built and rendered once ------------------------------------------------------


class Rendered:
    """Every foreign template, the briefing built with each, its PDF (one LibreOffice run for
    all of them) and the PNG of every page: made on first use, once per session and shared
    with test_foreign_templates (support.foreign_built)."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self.factory = factory
        self.made: foreign_built.Built | None = None
        self.pages: dict[tuple[str, str], list[rc.Page]] = {}

    def template(self, kind: str, name: str) -> Path:
        made = foreign_built.templates(self.factory)[kind][name]
        if isinstance(made, Exception):
            if name in foreign.NEEDS_PANDOC:
                need_tool("pandoc")
            pytest.fail(f"could not make the template {name}: {made}")
        return made

    def get(self, kind: str, name: str) -> tuple[Path, list[rc.Page], Path]:
        """The built output, its PDF's pages and the PDF; a failure naming what went wrong."""
        need_renderers()
        self.template(kind, name)
        if self.made is None:
            self.made = foreign_built.built(self.factory)
        done = self.made.builds[kind, name]
        tail = [line for line in done.stderr.strip().splitlines() if line.strip()][-1:]
        assert done.returncode == 0, f"{name}: deckgen exit {done.returncode}: {tail}"
        assert (kind, name) in self.made.pdfs, f"{name}: LibreOffice wrote no PDF"
        pdf = self.made.pdfs[kind, name]
        if (kind, name) not in self.pages:
            self.pages[kind, name] = rc.read_pdf(pdf)
        return self.made.output(kind, name), self.pages[kind, name], pdf


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    return Rendered(tmp_path_factory)


DECKS = pytest.mark.parametrize("name", list(foreign.DECKS))
MEMOS = pytest.mark.parametrize("name", list(foreign.MEMOS))


def test_the_corpus_is_large_enough() -> None:
    assert len(foreign.DECKS) + len(foreign.MEMOS) >= 30


# -- decks -------------------------------------------------------------------------------------


def title_problems(where: str, page: rc.Page, image: Image.Image, title: str) -> list[str]:
    """The title is in the page's text, and its words show as ink on the render."""
    if not title:
        return [f"{where}: no title placeholder text"]
    run = rc.find_run(page, title)
    if run is None:
        return [f"{where}: title '{title}' is not in the PDF text"]
    scale = image.size[0] / page.width
    worst = min((rc.measure(image, w.box(scale)) for w in run), key=lambda m: m.ratio)
    if worst.ratio < 1.5:  # no ink to speak of: hidden, covered, or drawn in the ground colour
        return [
            f"{where}: title '{title}' is not visible ({worst.ratio:.1f}:1, "
            f"{rc.hex_colour(worst.ink)} on {rc.hex_colour(worst.background)})"
        ]
    return []


@pytest.mark.soffice
@pytest.mark.pandoc
@pytest.mark.slow
@DECKS
def test_deck_titles_are_visible(rendered: Rendered, name: str) -> None:
    pptx, pages, pdf = rendered.get("deck", name)
    slides = deck_slides(pptx)
    assert len(slides) == len(pages), f"{name}: {len(slides)} slides, {len(pages)} PDF pages"
    problems = []
    for (title, _), page, image in zip(slides, pages, rc.render(pdf)):
        problems += title_problems(f"{name} slide {page.number}", page, image, title)
    fail_with(name, problems)


def marking_problems(where: str, page: rc.Page) -> list[str]:
    problems = []
    if rc.flat(MARKING) not in rc.flat(page.text):
        problems.append(f"{where}: no '{MARKING}' marking")
    for other in rc.other_markings(page.text, MARKING, ALLOWED):
        problems.append(f"{where}: a second marking '{other}' beside '{MARKING}'")
    return problems


@pytest.mark.soffice
@pytest.mark.pandoc
@pytest.mark.slow
@DECKS
def test_deck_marking_is_the_only_marking(rendered: Rendered, name: str) -> None:
    _, pages, _ = rendered.get("deck", name)
    problems = []
    for page in pages:
        problems += marking_problems(f"{name} slide {page.number}", page)
    fail_with(name, problems)


def contrast_problems(where: str, page: rc.Page, image: Image.Image, ours: set[str]) -> list[str]:
    findings = rc.line_contrasts(page, image, ours)
    return [f"{where}: {f.describe()}" for f in findings if f.measure.ratio < f.needed]


@pytest.mark.soffice
@pytest.mark.pandoc
@pytest.mark.slow
@DECKS
def test_deck_text_has_wcag_contrast(rendered: Rendered, name: str) -> None:
    pptx, pages, pdf = rendered.get("deck", name)
    slides = deck_slides(pptx)
    assert len(slides) == len(pages), f"{name}: {len(slides)} slides, {len(pages)} PDF pages"
    problems = []
    for (_, ours), page, image in zip(slides, pages, rc.render(pdf)):
        problems += contrast_problems(f"{name} slide {page.number}", page, image, ours)
    fail_with(name, problems)


# -- memos -------------------------------------------------------------------------------------


@pytest.mark.soffice
@pytest.mark.pandoc
@pytest.mark.slow
@MEMOS
def test_memo_title_is_visible_on_page_one(rendered: Rendered, name: str) -> None:
    _, pages, pdf = rendered.get("memo", name)
    fail_with(name, title_problems(f"{name} page 1", pages[0], next(rc.render(pdf)), TITLE))


@pytest.mark.soffice
@pytest.mark.pandoc
@pytest.mark.slow
@MEMOS
def test_memo_marking_is_the_only_marking(rendered: Rendered, name: str) -> None:
    _, pages, _ = rendered.get("memo", name)
    problems = []
    for page in pages:
        problems += marking_problems(f"{name} page {page.number}", page)
    fail_with(name, problems)


@pytest.mark.soffice
@pytest.mark.pandoc
@pytest.mark.slow
@MEMOS
def test_memo_numbers_every_page_x_of_y(rendered: Rendered, name: str) -> None:
    _, pages, _ = rendered.get("memo", name)
    fail_with(name, page_number_problems(name, pages))


def page_number_problems(name: str, pages: list[rc.Page]) -> list[str]:
    problems = []
    for page in pages:
        wanted = f"Page {page.number} of {len(pages)}"
        if wanted not in rc.flat(page.text):
            found = re.findall(r"Page \d+ of \d+", rc.flat(page.text))
            problems.append(f"{name} page {page.number}: no '{wanted}' (found {found or 'none'})")
    return problems


@pytest.mark.soffice
@pytest.mark.pandoc
@pytest.mark.slow
@MEMOS
def test_memo_text_has_wcag_contrast(rendered: Rendered, name: str) -> None:
    memo, pages, pdf = rendered.get("memo", name)
    ours = memo_tokens(memo)
    problems = []
    for page, image in zip(pages, rc.render(pdf)):
        problems += contrast_problems(f"{name} page {page.number}", page, image, ours)
    fail_with(name, problems)


# -- the checks can fail: each on a page made to break it --------------------------------


def test_marking_check_flags_a_missing_or_second_marking() -> None:
    def page(text: str) -> rc.Page:
        return rc.Page(1, 100, 100, text, [])

    assert marking_problems("p", page(f"{MARKING}\nBottom line up front\n{MARKING} 2")) == []
    assert marking_problems("p", page("Bottom line up front")) == ["p: no 'UNCLASSIFIED' marking"]
    for other in ("PRELIMINARY", "Draft", "TLP:AMBER", "CONFIDENTIAL", "TOP SECRET", "CUI"):
        found = marking_problems("p", page(f"{MARKING}\nAcme · {other} · v1.0"))
        assert found == [f"p: a second marking '{other}' beside '{MARKING}'"], other


def test_page_number_check_wants_every_page() -> None:
    pages = [rc.Page(1, 1, 1, "Page 1 of 2", []), rc.Page(2, 1, 1, "2", [])]
    assert page_number_problems("m", pages) == ["m page 2: no 'Page 2 of 2' (found none)"]


def drawn_title(ink: str, ground: str) -> tuple[rc.Page, Image.Image]:
    """A 200 x 50 pt page drawn at 2 px a point, its title in ``ink`` on ``ground``."""
    font = ImageFont.truetype(str(FONTS / "Carlito-Bold.ttf"), 40)
    image = Image.new("RGB", (400, 100), ground)
    draw = ImageDraw.Draw(image)
    words, x = [], 20.0
    for text in ("Key", "judgments"):
        draw.text((x, 20), text, fill=ink, font=font)
        right = x + draw.textlength(text, font=font)
        words.append(rc.Word(text, x / 2, 10, right / 2, 30, 20, True))
        x = right + 10
    return rc.Page(1, 200, 50, "Key judgments", words), image


def test_title_check_flags_a_missing_or_invisible_title() -> None:
    page, image = drawn_title("#1F2A44", "#FFFFFF")
    assert title_problems("s", page, image, "Key judgments") == []
    assert title_problems("s", page, image, "Bottom line up front") == [
        "s: title 'Bottom line up front' is not in the PDF text"
    ]
    page, image = drawn_title("#1F2A44", "#1F2A44")
    assert title_problems("s", page, image, "Key judgments") == [
        "s: title 'Key judgments' is not visible (1.0:1, #1F2A44 on #1F2A44)"
    ]


def test_contrast_check_judges_only_our_words() -> None:
    page, image = drawn_title("#5A6B85", "#1F2A44")  # 2.6:1, 20 pt bold: needs 3:1
    assert contrast_problems("s", page, image, {"acme"}) == []
    found = contrast_problems("s", page, image, {"key", "judgments"})
    assert len(found) == 1 and found[0].startswith("s: 'Key judgments' 2.6:1 against #1F2A44")


# -- the measure itself, on known colours ---------------------------------------------------


KNOWN = [  # ink, ground, the true WCAG ratio
    ("#777777", "#FFFFFF", 4.48),
    ("#000000", "#FFFFFF", 21.0),
    ("#FFFFFF", "#1F2A44", 14.26),
    ("#8A94A6", "#1F2A44", 4.66),
    ("#5A6B85", "#1F2A44", 2.63),
    ("#1F2A44", "#2E4A70", 1.58),
]


@pytest.mark.parametrize(("ink", "ground", "truth"), KNOWN)
def test_wcag_formula(ink: str, ground: str, truth: float) -> None:
    got = rc.contrast(rc.parse_hex(ink), rc.parse_hex(ground))
    assert got == pytest.approx(truth, abs=0.02)


@pytest.mark.parametrize("px", [15, 21, 30, 60])
@pytest.mark.parametrize(("ink", "ground", "truth"), KNOWN)
def test_measure_on_text_drawn_by_pillow(ink: str, ground: str, truth: float, px: int) -> None:
    """Anti-aliased text of known colours, from 15 px (7.2 pt at 150 dpi, the smallest judged)."""
    font = ImageFont.truetype(str(FONTS / "Carlito-Regular.ttf"), px)
    image = Image.new("RGB", (40 * px, 3 * px), ground)
    draw = ImageDraw.Draw(image)
    draw.text((px, px), "Source: EastWest Institute", fill=ink, font=font)
    ascent, descent = font.getmetrics()
    right = px + draw.textlength("Source: EastWest Institute", font=font)
    got = rc.measure(image, (px, px, right, px + ascent + descent))
    assert got.background == rc.parse_hex(ground)
    assert got.ratio == pytest.approx(truth, rel=0.10), (rc.hex_colour(got.ink), got.ratio)


def test_measure_sees_invisible_text() -> None:
    font = ImageFont.truetype(str(FONTS / "Carlito-Regular.ttf"), 20)
    image = Image.new("RGB", (400, 60), "#1F2A44")
    ImageDraw.Draw(image).text((10, 10), "UNCLASSIFIED", fill="#1F2A44", font=font)
    assert rc.measure(image, (10, 10, 200, 40)).ratio == pytest.approx(1.0)


def known_deck(path: Path) -> list[tuple[str, float, bool]]:
    """A slide of boxes in known colours: the phrase each shows, its true ratio, its size."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = foreign.WIDESCREEN
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    cases = []
    for row, (ink, ground, truth) in enumerate(KNOWN):
        for col, size in enumerate((10, 14, 28)):
            phrase = f"Deck case {row} {chr(97 + col)} shows"
            box = slide.shapes.add_textbox(
                Inches(0.3 + 4.3 * col), Inches(0.2 + 1.2 * row), Inches(4.2), Inches(1.1)
            )
            box.fill.solid()
            box.fill.fore_color.rgb = PptxRGB.from_string(ground[1:])
            run = box.text_frame.paragraphs[0].add_run()
            run.text = phrase
            run.font.size = PptxPt(size)
            run.font.name = "Calibri"
            run.font.color.rgb = PptxRGB.from_string(ink[1:])
            cases.append((phrase, truth, size >= 18))
    prs.save(str(path))
    return cases


def known_memo(path: Path) -> list[tuple[str, float, bool]]:
    """Memo paragraphs in known colours, the ground as paragraph shading."""
    document = docx.Document()
    cases = []
    for row, (ink, ground, truth) in enumerate(KNOWN):
        for size in (10, 12):
            phrase = f"Memo case {row} {size} shows"
            paragraph = document.add_paragraph()
            shading = etree.SubElement(paragraph._p.get_or_add_pPr(), qn("w:shd"))
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:color"), "auto")
            shading.set(qn("w:fill"), ground[1:])
            run = paragraph.add_run(phrase)
            run.font.size = Pt(size)
            run.font.name = "Calibri"
            run.font.color.rgb = RGBColor.from_string(ink[1:])
            cases.append((phrase, truth, False))
    document.save(str(path))
    return cases


@pytest.mark.soffice
def test_measure_on_a_libreoffice_render(tmp_path: Path) -> None:
    """Known colours through LibreOffice and pdftoppm, as the corpus is: within 10% of truth."""
    need_renderers()
    deck_cases = known_deck(tmp_path / "known-deck.pptx")
    memo_cases = known_memo(tmp_path / "known-memo.docx")
    pdfs = convert([tmp_path / "known-deck.pptx", tmp_path / "known-memo.docx"], tmp_path)
    misses = []
    for pdf, cases in zip(pdfs, (deck_cases, memo_cases)):
        page = rc.read_pdf(pdf)[0]
        image = next(rc.render(pdf))
        scale = image.size[0] / page.width
        for phrase, truth, _ in cases:
            run = rc.find_run(page, phrase)
            assert run is not None, f"{phrase!r} not in {pdf.name}'s text"
            got = min((rc.measure(image, w.box(scale)) for w in run), key=lambda m: m.ratio)
            if abs(got.ratio - truth) > 0.10 * truth:
                misses.append(
                    f"{phrase}: {got.ratio:.2f}:1 ({rc.hex_colour(got.ink)} on "
                    f"{rc.hex_colour(got.background)}), truth {truth}:1"
                )
    assert not misses, "\n".join(misses)


# -- the palette reaches what the docs say ------------------------------------------------

RED = "#B00020"


def near(colour: rc.RGB, wanted: str, tolerance: float = 48) -> bool:
    return rc.distance(colour, rc.parse_hex(wanted)) <= tolerance


@pytest.mark.soffice
def test_palette_primary_colours_the_rendered_titles(tmp_path: Path) -> None:
    """A set whose primary is #B00020: the title band, slide titles and memo headings show it."""
    need_renderers()
    workspace = tmp_path / "ws"
    (workspace / "templates" / "red").mkdir(parents=True)
    (workspace / "templates" / "red" / "template.yaml").write_text(
        f'name: red\npalette:\n  primary: "{RED}"\n', encoding="utf-8"
    )
    shutil.copytree(SHIPPED.parent, workspace / "content")
    out = workspace / "build"
    done = run_cli(
        "build", "content/russia-iran-2017.yaml", "-t", "red", "-o", str(out),
        "-f", "pptx,docx,pdf", cwd=workspace,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    fail_with(f"palette primary {RED}", palette_problems(out, RED))


def palette_problems(out: Path, colour: str) -> list[str]:
    """Where the built deck and memo in ``out`` (with their PDFs) fail to show ``colour`` in
    the title band, the slide titles and the memo's top-level headings."""
    problems = []
    deck_pdf = out / "russia-iran-2017-deck.pdf"
    pages = rc.read_pdf(deck_pdf)
    images = list(rc.render(deck_pdf))
    slides = deck_slides(out / OUTPUT["deck"])
    for (title, _), page, image in zip(slides, pages, images):
        run = rc.find_run(page, title)
        if run is None:
            problems.append(f"slide {page.number}: title '{title}' not in the PDF text")
            continue
        scale = image.size[0] / page.width
        got = [rc.measure(image, w.box(scale)) for w in run]
        # a title on a band shows the colour as its ground, any other as its ink
        if not any(near(m.ink, colour) or near(m.background, colour) for m in got):
            ink, ground = rc.hex_colour(got[0].ink), rc.hex_colour(got[0].background)
            problems.append(
                f"slide {page.number}: title '{title}' in {ink} on {ground}, neither {colour}"
            )

    memo_pdf = out / "russia-iran-2017-memo.pdf"
    memo_pages = rc.read_pdf(memo_pdf)
    memo_images = list(rc.render(memo_pdf))
    headings = memo_headings(out / OUTPUT["memo"])
    assert headings, "the memo has no headings to judge"
    at = (1, -1.0)  # headings come in order: each is sought after the one before
    for heading in headings:
        found = [
            (page, run)
            for page in memo_pages
            for run in rc.find_runs(page, heading)
            if (page.number, run[0].top) > at
        ]
        if not found:
            problems.append(f"memo: heading '{heading}' not in the PDF text after the last")
            continue
        page, run = found[0]
        at = (page.number, run[0].top)
        image = memo_images[page.number - 1]
        scale = image.size[0] / page.width
        inks = [rc.measure(image, w.box(scale)).ink for w in run]
        if not any(near(ink, colour) for ink in inks):
            problems.append(
                f"memo page {page.number}: heading '{heading}' in {rc.hex_colour(inks[0])}, "
                f"not {colour}"
            )
    return problems
