"""Fonts: PDFs are drawn in the very fonts text was measured with, on any machine; a font
deckgen has no table for is measured never narrower than any table, and every fallback is
said out loud."""

from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from PIL import ImageFont

from deckgen import metrics as measure
from deckgen.pdf import convert as pdf

from conftest import FIXTURES, ROOT, SHIPPED, need_tool, run_cli

FONTS = ROOT / "src" / "deckgen" / "data" / "fonts"
TEMPLATES = ROOT / "templates"
FACES = ("Regular", "Bold", "Italic", "BoldItalic")
FILES = {"calibri": "Carlito", "cambria": "Caladea", "arial": "LiberationSans",
         "times": "LiberationSerif", "courier": "LiberationMono"}  # fmt: skip
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
BRIEFINGS = [SHIPPED, *(FIXTURES / f"{n}.yaml" for n in ("charts", "minimal", "stress",
                                                         "three-actors"))]  # fmt: skip


def _need_dejavu() -> None:
    """The DejaVu fonts (fonts-dejavu-core); in CI their absence is a failure, else a skip."""
    if not (DEJAVU / "DejaVuSerif-Bold.ttf").is_file():
        if os.environ.get("CI"):
            pytest.fail("fonts-dejavu-core is required in CI (.ci/run installs it)")
        pytest.skip("fonts-dejavu-core is not installed")


def _advances(path: Path, text: str) -> list[int]:
    """Advance widths in thousandths of an em, read from the font file itself."""
    font = ImageFont.truetype(str(path), 1000, layout_engine=ImageFont.Layout.BASIC)
    return [round(font.getlength(ch)) for ch in text]


def _maps(path: Path, chars: set[str]) -> set[str]:
    """Those of ``chars`` a font file has a glyph for (not its "missing" box)."""
    font = ImageFont.truetype(str(path), 1000, layout_engine=ImageFont.Layout.BASIC)
    missing = font.getmask("\uffff").getbbox()
    return {ch for ch in chars if ch == " " or font.getmask(ch).getbbox() not in (None, missing)}


# -- what ships --------------------------------------------------------------------------


def test_every_twin_ships_in_four_faces_with_its_licence() -> None:
    for stem in FILES.values():
        for face in FACES:
            path = FONTS / f"{stem}-{face}.ttf"
            assert path.is_file(), path
            assert path.stat().st_size < 4 * 1024 * 1024
    for family in ("Carlito", "Caladea", "Liberation"):
        text = (FONTS / f"{family}-OFL.txt").read_text(encoding="utf-8")
        assert "SIL OPEN FONT LICENSE Version 1.1" in text and "Copyright" in text
    assert {p.name for p in pdf.shipped_fonts()} == {
        f"{stem}-{face}.ttf" for stem in FILES.values() for face in FACES
    }


@pytest.mark.parametrize("table", sorted(FILES))
def test_the_shipped_fonts_have_the_widths_text_is_measured_with(table: str) -> None:
    """The tables and the fonts LibreOffice draws with must agree, or a fitted PDF overflows."""
    regular, bold, _ = measure._metrics(table)
    for weight, widths in (("Regular", regular), ("Bold", bold)):
        path = FONTS / f"{FILES[table]}-{weight}.ttf"
        chars = sorted(_maps(path, set(widths)))
        assert len(chars) > 300
        drawn = dict(zip(chars, _advances(path, "".join(chars))))
        wrong = {ch: (widths[ch], drawn[ch]) for ch in chars if abs(widths[ch] - drawn[ch]) > 1}
        assert not wrong, f"{path.name}: table vs font {wrong}"


# -- measuring a font without a table --------------------------------------------------------


