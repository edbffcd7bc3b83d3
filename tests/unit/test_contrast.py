"""deckgen.contrast's colour arithmetic: WCAG 2.1 luminance and ratios, the floor each text
size needs, colours deepened to reach it, and the choice of a legible colour over a backdrop."""

from __future__ import annotations

from typing import Any

import pytest

from deckgen.contrast import (
    BLACK,
    WHITE,
    Backdrop,
    Layer,
    choose,
    deepened,
    is_dark,
    luminance,
    needed,
    on_dark,
    ratio,
    rgb,
    worst,
)
from deckgen.geometry import Box


@pytest.mark.parametrize(
    ("text", "value"),
    [("#FFFFFF", (1.0, 1.0, 1.0)), ("000000", (0.0, 0.0, 0.0)), (" #ff0000 ", (1.0, 0.0, 0.0))],
)
def test_rgb_reads_hex_with_or_without_a_hash(text: str, value: tuple[float, ...]) -> None:
    assert rgb(text) == value


@pytest.mark.parametrize("text", ["", None, "#FFF", "#GGGGGG", "red", "#1234567", "# 123456"])
def test_rgb_of_anything_else_is_none(text: object) -> None:
    assert rgb(text) is None


def test_luminance_of_known_colours() -> None:
    assert luminance(WHITE) == pytest.approx(1.0)
    assert luminance(BLACK) == pytest.approx(0.0)
    assert luminance("#FF0000") == pytest.approx(0.2126)
    assert luminance("#00FF00") == pytest.approx(0.7152)
    assert luminance("#0000FF") == pytest.approx(0.0722)
    assert luminance("#808080") == pytest.approx(0.2159, abs=1e-4)


def test_luminance_refuses_what_is_not_a_colour() -> None:
    with pytest.raises(ValueError, match="not a hex colour"):
        luminance("blue")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (BLACK, WHITE, 21.0),
        (WHITE, WHITE, 1.0),
        ("#767676", WHITE, 4.54),  # the palest grey that passes AA on white
        ("#777777", WHITE, 4.48),  # one step paler fails it
        ("#0000FF", WHITE, 8.59),
        ("#FF0000", WHITE, 4.00),
        ("#FFC000", BLACK, 12.79),
    ],
)
def test_ratio_matches_published_values(a: str, b: str, expected: float) -> None:
    assert ratio(a, b) == pytest.approx(expected, abs=0.01)
    assert ratio(b, a) == pytest.approx(ratio(a, b))  # symmetric


@pytest.mark.parametrize(
    ("size", "bold", "floor"),
    [(12, False, 4.5), (17.9, False, 4.5), (18, False, 3.0), (14, True, 3.0), (13.9, True, 4.5),
     (14, False, 4.5), (40, True, 3.0)],
)  # fmt: skip
def test_large_text_needs_three_to_one_and_the_rest_four_and_a_half(
    size: float, bold: bool, floor: float
) -> None:
    assert needed(size, bold) == floor


def test_a_colour_that_reads_is_not_deepened() -> None:
    assert deepened("#1F3864", WHITE, 4.5) == "#1F3864"
    assert deepened("not a colour", WHITE, 4.5) == "not a colour"


@pytest.mark.parametrize("pale", ["#9DC3E6", "#A9D18E", "#FFD966", "#BBBBBB"])
def test_a_pale_colour_is_deepened_just_enough_on_white(pale: str) -> None:
    deep = deepened(pale, WHITE, 4.5)
    assert deep != pale and ratio(deep, WHITE) >= 4.5
    assert luminance(deep) < luminance(pale)
    assert ratio(deep, WHITE) < 7  # just enough, not black


def test_a_dark_colour_is_lightened_on_a_dark_ground() -> None:
    light = deepened("#203864", "#101010", 4.5)
    assert ratio(light, "#101010") >= 4.5 and luminance(light) > luminance("#203864")


def test_deepening_keeps_the_hue() -> None:
    import colorsys

    pale, deep = "#9DC3E6", deepened("#9DC3E6", WHITE, 4.5)
    hue = [colorsys.rgb_to_hls(*rgb(c))[0] for c in (pale, deep)]  # type: ignore[misc]
    assert hue[0] == pytest.approx(hue[1], abs=0.02)


def test_when_no_shade_reaches_the_floor_black_or_white_is_given() -> None:
    assert deepened("#777777", "#7F7F7F", 21) == BLACK  # a light ground: darker, to black
    assert deepened("#333333", "#202020", 21) == WHITE


def test_worst_is_the_lowest_ratio_and_21_over_nothing() -> None:
    assert worst(BLACK, [WHITE, "#777777"]) == pytest.approx(ratio(BLACK, "#777777"))
    assert worst(BLACK, []) == 21.0


