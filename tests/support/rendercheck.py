"""Turns rendered PDFs into measurements: words and their boxes, PNG pixels, WCAG contrast."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium  # type: ignore[import-untyped]
from PIL import Image, ImageChops, ImageStat

RGB = tuple[int, int, int]

# The resolution of every measurement. Thin strokes never reach their full colour when they
# are under two pixels wide, so grey text measures lighter than it is: at 100 dpi by a third,
# at 150 dpi within 5% (the unit tests in test_template_render.py measure known colours).
DPI = 150
# Words whose box is under 6 px tall at 60 dpi (7.2 pt) are too small to judge.
MIN_HEIGHT = 6 * 72 / 60
INK_SHARE = 0.02  # the extreme share of a word's pixels taken as its ink
INK_BAND = (0.3, 0.78)  # the part of a word's box (top to bottom) where its ink is sought

# Words that read as a classification, caveat or status marking.
MARKING_WORDS = re.compile(
    r"\b(TOP\s+SECRET|SECRET|CONFIDENTIAL|PRELIMINARY|DRAFT|RESTRICTED|FOUO|CUI|TLP:\s*\w+)\b",
    re.IGNORECASE,
)


# -- WCAG 2.1 --------------------------------------------------------------------------------


def luminance(rgb: RGB) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG 2.1 contrast ratio, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def required(size: float, bold: bool) -> float:
    """The ratio WCAG 2.1 AA asks of text this size: 3:1 for large text, else 4.5:1."""
    return 3.0 if size >= 18 or (bold and size >= 14) else 4.5


def hex_colour(rgb: RGB) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)


def parse_hex(text: str) -> RGB:
    value = text.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def distance(a: RGB, b: RGB) -> float:
    return float(sum((x - y) ** 2 for x, y in zip(a, b)) ** 0.5)


# -- pixels -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """What a box of text looks like on the render."""

    ink: RGB
    background: RGB
    ratio: float
    outside: bool = False  # the box lies off the page: nothing of it can be seen


def measure(image: Image.Image, box: tuple[float, float, float, float]) -> Measure:
    """The ink and background colours in ``box`` (pixels: x0, top, x1, bottom) and their ratio.

    The background is the most common colour of the box and a margin around it (text covers
    far less of its box than the ground does); the ink is the colour of the pixels farthest
    from that background (the extreme few per cent, so anti-aliased edges do not dilute it).
    Pillow does the per-pixel work: a page has thousands of words.
    """
    x0, top, x1, bottom = box
    margin = max(2.0, (bottom - top) * 0.25)
    # the ink is sought in the box's middle band, where every letter has strokes (between
    # baseline and x-height); the box's top and bottom may lie on another ground
    height = bottom - top
    inner = _crop(image, (x0, top + INK_BAND[0] * height, x1, top + INK_BAND[1] * height))
    outer = _crop(image, (x0 - margin, top - margin, x1 + margin, bottom + margin))
    if inner is None or outer is None:
        return Measure((0, 0, 0), (0, 0, 0), 1.0, outside=True)
    background = _dominant(outer)
    # per pixel, the largest channel difference from the background
    r, g, b = ImageChops.difference(inner, Image.new("RGB", inner.size, background)).split()
    far = ImageChops.lighter(r, ImageChops.lighter(g, b))
    histogram = far.histogram()
    wanted = max(1, round(inner.size[0] * inner.size[1] * INK_SHARE))
    threshold, count = 255, 0
    while threshold > 0 and count + histogram[threshold] < wanted:
        count += histogram[threshold]
        threshold -= 1
    mask = far.point(lambda v: 255 if v >= threshold else 0)
    # the median of the extreme pixels: the fully covered ones, not one stray speck
    median = ImageStat.Stat(inner, mask).median
    ink = (int(median[0]), int(median[1]), int(median[2]))
    return Measure(ink, background, contrast(ink, background))


def _crop(image: Image.Image, box: tuple[float, float, float, float]) -> Image.Image | None:
    width, height = image.size
    x0, top = max(0, round(box[0])), max(0, round(box[1]))
    x1, bottom = min(width, round(box[2])), min(height, round(box[3]))
    if x1 <= x0 or bottom <= top:
        return None
    return image.crop((x0, top, x1, bottom)).convert("RGB")


def _dominant(area: Image.Image) -> RGB:
    """The mean colour of the most common bin (16 levels a channel): gradients vary slightly."""
    binned = area.point(lambda v: v & 0xF0)
    colours = binned.getcolors(area.size[0] * area.size[1]) or [(1, (0, 0, 0))]
    best = max(colours, key=lambda c: c[0])[1]
    r, g, b = ImageChops.difference(binned, Image.new("RGB", area.size, best)).split()
    same = ImageChops.lighter(r, ImageChops.lighter(g, b)).point(lambda v: 255 if v == 0 else 0)
    mean = ImageStat.Stat(area, same).mean
    return (round(mean[0]), round(mean[1]), round(mean[2]))


# -- PDF text -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """One word on a PDF page, in points from the page's top left."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool

    def box(self, scale: float) -> tuple[float, float, float, float]:
        return (self.x0 * scale, self.top * scale, self.x1 * scale, self.bottom * scale)


