"""Every PDF deckgen builds is tagged PDF/UA-1 by LibreOffice, with its XMP dates pinned, and
a LibreOffice that ignores the option is said, never silent (issue 16, item 1)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT, SHIPPED, need_tool, run_cli

pikepdf = pytest.importorskip("pikepdf", reason="the PDF/UA checks read PDFs with pikepdf")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], str]:
    """The shipped briefing and the three-actor fixture as PDFs, and what the build said."""
    need_tool("soffice")
    out = tmp_path_factory.mktemp("ua")
    done = run_cli("build", str(SHIPPED), str(FIXTURES / "three-actors.yaml"), "-f", "pdf",
                   "-o", str(out), timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return {p.name: p for p in sorted(out.glob("*.pdf"))}, done.stderr


def _title(content: Path) -> str:
    return str(yaml.safe_load(content.read_text(encoding="utf-8"))["title"])


@pytest.mark.soffice
@pytest.mark.parametrize("name", ["russia-iran-2017-deck.pdf", "russia-iran-2017-memo.pdf",
                                  "three-actors-deck.pdf", "three-actors-memo.pdf"])  # fmt: skip
def test_each_pdf_is_tagged_pdf_ua(pdfs: tuple[dict[str, Path], str], name: str) -> None:
    made, said = pdfs
    content = SHIPPED if name.startswith("russia") else FIXTURES / "three-actors.yaml"
    with pikepdf.open(made[name]) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root, "no structure tree: a screen reader gets no order"
        assert bool(root.MarkInfo.Marked)
        assert bool(root.ViewerPreferences.DisplayDocTitle)
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"
            assert xmp.get("dc:title") == _title(content)
            created = str(xmp.get("xmp:CreateDate"))
    # pinned to the build time (the briefing's date), not LibreOffice's clock
    date = yaml.safe_load(content.read_text(encoding="utf-8"))["date"]
    assert created.startswith(str(date)), created
    assert "untagged" not in said


def _untagging_soffice(tmp_path: Path) -> Path:
    """A stand-in for a LibreOffice that takes `--convert-to pdf:...:{json}` and ignores the
    options: it runs the real one with plain `pdf`, so the PDF comes out untagged."""
    real = need_tool("soffice")
    wrapper = tmp_path / "soffice"
    wrapper.write_text(
        "#!/bin/sh\n"
        'for a in "$@"; do case "$a" in pdf:*) set -- "$@" pdf;; *) set -- "$@" "$a";; esac;'
        " shift; done\n"
        f'exec "{real}" "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    return wrapper


@pytest.mark.soffice
def test_a_libreoffice_that_ignores_the_option_is_said(tmp_path: Path) -> None:
    """An older LibreOffice takes `--convert-to pdf:...:{json}` and writes an untagged PDF
    with exit 0."""
    wrapper = _untagging_soffice(tmp_path)
    out = tmp_path / "out"
    done = run_cli("build", str(SHIPPED), "-f", "pdf", "-o", str(out),
                   env={"DECKGEN_SOFFICE": str(wrapper)}, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "russia-iran-2017-deck.pdf, russia-iran-2017-memo.pdf: LibreOffice wrote the PDF " \
           "untagged" in " ".join(done.stderr.split()), done.stderr  # fmt: skip
    assert "newer LibreOffice" in done.stderr
    with pikepdf.open(out / "russia-iran-2017-deck.pdf") as pdf:
        assert "/StructTreeRoot" not in pdf.Root  # the stand-in really wrote it untagged


# -- the rest of PDF/UA-1, done after LibreOffice (issue 16, items 2 and 4) -----------------

CHECKED = [("russia-iran-2017", "default"), ("three-actors", "default"), ("charts", "default"),
           ("russia-iran-2017", "classic"), ("stress", "classic")]  # fmt: skip


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Each case's folder of PDFs: one build per template set."""
    need_tool("soffice")
    folders = {}
    for template in dict.fromkeys(t for _, t in CHECKED):
        out = tmp_path_factory.mktemp(f"checked-{template}")
        names = [c for c, t in CHECKED if t == template]
        paths = [SHIPPED if c == SHIPPED.stem else FIXTURES / f"{c}.yaml" for c in names]
        done = run_cli("build", *map(str, paths), "-t", template, "-f", "pdf", "-o", str(out),
                       timeout=600)  # fmt: skip
        assert done.returncode == 0, done.stderr
        folders.update({(c, template): out for c in names})
    return folders


