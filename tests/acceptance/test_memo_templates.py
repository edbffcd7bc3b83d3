"""Memo templates as they come: any page setup, hazards undone and named, the set's look in
the memo's styles and theme, and `template inspect` on every foreign memo."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from deckgen import contrast

from conftest import SHIPPED, need_tool, run_cli
from support import foreign, foreign_built
from support.foreign import q

# the foreign memo templates are made with LibreOffice and pandoc and rendered to PDF
pytestmark = [pytest.mark.soffice, pytest.mark.pandoc, pytest.mark.slow]

MEMO = "russia-iran-2017-memo.docx"
TITLE = "The Russia–Iran Alliance"
RED = (0xB0, 0x00, 0x20)
BRIEFING = f"content/{SHIPPED.name}"  # inside a workspace made by _workspace


@pytest.fixture(scope="module")
def memos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path | Exception]:
    """Every foreign memo template, made once (LibreOffice's and pandoc's where installed)."""
    return foreign_built.templates(tmp_path_factory)["memo"]


def template(memos: dict[str, Path | Exception], name: str) -> Path:
    made = memos[name]
    if isinstance(made, Exception):
        if name in foreign.NEEDS_SOFFICE:
            need_tool("soffice")
        if name in foreign.NEEDS_PANDOC:
            need_tool("pandoc")
        pytest.fail(f"could not make {name}: {made}")
    return made


def build(tmp: Path, memo: Path, *extra: str, cwd: Path | None = None) -> tuple[
    subprocess.CompletedProcess[str], Path
]:  # fmt: skip
    out = tmp / "out"
    args = ["build", str(SHIPPED), "-o", str(out), "--memo-template", str(memo), "-f", "docx"]
    done = run_cli(*args, *extra, env={"DECKGEN_CACHE_DIR": str(tmp / "cache")}, timeout=120)
    return done, out / MEMO


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def style(styles: etree._Element, style_id: str) -> etree._Element:
    found = [s for s in styles.iter(q("w:style")) if s.get(q("w:styleId")) == style_id]
    assert found, f"no style {style_id}"
    return found[0]


def pdf_of(docx: Path, outdir: Path) -> Path:
    foreign.soffice_convert([docx], "pdf", outdir, outdir / ".lo-profile")
    pdf = outdir / f"{docx.stem}.pdf"
    assert pdf.is_file(), "LibreOffice wrote no PDF"
    return pdf


def pdf_text(pdf: Path) -> list[str]:
    """The text of each page of ``pdf``."""
    done = subprocess.run([need_tool("pdftotext"), "-layout", str(pdf), "-"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return done.stdout.split("\f")[:-1]


# -- page setup -----------------------------------------------------------------------------


def test_a_landscape_writer_page_builds_and_stays_landscape(
    memos: dict[str, Path | Exception], tmp_path: Path
) -> None:
    done, memo = build(tmp_path, template(memos, "landscape-writer.docx"))
    assert done.returncode == 0, done.stderr
    assert "not a measure" not in done.stderr
    pg_sz = part(memo, "word/document.xml").find(f".//{q('w:sectPr')}/{q('w:pgSz')}")
    assert (pg_sz.get(q("w:orient")), pg_sz.get(q("w:w")), pg_sz.get(q("w:h"))) == (
        "landscape", "15840", "12240")  # fmt: skip


def _page(tmp: Path, name: str, pg_sz: str, pg_mar: str) -> Path:
    parts = foreign.read_parts(foreign.write_parts(foreign._memo(), tmp / "base.docx"))
    text = parts["word/document.xml"].decode()
    text = re.sub(r"<w:pgSz [^>]*/>", pg_sz, text)
    text = re.sub(r"<w:pgMar [^>]*/>", pg_mar, text)
    parts["word/document.xml"] = text.encode()
    return foreign.write_parts(parts, tmp / name)


@pytest.mark.parametrize(
    ("pg_sz", "pg_mar", "said"),
    [  # a legal page whose margins are wider than the page; one leaving an inch; one too tall
        ('<w:pgSz w:w="12240" w:h="20160"/>',
         '<w:pgMar w:top="1440" w:right="7000" w:bottom="1440" w:left="7000" w:header="720" '
         'w:footer="720" w:gutter="0"/>', "leaves 0.00 in for text"),
        ('<w:pgSz w:w="12240" w:h="15840"/>',
         '<w:pgMar w:top="1440" w:right="5000" w:bottom="1440" w:left="5000" w:header="720" '
         'w:footer="720" w:gutter="0"/>', "leaves 1.56 in for text"),
        ('<w:pgSz w:w="12240" w:h="15840"/>',
         '<w:pgMar w:top="8000" w:right="1440" w:bottom="-8000" w:left="1440" w:header="720" '
         'w:footer="720" w:gutter="0"/>', "top and bottom margins"),
    ],
)  # fmt: skip
def test_margins_that_leave_no_room_are_refused_with_what_to_change(
    tmp_path: Path, pg_sz: str, pg_mar: str, said: str
) -> None:
    memo = _page(tmp_path, "no-room.docx", pg_sz, pg_mar)
    done, out = build(tmp_path, memo)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert said in done.stderr and "make the margins narrower" in done.stderr, done.stderr
    assert not out.exists()
    inspected = run_cli("template", "inspect", str(memo))
    assert inspected.returncode == 1 and said in inspected.stderr, inspected.stderr


def test_a_memo_without_section_properties_takes_words_defaults_and_says_so(
    memos: dict[str, Path | Exception], tmp_path: Path
) -> None:
    source = template(memos, "no-sectpr.docx")
    done, memo = build(tmp_path, source)
    assert done.returncode == 0, done.stderr
    assert "no section properties; deckgen wrote in Word's defaults" in done.stderr
    sect_pr = part(memo, "word/document.xml").find(f".//{q('w:body')}/{q('w:sectPr')}")
    pg_sz = sect_pr.find(q("w:pgSz"))
    assert (pg_sz.get(q("w:w")), pg_sz.get(q("w:h"))) == ("12240", "15840")
    assert sect_pr.find(q("w:pgMar")).get(q("w:left")) == "1440"
    refs = sect_pr.findall(q("w:headerReference")) + sect_pr.findall(q("w:footerReference"))
    assert refs, "no header or footer: the memo lost its marking and page numbers"
    inspected = run_cli("template", "inspect", str(source))
    assert inspected.returncode == 0, inspected.stderr
    assert "8.50 × 11.00 in" in inspected.stdout and "Word's defaults" in inspected.stdout


def test_template_inspect_reads_every_foreign_memo(memos: dict[str, Path | Exception]) -> None:
    failed = []
    for name in foreign.MEMOS:
        made = memos[name]
        if isinstance(made, Exception):
            template(memos, name)  # skips (tool missing) or fails
            continue
        done = run_cli("template", "inspect", str(made), timeout=60)
        if done.returncode != 0 or "Traceback" in done.stderr + done.stdout:
            failed.append(f"{name}: exit {done.returncode}: {done.stderr.strip()[-300:]}")
    assert not failed, "\n".join(failed)


# -- hazards --------------------------------------------------------------------------------


def test_a_style_loop_is_cut_with_a_warning_in_build_inspect_and_init(
    memos: dict[str, Path | Exception], tmp_path: Path
) -> None:
    source = template(memos, "based-on-loop.docx")
    done, memo = build(tmp_path, source)
    assert done.returncode == 0, done.stderr
    assert "loop ('heading 1' -> 'heading 1')" in done.stderr
    assert "loop ('Title' -> 'Subtitle' -> 'Title')" in done.stderr
    styles = part(memo, "word/styles.xml")
    by_id = {s.get(q("w:styleId")): s for s in styles.iter(q("w:style"))}
    for start in by_id:  # every chain in the memo ends
        seen, current = set(), start
        while current in by_id and current not in seen:
            seen.add(current)
            based = by_id[current].find(q("w:basedOn"))
            current = based.get(q("w:val")) if based is not None else None
        assert current not in seen, f"the memo's style {start} is still in a loop"
    inspected = run_cli("template", "inspect", str(source), timeout=60)
    assert inspected.returncode == 0 and "loop ('Title'" in inspected.stdout
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "loop.docx").write_bytes(source.read_bytes())
    init = run_cli("templates", "init", "looped", "--from", "loop.docx", cwd=workspace,
                   timeout=60)  # fmt: skip
    assert init.returncode == 0, init.stderr


def test_a_hidden_title_is_shown_and_inspect_says_it_was_hidden(
    memos: dict[str, Path | Exception], tmp_path: Path
) -> None:
    source = template(memos, "hidden-title.docx")
    done, memo = build(tmp_path, source)
    assert done.returncode == 0, done.stderr
    assert "style 'Title' (deckgen's title) hides its text (vanish (its own))" in done.stderr
    title = style(part(memo, "word/styles.xml"), "Title")
    assert title.find(f".//{q('w:vanish')}") is None
    inspected = run_cli("template", "inspect", str(source))
    assert re.search(r"role title: style 'Title' \(id Title, present; hidden", inspected.stdout)
    pages = pdf_text(pdf_of(memo, tmp_path / "pdf"))
    assert TITLE in pages[0]


def test_hidden_white_and_shaded_styles_are_made_readable(
    memos: dict[str, Path | Exception], tmp_path: Path
) -> None:
    done, memo = build(tmp_path, template(memos, "invisible-styles.docx"))
    assert done.returncode == 0, done.stderr
    for said in ("'Subtitle' (deckgen's subtitle) hides its text (specVanish (its own))",
                 "'Heading 2' (deckgen's heading2) hides its text (vanish (from 'Hidden Base'))",
                 "'Heading 1' (deckgen's heading1) writes #FFFFFF on the white page",
                 "'Quote' (deckgen's quote) writes #1F3A5F on its shading #1F3A5F"):  # fmt: skip
        assert said in done.stderr, said
    styles = part(memo, "word/styles.xml")
    # the same hue, deepened until it reads on what is behind it (WCAG's ratio for its size)
    heading = style(styles, "Heading1").find(f".//{q('w:color')}").get(q("w:val"))
    quote = style(styles, "Quote").find(f".//{q('w:color')}").get(q("w:val"))
    assert contrast.ratio("#" + heading, "#FFFFFF") >= 4.5, heading
    assert contrast.ratio("#" + quote, "#1F3A5F") >= 4.5, quote
    assert not list(style(styles, "HiddenBase").iter(q("w:vanish")))
    assert not list(style(styles, "Subtitle").iter(q("w:specVanish")))
    text = "\n".join(pdf_text(pdf_of(memo, tmp_path / "pdf")))
    for heading in ("Key judgments", "Shared goals"):
        assert heading in text


def test_auto_numbered_headings_print_unnumbered(
    memos: dict[str, Path | Exception], tmp_path: Path
) -> None:
    done, memo = build(tmp_path, template(memos, "numbered-headings.docx"))
    assert done.returncode == 0, done.stderr
    assert "numbers the paragraphs of its style 'Heading 1' (deckgen's heading1)" in done.stderr
    text = "\n".join(pdf_text(pdf_of(memo, tmp_path / "pdf")))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "Sources" in lines and "Estimative language" in lines
    numbered = re.compile(
        r"\d+(\.\d+)*\.? (Key judgments|Shared goals.*|Sources|Estimative language)"
    )
    assert not [line for line in lines if numbered.fullmatch(line)]


def test_the_templates_own_header_and_footer_text_goes_with_a_warning(
    memos: dict[str, Path | Exception], tmp_path: Path
) -> None:
    done, memo = build(tmp_path, template(memos, "header-marks.dotx"))
    assert done.returncode == 0, done.stderr
    err = " ".join(done.stderr.split())
    assert f"header (word/header1.xml) says '{foreign.HEADER_TEXT}'; deckgen removed it" in err
    assert "says 'PRELIMINARY', which reads like a marking or status (PRELIMINARY)" in err
    assert f"says '{foreign.FOOTER_COPYRIGHT}', a copyright notice" in err
    assert "a page number without the page count (a bare PAGE field)" in err
    with zipfile.ZipFile(memo) as z:
        header = z.read("word/header1.xml")
    assert b"<w:drawing>" in header, "the template's logo went too"
    pages = pdf_text(pdf_of(memo, tmp_path / "pdf"))
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in " ".join(page.split()), f"page {number}"
        for gone in (foreign.HEADER_TEXT, "PRELIMINARY", "All rights reserved"):
            assert gone not in page, f"page {number} still shows {gone!r}"
        assert page.count("UNCLASSIFIED") == 2  # ours, top and bottom


def test_keep_header_text_keeps_it_and_names_a_second_marking(
    memos: dict[str, Path | Exception], tmp_path: Path
) -> None:
    workspace = _workspace(tmp_path)
    folder = workspace / "templates" / "acme"
    folder.mkdir(parents=True)
    (folder / "memo.dotx").write_bytes(template(memos, "header-marks.dotx").read_bytes())
    (folder / "template.yaml").write_text(
        "name: acme\nmemo: memo.dotx\nmemo_options: {keep_header_text: true}\n"
    )
    done = run_cli("build", BRIEFING, "-t", "acme", "-o", str(tmp_path / "out"), "-f",
                   "docx", cwd=workspace,
                   env={"DECKGEN_CACHE_DIR": str(tmp_path / "cache")})  # fmt: skip
    assert done.returncode == 0, done.stderr
    err = " ".join(done.stderr.split())
    assert "keeps 'PRELIMINARY' (memo_options: keep_header_text)" in err
    assert "differs from the briefing's marking 'UNCLASSIFIED'" in err
    assert "deckgen removed it" not in err
    with zipfile.ZipFile(tmp_path / "out" / MEMO) as z:
        assert foreign.HEADER_TEXT.encode() in z.read("word/header1.xml")
        footer = z.read("word/footer1.xml")
    assert b"PRELIMINARY" in footer and b"NUMPAGES" in footer  # ours beside the bare PAGE


# -- the set's look -------------------------------------------------------------------------


def _workspace(tmp: Path) -> Path:
    """A workspace holding the shipped briefing (its pictures must lie inside it)."""
    workspace = tmp / "ws"
    shutil.copytree(SHIPPED.parent, workspace / "content")
    return workspace


def _red_set(tmp: Path) -> Path:
    workspace = _workspace(tmp)
    (workspace / "templates" / "red").mkdir(parents=True)
    (workspace / "templates" / "red" / "template.yaml").write_text(
        'name: red\npalette: {primary: "#B00020", accent: "#C8963E"}\n'
        "fonts: {heading: Georgia, body: Georgia}\n"
    )
    return workspace


def _reds(png: Path) -> int:
    """Pixels near #B00020 on a rendered page."""
    colors = Image.open(png).convert("RGB").getcolors(1 << 24) or []
    return sum(count for count, (r, g, b) in colors
               if abs(r - RED[0]) < 40 and g < 60 and abs(b - RED[2]) < 50)  # fmt: skip


