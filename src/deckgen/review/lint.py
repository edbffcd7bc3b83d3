"""A briefing and a template set to analytic, citation, accessibility and fitting findings."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deckgen import vocabulary as analytic
from deckgen.checking import source
from deckgen.content.model import Briefing
from deckgen.contrast import needed, ratio, rgb
from deckgen.errors import ContentError, DeckgenError, Diagnostic, Location
from deckgen.markings import banner
from deckgen.plan.fit import DEFAULT_SIZES
from deckgen.templates.sets import BUILTIN, Recipe, TemplateSet

if TYPE_CHECKING:
    from deckgen.build.options import Options
    from deckgen.templates.deck import DeckPrep

# Rule ids: DOMAIN.md §7a's where one fits; CITE-03/-04, GOAL-01, FIT-… and TPL-01 are
# deckgen's own.
RULES: dict[str, str] = {
    "EST-01": "a probability printed with a term of the set the briefing does not otherwise use",
    "EST-02": "a sentence states both a confidence level and a likelihood term",
    "EST-03": "estimative term sets A and B are mixed",
    "EST-06": "high confidence on a forecast reaching more than a year ahead",
    "GOAL-01": "a shared goal that lists one actor",
    "CITE-01": "a table or chart section without sources: its slide has no Source: line",
    "CITE-03": "a claim without sources",
    "CITE-04": "a source that nothing cites",
    "A11Y-03": "picture alt text is a file name or too short to describe anything",
    "A11Y-06": "text contrast below 4.5:1 (3:1 for large text)",
    "A11Y-07": "actor colours too alike to tell apart",
    "FIT-01": "text or a title was shrunk to fit its slide",
    "FIT-02": "a slide continues the one before",
    "TPL-01": "the deck template needed a fallback",
}

SEVERITIES = ("error", "warning", "info")
WHITE = "#FFFFFF"
MIN_ALT = 10  # characters; shorter alt text cannot say what a picture shows
ACTOR_MIN_RATIO = 1.3  # below this, two actor colours read as one at a glance
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif")
MEMO_HEADER_PT = 9.5  # the memo writer's table header text: white, bold, on primary or actor fills

# The parts whose items are claims, with how a reader names one and the field that says it.
CLAIMS: dict[str, tuple[str, str]] = {
    "key_judgments": ("key judgment", "text"),
    "shared_goals": ("shared goal", "title"),
    "divergences": ("divergence", "issue"),
    "forecasts": ("forecast", "statement"),
    "timeline": ("timeline event", "event"),
}

_CONFIDENCE = re.compile(
    r"\b(?:low|moderate|high)(?:[- ]to[- ](?:low|moderate|high))?\s+confidence\b", re.I
)
# longest first, so "very likely" is one match rather than "likely" inside it
_TERM = re.compile(
    r"\b(?:"
    + "|".join(re.escape(t) for t in sorted(analytic.TERMS, key=len, reverse=True))
    + r")\b",
    re.I,
)
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
_YEARS_AHEAD = re.compile(r"\b(\d+)[\s-]*years?\b", re.I)


def _finding(rule: str, severity: str, where: Location, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(where, message, hint, severity, code=rule)


class _Where:
    """Locations in one YAML file by key path, from a fresh parse: the model keeps no places."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.doc: source.Document | None = None
        # should the file vanish after loading, findings fall back to the file itself
        with contextlib.suppress(OSError):
            self.doc, _ = source.parse(Path(path).read_bytes(), self.path)

    def has(self, *keys: str | int) -> bool:
        return self.doc is not None and keys in self.doc.values

    def __call__(self, *keys: str | int) -> Location:
        return self.doc.where(keys) if self.doc else Location(self.path)