def test_a_font_without_a_table_is_never_measured_narrower_than_any_table() -> None:
    face = measure.font("Verdana")
    assert not face.exact and face.twin is None
    wide_regular, wide_bold, height = measure._metrics(face.table)
    for table in ("calibri", "cambria", "arial", "times"):
        regular, bold, line = measure._metrics(table)
        assert all(wide_regular[ch] >= w for ch, w in regular.items()), table
        assert all(wide_bold[ch] >= w for ch, w in bold.items()), table
        assert height >= line
    text = SHIPPED.read_text(encoding="utf-8")
    for name in ("Calibri", "Cambria", "Arial", "Times New Roman", "Georgia"):
        other = measure.font(name)
        for bold in (False, True):
            assert measure.width(text, 20, bold, face) >= measure.width(text, 20, bold, other)
    for paragraph in text.split("\n"):
        assert measure.lines(paragraph, 300, 18, face) >= measure.lines(paragraph, 300, 18)


@pytest.mark.parametrize(("weight", "file"), [("regular", "DejaVuSans.ttf"),
                                              ("regular", "DejaVuSerif.ttf"),
                                              ("bold", "DejaVuSans-Bold.ttf"),
                                              ("bold", "DejaVuSerif-Bold.ttf")])  # fmt: skip
def test_the_margin_covers_the_widest_common_faces(weight: str, file: str) -> None:
    """DejaVu Sans (Verdana's widths within a few per cent) and DejaVu Serif: every stretch
    of a line's worth of briefing text is no wider drawn than deckgen measures it."""
    _need_dejavu()
    text = " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in BRIEFINGS)
    # characters of scripts no table has (the Persian in three-actors) count a default width
    # in every font, exact or not: the margin is for the faces' Latin widths
    drawn = _maps(DEJAVU / file, set(text)) & set(measure._metrics(measure.WIDE)[0])
    text = "".join(ch for ch in text if ch in drawn)
    real = _advances(DEJAVU / file, text)
    wide = measure.font("Verdana")
    bold = weight == "bold"
    worst = 0.0
    for start in range(0, len(text) - 30, 7):
        piece = text[start : start + 30]
        ratio = sum(real[start : start + 30]) / (measure.width(piece, 1000, bold, wide))
        worst = max(worst, ratio)
    assert worst <= 1.0, f"{file} is {worst:.3f} times as wide as deckgen measures it"


def _deck_with_theme_font(tmp_path: Path, face: str) -> Path:
    """The default deck template with ``face`` as its theme's heading and body font."""
    source = TEMPLATES / "default" / "deck.pptx"
    target = tmp_path / f"{face.lower()}.pptx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename.startswith("ppt/theme/"):
                data = re.sub(rb'(<a:latin typeface=")[^"]*"', rb'\g<1>' + face.encode() + b'"',
                              data)  # fmt: skip
            new.writestr(item, data)
    return target


def _memo_with_theme_font(tmp_path: Path, face: str) -> Path:
    source = TEMPLATES / "default" / "memo.docx"
    target = tmp_path / f"{face.lower()}.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename.startswith("word/"):
                data = re.sub(rb'(<a:latin typeface=")Calibri"', rb'\g<1>' + face.encode() + b'"',
                              data)  # fmt: skip
                data = data.replace(b'"Calibri"', b'"' + face.encode() + b'"')
            new.writestr(item, data)
    return target


def test_template_inspect_names_a_font_without_a_table(tmp_path: Path) -> None:
    deck = _deck_with_theme_font(tmp_path, "Verdana")
    done = run_cli("template", "inspect", str(deck))
    assert done.returncode == 0, done.stderr
    assert "no metrics: measured conservatively" in done.stdout
    notes = [line for line in done.stdout.splitlines() if "warning: no metrics for font" in line]
    assert len(notes) == 1 and "'Verdana'" in notes[0] and "conservatively" in notes[0]
    memo = _memo_with_theme_font(tmp_path, "Georgia")
    done = run_cli("template", "inspect", str(memo))
    assert done.returncode == 0, done.stderr
    assert "fonts: 'Georgia' (PDFs: only where it is installed)" in done.stdout
    assert "warning: the memo's font 'Georgia' is not one deckgen ships" in done.stdout
    done = run_cli("template", "inspect", str(TEMPLATES / "classic" / "deck.pptx"))
    assert "'Cambria' (metrics and PDFs: Caladea)" in done.stdout and "warning: no metrics" \
        not in done.stdout  # fmt: skip


