"""Foreign deck templates with dark backgrounds, title ribbons, oversized placeholders and
bullets turned off: legible text, titles at full size, visible markers, no negative size."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Inches

from deckgen import contrast
from deckgen.build.clock import time_of as build_time
from deckgen.build.inputs import deck_parts, media
from deckgen.build.run import Options, resolve_template
from deckgen.content.load import load_file as load_briefing
from deckgen.geometry import MIN_TITLE_HEIGHT, Box
from deckgen.plan import plan_deck
from deckgen.review.lint import _deck_contrast
from deckgen.templates.deck import prepare
from deckgen.writers.deck import write_deck

from conftest import ROOT, SHIPPED
from support import foreign, foreign_built


def _build(path: Path) -> tuple[bytes, list[str], object, object]:
    template = resolve_template(Options(deck_template=path), ROOT)
    prep = prepare(template.deck, template.layouts, template.fonts)
    briefing = load_briefing(SHIPPED, ROOT)
    deck = plan_deck(briefing, template, template.recipe("full"), prep.geometry())
    chosen: list[str] = []
    data = write_deck(deck, prep, template, deck_parts(prep), media(briefing, template),
                      build_time(deck.properties["date"]), chosen)  # fmt: skip
    return data, chosen, deck, (prep, template)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("decks")
    names = ("dark-solid.pptx", "dark-picture.pptx", "ribbon-title.pptx", "oversized.pptx",
             "bullets-none.pptx")  # fmt: skip
    return {n: foreign.DECKS[n](folder)[0] for n in names}


def test_contrast_maths() -> None:
    assert contrast.ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast.needed(18, False) == 3.0 and contrast.needed(12, True) == 4.5
    choice = contrast.choose("#1A1A1A", ["#141B3C"], 12, False)
    assert choice.color == "#FFFFFF" and choice.departs and choice.fill is None
    # light on one half, dark on the other: no colour reads on both, so a backing band
    choice = contrast.choose("#1A1A1A", ["#FFFFFF", "#141B3C", "#808080"], 12, False)
    assert choice.fill == "#FFFFFF" and contrast.ratio(choice.color, choice.fill) >= 4.5


def test_picture_background_is_sampled(made: dict[str, Path]) -> None:
    """The dark picture's lighter top strip and its dark body are both seen, where they are."""
    prs = Presentation(str(made["dark-picture.pptx"]))
    layout = prs.slide_layouts[1]
    backdrop = contrast.backdrop(layout, prs.slide_width, prs.slide_height)
    top = backdrop.under(Box(0, 0, int(prs.slide_width), int(Inches(0.2))))
    middle = backdrop.under(Box(0, int(Inches(3)), int(prs.slide_width), int(Inches(1))))
    assert "#5A6EA0" in top and middle == ["#141E46"]


@pytest.mark.parametrize("name", ["dark-solid.pptx", "dark-picture.pptx"])
def test_dark_backgrounds_read(made: dict[str, Path], name: str) -> None:
    """Every text box of ours reads on the real background; the writer says what it chose."""
    data, chosen, deck, (prep, template) = _build(made[name])
    assert any("the marking in #1A1A1A" in w and "deckgen uses #FFFFFF" in w for w in chosen)
    pictures = media(load_briefing(SHIPPED, ROOT), template)
    assert list(_deck_contrast(deck, prep, template, pictures)) == []
    # the same check does find dark text there: it is the writer that made it legible
    prs = Presentation(io.BytesIO(data))
    marking = next(s for s in prs.slides[1].shapes if s.name == "Marking (top)")
    assert "FFFFFF" in marking._element.xml


def test_ribbon_title_keeps_its_size(made: dict[str, Path]) -> None:
    """A 0.4 in title ribbon: deckgen's own title box, no title shrunk to the floor."""
    template = resolve_template(Options(deck_template=made["ribbon-title.pptx"]), ROOT)
    prep = prepare(template.deck, template.layouts, template.fonts)
    assert any("too small for a title" in w for w in prep.warnings)
    for area in prep.areas.values():
        assert area.own_title and area.title.height >= Inches(MIN_TITLE_HEIGHT)
    deck = plan_deck(
        load_briefing(SHIPPED, ROOT), template, template.recipe("full"), prep.geometry()
    )
    assert not [n for n in deck.overflows if "title is too long" in n]


def test_oversized_placeholders_never_negative(made: dict[str, Path]) -> None:
    data, _, _, (prep, _) = _build(made["oversized.pptx"])
    assert any("off the slide" in w for w in prep.warnings)
    prs = Presentation(io.BytesIO(data))
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.height is not None:
                assert shape.height > 0 and shape.width > 0, (slide.slide_id, shape.name)
                assert shape.top + shape.height <= prs.slide_height + Inches(0.05)


