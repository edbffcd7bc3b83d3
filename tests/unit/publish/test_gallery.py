"""deckgen.publish.gallery: an output folder to its editions, each file with its label and
whether it is older than the Office file it was made from."""

from __future__ import annotations

import os
from pathlib import Path

from deckgen.publish.gallery import collect


def _files(out: Path, names: list[str]) -> None:
    out.mkdir(exist_ok=True)
    for name in names:
        (out / name).write_bytes(b"x")


def test_a_handout_is_listed_beside_the_deck_and_told_stale_when_the_deck_is_newer(
    tmp_path: Path,
) -> None:
    _files(tmp_path, ["brief-deck.pptx", "brief-deck.pdf", "brief-handout.pdf"])
    groups, _ = collect(tmp_path)
    files = {name: (label, stale) for name, label, _, stale in groups["brief"][0].files}
    assert files["brief-handout.pdf"] == ("Handout · PDF", False)

    later = (tmp_path / "brief-handout.pdf").stat().st_mtime + 60
    os.utime(tmp_path / "brief-deck.pptx", (later, later))  # the deck was rebuilt since
    groups, _ = collect(tmp_path)
    files = {name: (label, stale) for name, label, _, stale in groups["brief"][0].files}
    assert files["brief-handout.pdf"] == ("Handout · PDF", True)
    assert files["brief-deck.pdf"][1] is True
