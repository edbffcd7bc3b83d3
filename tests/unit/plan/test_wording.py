"""How a plan words things: labels, citations, source lines, levels and actor colours."""

from __future__ import annotations

from deckgen.content.model import Actor, Chart, Divergence, PartialDate
from deckgen.plan import citations, wording
from deckgen.text import plain

from support.builders import briefing, estimate, source


def test_a_label_fills_its_names_and_keeps_other_braces() -> None:
    labels = {"continued": "{title} (cont.)", "odd": "{{x}} {missing} {title:>999}"}
    assert wording.label(labels, "continued", title="Goals") == "Goals (cont.)"
    # no str.format: an unknown name stays, and a format spec is not obeyed
    assert wording.label(labels, "odd", title="T") == "{x} {missing} {title:>999}"


def test_a_missing_label_is_its_key_in_words() -> None:
    assert wording.label({}, "key_judgments") == "Key judgments"


def test_levels_come_from_the_labels_or_the_value_capitalized() -> None:
    labels = {"confidence_levels": {"high": "Élevée"}}
    assert wording.confidence(labels, "high") == "Élevée"
    assert wording.confidence(labels, "low") == "Low"
    assert wording.confidence(labels, None) == "—"
    assert wording.level(labels, "significance_levels", None) == ""


def test_an_estimate_is_its_term_and_band_or_its_number() -> None:
    assert wording.estimate(estimate("likely")) == "likely (55–80%)"
    assert wording.estimate(estimate("unlikely", 0.3)) == "unlikely (30%)"
    assert wording.estimate(None) == "—"


def test_a_full_citation_in_notes_style() -> None:
    assert wording.source_text(source()) == "Institute, “Annual Review,” 27 March 2017."
    bare = source(publisher=None, date=None, title="Is it?")
    assert wording.source_text(bare) == "“Is it?”"


def test_a_short_source_and_a_short_note() -> None:
    assert wording.short_source(source()) == "Institute (2017)"
    assert wording.short_source(source(publisher=None, date=None)) == "Annual Review"
    assert citations.short_note(source()) == "Institute, “Annual Review”"


def test_a_source_line_names_each_source_once() -> None:
    b = briefing(sources=(source("a"), source("b", publisher="Other", date=PartialDate(2016))))
    labels = {"source_line": "Source: {sources}", "sources_line": "Sources: {sources}"}
    assert wording.source_line(labels, b, ["a", "a"]) == "Source: Institute (2017)"
    assert wording.source_line(labels, b, ["b", "a"]) == "Sources: Other (2016); Institute (2017)"
    assert wording.source_line(labels, b, []) == ""


def test_continuation_titles_count_from_the_second() -> None:
    labels = {"continued": "{title} (cont.)", "continued_more": "{title} (cont. {n})"}
    assert wording.continued(labels, plain("T"), 1).plain == "T (cont.)"
    assert wording.continued(labels, plain("T"), 3).plain == "T (cont. 3)"


def test_a_chart_in_words_states_the_takeaway_first() -> None:
    chart = Chart("line", ("2016", "2017"), (("Exports", (1.0, 2.5)),), "Trade", "bn")
    assert wording.chart_alt(chart, "Trade grows.") == (
        "Trade grows. Line chart. Trade. Exports: 2016 1, 2017 2.5 (bn)."
    )
    assert wording.chart_alt(chart).startswith("Line chart.")


def test_actor_colours_are_their_own_else_the_palettes_in_turn() -> None:
    actors = (Actor("a", "A"), Actor("b", "B", "#123456"), Actor("c", "C"))
    colors = wording.actor_colors(actors, {"actors": ["#111111", "#222222"]})
    assert colors == {"a": "#111111", "b": "#123456", "c": "#111111"}
    assert wording.actor_colors(actors[:1], {})["a"] == wording.ACTOR_COLORS[0]


def test_actor_names_are_every_actor_when_none_or_all_are_named() -> None:
    b = briefing()
    assert wording.actor_names(b, ()) == "Alpha, Beta"
    assert wording.actor_names(b, ("beta", "alpha")) == "Alpha, Beta"
    assert wording.actor_names(b, ("beta",)) == "Beta"


def test_an_issue_cell_is_the_issue_in_bold_then_its_detail() -> None:
    text = wording.issue_text(Divergence(plain("Water"), detail=plain("Scarce")))
    assert text.plain == "Water — Scarce" and text.runs[0].bold
    assert wording.issue_text(Divergence(plain("Water"))).plain == "Water"
