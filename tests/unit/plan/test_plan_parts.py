"""The parts a recipe may name: one list in the manifest, the planner's tables agree with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckgen.errors import TemplateError
from deckgen.plan.deck import DECK_PARTS
from deckgen.plan.memo import MEMO_PARTS
from deckgen.templates import manifest


def test_the_deck_parts_are_the_manifests() -> None:
    assert set(DECK_PARTS) == set(manifest.RECIPE_DECK_PARTS)


def test_the_memo_parts_are_the_manifests() -> None:
    assert set(MEMO_PARTS) == set(manifest.MEMO_PARTS)


def test_every_part_is_a_function() -> None:
    assert all(callable(f) for f in (*DECK_PARTS.values(), *MEMO_PARTS.values()))


@pytest.mark.parametrize(
    ("deck", "memo", "where", "bad"),
    [
        ("[title, blfu]", "[header]", "4:19", "blfu"),
        ("[title]", "[header, bluff]", "5:20", "bluff"),
    ],
)
def test_a_bad_part_name_is_a_located_error_at_load_time(
    tmp_path: Path, deck: str, memo: str, where: str, bad: str
) -> None:
    (tmp_path / "template.yaml").write_text(
        f"name: t\nrecipes:\n  short:\n    deck: {deck}\n    memo: {memo}\n", encoding="utf-8"
    )
    with pytest.raises(TemplateError) as caught:
        manifest.read(tmp_path)
    assert f"template.yaml:{where}: error: {bad!r} is not one of" in caught.value.format()