@pytest.mark.soffice
@pytest.mark.parametrize("kind", ["deck", "memo"])
@pytest.mark.parametrize(("content", "template"), CHECKED)
def test_every_pdf_passes_the_pdf_ua_checker(
    checked: dict[tuple[str, str], Path], content: str, template: str, kind: str
) -> None:
    from deckgen.pdf.check import check

    source = SHIPPED if content == SHIPPED.stem else FIXTURES / f"{content}.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    found = check(checked[(content, template)] / f"{content}-{kind}.pdf",
                  language=data.get("language", "en"), title=_title(source))  # fmt: skip
    assert not found.problems, f"{dict(found.counts)}: " + "; ".join(found.problems)


@pytest.mark.soffice
def test_the_checker_fails_what_libreoffice_alone_writes(tmp_path: Path) -> None:
    """LibreOffice's own tagged PDF breaks the rules the post-pass fixes: the checker sees it."""
    from deckgen.pdf import convert as pdf
    from deckgen.pdf.check import check

    out = tmp_path / "out"
    done = run_cli("build", str(SHIPPED), "-o", str(out), timeout=600)
    assert done.returncode == 0, done.stderr
    made = pdf.convert(sorted(out.glob("*.pptx")) + sorted(out.glob("*.docx")), tmp_path / "raw")
    counts = {p.name: check(p, language="en").counts for p in made}
    deck, memo = counts["russia-iran-2017-deck.pdf"], counts["russia-iran-2017-memo.pdf"]
    assert deck["unmarked-content"] > 0 and deck["figure-alt"] > 0 and deck["lang"] == 1
    assert memo["note-id"] > 0 and memo["annot"] > 0 and memo["remapped"] > 0


def _pixels(path: Path, folder: Path) -> list[bytes]:
    folder.mkdir()
    subprocess.run([need_tool("pdftoppm"), "-r", "40", "-png", str(path), str(folder / "p")],
                   check=True)  # fmt: skip
    return [p.read_bytes() for p in sorted(folder.glob("*.png"))]


@pytest.mark.soffice
def test_the_post_pass_changes_no_pixel(tmp_path: Path) -> None:
    """Marks and structure only: every page renders the same before and after."""
    from deckgen.pdf import convert as pdf

    out = tmp_path / "out"
    done = run_cli("build", str(SHIPPED), "-o", str(out), timeout=600)
    assert done.returncode == 0, done.stderr
    sources = sorted(out.glob("*.pptx")) + sorted(out.glob("*.docx"))
    for raw, source in zip(pdf.convert(sources, tmp_path / "raw"), sources):
        when = dt.datetime(2017, 4, 1, tzinfo=dt.timezone.utc)
        done_pdf = tmp_path / f"finished-{raw.name}"
        done_pdf.write_bytes(pdf.finish(raw.read_bytes(), source.read_bytes(), when, "en"))
        assert done_pdf.read_bytes() != raw.read_bytes()
        before = _pixels(raw, tmp_path / f"before-{raw.stem}")
        after = _pixels(done_pdf, tmp_path / f"after-{raw.stem}")
        assert len(before) == len(after) > 3
        changed = [n for n, (a, b) in enumerate(zip(before, after), 1) if a != b]
        assert not changed, f"{raw.name}: pages {changed} render differently"


def test_memo_bullets_are_real_characters(tmp_path: Path) -> None:
    """python-docx's template (the shipped sets' base) draws bullets as U+F0B7 in Symbol: a
    screen reader announces an unknown character and a machine without Symbol falls back."""
    import re
    import zipfile

    done = run_cli("build", str(SHIPPED), "-f", "docx", "-o", str(tmp_path))
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(tmp_path / "russia-iran-2017-memo.docx") as memo:
        numbering = memo.read("word/numbering.xml").decode("utf-8")
    texts = re.findall(r'<w:lvlText w:val="(.)"', numbering)
    assert "•" in texts
    assert not [t for t in texts if 0xF000 <= ord(t) <= 0xF0FF], "a private-use bullet"
    assert 'w:ascii="Symbol"' not in numbering


