"""Turn python-pptx's and python-docx's built-in templates into deckgen's default deck and memo."""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this folder is already on sys.path; imported from elsewhere it may not be.
sys.path.insert(0, str(Path(__file__).resolve().parent))

import templatekit as kit

THEME_COLOURS: dict[str, str] = {
    "dk1": "1A1A1A",
    "lt1": "FFFFFF",
    "dk2": "1F3A5F",
    "lt2": "EEF1F5",
    "accent1": "1F4E79",
    "accent2": "B5562B",
    "accent3": "2E7D5B",
    "accent4": "7A5C99",
    "accent5": "2F7F86",
    "accent6": "7F7F7F",
    "hlink": "1F4E79",
    "folHlink": "5B4A8B",
}

# ---------------------------------------------------------------------------------------------
# Deck geometry (inches). The renderer draws the classification banner in y 0-0.42, the source
# line in y 6.62-7.0 and the bottom marking / slide number in y 7.05-7.5, so every template
# shape stays inside y 0.42-6.6 (placeholders inside 0.5-6.6).
# ---------------------------------------------------------------------------------------------
SLIDE_W, SLIDE_H = 12192000, 6858000  # 13.333 x 7.5 in, PowerPoint's "Widescreen"

MARGIN_X = 0.6
CONTENT_W = 12.13  # 0.6 .. 12.73 in
TITLE_BOX: kit.Box = (MARGIN_X, 0.55, CONTENT_W, 0.95)
RULE_BOX: kit.Box = (MARGIN_X, 1.55, CONTENT_W, 2.5 / 72)  # 2.5 pt tall accent rule
BODY_BOX: kit.Box = (MARGIN_X, 1.75, CONTENT_W, 4.8)  # bottom at 6.55 in
COL_W = 5.9
LEFT_X, RIGHT_X = MARGIN_X, 6.83  # right column ends at 12.73 in, gutter 0.33 in
HEAD_Y, HEAD_H = 1.75, 0.55  # Comparison column headers
COL_BODY_Y, COL_BODY_H = 2.4, 4.15  # Comparison column bodies, bottom at 6.55 in

TITLE_BAND_BOX: kit.Box = (0.0, 0.42, SLIDE_W / kit.EMU_PER_INCH, 4.7 - 0.42)
COVER_TITLE_BOX: kit.Box = (0.8, 1.3, 11.7, 1.9)
COVER_SUBTITLE_BOX: kit.Box = (0.8, 3.3, 11.7, 1.1)
SECTION_BAND_BOX: kit.Box = (0.0, 2.4, SLIDE_W / kit.EMU_PER_INCH, 2.6)
SECTION_TITLE_BOX: kit.Box = (0.8, 2.55, 11.7, 2.3)
SECTION_BODY_BOX: kit.Box = (0.8, 5.2, 11.7, 0.9)

# Master body levels: (left margin in, hanging indent in, size pt, space before pt, bullet).
BODY_LEVELS = (
    kit.BodyLevel(0.3, 0.3, 22, 10, "\u25aa"),  # small square
    kit.BodyLevel(0.62, 0.28, 19, 6, "\u2013"),  # en dash
    kit.BodyLevel(0.9, 0.24, 17, 4, "\u2022"),  # bullet
    kit.BodyLevel(1.15, 0.22, 16, 3, "\u2013"),
    kit.BodyLevel(1.4, 0.22, 16, 3, "\u2022"),
    kit.BodyLevel(1.65, 0.22, 16, 3, "\u2022"),
    kit.BodyLevel(1.9, 0.22, 16, 3, "\u2022"),
    kit.BodyLevel(2.15, 0.22, 16, 3, "\u2022"),
    kit.BodyLevel(2.4, 0.22, 16, 3, "\u2022"),
)


def _column_header(shape_id: int, name: str, ph: str, x: float) -> str:
    return kit.placeholder(
        shape_id,
        name,
        ph,
        (x, HEAD_Y, COL_W, HEAD_H),
        "b",
        kit.lvl1(20, "accent1", bold=True, no_bullet=True),
        prompts=kit.TEXT_PROMPTS[:1],
    )


