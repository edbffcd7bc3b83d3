"""build.pipeline: the one composition that build, lint and diff plan through, so that what
lint judges and diff compares is what the build writes."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from deckgen.build.options import Options
from deckgen.build.pipeline import (
    build_time,
    build_time_source,
    content_paths,
    editions,
    epoch_warning,
    plan_briefing,
    render_briefing,
    resolve_template,
    template_warnings,
    validate,
)
from deckgen.content.model import Briefing
from deckgen.errors import ContentError, DeckgenError, Diagnostic, Location
from deckgen.review.lint import lint_files

from conftest import MINIMAL, ROOT, SHIPPED


@pytest.fixture(scope="module")
def shipped() -> Briefing:
    briefings, errors = validate([SHIPPED], ROOT)
    assert not errors
    return briefings[0]


def whole(briefing: Briefing) -> Briefing:
    (edition,), errors = editions([briefing])
    assert not errors
    return edition


@pytest.mark.parametrize(("template", "recipe"), [("default", "executive"), ("classic", "full")])
def test_the_planned_deck_is_the_written_deck(shipped: Briefing, template: str,
                                              recipe: str) -> None:  # fmt: skip
    from pptx import Presentation

    options = Options(template=template, recipe=recipe, formats=("pptx",))
    tpl = resolve_template(options, ROOT)
    deck, _memo, _warnings = plan_briefing(whole(shipped), tpl, options)
    data = render_briefing(whole(shipped), tpl, options).files[f"{shipped.id}-deck.pptx"]
    assert len(Presentation(io.BytesIO(data)).slides) == len(deck.slides)


def test_lint_reports_what_fitting_did_to_the_deck_the_build_plans(shipped: Briefing) -> None:
    options = Options(template="classic")
    deck, _memo, _warnings = plan_briefing(whole(shipped), resolve_template(options, ROOT),
                                           options)  # fmt: skip
    found = lint_files([SHIPPED], ROOT, options)
    fitting = [d.message for d in found if d.code in ("FIT-01", "FIT-02")]
    assert fitting == deck.fitting and fitting


def test_plan_briefing_plans_the_memo_too(shipped: Briefing) -> None:
    options = Options(recipe="executive")
    _deck, memo, warnings = plan_briefing(whole(shipped), resolve_template(options, ROOT),
                                          options)  # fmt: skip
    assert memo.blocks and all(w.severity == "warning" for w in warnings)


@pytest.mark.parametrize(
    ("formats", "suffixes"),
    [(("pptx",), ["-deck.pptx"]), (("docx",), ["-memo.docx"]),
     (("pdf",), ["-deck.pptx", "-memo.docx"]), (("html",), [".html"])],
)  # fmt: skip
def test_render_writes_what_the_formats_need(shipped: Briefing, formats: tuple[str, ...],
                                             suffixes: list[str]) -> None:  # fmt: skip
    options = Options(formats=formats, recipe="executive")
    files = render_briefing(whole(shipped), resolve_template(options, ROOT), options).files
    assert sorted(files) == sorted(shipped.id + s for s in suffixes)


def test_a_web_edition_named_index_is_refused_and_warnings_so_far_are_kept(
    shipped: Briefing,
) -> None:
    from dataclasses import replace

    options = Options(formats=("html",))
    said: list[Diagnostic] = []
    with pytest.raises(ContentError, match="content"):
        render_briefing(replace(whole(shipped), id="index"), resolve_template(options, ROOT),
                        options, said)  # fmt: skip
    assert all(w.severity == "warning" for w in said)


def test_editions_without_variants_is_each_briefing_whole(shipped: Briefing) -> None:
    (edition,), errors = editions([shipped])
    assert not errors and edition.id == shipped.id and edition.marking == "UNCLASSIFIED"


def test_editions_with_all_is_every_declared_variant(shipped: Briefing) -> None:
    found, errors = editions([shipped], ("all",))
    assert not errors and [b.id for b in found] == [
        f"{shipped.id}-public",
        f"{shipped.id}-internal",
    ]


def test_an_unknown_variant_is_an_error_not_an_edition(shipped: Briefing) -> None:
    found, errors = editions([shipped], ("nope",))
    assert found == [] and "no variant 'nope'" in errors[0].message


def test_template_warnings_are_said_once_per_file() -> None:
    into: list[Diagnostic] = []
    template_warnings(into, Path("deck.pptx"), ["a fallback", "a fallback"])
    template_warnings(into, Path("deck.pptx"), ["a fallback"])
    assert into == [Diagnostic(Location("deck.pptx"), "a fallback", severity="warning")]


def test_an_unknown_recipe_fails_before_any_work() -> None:
    with pytest.raises(DeckgenError, match="nope"):
        resolve_template(Options(recipe="nope"), ROOT)


def test_content_paths_default_to_the_content_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "content").mkdir()
    for name in ("b.yaml", "a.yml", "notes.txt"):
        (tmp_path / "content" / name).write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert content_paths([], tmp_path) == [Path("content/b.yaml"), Path("content/a.yml")]


def test_two_files_with_one_id_are_refused_at_the_second(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    paths = [tmp_path / "content" / n for n in ("one.yaml", "two.yaml")]
    for path in paths:
        path.write_text(MINIMAL.replace("deckgen: 1\n", "deckgen: 1\nid: same\n"), encoding="utf-8")
    briefings, errors = validate(paths, tmp_path)
    assert [b.path for b in briefings] == [str(paths[0])] and len(errors) == 1
    assert any("is also used by" in d.message for e in errors for d in e.diagnostics)


def test_build_time_is_the_content_date_without_source_date_epoch(
    shipped: Briefing, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert shipped.date is not None
    assert build_time(shipped).date().isoformat() == shipped.date.iso()
    assert build_time_source(shipped) == "content date" and epoch_warning() is None


def test_source_date_epoch_wins_and_an_unusable_one_is_warned_about(
    shipped: Briefing, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1491004800")
    assert build_time(shipped) == dt.datetime(2017, 4, 1)
    assert build_time_source(shipped) == "SOURCE_DATE_EPOCH"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    warning = epoch_warning()
    assert warning is not None and "not a whole number" in warning.message
