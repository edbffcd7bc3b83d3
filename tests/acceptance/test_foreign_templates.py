"""Build the shipped briefing in foreign decks and memos made at test time; check the results."""

from __future__ import annotations

import posixpath
import re
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import unquote

import docx
import pytest
from lxml import etree
from pptx import Presentation

from deckgen.content.load import load_file

from conftest import SHIPPED, need_tool
from support import foreign, foreign_built
from support.foreign import CT, q

# every case reads the corpus of foreign templates, which LibreOffice and pandoc make
pytestmark = [pytest.mark.soffice, pytest.mark.pandoc, pytest.mark.slow]

BLUF = " ".join(load_file(SHIPPED).bluf.plain.split())
MARKING = "UNCLASSIFIED"
CONTINUED = re.compile(r" \(cont\.(?: \d+)?\)$")  # the default set's continuation labels
OUTPUT = {"deck": "russia-iran-2017-deck.pptx", "memo": "russia-iran-2017-memo.docx"}


def norm(text: str) -> str:
    return " ".join(text.split())


def last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "(no message)"


class Corpus:
    """The foreign templates, the briefing built with each, and their PDFs: made once per
    session and shared with test_template_render (support.foreign_built)."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self.factory = factory
        self.made: foreign_built.Built | None = None

    def template(self, kind: str, name: str) -> Path:
        """The template file, or a skip (tool missing outside CI) / failure (could not make it)."""
        made = foreign_built.templates(self.factory)[kind][name]
        if isinstance(made, Exception):
            if name in foreign.NEEDS_SOFFICE:
                need_tool("soffice")
            if name in foreign.NEEDS_PANDOC:
                need_tool("pandoc")
            pytest.fail(f"could not make the template {name}: {made}")
        return made

    def build(self, kind: str, name: str) -> subprocess.CompletedProcess[str]:
        """deckgen's run with this template (every template built on first call)."""
        self.template(kind, name)
        if self.made is None:
            self.made = foreign_built.built(self.factory)
        return self.made.builds[kind, name]

    def output(self, kind: str, name: str) -> Path:
        """The built file; fails with deckgen's message when the build did not succeed."""
        done = self.build(kind, name)
        assert done.returncode == 0, f"deckgen exit {done.returncode}: {last_line(done.stderr)}"
        assert self.made is not None
        return self.made.output(kind, name)

    def pdf(self, kind: str, name: str) -> Path:
        """The output as deckgen's LibreOffice run drew it (one run for the whole corpus)."""
        need_tool("soffice")
        output = self.output(kind, name)
        assert self.made is not None
        pdf = self.made.pdfs.get((kind, name))
        assert pdf is not None and pdf.is_file(), f"LibreOffice wrote no PDF for {output}"
        return pdf


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return Corpus(tmp_path_factory)


