"""A written deck to its slide titles, keyed by the preview's picture names (deck-N.png)."""

from __future__ import annotations

from pathlib import Path


def slide_titles(deck: Path) -> dict[str, str]:
    """Each slide's title as python-pptx reads it back; a slide without one is left out (the
    page then says "Slide N")."""
    from pptx import Presentation

    found = {}
    for number, slide in enumerate(Presentation(str(deck)).slides, start=1):
        title = slide.shapes.title
        text = " ".join(title.text_frame.text.split()) if title is not None else ""
        if text:
            found[f"deck-{number}.png"] = text
    return found
