"""deckgen.markings: a marking to its banner, TLP labels as TLP 2.0 shows them."""

from __future__ import annotations

import pytest

from deckgen.markings import Banner, banner


@pytest.mark.parametrize(
    ("label", "colour"),
    [("TLP:RED", "#FF2B2B"), ("TLP:AMBER", "#FFC000"), ("TLP:AMBER+STRICT", "#FFC000"),
     ("TLP:GREEN", "#33FF00"), ("TLP:CLEAR", "#FFFFFF"), ("TLP:WHITE", "#FFFFFF")],
)  # fmt: skip
def test_a_tlp_label_is_right_justified_on_black_in_its_colour(label: str, colour: str) -> None:
    assert banner(label) == Banner(label, "#000000", colour, "right", 12)


def test_a_tlp_label_is_read_in_any_case_and_spacing_and_written_upper_case() -> None:
    assert banner("  tlp:amber ").text == "TLP:AMBER"
    assert banner("tlp:green").color == "#33FF00"


@pytest.mark.parametrize("marking", ["UNCLASSIFIED", "SECRET//NOFORN", "Internal use only", ""])
def test_any_other_marking_is_centred_plain_text(marking: str) -> None:
    assert banner(marking) == Banner(marking, None, "#1A1A1A", "center", 10)


def test_a_plain_marking_takes_the_given_colour_and_is_trimmed() -> None:
    assert banner(" CONFIDENTIAL ", "#FFFFFF") == Banner(
        "CONFIDENTIAL", None, "#FFFFFF", "center", 10
    )


def test_a_near_tlp_label_is_not_a_tlp_label() -> None:
    assert banner("TLP: RED").fill is None
    assert banner("TLP:PURPLE").align == "center"
