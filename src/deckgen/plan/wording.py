"""Briefing facts and a template set's labels to the words a plan prints: labels, citations, levels.

Pure functions of their arguments (no planner state), so lint and other readers can word a
thing exactly as the deck and the memo do.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from deckgen.content.model import Actor, Briefing, Chart, Divergence, Source
from deckgen.text import Text, plain
from deckgen.vocabulary import Estimate

# `{name}` in a label, and `{{` and `}}`, which stand for one brace each (as in str.format)
_FILLED = re.compile(r"\{\{|\}\}|\{(\w+)\}")
# Actor colours when the template set's palette names none
ACTOR_COLORS = ("#1F4E79", "#2E7D5B")


def label(labels: Mapping[str, Any], key: str, **kw: str) -> str:
    """The set's words for ``key`` with its ``{name}`` values filled in. Not str.format:
    a label is checked on loading (manifest.Label), and were one to slip through, a
    format spec could grow it without bound or a stray brace stop the build."""
    text = str(labels.get(key, key.replace("_", " ").capitalize()))
    return _FILLED.sub(lambda m: kw.get(m[1], m[0]) if m[1] else m[0][0], text)


def level(labels: Mapping[str, Any], table: str, value: str | None) -> str:
    """A level's printed name (significance, confidence) from the labels."""
    if not value:
        return ""
    return str(labels.get(table, {}).get(value, value.capitalize()))


def confidence(labels: Mapping[str, Any], c: str | None) -> str:
    """The level alone: it always stands under a "Confidence" heading, apart from likelihood."""
    return level(labels, "confidence_levels", c) if c else "—"


def estimate(e: Estimate | None) -> str:
    """An estimate's likelihood words ("Likely (55–80%)"), or a dash when there is none."""
    return e.label() if e else "—"


def area_name(labels: Mapping[str, Any], area: str) -> str:
    """A forecast area's printed name (politics, economy, ...) from the labels."""
    return str(labels.get("areas", {}).get(area, area.capitalize()))


def continued(labels: Mapping[str, Any], title: Text, n: int) -> Text:
    """The title of the n-th continuation slide: "X (cont.)", then "X (cont. 2)"."""
    if n == 1:
        return plain(label(labels, "continued", title=title.plain))
    return plain(label(labels, "continued_more", title=title.plain, n=str(n)))


def short_source(source: Source) -> str:
    """A source as a slide's source line names it: publisher (or author, title) and year."""
    who = source.publisher or source.author or source.title
    return f"{who} ({source.date.year})" if source.date else who


def source_line(labels: Mapping[str, Any], briefing: Briefing, ids: list[str]) -> str:
    """The line under a slide's content naming its sources once each, in citing order."""
    unique = list(dict.fromkeys(ids))
    if not unique:
        return ""
    names = "; ".join(
        graded(short_source(briefing.source(i)), citation_grade(briefing.source(i), ids, i))
        for i in unique
    )
    key = "source_line" if len(unique) == 1 else "sources_line"
    return label(labels, key, sources=names)


def grade(source: Source, credibility: int | None = None) -> str:
    """A citation's Admiralty grade: the source's reliability letter, then the credibility of
    what it reported ("C3"); either alone when only one is given; "" when neither is."""
    if credibility is None:
        return source.reliability or ""
    if source.reliability:
        return f"{source.reliability}{credibility}"
    return f"credibility {credibility}"


def citation_grade(source: Source, cited: list[str], ident: str) -> str:
    """The grades ``ident`` is cited with among ``cited`` (a citation may carry its
    credibility, content.model.Citation), each once: "C3", or "C2/C3" when they differ."""
    levels = [getattr(c, "credibility", None) for c in cited if c == ident]
    graded_levels = sorted({n for n in levels if n is not None})
    if not graded_levels:
        return grade(source)
    return "/".join(grade(source, n) for n in graded_levels)


def graded(text: str, grade_text: str) -> str:
    """``text`` with its grade beside it: "SouthFront (2017) [C3]"."""
    return f"{text} [{grade_text}]" if grade_text else text


def source_text(s: Source) -> str:
    """A full citation in Chicago notes style: Publisher, “Title,” Date, URL."""
    tail = [x for x in (s.date.long() if s.date else None, s.url) if x]
    stop = "" if s.title.endswith(("?", "!")) else ("," if tail else ".")
    title = f"“{s.title}{stop}”"
    text = ", ".join([x for x in (s.author, s.publisher) if x] + [title])
    return f"{text} {', '.join(tail)}." if tail else text


def chart_alt(chart: Chart, takeaway: str = "") -> str:
    """A chart told in words: the takeaway first (the slide's title, which states it), then
    what is charted and every value, so a listener gets the point before the numbers."""
    parts = []
    for name, values in chart.series:
        pairs = ", ".join(f"{c} {v:g}" for c, v in zip(chart.categories, values))
        parts.append(f"{name}: {pairs}")
    title = f"{chart.title}. " if chart.title else ""
    unit = f" ({chart.unit})" if chart.unit else ""
    point = takeaway.rstrip(".") + ". " if takeaway else ""
    return f"{point}{chart.type.capitalize()} chart. {title}{'; '.join(parts)}{unit}."


def actor_colors(actors: tuple[Actor, ...], palette: Mapping[str, Any]) -> dict[str, str]:
    """Each actor's colour: its own, else the palette's actor colours in turn."""
    cycle = list(palette.get("actors", ACTOR_COLORS))
    return {a.id: a.color or cycle[i % len(cycle)] for i, a in enumerate(actors)}


def actor_names(briefing: Briefing, ids: tuple[str, ...]) -> str:
    """The names of the actors ``ids`` (every actor when it is none or all of them)."""
    if not ids or set(ids) == {a.id for a in briefing.actors}:
        return ", ".join(a.name for a in briefing.actors)
    return ", ".join(briefing.actor(i).name for i in ids)


def issue_text(d: Divergence) -> Text:
    """A divergence's Issue cell: the issue in bold, then why it matters ("**Issue** —
    detail"), as a shared goal reads, so the reason sits beside what it explains."""
    text = Text(tuple(r.__class__(r.text, True, r.italic) for r in d.issue.runs))
    return text + plain(" — ") + d.detail if d.detail else text