def _shown(path: Path) -> Path:
    """``path`` relative to the current folder when inside it, as content files are shown."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _excerpt(text: str, width: int = 50) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


# -- analytic -----------------------------------------------------------------------------


def _estimates(b: Briefing, recipe: Recipe, at: _Where) -> Iterator[Diagnostic]:
    """EST-03 once when sets A and B meet; EST-01 for each number printed in the other set."""
    items = [
        (part, i, item.estimate)
        for part in ("key_judgments", "forecasts")
        for i, item in enumerate(getattr(b, part))
        if item.estimate is not None
    ]
    sets = {
        "A": [x for x in items if x[2].term_set == "A"],
        "B": [x for x in items if x[2].term_set == "B"],
    }
    if not (sets["A"] and sets["B"]):
        return
    # the set most items use is the briefing's own; on a tie, ICD 203's canonical set A
    main = "B" if len(sets["B"]) > len(sets["A"]) else "A"
    other = "A" if main == "B" else "B"

    def where(part: str, i: int) -> Location:
        key = "likelihood" if at.has(part, i, "likelihood") else "probability"
        return at(part, i, key)

    part, i, _estimate = sets[other][0]
    words = ", ".join(sorted({e.written for _p, _i, e in sets[other]}))
    message = (
        f"estimative terms of ICD 203 set {main} and set {other} are mixed: "
        f"{len(sets[other])} item(s) use set {other} ({words}), first here"
    )
    if "estimative" in recipe.memo:
        yield _finding(
            "EST-03",
            "warning",
            where(part, i),
            message,
            f"The memo's estimative-language note must say both sets mean the same "
            f"probabilities; better, write every term from set {main}.",
        )
    else:
        yield _finding(
            "EST-03",
            "error",
            where(part, i),
            message,
            f"Recipe {recipe.name!r} prints no estimative-language note in the memo, so nothing "
            f"says the two sets mean the same probabilities: use set {main} throughout, or "
            "add `estimative` to the recipe's memo parts.",
        )
    for part, i, e in sets[other]:
        if e.probability is None:
            continue
        key = "probability" if at.has(part, i, "probability") else "likelihood"
        synonym = next(a if main == "A" else s for a, s, _lo, _hi in analytic.SCALE if a == e.term)
        yield _finding(
            "EST-01",
            "warning",
            at(part, i, key),
            f"probability {e.probability:g} is printed as {e.written!r}, a set-{other} term, in "
            f"a briefing that otherwise uses set {main}",
            f"Give `likelihood: {synonym}` with the probability so it prints in set {main}.",
        )


def _sentences(b: Briefing, at: _Where) -> Iterator[Diagnostic]:
    """EST-02: likelihood describes the event and confidence the evidence; one sentence
    holding both reads as one merged number."""
    texts: list[tuple[tuple[str | int, ...], str]] = []
    if b.bluf:
        texts.append((("bluf",), b.bluf.plain))
    texts += [(("key_judgments", i, "text"), k.text.plain) for i, k in enumerate(b.key_judgments)]
    texts += [(("forecasts", i, "statement"), f.statement.plain) for i, f in enumerate(b.forecasts)]
    for keys, text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            level, term = _CONFIDENCE.search(sentence), _TERM.search(sentence)
            if level and term:
                yield _finding(
                    "EST-02",
                    "warning",
                    at(*keys),
                    f"{level.group(0)!r} and {term.group(0)!r} stand in one sentence: "
                    f"{_excerpt(sentence)!r}",
                    "Give the likelihood in the text or `likelihood:`, and the confidence in "
                    "`confidence:` or a separate sentence.",
                )


def _horizon_reason(horizon: str, base_year: int | None) -> str | None:
    """Why ``horizon`` reaches more than a year ahead, or None when it does not."""
    years = [int(y) for y in _YEAR.findall(horizon)]
    if len(years) > 1 and max(years) > min(years):
        return f"the horizon {horizon!r} spans {min(years)} to {max(years)}"
    if years and base_year is not None and max(years) > base_year + 1:
        return f"the horizon {horizon!r} ends more than a year after the briefing ({base_year})"
    ahead = _YEARS_AHEAD.search(horizon)
    if ahead and int(ahead.group(1)) > 1:
        return f"the horizon {horizon!r} is {ahead.group(1)} years"
    return None


def _horizons(b: Briefing, at: _Where) -> Iterator[Diagnostic]:
    """EST-06: high confidence rarely survives a multi-year forecast (DOMAIN §1.2)."""
    base = b.date.year if b.date else None
    for i, f in enumerate(b.forecasts):
        if f.confidence != "high" or not f.horizon:
            continue
        reason = _horizon_reason(f.horizon, base)
        if reason:
            yield _finding(
                "EST-06",
                "warning",
                at("forecasts", i, "confidence"),
                f"high confidence on a forecast reaching years ahead: {reason}",
                "Judgments several years out rarely warrant high confidence; use moderate, "
                "or shorten the horizon.",
            )


def _goals(b: Briefing, at: _Where) -> Iterator[Diagnostic]:
    """GOAL-01: a shared goal one actor holds is allowed (beside the goals others share it
    may be worth showing), but it is an aim, and other parts say aims better."""
    names = {a.id: a.name for a in b.actors}
    for i, goal in enumerate(b.shared_goals):
        if len(goal.actors) != 1:
            continue
        actor = goal.actors[0]
        yield _finding(
            "GOAL-01",
            "info",
            at("shared_goals", i, "actors"),
            f"shared goal {goal.title.plain!r} lists one actor, {names.get(actor, actor)}",
            f"An aim one actor holds reads better as a forecast (`actor: {actor}` under "
            "`forecasts:`) or as its position in a divergence; keep it here to show it "
            "beside the goals the others share.",
        )


# -- citations ----------------------------------------------------------------------------


def _citations(b: Briefing, at: _Where) -> Iterator[Diagnostic]:
    """CITE-03 per unsourced claim, CITE-01 per unsourced data section, CITE-04 per idle source."""
    cited: set[str] = set()
    for part, (noun, field) in CLAIMS.items():
        for i, item in enumerate(getattr(b, part)):
            cited.update(item.sources)
            if not item.sources:
                said = _excerpt(getattr(item, field).plain)
                yield _finding(
                    "CITE-03",
                    "warning",
                    at(part, i),
                    f"{noun} {i + 1} has no sources: {said!r}",
                    "Add `sources: [ID]` naming the sources this rests on.",
                )
    for i, s in enumerate(b.sections):
        cited.update(s.sources)
        if not s.sources and (s.table or s.chart):
            kind = "table" if s.table else "chart"
            yield _finding(
                "CITE-01",
                "warning",
                at("sections", i),
                f"section {s.title.plain!r} shows a {kind} but has no sources, so its slide has "
                "no Source: line",
                "Add `sources: [ID]`; for your own data, add a source such as “Team analysis”.",
            )
    for i, src in enumerate(b.sources):
        if src.id not in cited:
            yield _finding(
                "CITE-04",
                "warning",
                at("sources", i, "id"),
                f"source {src.id!r} is never cited",
                "Cite it from the claims it supports, or remove it from `sources`.",
            )


# -- accessibility ------------------------------------------------------------------------


def _images(b: Briefing, at: _Where) -> Iterator[Diagnostic]:
    """A11Y-03: alt text is what a screen reader says instead of the picture."""
    for i, s in enumerate(b.sections):
        if s.image is None:
            continue
        alt = " ".join(s.image.alt.split())
        name = Path(s.image.path).name
        if alt.lower().endswith(IMAGE_SUFFIXES) or alt.lower() in (
            name.lower(),
            Path(name).stem.lower(),
        ):
            problem = "looks like a file name"
        elif len(alt) < MIN_ALT:
            problem = f"is only {len(alt)} characters"
        else:
            continue
        yield _finding(
            "A11Y-03",
            "error",
            at("sections", i, "image", "alt"),
            f"the alt text {alt!r} of picture {name!r} {problem}",
            "Say what the picture shows and why it is there, in a sentence or two.",
        )


def actor_colors(b: Briefing, template: TemplateSet) -> list[str]:
    """The colour each actor gets, as planning assigns it: its own, else the palette's in turn."""
    palette = list(template.palette.get("actors") or ["#1F4E79", "#2E7D5B"])
    return [a.color or palette[i % len(palette)] for i, a in enumerate(b.actors)]


