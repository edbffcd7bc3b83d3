"""Draw the sample Russia-Iran alignment diagram used by content/russia-iran-2017.yaml."""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1600, 900
SCALE = 2  # draw at 2x, then downsample, for smooth circle edges

RUSSIA = (0x1F, 0x4E, 0x79)
IRAN = (0x2E, 0x7D, 0x5B)
INK = (0x1A, 0x1A, 0x1A)
MUTED = (0x59, 0x59, 0x59)
FILL_ALPHA = 46  # out of 255: a light tint keeps dark text readable

TITLE = "Russia and Iran: shared goals, distinctive aims"
SHARED = ["Defeat ISIS", "Keep Syria whole", "Preserve the nuclear deal"]
RUSSIA_AIMS = ["Negotiated settlement", "Collective security guarantor"]
IRAN_AIMS = ["Outright military victory", "Wider sphere of influence"]
FOOTER = "Sources: EastWest Institute (2018); SouthFront (2017)"

FONT_DIRS = [
    (
        "/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf",
        "/usr/share/fonts/truetype/crosextra/Carlito-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
]

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def load_font(size: int, bold: bool = False) -> Font:
    """Return the first available TTF at ``size`` (pixels at drawing scale)."""
    for regular, heavy in FONT_DIRS:
        path = heavy if bold else regular
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def wrap(draw: ImageDraw.ImageDraw, text: str, font: Font, width: int) -> list[str]:
    """Greedy word wrap of ``text`` so that each line fits in ``width`` pixels."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and draw.textlength(trial, font=font) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def text_block(
    draw: ImageDraw.ImageDraw,
    cx: int,
    top: int,
    items: list[str],
    font: Font,
    width: int,
    fill: tuple[int, int, int],
    gap: int,
) -> int:
    """Draw centred, wrapped items from ``top``; return the y below the block."""
    line_h = int(font.size * 1.2) if isinstance(font, ImageFont.FreeTypeFont) else 24
    y = top
    for item in items:
        for line in wrap(draw, item, font, width):
            draw.text((cx, y), line, font=font, fill=fill, anchor="mt")
            y += line_h
        y += gap
    return y - gap


def block_height(
    draw: ImageDraw.ImageDraw, items: list[str], font: Font, width: int, gap: int
) -> int:
    """Height that :func:`text_block` would use for ``items``."""
    line_h = int(font.size * 1.2) if isinstance(font, ImageFont.FreeTypeFont) else 24
    lines = sum(len(wrap(draw, item, font, width)) for item in items)
    return lines * line_h + gap * (len(items) - 1)


def render() -> Image.Image:
    """Render the diagram and return it as a palette image of WIDTH x HEIGHT."""
    s = SCALE
    w, h = WIDTH * s, HEIGHT * s
    base = Image.new("RGBA", (w, h), (255, 255, 255, 255))

    radius = 330 * s
    cy = 500 * s
    left_cx, right_cx = 615 * s, 985 * s

    for cx, colour in ((left_cx, RUSSIA), (right_cx, IRAN)):
        layer = Image.new("RGBA", (w, h), (255, 255, 255, 0))
        ImageDraw.Draw(layer).ellipse(
            (cx - radius, cy - radius, cx + radius, cy + radius),
            fill=(*colour, FILL_ALPHA),
            outline=(*colour, 255),
            width=4 * s,
        )
        base = Image.alpha_composite(base, layer)

    draw = ImageDraw.Draw(base)
    title_font = load_font(44 * s, bold=True)
    name_font = load_font(40 * s, bold=True)
    head_font = load_font(28 * s, bold=True)
    body_font = load_font(28 * s)
    foot_font = load_font(20 * s)

    draw.text((w // 2, 38 * s), TITLE, font=title_font, fill=INK, anchor="mt")

    # Actor names above the outer part of each circle.
    draw.text((left_cx - 150 * s, cy - 215 * s), "Russia", font=name_font, fill=RUSSIA, anchor="mm")
    draw.text((right_cx + 150 * s, cy - 215 * s), "Iran", font=name_font, fill=IRAN, anchor="mm")

    # Overlap: shared goals, vertically centred in the lens.
    mid = (left_cx + right_cx) // 2
    lens_w = 230 * s
    gap = 18 * s
    head_h = int(head_font.size * 1.2) + 14 * s
    shared_h = head_h + block_height(draw, SHARED, body_font, lens_w, gap)
    shared_top = cy - shared_h // 2
    top = shared_top
    draw.text((mid, top), "Shared goals", font=head_font, fill=INK, anchor="mt")
    text_block(draw, mid, top + head_h, SHARED, body_font, lens_w, INK, gap)

    # Distinctive aims in the outer crescents.
    side_w = 280 * s
    for cx, aims, colour in (
        (left_cx - 150 * s, RUSSIA_AIMS, RUSSIA),
        (right_cx + 150 * s, IRAN_AIMS, IRAN),
    ):
        top = shared_top  # align the three headings on one line
        draw.text((cx, top), "Distinctive aims", font=head_font, fill=colour, anchor="mt")
        text_block(draw, cx, top + head_h, aims, body_font, side_w, INK, gap)

    draw.text((w - 40 * s, h - 28 * s), FOOTER, font=foot_font, fill=MUTED, anchor="rb")

    small = base.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS).convert("RGB")
    # A fixed palette keeps the file small; median cut without dithering is deterministic.
    return small.quantize(colors=96, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


def main(argv: list[str]) -> int:
    """Write the PNG to argv[0], or to content/img/alignment.png in the repository."""
    root = Path(__file__).resolve().parent.parent
    out = Path(argv[0]) if argv else root / "content" / "img" / "alignment.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    # No metadata chunks and fixed settings: the same bytes on every run.
    render().save(out, format="PNG", optimize=False, compress_level=9)
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
