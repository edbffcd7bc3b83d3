"""deckgen.geometry: boxes in EMU, and the bands kept free."""

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