def test_the_sets_primary_colour_and_faces_reach_the_memos_styles_theme_and_pixels(
    tmp_path: Path,
) -> None:
    workspace = _red_set(tmp_path)
    pages = {}
    for name in ("red", "default"):
        out = tmp_path / name
        done = run_cli("build", BRIEFING, "-t", name, "-o", str(out), "-f", "docx",
                       cwd=workspace,
                       env={"DECKGEN_CACHE_DIR": str(tmp_path / "cache")})  # fmt: skip
        assert done.returncode == 0, done.stderr
        pdf = pdf_of(out / MEMO, tmp_path / f"pdf-{name}")
        subprocess.run([need_tool("pdftoppm"), "-png", "-r", "50", "-f", "1", "-l", "1",
                        str(pdf), str(tmp_path / name)], check=True)  # fmt: skip
        pages[name] = next(tmp_path.glob(f"{name}-*1.png"))
    memo = tmp_path / "red" / MEMO
    styles = part(memo, "word/styles.xml")
    for style_id in ("Title", "Heading1", "Heading2"):
        rpr = style(styles, style_id).find(q("w:rPr"))
        assert rpr.find(q("w:color")).get(q("w:val")) == "B00020", style_id
        assert rpr.find(q("w:color")).get(q("w:themeColor")) is None
        fonts = rpr.find(q("w:rFonts"))
        assert fonts.get(q("w:ascii")) == "Georgia", style_id
        assert not [a for a in fonts.attrib if a.endswith("Theme") or a.endswith("theme")]
    theme = part(memo, "word/theme/theme1.xml")
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    scheme = theme.find(f"{a}themeElements/{a}clrScheme")
    for slot, rgb in (("dk2", "B00020"), ("accent1", "C8963E")):
        assert scheme.find(f"{a}{slot}/{a}srgbClr").get("val") == rgb, slot
    fonts = theme.find(f"{a}themeElements/{a}fontScheme")
    assert fonts.find(f"{a}majorFont/{a}latin").get("typeface") == "Georgia"
    assert fonts.find(f"{a}minorFont/{a}latin").get("typeface") == "Georgia"
    red, navy = _reds(pages["red"]), _reds(pages["default"])
    assert red > 300 and navy < 20, (red, navy)  # the title, its rule and the first heading
