"""A -j N batch of PDFs starts its warm renderers before its briefings render, so that
LibreOffice's start (a second) overlaps the rendering; the PDF step then waits for those."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckgen.build import pdfs
from deckgen.build import run as build_run
from deckgen.build.options import Options
from deckgen.pdf import warm

from conftest import MINIMAL


class _Renderer:
    def __init__(self, events: list[object]) -> None:
        self.events = events

    def alive(self) -> bool:
        return True

    def stop(self) -> None:
        self.events.append("stopped")


def _batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int, jobs: int,
           broken: bool = False) -> list[object]:  # fmt: skip
    """Build ``count`` briefings (``broken``: each with an unknown key) -f pdf with -j
    ``jobs``, LibreOffice and the PDF step's own work stood in for: the events in the order
    they came."""
    monkeypatch.setenv("DECKGEN_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "content").mkdir()
    for n in range(count):
        text = f"id: b{n}\n" + ("colour: blue\n" if broken else "") + MINIMAL
        (tmp_path / "content" / f"b{n}.yaml").write_text(text, "utf-8")
    events: list[object] = []

    class Launch(warm.Launched):
        def __init__(self) -> None:
            events.append("launch")

        def ready(self):  # type: ignore[no-untyped-def]
            events.append("ready")
            return _Renderer(events), ""

    monkeypatch.setattr(warm, "launch", lambda folder, profile=None: Launch())
    monkeypatch.setattr(build_run, "_soffice_found", lambda options, report: True)
    real_render = build_run._render_all

    def render_all(*args, **kwargs):  # type: ignore[no-untyped-def]
        events.append("render")
        return real_render(*args, **kwargs)

    monkeypatch.setattr(build_run, "_render_all", render_all)
    real_validate = build_run.validate

    def validate(*args, **kwargs):  # type: ignore[no-untyped-def]
        events.append("validate")
        return real_validate(*args, **kwargs)

    monkeypatch.setattr(build_run, "validate", validate)

    def make_pdfs(rendered, out_dir, report, template, strict=False, shown=None, kinds=None,
                  jobs=1):  # type: ignore[no-untyped-def]  # fmt: skip
        with pdfs._renderers(jobs, 2 * len(rendered), report):
            events.append(("drawn by warm renderers", warm.active() is not None))
        events.append(("pending after", warm.pending() is not None))
        return []

    monkeypatch.setattr(pdfs, "make_pdfs", make_pdfs)
    options = Options(formats=("pptx", "docx", "pdf"), formats_chosen=True, jobs=jobs,
                      out_dir=tmp_path / "out")  # fmt: skip
    report = build_run.build([str(tmp_path / "content")], options, workspace=tmp_path)
    assert bool(report.errors) == broken, [e.diagnostics for e in report.errors]
    assert warm.active() is None and warm.pending() is None
    return events


def test_a_batch_launches_its_renderers_before_it_reads_its_content(tmp_path, monkeypatch):
    events = _batch(tmp_path, monkeypatch, count=3, jobs=2)
    assert events == ["launch", "launch", "validate", "render", "ready", "ready",
                      ("drawn by warm renderers", True), "stopped", "stopped",
                      ("pending after", True)]  # fmt: skip


@pytest.mark.parametrize(("count", "jobs"), [(3, 1), (1, 2)])
def test_no_renderer_is_launched_where_the_pdf_step_would_use_none(tmp_path, monkeypatch,
                                                                   count, jobs):  # fmt: skip
    """-j 1, or two PDFs (one briefing): the one-shot run, as the PDF step chooses."""
    events = _batch(tmp_path, monkeypatch, count=count, jobs=jobs)
    assert "launch" not in events and ("drawn by warm renderers", False) in events


def test_a_batch_that_fails_stops_the_renderers_it_launched(tmp_path, monkeypatch):
    """Started, then stopped once ready: none is left running on a profile given back."""
    events = _batch(tmp_path, monkeypatch, count=3, jobs=2, broken=True)
    assert events == ["launch", "launch", "validate", "ready", "ready", "stopped", "stopped"]