# python-pptx's layouts keep their names and order; those with their own full-width band (or
# none at all) hide the master's accent rule.
LAYOUTS: dict[str, kit.Layout] = {
    "Title Slide": kit.Layout(
        [
            kit.rect(2, "Title band", TITLE_BAND_BOX, "tx2"),
            kit.cover_title(3, COVER_TITLE_BOX, kit.lvl1(40, "bg1", bold=True, line_pct=90)),
            kit.cover_subtitle(4, COVER_SUBTITLE_BOX, kit.lvl1(22, "#D9E2EC", no_bullet=True)),
        ],
        hide_master_shapes=True,
    ),
    "Title and Content": kit.Layout(
        [
            kit.title(TITLE_BOX),
            kit.content(3, "Content Placeholder 2", '<p:ph idx="1"/>', BODY_BOX),
        ]
    ),
    "Section Header": kit.Layout(
        [
            kit.rect(2, "Section band", SECTION_BAND_BOX, "tx2"),
            kit.section_title(3, SECTION_TITLE_BOX, kit.lvl1(36, "bg1", bold=True, line_pct=90)),
            kit.section_body(4, SECTION_BODY_BOX, kit.lvl1(20, "tx2", no_bullet=True)),
        ],
        hide_master_shapes=True,
    ),
    "Two Content": kit.Layout(
        [
            kit.title(TITLE_BOX),
            kit.content(
                3, "Content Placeholder 2", '<p:ph sz="half" idx="1"/>', (LEFT_X, 1.75, COL_W, 4.8)
            ),
            kit.content(
                4, "Content Placeholder 3", '<p:ph sz="half" idx="2"/>', (RIGHT_X, 1.75, COL_W, 4.8)
            ),
        ]
    ),
    "Comparison": kit.Layout(
        [
            kit.title(TITLE_BOX),
            _column_header(3, "Text Placeholder 2", '<p:ph type="body" idx="1"/>', LEFT_X),
            kit.content(
                4,
                "Content Placeholder 3",
                '<p:ph sz="half" idx="2"/>',
                (LEFT_X, COL_BODY_Y, COL_W, COL_BODY_H),
            ),
            _column_header(
                5, "Text Placeholder 4", '<p:ph type="body" sz="quarter" idx="3"/>', RIGHT_X
            ),
            kit.content(
                6,
                "Content Placeholder 5",
                '<p:ph sz="quarter" idx="4"/>',
                (RIGHT_X, COL_BODY_Y, COL_W, COL_BODY_H),
            ),
        ]
    ),
    "Title Only": kit.Layout([kit.title(TITLE_BOX)]),
    "Blank": kit.Layout([], hide_master_shapes=True),
}


LOOK = kit.Look(
    name="default",
    theme_name="deckgen",
    theme_font="Calibri",  # LibreOffice substitutes the metric-identical Carlito
    theme_colours=THEME_COLOURS,
    deck=kit.DeckLook(
        slide_size=(SLIDE_W, SLIDE_H),
        presentation_format="Widescreen",
        layouts=LAYOUTS,
        background="bg1",  # plain white
        title_box=TITLE_BOX,
        body_box=BODY_BOX,
        rule_box=RULE_BOX,
        rule_name="Accent rule",
        title_size=30,
        title_bold=True,
        body_levels=BODY_LEVELS,
        bullet_font="Arial",
    ),
    memo=kit.MemoLook(
        body_size=11,
        line=259,  # 1.08 lines
        ink=THEME_COLOURS["dk1"],
        title_size=20,
        title_colour=THEME_COLOURS["dk2"],
        title_bold=True,
        muted="4A5A6A",  # slate
        subtitle_italic=False,
        headings=(
            kit.Heading(14, THEME_COLOURS["dk2"], 14, 4),
            kit.Heading(12, THEME_COLOURS["accent1"], 10, 3),
            kit.Heading(11, THEME_COLOURS["accent1"], 8, 2),
        ),
        quote_left_indent=0.4,
        field_tab=1.0,
    ),
)


def main(argv: list[str] | None = None) -> int:
    return kit.run(LOOK, argv)


if __name__ == "__main__":
    raise SystemExit(main())