def test_bullets_keep_markers(made: dict[str, Path]) -> None:
    data, *_ = _build(made["bullets-none.pptx"])
    prs = Presentation(io.BytesIO(data))
    bullets = [s for slide in prs.slides for s in slide.placeholders
               if s.placeholder_format.idx == 1 and "<a:buChar" in s._element.xml]  # fmt: skip
    assert bullets, "no bullet slide kept a visible marker"


def test_lint_takes_deck_template(made: dict[str, Path]) -> None:
    """lint resolves --deck-template as build does: the file's own findings, its contrast."""
    from click.testing import CliRunner

    from deckgen.cli import main

    run = CliRunner().invoke
    dark = run(main, ["lint", str(SHIPPED), "--deck-template", str(made["dark-solid.pptx"])])
    assert dark.exit_code == 0 and "A11Y-06" not in dark.output, dark.output
    ribbon = run(main, ["lint", str(SHIPPED), "--deck-template", str(made["ribbon-title.pptx"])])
    assert "ribbon-title.pptx: warning: TPL-01" in ribbon.output
    assert "too small for a title" in ribbon.output


@pytest.mark.soffice
@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftoppm"),
                    reason="needs LibreOffice and poppler")  # fmt: skip
def test_primary_reaches_theme_bands_and_titles(tmp_path: Path) -> None:
    """A set whose primary is #B00020: that red in the theme, the title band and the titles."""
    from PIL import Image

    workspace = tmp_path / "ws"
    (workspace / "content").mkdir(parents=True)
    shutil.copy(SHIPPED, workspace / "content")
    shutil.copytree(ROOT / "content" / "img", workspace / "content" / "img")
    (workspace / "deckgen.yaml").write_text("")
    red = workspace / "templates" / "red"
    red.mkdir(parents=True)
    default = ROOT / "templates" / "default"
    for name in ("deck.pptx", "memo.docx"):
        shutil.copy(default / name, red)
    (red / "template.yaml").write_text(
        'name: red\ndeck: deck.pptx\nmemo: memo.docx\npalette: {primary: "#B00020"}\n'
    )
    template = resolve_template(Options(template="red"), workspace)
    prep = prepare(template.deck, template.layouts, template.fonts)
    briefing = load_briefing(workspace / "content" / SHIPPED.name, workspace)
    deck = plan_deck(briefing, template, template.recipe("full"), prep.geometry())
    pptx = tmp_path / "deck.pptx"
    pptx.write_bytes(write_deck(deck, prep, template, deck_parts(prep), media(briefing, template),
                                build_time(deck.properties["date"])))  # fmt: skip
    theme = (
        Presentation(str(pptx))
        .slide_master.part.part_related_by(
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
        )
        .blob
    )
    assert re.search(rb"<a:dk2><a:srgbClr val=\"B00020\"", theme)
    subprocess.run([shutil.which("soffice") or "soffice", f"-env:UserInstallation="
                    f"{(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(pptx)], check=True, capture_output=True,
                   timeout=300)  # fmt: skip
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "3",
                    str(tmp_path / "deck.pdf"), str(tmp_path / "p")], check=True)  # fmt: skip

    def reds(png: Path, rows: tuple[float, float]) -> int:
        image = Image.open(png).convert("RGB")
        w, h = image.size
        band = image.crop((0, int(h * rows[0]), w, int(h * rows[1])))
        return sum(1 for x in range(0, w, 2) for y in range(0, band.size[1], 2)
                   if band.getpixel((x, y)) == (176, 0, 32))  # fmt: skip

    pages = sorted(tmp_path.glob("p-*.png"))
    assert reds(pages[0], (0.0, 1.0)) > 5000  # the title slide's band
    assert reds(pages[2], (0.08, 0.22)) > 100  # a slide title, in the title's rows


# Every box deckgen draws on a slide: the marking top and bottom, the title and subtitle, the
# content (body, table, timeline, chart, picture, quote), the source line, the slide number,
# the footer, the title slide's rows (distribution among them) and the logo.
OURS = re.compile(r"^(Marking \(top\)|Marking \(bottom\)|Title \d+|Subtitle \d+|Content.*|"
                  r"Text Placeholder \d+|Table|Chart|Picture|Quote|Attribution|Source line|"
                  r"Slide number|Footer|Title detail|Logo)$")  # fmt: skip


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path | Exception]:
    return foreign_built.templates(tmp_path_factory)["deck"]


