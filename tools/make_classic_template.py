"""Turn python-pptx's and python-docx's built-in templates into deckgen's classic deck and memo."""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this folder is already on sys.path; imported from elsewhere it may not be.
sys.path.insert(0, str(Path(__file__).resolve().parent))

import templatekit as kit

THEME_FONT = "Cambria"  # LibreOffice substitutes the metric-identical Caladea
THEME_COLOURS: dict[str, str] = {
    "dk1": "222222",
    "lt1": "FFFFFF",
    "dk2": "5A1E2B",  # deep burgundy: titles
    "lt2": "FBFAF7",  # off-white: slide background
    "accent1": "7A2E3A",
    "accent2": "3C5A6E",
    "accent3": "8A6D3B",
    "accent4": "4F6B4A",
    "accent5": "6B5B7A",
    "accent6": "7F7F7F",
    "hlink": "3C5A6E",
    "folHlink": "6B5B7A",
}
# Warm grey for subtitles, captions and divider descriptions.
WARM_GREY = "5F5A55"
MUTED = f"#{WARM_GREY}"  # as a deck colour

# ---------------------------------------------------------------------------------------------
# Deck geometry (inches), 4:3. The renderer draws the classification banner in y 0-0.42, the
# source line in y 6.62-7.0 and the bottom marking / slide number in y 7.05-7.5, so every
# template shape stays inside y 0.42-7.05 and placeholders inside y 0.5-6.6.
# ---------------------------------------------------------------------------------------------
SLIDE_W, SLIDE_H = 9144000, 6858000  # 10 x 7.5 in, PowerPoint's "On-screen Show (4:3)"
SLIDE_W_IN = SLIDE_W / kit.EMU_PER_INCH
TOP_BAND, BOTTOM_BAND_TOP = 0.42, 7.05

MARGIN_X = 0.5
CONTENT_W = 9.0  # 0.5 .. 9.5 in
TITLE_BOX: kit.Box = (MARGIN_X, 0.6, CONTENT_W, 0.95)
BODY_BOX: kit.Box = (MARGIN_X, 1.75, CONTENT_W, 4.8)  # bottom at 6.55 in
# The rule above the title spans the content width, the same edges as the tables and charts
# deckgen places in the body area; it sits in the 0.08 in gap above the title placeholder.
RULE_BOX: kit.Box = (MARGIN_X, 0.5, CONTENT_W, 1 / 72)  # 1 pt hairline

# Cover: a burgundy spine on the left, title and subtitle on the off-white page. deckgen writes
# the date/author lines from x 0.8 in, y 4.95 in down, so the cover text starts at x 0.8 in too.
COVER_BAND_BOX: kit.Box = (0.0, TOP_BAND, 0.35, BOTTOM_BAND_TOP - TOP_BAND)
COVER_TITLE_BOX: kit.Box = (0.8, 2.2, 8.7, 1.6)
COVER_RULE_BOX: kit.Box = (0.88, 3.9, 1.6, 1.5 / 72)  # short 1.5 pt rule under the title
COVER_SUBTITLE_BOX: kit.Box = (0.8, 4.0, 8.7, 0.85)
DIVIDER_BAND_BOX: kit.Box = (0.0, 2.6, SLIDE_W_IN, 2.0)
DIVIDER_TITLE_BOX: kit.Box = (0.8, 2.7, 8.4, 1.8)
DIVIDER_BODY_BOX: kit.Box = (0.8, 4.8, 8.4, 1.6)  # room for a long deck title on the closing slide

# Master body levels: (left margin in, hanging indent in, size pt, space before pt). Every level
# uses an en dash in accent1; the indent alone shows the level.
BODY_LEVELS = tuple(
    kit.BodyLevel(margin, hanging, size, before, "\u2013")
    for margin, hanging, size, before in (
        (0.3, 0.3, 20, 10),
        (0.6, 0.28, 18, 5),
        (0.88, 0.26, 16, 4),
        (1.12, 0.24, 16, 3),
        (1.36, 0.24, 16, 3),
        (1.6, 0.24, 16, 3),
        (1.84, 0.24, 16, 3),
        (2.08, 0.24, 16, 3),
        (2.32, 0.24, 16, 3),
    )
)