def test_build_warns_once_per_template_about_a_font_without_a_table(tmp_path: Path) -> None:
    deck = _deck_with_theme_font(tmp_path, "Verdana")
    memo = _memo_with_theme_font(tmp_path, "Georgia")
    out = tmp_path / "out"
    done = run_cli("build", str(SHIPPED), str(FIXTURES / "minimal.yaml"), "-o", str(out),
                   "--deck-template", str(deck), "--memo-template", str(memo))  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    about = [line for line in lines if "no metrics for font 'Verdana'" in line]
    assert len(about) == 1 and about[0].startswith(f"{deck}: warning:"), done.stderr
    about = [line for line in lines if "the memo's font 'Georgia'" in line]
    assert len(about) == 1 and about[0].startswith(f"{memo}: warning:"), done.stderr


def test_a_sets_fonts_win_over_the_memo_styles_theme_fonts(tmp_path: Path) -> None:
    """Word ignores a style's named font where it also names a theme font: the set's font
    must replace both, or the memo's headings stay in the template's."""
    ws = tmp_path / "ws"
    (ws / "templates" / "wide").mkdir(parents=True)
    (ws / "templates" / "wide" / "template.yaml").write_text(
        "name: wide\ndescription: Verdana headings\nfonts: {heading: Verdana, body: Calibri}\n",
        encoding="utf-8",
    )
    (ws / "deckgen.yaml").write_text("template: default\n", encoding="utf-8")
    minimal = FIXTURES / "minimal.yaml"
    done = run_cli("build", str(minimal), "-t", "wide", "-o", str(ws / "out"), cwd=ws)
    assert done.returncode == 0, done.stderr
    memo = docx.Document(str(ws / "out" / "minimal-memo.docx"))
    for name in ("Title", "Heading 1", "Heading 2"):
        rfonts = memo.styles[name].element.rPr.rFonts
        assert rfonts.get(docx.oxml.ns.qn("w:ascii")) == "Verdana"
        assert rfonts.get(docx.oxml.ns.qn("w:asciiTheme")) is None, name
        assert rfonts.get(docx.oxml.ns.qn("w:hAnsiTheme")) is None, name


# -- the fonts LibreOffice draws with ----------------------------------------------------------


def test_the_run_configuration_binds_office_names_to_the_shipped_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fc_match = need_tool("fc-match")
    # the user's machine has copies of its own (another version, say): deckgen's are drawn
    elsewhere = tmp_path / "system-fonts"
    elsewhere.mkdir()
    for name in ("Carlito-Regular.ttf", "Carlito-Bold.ttf", "LiberationSans-Regular.ttf"):
        (elsewhere / name).write_bytes(_newer(FONTS / name))
    user = _bare_config(tmp_path, elsewhere)
    monkeypatch.setenv("FONTCONFIG_FILE", str(user))
    config = pdf.fontconfig_file(tmp_path)
    text = config.read_text(encoding="utf-8")
    assert f'<include ignore_missing="yes">{user}</include>' in text  # the user's fallbacks
    env = {"FONTCONFIG_FILE": str(config), "PATH": "/usr/bin:/bin"}
    for name, bold, expected in [("Calibri", False, "Carlito-Regular.ttf"),
                                 ("Calibri", True, "Carlito-Bold.ttf"),
                                 ("Cambria", False, "Caladea-Regular.ttf"),
                                 ("Arial", True, "LiberationSans-Bold.ttf"),
                                 ("Helvetica", False, "LiberationSans-Regular.ttf"),
                                 ("Times New Roman", False, "LiberationSerif-Regular.ttf"),
                                 ("Courier New", False, "LiberationMono-Regular.ttf"),
                                 ("Courier", False, "LiberationMono-Regular.ttf")]:  # fmt: skip
        pattern = name + (":bold" if bold else "")
        found = subprocess.run([fc_match, "-f", "%{file}", pattern], env=env, text=True,
                               capture_output=True, check=True).stdout  # fmt: skip
        assert found == str(FONTS.resolve() / expected), (pattern, found)
    # the user's own fonts still serve what deckgen does not ship
    found = subprocess.run([fc_match, "-f", "%{file}", "DejaVu Sans"], env=env, text=True,
                           capture_output=True, check=True).stdout  # fmt: skip
    assert found.startswith(str(DEJAVU)), found