@dataclass
class Line:
    """Words of one size run that sit side by side: one line of one of our text boxes."""

    words: list[Word] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class Page:
    number: int  # from 1
    width: float
    height: float
    text: str
    words: list[Word]

    def lines(self) -> list[Line]:
        """Words grouped into lines: same baseline band, no gap wider than two ems."""
        lines: list[Line] = []
        for word in sorted(self.words, key=lambda w: (round(w.top), w.x0)):
            last = lines[-1].words[-1] if lines else None
            if (
                last is not None
                and abs(word.top - last.top) < 0.5 * max(word.size, 1)
                and 0 <= word.x0 - last.x1 < 2 * max(word.size, last.size)
            ):
                lines[-1].words.append(word)
            else:
                lines.append(Line([word]))
        return lines


def is_bold(fontname: str) -> bool:
    return bool(re.search(r"bold|black|heavy|semibold|demi", fontname, re.IGNORECASE))


def read_pdf(pdf: Path) -> list[Page]:
    """Every page's text and words (with their size and weight)."""
    pages: list[Page] = []
    with pdfplumber.open(str(pdf)) as doc:
        for number, page in enumerate(doc.pages, start=1):
            words = [
                Word(
                    w["text"],
                    float(w["x0"]),
                    float(w["top"]),
                    float(w["x1"]),
                    float(w["bottom"]),
                    float(w["size"]),
                    is_bold(str(w["fontname"])),
                )
                for w in page.extract_words(extra_attrs=["size", "fontname"], use_text_flow=False)
            ]
            pages.append(
                Page(number, float(page.width), float(page.height), page.extract_text(), words)
            )
    return pages


def find_runs(page: Page, phrase: str) -> list[list[Word]]:
    """Every place the words of ``phrase`` appear one after another on ``page``, in reading
    order (across line breaks)."""
    wanted = tokens(phrase)
    ordered = sorted(page.words, key=lambda w: (round(w.top), w.x0))
    got = [token(w.text) for w in ordered]
    return [
        ordered[start : start + len(wanted)]
        for start in range(len(got) - len(wanted) + 1)
        if wanted and got[start : start + len(wanted)] == wanted
    ]


def find_run(page: Page, phrase: str) -> list[Word] | None:
    """The words of ``phrase`` where they first appear in order on ``page``."""
    wanted = tokens(phrase)
    if not wanted:
        return None
    runs = find_runs(page, phrase)
    if runs:
        return runs[0]
    ordered = sorted(page.words, key=lambda w: (round(w.top), w.x0))
    got = [token(w.text) for w in ordered]
    # a run broken by a word of another box on the same line: the words in order, each
    # within a few lines of the one before
    found: list[Word] = []
    at = 0
    for want in wanted:
        hit = next((i for i in range(at, len(got)) if got[i] == want), None)
        if hit is None or (found and ordered[hit].top - found[-1].bottom > 3 * found[-1].size):
            return None
        found.append(ordered[hit])
        at = hit + 1
    return found


def token(text: str) -> str:
    """A word as compared: NFKC (ligatures undone), case folded, outer punctuation dropped."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"^[\W_]+|[\W_]+$", "", folded)


def tokens(text: str) -> list[str]:
    return [t for t in (token(w) for w in unicodedata.normalize("NFKC", text).split()) if t]


def flat(text: str) -> str:
    """Text with its white space collapsed, for phrase searches."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def render(pdf: Path, dpi: int = DPI) -> Iterator[Image.Image]:
    """Each page of ``pdf`` as an RGB image, in page order, drawn by PDFium (pdfplumber's own
    renderer): in memory, ten times faster than pdftoppm writing PNGs."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                yield page.render(scale=dpi / 72).to_pil().convert("RGB")
            finally:
                page.close()
    finally:
        document.close()


@dataclass(frozen=True)
class Finding:
    """The worst-measured word of one line of our text."""

    page: int
    text: str
    measure: Measure
    needed: float
    size: float

    def describe(self) -> str:
        text = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        if self.measure.outside:
            return f"'{text}' lies off the page ({self.size:.0f} pt): not visible"
        return (
            f"'{text}' {self.measure.ratio:.1f}:1 against {hex_colour(self.measure.background)}"
            f" (ink {hex_colour(self.measure.ink)}, {self.size:.0f} pt, needs {self.needed:g}:1)"
        )


def line_contrasts(page: Page, image: Image.Image, ours: set[str]) -> list[Finding]:
    """Per line of our text on ``page``, the word with the least contrast on ``image``.

    ``ours`` holds the tokens of our own text on this page; words of anything else (a
    template's master text, say) are not ours to judge. Words under MIN_HEIGHT (pt) are skipped.
    """
    scale = image.size[0] / page.width
    findings = []
    for line in page.lines():
        worst: Finding | None = None
        for word in line.words:
            if token(word.text) not in ours or word.bottom - word.top < MIN_HEIGHT:
                continue
            got = measure(image, word.box(scale))
            needed = required(word.size, word.bold)
            finding = Finding(page.number, line.text, got, needed, word.size)
            if worst is None or got.ratio / needed < worst.measure.ratio / worst.needed:
                worst = finding
        if worst is not None:
            findings.append(worst)
    return findings


def other_markings(text: str, marking: str, allowed: set[str]) -> list[str]:
    """Marking-like words in ``text`` that are not part of ``marking`` nor in ``allowed``."""
    rest = flat(text).replace(flat(marking), " ")
    return [
        m.group(0)
        for m in MARKING_WORDS.finditer(rest)
        if flat(m.group(0)).casefold() not in allowed
    ]