class _TemplateWhere:
    """Where a palette key is set: the set's own template.yaml, else the default set's (which
    every set inherits from)."""

    def __init__(self, template: TemplateSet) -> None:
        self.own = _Where(_shown(template.folder / "template.yaml"))
        default = BUILTIN / "default" / "template.yaml"
        self.default = _Where(default) if default.is_file() else self.own

    def __call__(self, *keys: str | int) -> Location:
        for where in (self.own, self.default):
            if where.has(*keys):
                return where(*keys)
        return self.own()


def _contrast(b: Briefing, template: TemplateSet, at: _Where) -> Iterator[Diagnostic]:
    """A11Y-06 per failing text/background pair, A11Y-07 per pair of look-alike actors."""
    palette = template.palette
    sizes = {**DEFAULT_SIZES, **template.sizes}
    in_set = _TemplateWhere(template)
    # (what, text colour, background, point size, bold, where the colour is set)
    pairs: list[tuple[str, Any, Any, float, bool, Location]] = [
        # body text also fills table cells, which fitting may shrink down to the floor
        (
            "body text (palette `text`)",
            palette.get("text"),
            WHITE,
            min(sizes["dense_table"], sizes["floor"]),
            False,
            in_set("palette", "text"),
        ),
        (
            "source lines (palette `muted`)",
            palette.get("muted"),
            WHITE,
            sizes["source_line"],
            False,
            in_set("palette", "muted"),
        ),
        # the memo's table headers are small: white bold 9.5 pt on primary or actor colours
        (
            "white header text on palette `primary`",
            WHITE,
            palette.get("primary"),
            MEMO_HEADER_PT,
            True,
            in_set("palette", "primary"),
        ),
    ]
    mark = banner(b.marking or "", str(palette.get("marking") or "#1A1A1A"))
    pairs.append(
        (
            f"the marking banner{f' {mark.text!r}' if mark.text else ''}",
            mark.color,
            mark.fill or WHITE,
            max(sizes["marking"], mark.min_size),
            True,
            at("marking") if mark.fill else in_set("palette", "marking"),
        )
    )
    colors = actor_colors(b, template)
    cycle = max(1, len(palette.get("actors") or []))

    def color_set_at(i: int) -> Location:
        """The actor's own `color:`, else the palette entry it took in turn."""
        if b.actors[i].color:
            return at("actors", i, "color")
        return in_set("palette", "actors", i % cycle)

    for i, (actor, color) in enumerate(zip(b.actors, colors)):
        where = color_set_at(i)
        pairs.append(
            (
                f"white header text on {actor.name}'s colour",
                WHITE,
                color,
                MEMO_HEADER_PT,
                True,
                where,
            )
        )
    significance = palette.get("significance") or {}
    for level in dict.fromkeys(d.significance for d in b.divergences if d.significance):
        if level in significance:
            pairs.append(
                (
                    f"{level} significance (palette `significance.{level}`)",
                    significance[level],
                    WHITE,
                    min(sizes["dense_table"], sizes["floor"]),
                    True,
                    in_set("palette", "significance", level),
                )
            )
    for what, fg, bg, size, bold, where in pairs:
        if rgb(fg) is None or rgb(bg) is None:
            continue  # the manifest check reports malformed colours; nothing to measure here
        have, floor = ratio(fg, bg), needed(size, bold)
        if have < floor:
            yield _finding(
                "A11Y-06",
                "error",
                where,
                f"{what}: {fg} on {bg} has contrast {have:.2f}:1, below {floor:g}:1 for "
                f"{size:g} pt{' bold' if bold else ''} text",
                "Darken the text colour (or lighten the background) in the template set's "
                "palette until the ratio is reached.",
            )
    for i in range(len(colors)):
        for j in range(i + 1, len(colors)):
            if rgb(colors[i]) is None or rgb(colors[j]) is None:
                continue
            apart = ratio(colors[i], colors[j])
            if apart < ACTOR_MIN_RATIO:
                a, c = b.actors[i], b.actors[j]
                yield _finding(
                    "A11Y-07",
                    "info",  # actors are always named too: in header cells, legends, labels
                    color_set_at(j),
                    f"actors {a.name} and {c.name} differ by colour only a little "
                    f"({colors[i]} and {colors[j]}, {apart:.2f}:1)",
                    "Header fills and chart series tell actors apart by colour: choose colours "
                    f"further apart in lightness (at least {ACTOR_MIN_RATIO:g}:1), or give the "
                    "actors their own `color:`.",
                )