def _overlaps(data: bytes) -> list[str]:
    """Every pair of our boxes on one slide of the deck ``data`` that overlap, by name."""
    prs = Presentation(io.BytesIO(data))
    found = []
    for number, slide in enumerate(prs.slides, 1):
        boxes = [(s.name, s.left, s.top, s.left + s.width, s.top + s.height)
                 for s in slide.shapes if s.top is not None and OURS.match(s.name)]  # fmt: skip
        assert len(boxes) >= 3, f"slide {number}: {[s.name for s in slide.shapes]}"
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                across = min(a[3], b[3]) - max(a[1], b[1])
                down = min(a[4], b[4]) - max(a[2], b[2])
                if across > 0 and down > 0:
                    found.append(f"slide {number}: {a[0]} and {b[0]} ({down / 914400:.2f} in)")
    return found


@pytest.mark.soffice
@pytest.mark.pandoc
@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(foreign.DECKS))
def test_our_boxes_never_overlap(corpus: dict[str, Path | Exception], name: str) -> None:
    """On every slide of the shipped briefing, in every foreign deck: no box of ours covers
    another (the marking and the title, the last timeline row and the marking, the title
    slide's rows and its subtitle, a closing line and the bottom band)."""
    made = corpus[name]
    if isinstance(made, Exception):
        pytest.skip(f"could not make {name}: {made}")
    data, *_ = _build(made)
    assert _overlaps(data) == []


def _sized(folder: Path, width: float, height: float) -> Path:
    """python-pptx's default deck scaled to ``width`` x ``height`` inches."""
    edit = lambda prs: foreign._resize(prs, Inches(width), Inches(height))  # noqa: E731
    return foreign.write_parts(foreign._deck(edit), folder / f"{width:g}x{height:g}.pptx")


@pytest.mark.parametrize("size", [(20.0, 4.2), (3.5, 14.0)])
def test_slide_floor_holds_the_briefing(tmp_path: Path, size: tuple[float, float]) -> None:
    """At the floor's own measures the shipped briefing plans without an overflow warning."""
    _, _, deck, _ = _build(_sized(tmp_path, *size))
    assert deck.overflows == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", [(7.5, 3.75), (3.0, 10.0), (13.333, 4.1)])
def test_slide_below_the_floor_is_refused(tmp_path: Path, size: tuple[float, float]) -> None:
    """A slide no briefing fits on: refused with what to do, exit 1, no traceback, no deck."""
    path = _sized(tmp_path, *size)
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "deckgen", "build", str(SHIPPED), "-o", str(out),
         "--deck-template", str(path), "-f", "pptx"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{path}: its slides are {size[0]:.2f} x {size[1]:.2f} in, too small" in result.stderr
    assert "Design > Slide Size" in result.stderr
    assert not out.exists() or not list(out.glob("*.pptx"))


@pytest.mark.soffice
@pytest.mark.pandoc
@pytest.mark.slow
def test_contrast_warning_once_per_kind(corpus: dict[str, Path | Exception]) -> None:
    """LibreOffice's dark Metropolis: each kind of text is warned about once for the template
    file, not once per layout or slide."""
    made = corpus["lo-metropolis.pptx"]
    if isinstance(made, Exception):
        pytest.skip(f"could not make lo-metropolis.pptx: {made}")
    _, chosen, _, _ = _build(made)
    kinds = [re.sub(r" in #[0-9A-F]{6} would read .*", "", w.split(": ", 1)[1]) for w in chosen]
    assert sum(1 for w in chosen if "the marking in" in w) == 1, chosen
    assert len(kinds) == len(set(kinds)) and len(kinds) >= 5, chosen


@pytest.mark.soffice
@pytest.mark.pandoc
@pytest.mark.slow
def test_a_layout_whose_title_fits_is_preferred(corpus: dict[str, Path | Exception]) -> None:
    """Two content layouts, one with a 0.4 in title ribbon: bullets go on the other, whose
    title placeholder holds a title, and the build says so; no title box of deckgen's."""
    made = corpus["ribbon-one-layout.pptx"]
    assert isinstance(made, Path), made
    template = resolve_template(Options(deck_template=made), ROOT)
    prep = prepare(template.deck, template.layouts, template.fonts)
    assert not prep.areas["bullets"].own_title
    assert any("'Title and Content'" in w and "uses 'Title and Body'" in w for w in prep.warnings)
    data, *_ = _build(made)
    prs = Presentation(io.BytesIO(data))
    used = {slide.slide_layout.name for slide in prs.slides}
    assert "Title and Body" in used and "Title and Content" not in used, used