def test_choose_keeps_a_colour_that_reads_everywhere() -> None:
    choice = choose("#1F3864", [WHITE, "#F2F2F2"], 12, False)
    assert (choice.color, choice.fill, choice.departs) == ("#1F3864", None, False)
    assert choice.contrast == pytest.approx(worst("#1F3864", [WHITE, "#F2F2F2"]))


def test_choose_turns_to_white_on_a_dark_backdrop() -> None:
    choice = choose("#1F3864", ["#000000", "#202020"], 12, False)
    assert (choice.color, choice.fill, choice.departs) == (WHITE, None, True)


def test_choose_puts_a_band_behind_text_over_a_mixed_backdrop() -> None:
    choice = choose("#777777", [WHITE, BLACK], 12, False)
    assert choice.fill == WHITE and choice.departs
    assert ratio(choice.color, WHITE) >= 4.5


def test_a_band_text_that_cannot_read_on_the_band_is_replaced() -> None:
    choice = choose("#777777", [WHITE, BLACK], 12, False, band="#000000", band_text="#111111")
    assert choice.fill == "#000000" and choice.color == WHITE


def test_a_layer_reports_its_grid_cell_and_nothing_outside() -> None:
    layer = Layer(Box(0, 0, 100, 100), (("#FF0000", "#00FF00"), ("#0000FF", "")))
    assert layer.at(10, 10) == ["#FF0000"]
    assert layer.at(90, 10) == ["#00FF00"]
    assert layer.at(10, 90) == ["#0000FF"]
    assert layer.at(90, 90) is None  # transparent there
    assert layer.at(200, 10) is None


def test_a_spread_layer_counts_every_colour_everywhere() -> None:
    layer = Layer(Box(0, 0, 10, 10), (("#FF0000", "#00FF00"),), spread=True)
    assert layer.at(1, 1) == ["#FF0000", "#00FF00"]


def test_the_backdrop_takes_the_top_layer_and_white_where_nothing_lies() -> None:
    bottom = Layer(Box(0, 0, 100, 100), (("#000000",),))
    top = Layer(Box(0, 0, 50, 100), (("#FF0000",),))
    assert Backdrop((bottom, top)).under(Box(0, 0, 100, 100)) == ["#FF0000", "#000000"]
    assert Backdrop((top,)).under(Box(0, 0, 100, 100)) == ["#FF0000", WHITE]
    assert Backdrop(()).under(Box(0, 0, 10, 10)) == [WHITE]


AREA = Box(0, 0, 100, 100)  # its middle: (50, 50)


def test_an_area_over_nothing_is_not_dark() -> None:
    assert not on_dark(AREA, [])
    assert not on_dark(AREA, [(Box(0, 0, 100, 100), None)])  # an unfilled shape


@pytest.mark.parametrize(("fill", "dark"), [("000000", True), ("1F3864", True),
                                            ("FFFFFF", False), ("FFC000", False)])  # fmt: skip
def test_an_area_is_dark_by_the_fill_under_its_middle(fill: str, dark: bool) -> None:
    assert on_dark(AREA, [(Box(0, 0, 100, 100), fill)]) is dark


def test_the_top_most_shape_under_the_middle_decides() -> None:
    shapes = [(Box(0, 0, 100, 100), "000000"), (Box(40, 40, 20, 20), "FFFFFF")]
    assert not on_dark(AREA, shapes)
    assert on_dark(AREA, list(reversed(shapes)))


def test_a_shape_away_from_the_middle_does_not_count() -> None:
    assert not on_dark(AREA, [(Box(0, 0, 10, 10), "000000")])


@pytest.mark.parametrize(("fill", "dark"), [("5A5A5A", True), ("C00000", True),
                                            ("949494", False), ("00FF00", False)])  # fmt: skip
def test_dark_means_white_text_reads_better_than_black(fill: str, dark: bool) -> None:
    assert is_dark(fill) is dark
    assert (ratio("#FFFFFF", fill) > ratio("#000000", fill)) is dark


def test_tint_and_shade_work_in_linear_light_as_office_draws_them() -> None:
    from lxml import etree

    from deckgen.contrast import _modified

    def mods(xml: str) -> Any:
        ns = "http://schemas.openxmlformats.org/drawingml/2006/main"
        return etree.fromstring(f'<a:schemeClr xmlns:a="{ns}" val="tx1">{xml}</a:schemeClr>')

    # python-pptx's (and Office's) slide number: tx1 at tint 75%, drawn #898989 by
    # LibreOffice and PowerPoint: 3.5:1 on white, too faint for 12 pt text
    assert _modified("#000000", mods('<a:tint val="75000"/>')) == "#898989"
    assert _modified("#FFFFFF", mods('<a:shade val="50000"/>')) == "#BCBCBC"
    assert _modified("#336699", mods("")) == "#336699"