def pdf_pages(pdf: Path) -> int:
    done = subprocess.run(
        [need_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=False
    )
    found = re.search(r"^Pages:\s+(\d+)", done.stdout, re.MULTILINE)
    assert found, f"pdfinfo cannot read {pdf}: {done.stderr}"
    return int(found.group(1))


def package_problems(path: Path) -> list[str]:
    """Dangling relationships, parts no relationship reaches, parts with no content type."""
    rel_tag = f"{{{foreign.NS['rel']}}}Relationship"
    problems: list[str] = []
    with zipfile.ZipFile(path) as z:
        names = {n for n in z.namelist() if not n.endswith("/")}
        reached: set[str] = set()
        queue = [""]  # "" is the package itself, whose relationships are _rels/.rels
        while queue:
            source = queue.pop()
            folder, _, base = source.rpartition("/")
            rels = posixpath.join(folder, "_rels", f"{base}.rels")
            if rels not in names:
                continue
            reached.add(rels)
            for rel in etree.fromstring(z.read(rels)).iter(rel_tag):
                if rel.get("TargetMode") == "External":
                    continue
                target = unquote(rel.get("Target", "")).split("#")[0]
                if target.startswith("/"):
                    part = target.lstrip("/")
                else:
                    part = posixpath.normpath(posixpath.join(folder, target))
                if part not in names:
                    problems.append(f"{rels}: {rel.get('Id')} -> missing part {part}")
                elif part not in reached:
                    reached.add(part)
                    queue.append(part)
        problems += [f"orphan part {n}" for n in sorted(names - reached - {CT})]
        types = etree.fromstring(z.read(CT))
        defaults = {d.get("Extension", "").lower() for d in types.iter(q("ct:Default"))}
        overrides = {o.get("PartName", "").lower() for o in types.iter(q("ct:Override"))}
        for name in sorted(names - {CT}):
            extension = name.rsplit(".", 1)[-1].lower()
            if f"/{name}".lower() not in overrides and extension not in defaults:
                problems.append(f"{name} has no content type")
    return problems


# -- decks ----------------------------------------------------------------------------------

DECKS = pytest.mark.parametrize("name", list(foreign.DECKS))


def paragraphs(element: etree._Element) -> list[str]:
    """The text of every DrawingML paragraph under ``element`` (fields such as slide numbers
    left out)."""
    return [
        "".join(r.findtext(q("a:t")) or "" for r in p.findall(q("a:r")))
        for p in element.iter(q("a:p"))
    ]


def slide_texts(slide, notes: bool = True) -> list[str]:  # type: ignore[no-untyped-def]
    texts = paragraphs(slide._element)
    if notes and slide.has_notes_slide:
        texts += paragraphs(slide.notes_slide._element)
    return [t.strip() for t in texts if t.strip()]


def template_slide_texts(template: Path) -> set[str]:
    """What the template's own (sample) slides and their notes say."""
    with zipfile.ZipFile(template) as z:
        return {
            text.strip()
            for name in z.namelist()
            if re.fullmatch(r"ppt/(slides/slide|notesSlides/notesSlide)\d+\.xml", name)
            for text in paragraphs(etree.fromstring(z.read(name)))
            if text.strip()
        }


def slide_size(path: Path) -> tuple[int, int]:
    """p:sldSz of a .pptx or .potx (python-pptx refuses to open a .potx)."""
    with zipfile.ZipFile(path) as z:
        size = etree.fromstring(z.read("ppt/presentation.xml")).find(q("p:sldSz"))
    return int(size.get("cx")), int(size.get("cy"))


@DECKS
def test_deck_builds_cleanly(corpus: Corpus, name: str) -> None:
    done = corpus.build("deck", name)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    assert corpus.output("deck", name).is_file()


@DECKS
def test_deck_every_slide_has_a_title(corpus: Corpus, name: str) -> None:
    prs = Presentation(str(corpus.output("deck", name)))
    for number, slide in enumerate(prs.slides, 1):
        title = slide.shapes.title
        assert title is not None, f"slide {number} has no title placeholder"
        assert title.text_frame.text.strip(), f"slide {number}: empty title placeholder"


@DECKS
def test_deck_keeps_no_sample_slide(corpus: Corpus, name: str, shipped: dict[str, Path]) -> None:
    ours = {t for s in Presentation(str(shipped["deck"])).slides for t in slide_texts(s)}
    samples = {t for t in template_slide_texts(corpus.template("deck", name)) if len(t) >= 4}
    samples -= ours  # template text that deckgen itself writes is not a leftover
    prs = Presentation(str(corpus.output("deck", name)))
    for number, slide in enumerate(prs.slides, 1):
        texts = slide_texts(slide)
        assert not any("SAMPLE SLIDE" in t.upper() for t in texts), f"slide {number}"
        left = samples.intersection(texts)
        assert not left, f"slide {number} keeps the template's sample text {sorted(left)}"


def titles(path: Path) -> list[str]:
    prs = Presentation(str(path))
    return [s.shapes.title.text if s.shapes.title else "(no title)" for s in prs.slides]


def parts(slide_titles: list[str]) -> list[str]:
    """Slide titles with continuation slides ("X (cont.)", "X (cont. 2)") folded into X."""
    folded: list[str] = []
    for title in slide_titles:
        base = CONTINUED.sub("", title)
        if not (folded and folded[-1] == base and title != base):
            folded.append(base)
    return folded


@DECKS
def test_deck_has_as_many_slides_as_with_the_default(
    corpus: Corpus, name: str, shipped: dict[str, Path]
) -> None:
    """The same slides as the default template builds, in the same order. A smaller slide
    holds less, so long content may continue on more slides ("… (cont.)", SPEC §5); the
    count itself must match only when the slide size is the default's."""
    expected, built = titles(shipped["deck"]), titles(corpus.output("deck", name))
    assert parts(built) == parts(expected)
    if slide_size(corpus.template("deck", name)) == slide_size(shipped["deck"]):
        assert len(built) == len(expected), built


@DECKS
def test_deck_keeps_the_template_slide_size(corpus: Corpus, name: str) -> None:
    template = corpus.template("deck", name)
    assert slide_size(corpus.output("deck", name)) == slide_size(template)


@DECKS
def test_deck_marks_every_slide(corpus: Corpus, name: str) -> None:
    prs = Presentation(str(corpus.output("deck", name)))
    for number, slide in enumerate(prs.slides, 1):
        assert any(MARKING in t for t in slide_texts(slide, notes=False)), f"slide {number}"


@DECKS
def test_deck_renders_one_pdf_page_per_slide(corpus: Corpus, name: str) -> None:
    pdf = corpus.pdf("deck", name)
    slides = len(Presentation(str(corpus.output("deck", name))).slides)
    assert pdf_pages(pdf) == slides


@DECKS
def test_deck_package_is_whole(corpus: Corpus, name: str) -> None:
    assert package_problems(corpus.output("deck", name)) == []


# -- memos ----------------------------------------------------------------------------------

MEMOS = pytest.mark.parametrize("name", list(foreign.MEMOS))
W_P = q("w:p")


def word_paragraphs(root: etree._Element) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(q("w:t"))).strip() for p in root.iter(W_P)]