def _newer(path: Path) -> bytes:
    """A font file's bytes with a far higher version (head.fontRevision 99.0): fontconfig
    prefers it over an older copy of the same face, unless it is hidden."""
    data = bytearray(path.read_bytes())
    (tables,) = struct.unpack_from(">H", data, 4)
    for i in range(tables):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if tag == b"head":
            struct.pack_into(">I", data, offset + 4, 99 << 16)
            return bytes(data)
    raise AssertionError(f"{path} has no head table")


def _bare_config(tmp_path: Path, *more: Path) -> Path:
    """A fontconfig file that sees only DejaVu (and ``more``): a machine with none of the
    twins installed."""
    _need_dejavu()
    config = tmp_path / "bare-fonts.conf"
    dirs = "".join(f"<dir>{d}</dir>" for d in (DEJAVU, *more))
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig>{dirs}<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    return config


def _pdf_fonts(path: Path) -> list[str]:
    """The fonts pdffonts lists for a PDF, subset tags dropped."""
    listed = subprocess.run([need_tool("pdffonts"), str(path)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]  # fmt: skip
    return sorted({line.split()[0].split("+")[-1] for line in listed})


@pytest.fixture(scope="module")
def bare_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The shipped briefing and the fixtures built with the classic set on a machine whose
    fonts are DejaVu only."""
    need_tool("soffice")
    tmp = tmp_path_factory.mktemp("bare")
    out = tmp / "out"
    done = run_cli("build", *map(str, BRIEFINGS), "-t", "classic", "-f", "pptx,docx,pdf",
                   "-o", str(out), env={"FONTCONFIG_FILE": str(_bare_config(tmp))},
                   timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out, done.stderr


@pytest.mark.soffice
def test_on_a_bare_machine_pdfs_are_drawn_in_the_shipped_twins(
    bare_build: tuple[Path, str],
) -> None:
    out, _ = bare_build
    for briefing in BRIEFINGS:
        ident = "russia-iran-2017" if briefing == SHIPPED else briefing.stem
        deck = _pdf_fonts(out / f"{ident}-deck.pdf")
        memo = _pdf_fonts(out / f"{ident}-memo.pdf")
        assert {"Caladea-Regular", "Caladea-Bold"} <= set(deck), deck  # Cambria, as measured
        assert "Caladea-Regular" in memo, memo
        assert not [f for f in deck + memo if f.startswith("DejaVuSerif")], (deck, memo)


@pytest.mark.soffice
@pytest.mark.parametrize("briefing", BRIEFINGS, ids=lambda b: b.stem)
def test_on_a_bare_machine_every_glyph_lies_inside_its_shapes_box(
    bare_build: tuple[Path, str], briefing: Path
) -> None:
    out, _ = bare_build
    ident = "russia-iran-2017" if briefing == SHIPPED else briefing.stem
    from acceptance.test_fidelity import outside

    problems, glyphs = outside(out / f"{ident}-deck.pptx", unowned_anywhere=True)
    assert glyphs > 100  # the deck was drawn and read back
    assert not problems, (f"{len(problems):,} of {glyphs:,} glyphs outside their shape's box, "
                          "e.g. " + "; ".join(problems[:8]))  # fmt: skip


@pytest.mark.soffice
def test_a_fallback_font_in_a_pdf_is_said(bare_build: tuple[Path, str]) -> None:
    """Persian names have no glyphs in Caladea; LibreOffice draws them in DejaVu, and says."""
    out, stderr = bare_build
    assert "DejaVuSans" in " ".join(_pdf_fonts(out / "three-actors-deck.pdf"))
    said = [line for line in stderr.splitlines() if "three-actors-deck.pdf" in line]
    assert len(said) == 1 and "warning:" in said[0] and "LibreOffice drew text in" in said[0]
    assert "DejaVuSans" in said[0] and "lack some of its characters" in said[0]


@pytest.mark.soffice
def test_a_libreoffice_that_ignores_the_shipped_fonts_writes_no_deck_pdf(tmp_path: Path) -> None:
    """A LibreOffice that does not read fontconfig (or ignores deckgen's) draws Cambria in
    whatever it has: the deck would overflow, so it is refused with what to install."""
    real = need_tool("soffice")
    bare = _bare_config(tmp_path)
    wrapper = tmp_path / "soffice"
    wrapper.write_text(f'#!/bin/sh\nFONTCONFIG_FILE="{bare}" exec "{real}" "$@"\n',
                       encoding="utf-8")  # fmt: skip
    wrapper.chmod(0o755)
    out = tmp_path / "out"
    done = run_cli("build", str(FIXTURES / "minimal.yaml"), "-t", "classic", "-f", "pptx,pdf",
                   "-o", str(out), env={"DECKGEN_SOFFICE": str(wrapper)}, timeout=600)  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    first = done.stderr.splitlines()[0]
    assert "deck.pptx: error: minimal-deck.pdf: LibreOffice drew the text in" in first, first
    assert "not in Caladea (for Cambria)" in first
    assert "apt-get install fonts-crosextra-caladea" in done.stderr
    assert not (out / "minimal-deck.pdf").exists()
    assert (out / "minimal-deck.pptx").is_file()  # what could be made is kept


def test_pdf_fonts_are_read_from_the_pdf_itself() -> None:
    data = (b"<</Type/Font/BaseFont/BAAAAA+Carlito-Bold>> <</BaseFont /Gill#20Sans-Italic>>"
            b"<</BaseFont/CAAAAA+DejaVuSans>>")  # fmt: skip
    assert pdf.drawn_fonts(data) == ["Carlito-Bold", "DejaVuSans", "Gill Sans-Italic"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "ppt/theme/theme1.xml",
            '<a:majorFont><a:latin typeface="Gill Sans"/>'
            '<a:font script="Jpan" typeface="MS Gothic"/></a:majorFont>',
        )
        package.writestr("ppt/slides/slide1.xml", '<a:rPr><a:latin typeface="+mn-lt"/>'
                         '<a:buFont typeface="Wingdings"/></a:rPr>')  # fmt: skip
    assert pdf.named_faces(buffer.getvalue()) == ["Gill Sans", "Wingdings"]
    problem = pdf.font_problem(data, buffer.getvalue(), ["Calibri"])
    assert problem is not None and problem[0] == "warning" and "DejaVuSans" in problem[1]
    lost = pdf.font_problem(b"<</BaseFont/DejaVuSans>>", buffer.getvalue(), ["Calibri"])
    assert lost is not None and lost[0] == "error" and "Carlito (for Calibri)" in lost[1]
    assert pdf.font_problem(b"<</BaseFont/Carlito>><</BaseFont/OpenSymbol>>",
                            buffer.getvalue(), ["Calibri"]) is None  # fmt: skip


def test_a_user_fontconfig_file_is_found_as_fontconfig_finds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "fonts.conf").write_text("<fontconfig/>", encoding="utf-8")
    (tmp_path / "mine.conf").write_text("<fontconfig/>", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_PATH", str(tmp_path))
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)
    assert pdf._user_config() == tmp_path / "fonts.conf"
    monkeypatch.setenv("FONTCONFIG_FILE", "mine.conf")
    assert pdf._user_config() == tmp_path / "mine.conf"
    monkeypatch.setenv("FONTCONFIG_FILE", str(tmp_path / "mine.conf"))
    assert pdf._user_config() == tmp_path / "mine.conf"
