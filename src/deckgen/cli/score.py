"""The score command: content files to their forecasts' track record, printed or as JSON,
and the track-record deck and memo."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from deckgen.cli.options import (
    JSON_OPTION,
    TEMPLATE_OPTION,
    color_option,
    output_option,
    parse_formats,
)
from deckgen.cli.output import current_style, echo, fail, fail_json, no_files, show
from deckgen.errors import DeckgenError


@click.command("score")
@click.argument("paths", nargs=-1, type=click.Path())
@output_option("Folder for the track-record deck and memo (default: build/).")
@TEMPLATE_OPTION
@click.option("-f", "--formats", default=None, callback=parse_formats,
              help="Comma-separated: pptx,docx,pdf,html (default: pptx,docx).")  # fmt: skip
@click.option("--no-outputs", is_flag=True, help="Print the scores only; write no deck or memo.")
@JSON_OPTION
@color_option
def score(paths: tuple[str, ...], no_outputs: bool, as_json: bool, **given: Any) -> None:
    """Score the forecasts of content files against their outcomes: how many are resolved,
    the Brier score, calibration by band, actor, area and confidence; and write the
    track-record deck and memo (track-record-deck.pptx, track-record-memo.docx).

    \b
    Example:
      deckgen score                     # every content/*.yaml
      deckgen score content/russia-iran-2017-review.yaml --json
    """
    from deckgen.build.options import resolve_options
    from deckgen.build.pipeline import content_paths
    from deckgen.build.score import score as run_score
    from deckgen.paths import find_workspace

    try:
        workspace = find_workspace(Path.cwd())
        options = resolve_options(given, workspace)
        files = content_paths(list(paths), workspace)
        if not files:
            no_files("score", as_json, workspace)
        found = run_score(files, workspace, options, write=not no_outputs)
    except DeckgenError as exc:
        if as_json:
            fail_json("score", exc)
        fail(exc)
        return
    ok = not found.errors
    if as_json:
        from deckgen.cli import output as shapes

        click.echo(shapes.dumps(shapes.result(
            "score", ok, shapes.diagnostics_of(found.errors),
            [shapes.diagnostic(w) for w in found.warnings],
            briefings=[b.id for b in found.briefings],
            **found.record.as_dict(),
            outputs=[show(p) for p in found.written],
        )))  # fmt: skip
    else:
        style = current_style(sys.stderr)
        for problem in found.errors:
            echo(problem.format(style), err=True)
        for w in found.warnings:
            echo(w.format(style), err=True)
        for line in report_lines(found.record.as_dict()):
            click.echo(line)
        for path in found.written:
            click.echo(f"wrote {show(path)}")
    if not ok:
        sys.exit(1)


def _n(x: object, digits: int = 3) -> str:
    return "—" if x is None else f"{float(x):.{digits}f}"  # type: ignore[arg-type]


def _pct(x: object) -> str:
    return "—" if x is None else f"{round(float(x) * 100)}%"  # type: ignore[arg-type]


def report_lines(data: dict[str, Any]) -> list[str]:
    """The track record as text: counts, Brier score, then each calibration table."""
    c = data["counts"]
    lines = [
        f"forecasts: {c['forecasts']}, resolved: {c['resolved']} (happened {c['happened']}, "
        f"partly {c['partly']}, did not happen {c['did-not-happen']}); unresolved or not yet "
        f"judged: {c['unresolved']}",
        f"Brier score: {_n(data['brier'])} (0 is perfect, 0.25 is always saying 50%; "
        f"`partly` counts as {data['partly_counts_as']:g})",
    ]
    tables = (("band", "by_band"), ("actor", "by_actor"), ("area", "by_area"),
              ("confidence", "by_confidence"))  # fmt: skip
    for title, key in tables:
        rows = data[key]
        if not rows:
            continue
        lines += ["", f"by {title}:"]
        width = max(len(r["name"]) for r in rows) + (10 if key == "by_band" else 0)
        head = f"  {'':{width}}  forecasts  resolved  forecast  observed  brier"
        lines.append(head)
        for r in rows:
            name = r["name"] + (f" ({r['band'][0]:02d}–{r['band'][1]:02d}%)" if "band" in r else "")
            lines.append(
                f"  {name:{width}}  {r['forecasts']:9d}  {r['resolved']:8d}  "
                f"{_pct(r['mean_probability']):>8}  {_pct(r['observed_frequency']):>8}  "
                f"{_n(r['brier']):>5}"
            )
    return lines