def body(path: Path) -> etree._Element:
    """word/document.xml of a .docx or .dotx."""
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml"))


def page_size(path: Path) -> tuple[str, str] | None:
    """w:pgSz of the final section (the body's last sectPr), as Word stores it."""
    sect_pr = body(path).find(f"{q('w:body')}/{q('w:sectPr')}")
    pg_sz = None if sect_pr is None else sect_pr.find(q("w:pgSz"))
    if pg_sz is None:
        return None
    return pg_sz.get(q("w:w")), pg_sz.get(q("w:h"))


@MEMOS
def test_memo_builds_cleanly(corpus: Corpus, name: str) -> None:
    done = corpus.build("memo", name)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    assert corpus.output("memo", name).is_file()


@MEMOS
def test_memo_reopens_with_real_footnotes(corpus: Corpus, name: str) -> None:
    memo = corpus.output("memo", name)
    docx.Document(str(memo))
    with zipfile.ZipFile(memo) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
        assert "relationships/footnotes" in rels, "no footnotes part"
        notes = etree.fromstring(z.read("word/footnotes.xml"))
    real = [n for n in notes.iter(q("w:footnote")) if n.get(q("w:type")) in (None, "normal")]
    assert real, "the footnotes part holds only separators"
    assert list(body(memo).iter(q("w:footnoteReference"))), "no footnote is referenced"


@MEMOS
def test_memo_carries_the_bluf(corpus: Corpus, name: str) -> None:
    document = docx.Document(str(corpus.output("memo", name)))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert BLUF in norm("\n".join(parts))


@MEMOS
def test_memo_keeps_no_sample_text(corpus: Corpus, name: str, shipped: dict[str, Path]) -> None:
    texts = word_paragraphs(body(corpus.output("memo", name)))
    assert not [t for t in texts if "SAMPLE TEXT" in t.upper()]
    samples = {t for t in word_paragraphs(body(corpus.template("memo", name))) if len(t) >= 6}
    samples -= set(word_paragraphs(body(shipped["memo"])))
    left = samples.intersection(texts)
    assert not left, f"the memo keeps the template's body text {sorted(left)}"


@MEMOS
def test_memo_keeps_the_template_page_size(corpus: Corpus, name: str) -> None:
    wanted = page_size(corpus.template("memo", name))
    if wanted is None:
        pytest.skip("the template sets no page size")
    if name.startswith("samples."):
        assert wanted == tuple(map(str, foreign.A4))
    assert page_size(corpus.output("memo", name)) == wanted


@MEMOS
def test_memo_renders_in_libreoffice(corpus: Corpus, name: str) -> None:
    assert pdf_pages(corpus.pdf("memo", name)) >= 1


@MEMOS
def test_memo_reads_in_pandoc(corpus: Corpus, name: str) -> None:
    pandoc = need_tool("pandoc")
    memo = corpus.output("memo", name)
    done = subprocess.run(
        [pandoc, str(memo), "-t", "plain"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Russia and Iran stay aligned" in norm(done.stdout)


@MEMOS
def test_memo_package_is_whole(corpus: Corpus, name: str) -> None:
    assert package_problems(corpus.output("memo", name)) == []
