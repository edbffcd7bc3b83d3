"""Carlito font files to the advance-width tables deckgen measures text with (1/1000 em).

Carlito is metric-compatible with Calibri (SIL Open Font License), so widths measured on it
are Calibri's. Shipping the table, not the fonts, keeps measuring identical on every machine.
Usage: python tools/make_metrics.py [FONT_DIR]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PIL import ImageFont

FONT_DIR = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/crosextra")
OUT = Path(__file__).resolve().parents[1] / "src/deckgen/data/metrics/calibri.json"
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


def widths(font_file: Path) -> dict[str, int]:
    font = ImageFont.truetype(str(font_file), 1000, layout_engine=ImageFont.Layout.BASIC)
    table = {}
    for lo, hi in RANGES:
        for code in range(lo, hi + 1):
            ch = chr(code)
            if font.getmask(ch).getbbox() is None and ch != " ":
                continue  # not in the font: the measurer's default width applies
            table[ch] = round(font.getlength(ch))
    return table


def main() -> None:
    data = {
        "font": "Carlito (metric-compatible with Calibri)",
        "units_per_em": 1000,
        "line_height": 1.22,
        "regular": widths(FONT_DIR / "Carlito-Regular.ttf"),
        "bold": widths(FONT_DIR / "Carlito-Bold.ttf"),
    }
    OUT.write_text(
        json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
        encoding="utf-8",
    )
    print(f"wrote {OUT} ({len(data['regular'])} regular, {len(data['bold'])} bold)")


if __name__ == "__main__":
    main()