def _paragraph_texts(document: str) -> list[tuple[str, str]]:
    import re

    paras = re.findall(r"<w:p\b(?:(?!<w:p\b).)*?</w:p>|<w:p\b[^>]*/>", document, re.S)
    return [("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)), p) for p in paras]


def test_memo_has_no_empty_paragraph_and_no_unlabelled_header(tmp_path: Path) -> None:
    """An empty paragraph (a rule drawn as one, a spacer after every table) is an empty /P to
    a screen reader; a chart data table's blank corner is an unlabelled header."""
    import zipfile

    done = run_cli("build", str(SHIPPED), str(FIXTURES / "charts.yaml"), "-f", "docx",
                   "-o", str(tmp_path))  # fmt: skip
    assert done.returncode == 0, done.stderr
    for memo in sorted(tmp_path.glob("*-memo.docx")):
        with zipfile.ZipFile(memo) as package:
            body = package.read("word/document.xml").decode("utf-8")
        # Word needs a paragraph between two tables and at the body's end: only those stay
        between = body.count("</w:tbl><w:p/><w:tbl")
        empty = [p for text, p in _paragraph_texts(body) if not text.strip()
                 and "<w:drawing" not in p and "<w:fldSimple" not in p]  # fmt: skip
        assert len(empty) <= between + 1, f"{memo.name}: {len(empty)} empty paragraphs"
        assert "<w:tc><w:tcPr>" in body
    import docx

    charts = docx.Document(str(tmp_path / "charts-memo.docx"))
    corners = [t.rows[0].cells[0].text for t in charts.tables if len(t.rows[0].cells) > 1]
    assert corners and all(c.strip() for c in corners), corners


def test_chart_alt_text_states_the_takeaway_first(tmp_path: Path) -> None:
    """A listener hears the point (the slide title, written as a takeaway) before the data."""
    from pptx import Presentation

    done = run_cli("build", str(SHIPPED), "-f", "pptx", "-o", str(tmp_path))
    assert done.returncode == 0, done.stderr
    seen = 0
    for slide in Presentation(str(tmp_path / "russia-iran-2017-deck.pptx")).slides:
        for shape in slide.shapes:
            if getattr(shape, "has_chart", False) and shape.has_chart:
                descr = shape._element.xpath("./p:nvGraphicFramePr/p:cNvPr/@descr")[0]
                title = slide.shapes.title.text_frame.text
                assert descr.startswith(title.rstrip(".") + ". "), (title, descr)
                assert "700" in descr  # and then the data
                seen += 1
    assert seen >= 1


def test_pie_labels_sit_outside_the_slices(tmp_path: Path) -> None:
    """Inside, a label reads on the slice's own colour (2.0:1 to 3.6:1 on the dark ones);
    outside, in the chart's text colour, it reads on the slide."""
    import re
    import zipfile

    done = run_cli("build", str(FIXTURES / "charts.yaml"), "-f", "pptx", "-o", str(tmp_path))
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(tmp_path / "charts-deck.pptx") as deck:
        charts = [deck.read(n).decode() for n in deck.namelist() if n.startswith("ppt/charts/")
                  and n.endswith(".xml")]  # fmt: skip
    pies = [c for c in charts if "<c:pieChart>" in c]
    assert pies
    for pie in pies:
        labels = re.search(r"<c:pieChart>.*?(<c:dLbls>.*?</c:dLbls>)</c:pieChart>", pie, re.S)
        assert labels and '<c:dLblPos val="outEnd"/>' in labels.group(1)
        assert "<a:solidFill>" in labels.group(1)  # the text colour, not the slice's contrast


@pytest.mark.soffice
def test_strict_refuses_an_untagged_pdf_and_writes_none(tmp_path: Path) -> None:
    """`build --strict`: a PDF that fails the PDF/UA checks is an error and is not written."""
    wrapper = _untagging_soffice(tmp_path)
    out = tmp_path / "out"
    done = run_cli("build", str(SHIPPED), "-f", "pptx,pdf", "--strict", "-o", str(out),
                   env={"DECKGEN_SOFFICE": str(wrapper)}, timeout=600)  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "not written under --strict, as it fails PDF/UA checks: it is untagged" in " ".join(
        done.stderr.split()), done.stderr  # fmt: skip
    assert "Traceback" not in done.stderr
    assert not list(out.glob("*.pdf")) if out.exists() else True


@pytest.mark.soffice
def test_the_build_checks_each_finished_pdf(tmp_path: Path) -> None:
    """What the build's check says of LibreOffice's own PDF (the post-pass undone), and that
    a normal build's finished PDFs pass it without a word."""
    from deckgen.build.pdfs import pdfua_findings as _pdfua_findings
    from deckgen.pdf import convert as pdf

    out = tmp_path / "out"
    done = run_cli("build", str(SHIPPED), "-f", "pptx,docx,pdf", "--strict", "-o", str(out),
                   timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "PDF/UA" not in done.stderr
    raw = pdf.convert([out / "russia-iran-2017-deck.pptx"], tmp_path / "raw")[0]
    said = _pdfua_findings(raw.read_bytes(), "en")
    assert "unmarked-content" in said and "figure-alt (1)" in said, said


@pytest.mark.soffice
def test_pdfs_beside_a_web_edition_are_the_deck_and_memo_only(tmp_path: Path) -> None:
    """`-f html,pdf`: LibreOffice is given the deck and the memo, never the web edition (it
    would make an ID.pdf of the page, and the font check read the page as a zip: exit 3)."""
    done = run_cli("build", str(SHIPPED), "-f", "html,pdf", "-o", str(tmp_path), timeout=600)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == [
        "russia-iran-2017-deck.pdf", "russia-iran-2017-memo.pdf"]  # fmt: skip


@pytest.mark.soffice
def test_source_addresses_are_links_in_the_structure_tree(tmp_path: Path) -> None:
    """Each source's web address is a URI link in the deck's and the memo's PDF (the memo's
    sources and footnotes), and every link annotation is an element of the structure tree
    (PDF/UA 7.18): LibreOffice makes them /Link elements; the post-pass has nothing to add."""
    import shutil

    from deckgen.pdf.check import check

    need_tool("soffice")
    workspace = tmp_path / "ws"
    (workspace / "content").mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "img", workspace / "content" / "img")
    (workspace / "deckgen.yaml").write_text("")
    urls = ["https://www.eastwest.ngo/idea/how-strong-iran-russia-alliance",
            "https://southfront.org/the-russian-iranian-alliance/"]  # fmt: skip
    text = SHIPPED.read_text(encoding="utf-8")
    for date, url in zip(("    date: 2018-02-20\n", "    date: 2017-03\n"), urls):
        text = text.replace(date, f"{date}    url: {url}\n", 1)
    content = workspace / "content" / SHIPPED.name
    content.write_text(text, encoding="utf-8")
    done = run_cli("build", str(content), "-f", "pdf", "-o", str(tmp_path / "out"),
                   cwd=workspace, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    for kind, least in (("deck", 2), ("memo", 4)):  # the memo: sources and first notes
        path = tmp_path / "out" / f"russia-iran-2017-{kind}.pdf"
        found = check(path, language="en", title=_title(SHIPPED))
        assert not found.problems, found.problems
        with pikepdf.open(path) as pdf:
            tree = pdf.Root.StructTreeRoot
            parents: dict[int, object] = {}
            stack = [tree.ParentTree]
            while stack:
                node = stack.pop()
                nums = node.get("/Nums", [])
                parents.update({int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)})
                stack += list(node.get("/Kids", []))
            links = []
            for page in pdf.pages:
                for annot in page.get("/Annots", []):
                    action = annot.get("/A")
                    if action is None or "/URI" not in action:
                        continue
                    element = parents[int(annot.StructParent)]
                    assert str(element.S) == "/Link"  # type: ignore[attr-defined]
                    links.append(str(action.URI))
        assert set(links) == set(urls) and len(links) >= least, (kind, links)


def _empty_cells(pdf: object) -> int:
    """Paragraphs of table cells (a /P under a /TD or /TH) with no marked content under
    them: what a screen reader announces as a blank cell. (LibreOffice's cell itself
    always holds some content, its backing, so the cell's paragraph is what tells.)"""

    def holds_content(element: object) -> bool:
        kids = element.get("/K")  # type: ignore[attr-defined]
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        for kid in kids:
            if isinstance(kid, int):
                return True
            if isinstance(kid, pikepdf.Dictionary) and (
                kid.get("/Type") in ("/MCR", "/OBJR") or ("/S" in kid and holds_content(kid))
            ):
                return True
        return False

    empty = 0
    stack = [(pdf.Root.StructTreeRoot, False)]  # type: ignore[attr-defined]
    while stack:
        element, in_cell = stack.pop()
        kind = str(element.get("/S"))
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        below = in_cell or kind in ("/TD", "/TH")
        stack += [(k, below) for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]
        if in_cell and kind == "/P" and not holds_content(element):
            empty += 1
    return empty


@pytest.mark.soffice
@pytest.mark.parametrize("name", ["russia-iran-2017-deck.pdf", "three-actors-deck.pdf"])
def test_no_table_cell_is_blank(pdfs: tuple[dict[str, Path], str], name: str) -> None:
    """The forecast tables named an area once and left it blank below (nine empty /TD in the
    shipped deck): each row now names its own."""
    with pikepdf.open(pdfs[0][name]) as pdf:
        assert _empty_cells(pdf) == 0


# -- foreign templates: an organization's own deck and memo, not ours ----------------------

FOREIGN = [("pandoc.pptx", "pandoc.docx"), ("lo-vivid.pptx", "lo-letter.docx")]


@pytest.mark.soffice
@pytest.mark.pandoc
@pytest.mark.parametrize(("deck", "memo"), FOREIGN)
def test_pdfs_in_foreign_templates_pass_the_pdf_ua_checker(
    tmp_path: Path, deck: str, memo: str
) -> None:
    """pandoc's reference deck and memo, and LibreOffice's own Vivid deck and letter: their
    masters, decorations and styles are nobody's we planned for; the PDFs must still pass."""
    from deckgen.pdf.check import check

    from support import foreign

    need_tool("soffice")
    need_tool("pandoc")
    made = {**foreign.make_all({deck: foreign.DECKS[deck]}, tmp_path / "t"),
            **foreign.make_all({memo: foreign.MEMOS[memo]}, tmp_path / "t")}  # fmt: skip
    for name, path in made.items():
        assert isinstance(path, Path), f"could not make {name}: {path}"
    out = tmp_path / "out"
    done = run_cli("build", str(SHIPPED), "--deck-template", str(made[deck]), "--memo-template",
                   str(made[memo]), "-f", "pptx,docx,pdf,handout", "-o", str(out),
                   timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "PDF/UA" not in done.stderr, done.stderr
    built = sorted(out.glob("*.pdf"))
    assert [p.name for p in built] == ["russia-iran-2017-deck.pdf", "russia-iran-2017-handout.pdf",
                                       "russia-iran-2017-memo.pdf"]  # fmt: skip
    for pdf in built:
        found = check(pdf, language="en", title=_title(SHIPPED))
        assert not found.problems, f"{pdf.name}: {dict(found.counts)}: " + "; ".join(found.problems)
    # the template's page furniture became artifacts: marks only, not one pixel moved
    from deckgen.pdf import convert

    source = out / "russia-iran-2017-memo.docx"
    raw = convert.convert([source], tmp_path / "raw")[0]
    when = dt.datetime(2017, 4, 1, tzinfo=dt.timezone.utc)
    finished = tmp_path / "finished.pdf"
    finished.write_bytes(convert.finish(raw.read_bytes(), source.read_bytes(), when, "en"))
    before, after = _pixels(raw, tmp_path / "before"), _pixels(finished, tmp_path / "after")
    assert len(before) == len(after) > 3
    assert before == after
