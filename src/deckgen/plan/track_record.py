"""A briefing's forecasts and their outcomes to the track-record slides and memo section:
a calibration chart, the score by actor, area and confidence, and the forecasts with outcomes.

The part shows only when some forecast carries an `outcome`: a briefing that scores nothing
yet has no track record to show, and its deck and memo stay as they were.
"""

from __future__ import annotations

from typing import Any

from deckgen.content.model import Chart, Forecast
from deckgen.content.score import Group, TrackRecord, resolves_by, track_record
from deckgen.plan import wording
from deckgen.plan.blocks import (
    Cell,
    ChartBlock,
    Heading,
    MemoBlock,
    MemoTable,
    Para,
    Slide,
    TableBlock,
)
from deckgen.plan.context import Context
from deckgen.text import Text, plain

# The words of the part; a template set's `labels:` may replace each (templates.manifest).
LABELS: dict[str, Any] = {
    "track_record": "Track record",
    "track_record_title": "Track record: Brier score {brier} on {resolved} resolved forecasts",
    "track_record_summary": (
        "{resolved} of {forecasts} forecasts are resolved: {happened} happened, {partly} "
        "partly, {missed} did not happen; {open} are unresolved or not yet judged. Their Brier "
        "score is {brier} (0 is perfect; saying 50% every time scores 0.25). A forecast "
        "scores at its probability, or at the midpoint of its term's band; an outcome that "
        "happened partly counts as 0.5."
    ),
    "calibration": "Calibration: how often forecasts in each band came true",
    "calibration_forecast": "Forecast",
    "calibration_observed": "Observed",
    "scores_by": "Brier score by actor, area and confidence",
    "group": "Group",
    "resolved": "Resolved",
    "observed": "Observed",
    "brier": "Brier",
    "band": "Band",
    "outcome": "Outcome",
    "outcomes_heading": "Forecasts and their outcomes",
    "outcome_note": "What happened",
    "criterion": "Criterion",
    "resolves_by": "Resolves by",
    "as_of": "as of {date}",
    "outcomes": {
        "happened": "Happened",
        "did-not-happen": "Did not happen",
        "partly": "Partly",
        "unresolved": "Unresolved",
    },
}


def _label(ctx: Context, key: str, **kw: str) -> str:
    return wording.label({**LABELS, **ctx.labels}, key, **kw)


def _result(ctx: Context, result: str) -> str:
    words: dict[str, Any] = {**LABELS["outcomes"], **ctx.labels.get("outcomes", {})}
    return str(words.get(result, result))


def _score(x: float | None, digits: int = 2) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def _percent(x: float | None) -> str:
    return "—" if x is None else f"{round(x * 100)}%"


def _judged(ctx: Context) -> list[Forecast]:
    return [f for f in ctx.b.forecasts if f.outcome is not None]


def calibration_chart(ctx: Context, record: TrackRecord) -> Chart | None:
    """Forecast probability beside observed frequency, per band with a resolved forecast."""
    bands = [g for g in record.by_band if g.resolved]
    if not bands:
        return None
    return Chart(
        "column",
        tuple(g.name for g in bands),
        (
            (_label(ctx, "calibration_forecast"),
             tuple(round((g.mean_probability or 0) * 100, 1) for g in bands)),
            (_label(ctx, "calibration_observed"),
             tuple(round((g.observed or 0) * 100, 1) for g in bands)),
        ),
        _label(ctx, "calibration"),
        "%",
    )  # fmt: skip


def _summary(ctx: Context, record: TrackRecord) -> str:
    c = record.counts()
    return _label(
        ctx,
        "track_record_summary",
        resolved=str(c["resolved"]),
        forecasts=str(c["forecasts"]),
        happened=str(c["happened"]),
        partly=str(c["partly"]),
        missed=str(c["did-not-happen"]),
        open=str(c["unresolved"]),
        brier=_score(record.brier, 3),
    )


def _groups(ctx: Context, record: TrackRecord) -> list[tuple[str, Group]]:
    """Each actor, area and confidence level with a resolved forecast, named as printed."""
    out = [(ctx.b.actor(g.name).name if g.name in {a.id for a in ctx.b.actors} else g.name, g)
           for g in record.by_actor]  # fmt: skip
    out += [(ctx.area_name(g.name), g) for g in record.by_area]
    out += [(f"{ctx.label('confidence')}: {ctx.confidence(g.name).lower()}", g)
            for g in record.by_confidence]  # fmt: skip
    return [(name, g) for name, g in out if g.resolved]


def _shared_as_of(judged: list[Forecast]) -> str | None:
    """The date every outcome was judged on, when they share one: the Outcome heading then
    says it once, instead of every row."""
    dates = {f.outcome.as_of.long() if f.outcome and f.outcome.as_of else "" for f in judged}
    return (dates.pop() or None) if len(dates) == 1 else None


def _outcome_heading(ctx: Context, shared: str | None) -> str:
    heading = _label(ctx, "outcome")
    return f"{heading} ({_label(ctx, 'as_of', date=shared)})" if shared else heading


def _outcome_text(ctx: Context, f: Forecast, shared: str | None) -> Text:
    assert f.outcome is not None
    text = plain(_result(ctx, f.outcome.result), bold=True)
    if f.outcome.as_of and not shared:
        text = text + plain(" (" + _label(ctx, "as_of", date=f.outcome.as_of.long()) + ")")
    return text


