"""`deckgen diff` of content files plans the very slides `deckgen build` writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckgen.build.options import Options
from deckgen.build.pipeline import editions, render_briefing, resolve_template, validate
from deckgen.review.diff import deck_parts, plan_parts

from conftest import ROOT, SHIPPED

CASES = [("default", "full"), ("default", "executive"), ("classic", "full"),
         ("classic", "executive")]  # fmt: skip


@pytest.mark.parametrize(("template", "recipe"), CASES)
def test_diff_plans_the_slides_the_build_writes(template: str, recipe: str,
                                                tmp_path: Path) -> None:  # fmt: skip
    """Each part (a slide and its continuations) starts on the same slide number in the
    built deck as in diff's plan, and the decks have as many slides: the classic set once
    paginated its forecasts otherwise in diff (17 slides against the build's 19)."""
    options = Options(template=template, recipe=recipe, formats=("pptx",))
    tpl = resolve_template(options, ROOT)
    (briefing,), _ = editions(validate([SHIPPED], ROOT)[0])
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(render_briefing(briefing, tpl, options).files[f"{briefing.id}-deck.pptx"])
    built = [(p.title, p.number) for p in deck_parts(deck)]
    planned = [(p.title, p.number) for p in plan_parts(SHIPPED, options)[0]]
    assert planned == built