# -- fitting ------------------------------------------------------------------------------


def _fitting(
    b: Briefing, template: TemplateSet, recipe: Recipe, dt: DeckPrep | None
) -> Iterator[Diagnostic]:
    """FIT-01/02 per thing fitting did (worth a look, not wrong); TPL-01 per template fallback.
    The deck is planned as the build plans it (build.pipeline), so lint judges what is built."""
    from deckgen.build.options import Options
    from deckgen.build.pipeline import deck_facts, plan_briefing

    if dt is None:
        dt = deck_facts(template)
    for message in dt.warnings:
        yield _finding("TPL-01", "warning", Location(str(_shown(template.deck))), message)
    deck, _memo, _warnings = plan_briefing(b, template, Options(recipe=recipe.name))
    for note in deck.fitting:
        rule = "FIT-02" if "continues" in note else "FIT-01"
        yield _finding(rule, "info", Location(b.path), note)
    from deckgen.build.inputs import media

    yield from _deck_contrast(deck, dt, template, media(b, template))


# Our text boxes by shape name (placeholders by type), as the deck writer names them.
_BOXES = {"Marking (top)": "the marking", "Marking (bottom)": "the bottom marking",
          "Slide number": "the slide number", "Footer": "the footer",
          "Source line": "the source line", "Title detail": "a title-slide line",
          "Quote": "the quote", "Attribution": "the attribution",
          "Content": "body text"}  # fmt: skip