# python-pptx's layout -> classic layout, in the order the classic master lists them. Layouts
# with their own band (or none at all) hide the master's rule above the title.
LAYOUTS: dict[str, kit.Layout] = {
    "Title Slide": kit.Layout(
        [
            kit.rect(2, "Cover band", COVER_BAND_BOX, "tx2"),
            kit.cover_title(3, COVER_TITLE_BOX, kit.lvl1(36, "tx2", line_pct=90)),
            kit.rect(4, "Cover rule", COVER_RULE_BOX, "accent1"),
            kit.cover_subtitle(5, COVER_SUBTITLE_BOX, kit.lvl1(20, MUTED, no_bullet=True)),
        ],
        name="Cover",
        hide_master_shapes=True,
    ),
    "Section Header": kit.Layout(
        [
            kit.rect(2, "Divider band", DIVIDER_BAND_BOX, "tx2"),
            kit.section_title(3, DIVIDER_TITLE_BOX, kit.lvl1(32, "bg1", line_pct=90)),
            kit.section_body(4, DIVIDER_BODY_BOX, kit.lvl1(18, MUTED, no_bullet=True)),
        ],
        name="Divider",
        hide_master_shapes=True,
    ),
    "Title and Content": kit.Layout(
        [
            kit.title(TITLE_BOX),
            kit.content(3, "Text Placeholder 2", '<p:ph type="body" idx="1"/>', BODY_BOX),
        ],
        name="Text",
    ),
    "Title Only": kit.Layout([kit.title(TITLE_BOX)], name="Text Only Title"),
    "Blank": kit.Layout([], name="Blank", hide_master_shapes=True),
}


LOOK = kit.Look(
    name="classic",
    theme_name="deckgen classic",
    theme_font=THEME_FONT,
    theme_colours=THEME_COLOURS,
    deck=kit.DeckLook(
        slide_size=(SLIDE_W, SLIDE_H),
        presentation_format="On-screen Show (4:3)",
        layouts=LAYOUTS,
        background="bg2",  # the theme's off-white lt2
        title_box=TITLE_BOX,
        body_box=BODY_BOX,
        rule_box=RULE_BOX,
        rule_name="Rule above title",
        # Regular-weight serif titles read as "classic" next to the default's bold sans.
        title_size=28,
        title_bold=False,
        body_levels=BODY_LEVELS,
        # The dash is drawn in the body face itself (LibreOffice ignores buFontTx and falls back
        # to OpenSymbol), so it matches the serif text in every viewer.
        bullet_font=THEME_FONT,
    ),
    memo=kit.MemoLook(
        body_size=11.5,
        line=276,  # 1.15 lines
        ink=THEME_COLOURS["dk1"],
        title_size=22,
        title_colour=THEME_COLOURS["dk2"],
        title_bold=False,
        muted=WARM_GREY,
        subtitle_italic=True,
        headings=(
            kit.Heading(14, THEME_COLOURS["dk2"], 16, 4, italic=False),
            kit.Heading(12, THEME_COLOURS["accent2"], 10, 3, italic=True),
            kit.Heading(11.5, THEME_COLOURS["accent2"], 8, 2, italic=False),
        ),
        # Small caps set the section headings apart without a second colour or a larger size.
        heading1_small_caps=True,
        quote_left_indent=0.5,
        quote_right_indent=0.5,
        # The serif labels ("SUBJECT:") run a little wider than the default set's, hence 1.1 in.
        field_tab=1.1,
    ),
)


def main(argv: list[str] | None = None) -> int:
    return kit.run(LOOK, argv)


if __name__ == "__main__":
    raise SystemExit(main())
