"""deckgen.geometry: boxes in EMU, the bands kept free, and whether an area lies on dark."""

from __future__ import annotations

import dataclasses

import pytest

from deckgen.geometry import (
    BOTTOM_BAND,
    MIN_SLIDE_HEIGHT,
    MIN_SLIDE_WIDTH,
    SOURCE_BAND,
    TOP_BAND,
    Box,
    on_dark,
)

EMU = 914400  # per inch


def test_a_box_knows_its_right_and_bottom_edges() -> None:
    box = Box(10, 20, 300, 400)
    assert (box.right, box.bottom) == (310, 420)


def test_a_box_in_inches() -> None:
    assert Box(0, 0, 2 * EMU, EMU // 2).inches() == (2.0, 0.5)


def test_a_box_is_frozen_and_compares_by_value() -> None:
    box = Box(0, 0, 1, 1)
    assert box == Box(0, 0, 1, 1) and hash(box) == hash(Box(0, 0, 1, 1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        box.left = 5  # type: ignore[misc]


def test_the_bands_leave_room_on_the_smallest_slide() -> None:
    assert TOP_BAND + BOTTOM_BAND + SOURCE_BAND < MIN_SLIDE_HEIGHT
    assert MIN_SLIDE_WIDTH > 0


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