def _forecast_text(ctx: Context, f: Forecast, criterion: bool) -> Text:
    text = plain(ctx.b.actor(f.actor).name + ": ", bold=True) + f.statement
    if criterion and f.criterion:
        text = text + plain(f" {_label(ctx, 'criterion')}: ", italic=True) + f.criterion
    return text


def deck_track_record(ctx: Context) -> list[Slide]:
    """The calibration chart, the scores by group, then the forecasts with their outcomes."""
    from deckgen.plan.deck import table_slides

    judged = _judged(ctx)
    if not judged:
        return []
    record = track_record([ctx.b])
    title = plain(
        _label(ctx, "track_record_title", brier=_score(record.brier),
               resolved=str(len(record.resolved)))
    )  # fmt: skip
    slides: list[Slide] = []
    chart = calibration_chart(ctx, record)
    if chart is not None:
        colors = list(ctx.palette.get("actors", []))
        alt = wording.chart_alt(chart, title.plain)
        slides.append(Slide("chart", title, ChartBlock(chart, colors, alt),
                            ctx.note("track_record") + ("\n" if ctx.note("track_record") else "")
                            + _summary(ctx, record)))  # fmt: skip
    groups = _groups(ctx, record)
    if groups:
        keys = ("group", "resolved", "observed", "brier")
        table = TableBlock(
            [ctx.header_cell(_label(ctx, k)) for k in keys],
            [[Cell(plain(name, bold=True)), Cell(plain(f"{g.resolved} / {g.forecasts}")),
              Cell(plain(_percent(g.observed))), Cell(plain(_score(g.brier)))]
             for name, g in groups],
            [0.46, 0.18, 0.18, 0.18],
            ctx.size("dense_table"),
        )  # fmt: skip
        slides += table_slides(ctx, "table", plain(_label(ctx, "scores_by")), table, "", [])
    shared = _shared_as_of(judged)
    rows = [
        [Cell(_forecast_text(ctx, f, False)),
         Cell(plain(wording.estimate(f.estimate), bold=True)),
         Cell(_outcome_text(ctx, f, shared)),
         Cell(f.outcome.note if f.outcome and f.outcome.note else plain("—"))]
        for f in judged
    ]  # fmt: skip
    header = [_label(ctx, "forecast"), _label(ctx, "likelihood"),
              _outcome_heading(ctx, shared), _label(ctx, "outcome_note")]  # fmt: skip
    table = TableBlock([ctx.header_cell(h) for h in header], rows,
                       [0.4, 0.16, 0.14, 0.3], ctx.size("dense_table"))  # fmt: skip
    cites = [s for f in judged if f.outcome for s in f.outcome.sources]
    notes = "" if slides else ctx.note("track_record")
    slides += table_slides(ctx, "table", plain(_label(ctx, "track_record")), table, notes, cites)
    return slides


def memo_track_record(ctx: Context) -> list[MemoBlock]:
    """The summary, the calibration data (and chart), the scores by group, the forecasts
    with criterion, due date and outcome, each row citing the outcome's sources."""
    judged = _judged(ctx)
    if not judged:
        return []
    record = track_record([ctx.b])
    out: list[MemoBlock] = [Heading(plain(_label(ctx, "track_record"))),
                            Para(plain(_summary(ctx, record)))]  # fmt: skip
    chart = calibration_chart(ctx, record)
    if chart is not None:
        out.append(Para(plain(ctx.label("chart_data", title=chart.title or "")), "caption"))
        bands = [g for g in record.by_band if g.resolved]
        out.append(
            MemoTable(
                [plain(_label(ctx, k)) for k in ("band", "resolved")]
                + [plain(f"{name} (%)") for name, _v in chart.series],
                [[plain(f"{g.name} ({g.band[0]:02d}–{g.band[1]:02d}%)" if g.band else g.name),
                  plain(f"{g.resolved} / {g.forecasts}"),
                  plain(f"{chart.series[0][1][i]:g}"), plain(f"{chart.series[1][1][i]:g}")]
                 for i, g in enumerate(bands)],
                [0.34, 0.18, 0.24, 0.24],
                chart=chart,
                alt=wording.chart_alt(chart, _label(ctx, "track_record")),
            )
        )  # fmt: skip
    groups = _groups(ctx, record)
    if groups:
        out.append(Heading(plain(_label(ctx, "scores_by")), 2))
        out.append(
            MemoTable(
                [plain(_label(ctx, k)) for k in ("group", "resolved", "observed", "brier")],
                [[plain(name), plain(f"{g.resolved} / {g.forecasts}"),
                  plain(_percent(g.observed)), plain(_score(g.brier))] for name, g in groups],
                [0.46, 0.18, 0.18, 0.18],
            )
        )  # fmt: skip
    rows, cites = [], []
    shared = _shared_as_of(judged)
    for f in judged:
        due = resolves_by(f)
        rows.append([_forecast_text(ctx, f, True), plain(wording.estimate(f.estimate)),
                     plain(due.long() if due else "—"), _outcome_text(ctx, f, shared),
                     f.outcome.note if f.outcome and f.outcome.note else plain("—")])  # fmt: skip
        cites.append(tuple(f.outcome.sources) if f.outcome else ())
    out.append(Heading(plain(_label(ctx, "outcomes_heading")), 2))
    header = [_label(ctx, "forecast"), _label(ctx, "likelihood"), _label(ctx, "resolves_by"),
              _outcome_heading(ctx, shared), _label(ctx, "outcome_note")]  # fmt: skip
    out.append(MemoTable([plain(h) for h in header], rows,
                         [0.34, 0.14, 0.13, 0.14, 0.25], cites))  # fmt: skip
    return out