_HOLDERS = {"title": "the slide title", "ctrTitle": "the slide title",
            "subTitle": "the subtitle", "body": "body text", "obj": "body text"}  # fmt: skip


def _deck_contrast(
    deck: Any, dt: DeckPrep, template: TemplateSet, pictures: dict[str, bytes]
) -> Iterator[Diagnostic]:
    """A11Y-06 for each text box of the built deck whose text does not read on what really
    lies behind it (contrast.py: the layout's and master's backgrounds, pictures, shapes),
    once per kind of box and layout, naming the slides. ``pictures``: build.inputs.media."""
    import io

    from pptx import Presentation
    from pptx.oxml.ns import qn

    from deckgen import contrast
    from deckgen.build.clock import time_of
    from deckgen.build.inputs import deck_parts
    from deckgen.geometry import Box
    from deckgen.writers.deck import write_deck

    when = time_of(deck.properties.get("date", ""))  # dates nothing lint looks at
    data = write_deck(deck, dt, template, deck_parts(dt), pictures, when)
    prs = Presentation(io.BytesIO(data))
    width, height = int(prs.slide_width or 0), int(prs.slide_height or 0)
    backdrops: dict[str, contrast.Backdrop] = {}
    found: dict[tuple[str, str], tuple[list[int], str, str, float, float]] = {}
    for number, slide in enumerate(prs.slides, 1):
        layout = slide.slide_layout
        part = str(layout.part.partname).lstrip("/")
        if part not in backdrops:
            backdrops[part] = contrast.backdrop(layout, width, height)
        for shape in slide.shapes:
            ph_type = None
            if shape.is_placeholder:
                ph = shape._element.find(".//" + qn("p:ph"))
                ph_type = ph.get("type", "obj") if ph is not None else "obj"
                what = _HOLDERS.get(ph_type)
            else:
                what = _BOXES.get(shape.name)
            if not what or not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            try:
                box = Box(int(shape.left), int(shape.top), int(shape.width), int(shape.height))
            except (TypeError, AttributeError):
                continue
            own = shape._element.find(qn("p:spPr") + "/" + qn("a:solidFill"))
            fill = own.find(qn("a:srgbClr")) if own is not None else None
            under = (["#" + fill.get("val").upper()] if fill is not None
                     else backdrops[part].under(box))  # fmt: skip
            default = contrast.text_color(layout, ph_type)
            big = 44.0 if ph_type in ("title", "ctrTitle") else 18.0
            for run in shape._element.iter(qn("a:r")):
                props = run.find(qn("a:rPr"))
                srgb = props.find(qn("a:solidFill") + "/" + qn("a:srgbClr")) if (
                    props is not None) else None  # fmt: skip
                color = "#" + srgb.get("val").upper() if srgb is not None else default
                size = int(props.get("sz")) / 100 if props is not None and props.get("sz") else big
                bold = props is not None and props.get("b") == "1"
                have, floor = contrast.worst(color, under), contrast.needed(size, bold)
                if have < floor:
                    worst_bg = min(under, key=lambda c: contrast.ratio(color, c))
                    key = (part, what)
                    slides, *_ = found.setdefault(key, ([], color, worst_bg, have, floor))
                    if number not in slides:
                        slides.append(number)
                    break
    for (part, what), (slides, color, bg, have, floor) in found.items():
        shown = ", ".join(map(str, slides[:8])) + (" …" if len(slides) > 8 else "")
        yield _finding(
            "A11Y-06",
            "error",
            Location(str(_shown(template.deck))),
            f"{what} on slide{'s' if len(slides) > 1 else ''} {shown} ({part}): {color} on "
            f"the template's background ({bg}) has contrast {have:.2f}:1, below {floor:g}:1",
            "The deck writer picks a colour that reads or a backing band; if this persists, "
            "change the template's background or the palette colour.",
        )


