"""A marking string to how its banner looks: classification centred, TLP labels as TLP 2.0 asks."""

from __future__ import annotations

from dataclasses import dataclass

# TLP 2.0 colours, shown on black (FIRST's published values).
_TLP = {
    "TLP:RED": "#FF2B2B",
    "TLP:AMBER": "#FFC000",
    "TLP:AMBER+STRICT": "#FFC000",
    "TLP:GREEN": "#33FF00",
    "TLP:CLEAR": "#FFFFFF",
    "TLP:WHITE": "#FFFFFF",
}


@dataclass(frozen=True)
class Banner:
    text: str
    fill: str | None  # None: no band, plain text
    color: str
    align: str  # "center" or "right"
    min_size: float  # points


def banner(marking: str, default_color: str = "#1A1A1A") -> Banner:
    """Classification and handling lines are centred; TLP labels are right-justified, on black,
    in their colour and at least 12 pt, so they cannot be taken for a control marking."""
    label = marking.strip()
    colour = _TLP.get(label.upper())
    if colour:
        return Banner(label.upper(), "#000000", colour, "right", 12)
    return Banner(label, None, default_color, "center", 10)
