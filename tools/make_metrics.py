"""Open metric-compatible font files to the advance-width tables deckgen measures text with.

Carlito, Caladea and the Liberation fonts have the same advance widths as Calibri, Cambria,
Arial, Times New Roman and Courier New, so widths read from them are those fonts' widths.
Shipping the tables (1/1000 em), not the fonts, keeps measuring identical on every machine.
Usage: python tools/make_metrics.py [FONT_ROOT]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PIL import ImageFont

ROOT = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype")
OUT = Path(__file__).resolve().parents[1] / "src/deckgen/data/metrics"
FAMILIES = {  # table name: (regular file, bold file) under ROOT
    "calibri": ("crosextra/Carlito-Regular.ttf", "crosextra/Carlito-Bold.ttf"),
    "cambria": ("crosextra/Caladea-Regular.ttf", "crosextra/Caladea-Bold.ttf"),
    "arial": ("liberation2/LiberationSans-Regular.ttf", "liberation2/LiberationSans-Bold.ttf"),
    "times": ("liberation2/LiberationSerif-Regular.ttf", "liberation2/LiberationSerif-Bold.ttf"),
    "courier": ("liberation2/LiberationMono-Regular.ttf", "liberation2/LiberationMono-Bold.ttf"),
}
# Latin, Latin-1, Latin Extended-A/B, general punctuation and the symbols briefings use.
RANGES = [
    (0x20, 0x24F),
    (0x2010, 0x2027),
    (0x2030, 0x203A),
    (0x20AC, 0x20AC),
    (0x2122, 0x2122),
    (0x2190, 0x2193),
    (0x2212, 0x2212),
    (0x25AA, 0x25AA),
    (0x2713, 0x2714),
]


def widths(font_file: Path) -> tuple[dict[str, int], float]:
    """Advance widths of every covered character, and the line height in ems."""
    font = ImageFont.truetype(str(font_file), 1000, layout_engine=ImageFont.Layout.BASIC)
    table = {}
    for lo, hi in RANGES:
        for code in range(lo, hi + 1):
            ch = chr(code)
            if font.getmask(ch).getbbox() is None and ch != " ":
                continue  # not in the font: the measurer's default width applies
            table[ch] = round(font.getlength(ch))
    ascent, descent = font.getmetrics()
    return table, round((ascent + descent) / 1000, 3)  # hhea; Office adds the line gap


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (regular, bold) in FAMILIES.items():
        plain, height = widths(ROOT / regular)
        heavy, _ = widths(ROOT / bold)
        data = {
            "source": Path(regular).stem.split("-")[0],
            "units_per_em": 1000,
            "line_height": max(height, 1.22),
            "regular": plain,
            "bold": heavy,
        }
        path = OUT / f"{name}.json"
        path.write_text(
            json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
            encoding="utf-8",
        )
        print(f"wrote {path.name}: {len(plain)} characters, line height {data['line_height']}")


if __name__ == "__main__":
    main()