# -- entry points -------------------------------------------------------------------------


def ordered(found: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Errors, then warnings, then infos; by place within each; each finding once (template
    findings repeat for every briefing of a batch)."""
    unique = list(dict.fromkeys(found))
    paths = dict.fromkeys(d.location.path if d.location else "" for d in unique)
    order = {path: n for n, path in enumerate(paths)}

    def key(d: Diagnostic) -> tuple[int, int, int, int]:
        loc = d.location or Location("")
        rank = SEVERITIES.index(d.severity) if d.severity in SEVERITIES else len(SEVERITIES)
        return (rank, order[loc.path], loc.line, loc.column)

    return sorted(unique, key=key)


def lint(
    briefing: Briefing,
    template: TemplateSet,
    recipe_name: str,
    deck_template: DeckPrep | None = None,
) -> list[Diagnostic]:
    """Every finding for one briefing built with ``template``'s recipe ``recipe_name``.

    ``deck_template`` is the set's deck already opened, so a batch opens it once.
    """
    recipe = template.recipe(recipe_name)
    at = _Where(briefing.path)
    return ordered(
        [
            *_estimates(briefing, recipe, at),
            *_sentences(briefing, at),
            *_horizons(briefing, at),
            *_goals(briefing, at),
            *_citations(briefing, at),
            *_images(briefing, at),
            *_contrast(briefing, template, at),
            *_fitting(briefing, template, recipe, deck_template),
        ]
    )


def lint_files(files: list[Path], workspace: Path, options: Options) -> list[Diagnostic]:
    """Validate and lint ``files`` with the set and files ``options`` name, resolved as
    `build` resolves them; a file that does not validate contributes its errors."""
    from deckgen.build.pipeline import deck_facts, editions, resolve_template, validate

    template = resolve_template(options, workspace)  # an unknown recipe fails here, first
    recipe_name = options.recipe
    loaded, errors = validate(files, workspace)
    briefings, _none = editions(loaded)  # each whole, as `build` plans it without --variant
    found: list[Diagnostic] = []
    for exc in errors:
        found += exc.diagnostics or [Diagnostic(None, exc.message)]
    if briefings:
        dt = deck_facts(template)
        for briefing in briefings:
            try:
                found += lint(briefing, template, recipe_name, dt)
            except ContentError as exc:
                found += exc.diagnostics
            except DeckgenError as exc:  # planning refused this briefing: report, go on
                found.append(Diagnostic(Location(briefing.path), exc.message))
    return ordered(found)
