"""The content format, version 1, defined once: records that loading checks and `schema` prints."""

from __future__ import annotations

from typing import Any

from deckgen import vocabulary as analytic
from deckgen.checking.fields import (
    INVALID,
    TEXT,
    Choice,
    Color,
    Context,
    Field,
    Flag,
    Id,
    ListOf,
    MapOf,
    Markup,
    Number,
    Record,
    Ref,
    Str,
    as_written,
    shown,
    words,
)
from deckgen.checking.source import Path
from deckgen.content import checks, model
from deckgen.content.kinds import (
    Bullets,
    Cite,
    ContentFile,
    Date,
    Likelihood,
    Probability,
    Reliability,
)
from deckgen.vocabulary import (
    AREAS,
    CHART_TYPES,
    DIRECTIONS,
    INDICATOR_STATUS,
    NOTE_PARTS,
    OUTCOMES,
    SIGNIFICANCE,
)

FORMAT_VERSION = 1


class FormatVersion(Choice):
    """The `deckgen:` key: which version of this format the file is written in."""

    def __init__(self) -> None:
        super().__init__((str(FORMAT_VERSION),))

    def load(self, value: Any, path: Path, ctx: Context) -> Any:
        written = as_written(value, path, ctx)  # `deckgen: 01` is no version 1
        if isinstance(written, str) and written.strip() == str(FORMAT_VERSION):
            return str(FORMAT_VERSION)
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        ctx.error(
            path,
            f"content format version {written if number else shown(written)} is not supported",
            f"This deckgen reads format version {FORMAT_VERSION}: write `deckgen: 1`.",
        )
        return INVALID

    def json(self) -> dict[str, Any]:
        return {"enum": [FORMAT_VERSION, str(FORMAT_VERSION)]}


SOURCES = ListOf(Cite(), unique=True)  # an id, or {id, credibility}
AUDIENCE = Field(
    "audience",
    ListOf(Ref("audiences"), min_items=1, unique=True),
    "only for these audiences (named in `variants`); default: every audience",
    example=["internal"],
)
SOURCES_DOC = (
    "ids from `sources` that support this item; `{id: ID, credibility: 1-6}` grades what "
    "that source reported"
)


# one to show: text, or a plain number or true/false, which bullets print as written
_BULLET = {"anyOf": [TEXT, {"type": ["number", "boolean"]}, {"type": "array", "minItems": 1}]}


def _text(name: str, doc: str, required: bool = False, example: Any = None) -> Field:
    return Field(name, Markup(), doc, required, example)


SOURCE = Record(
    "source",
    [
        Field("id", Id("sources"), "identifier other items cite", True, "ewi-2018"),
        Field(
            "title", Str(), "title of the work", True, "How Strong is the Iran-Russia 'Alliance'?"
        ),
        Field("publisher", Str(), "publishing organization", example="EastWest Institute"),
        Field("author", Str(), "author(s) of the work"),
        Field(
            "date", Date(), "publication date: YYYY, YYYY-MM or YYYY-MM-DD", example="2018-02-20"
        ),
        Field(
            "url",
            Str(pattern=r"https?://\S+", pattern_hint="Write a full http(s):// address."),
            "web address",
        ),
        AUDIENCE,
        Field(
            "reliability",
            Reliability(),
            "the source's reliability in the Admiralty code: A (completely reliable) to E "
            "(unreliable); F when it cannot be judged",
            example="B",
        ),
    ],
    model.Source,
    "A work the briefing cites.",
)

ACTOR = Record(
    "actor",
    [
        Field("id", Id("actors"), "identifier used by other items", True, "russia"),
        Field("name", Str(), "name as printed", True, "Russia"),
        Field(
            "color",
            Color(),
            "colour for this actor; default from the template palette",
            example="#1F4E79",
        ),
    ],
    model.Actor,
    "A state or organization whose goals and positions the briefing compares.",
)

# Words writers reach for that mean one of the levels: each is refused with the level meant.
CONFIDENCE = Field(
    "confidence",
    Choice(
        analytic.CONFIDENCE_LEVELS,
        {
            "medium": "moderate",
            "med": "moderate",
            "mid": "moderate",
            "average": "moderate",
            "fair": "moderate",
            "very high": "high",
            "very low": "low",
        },
    ),
    "confidence in the judgment (low, moderate, high), shown apart from likelihood",
    example="moderate",
)
LIKELIHOOD = Field(
    "likelihood", Likelihood(), "ICD 203 estimative term or a probability", example="likely"
)
PROBABILITY = Field(
    "probability", Probability(), "numeric probability, printed with its ICD 203 term", example=0.7
)

ASSUMPTION = Record(
    "assumption",
    [
        _text("text", "what the judgment takes to be true", True),
        CONFIDENCE,
        _text("if_wrong", "what follows for the judgment if the assumption fails"),
    ],
    model.Assumption,
    "An assumption the judgment rests on (the Key Assumptions Check).",
)

INDICATOR = Record(
    "indicator",
    [
        _text("text", "what to watch for", True),
        Field(
            "direction",
            Choice(DIRECTIONS, {"raises": "up", "lowers": "down", "higher": "up", "lower": "down"}),
            "up if seeing it makes the judgment likelier, down if less likely",
            example="down",
        ),
        Field(
            "status",
            Choice(INDICATOR_STATUS, {"not seen": "not-seen", "observed": "seen"}),
            "not-seen, emerging or seen",
            example="not-seen",
        ),
    ],
    model.Indicator,
    "A sign that would move the judgment (Indicators of Change).",
)

# A judgment's footing and its change since the previous version: key judgments and forecasts
FOOTING = [
    _text("basis", "what the judgment rests on, in one or two sentences"),
    Field("assumptions", ListOf(ASSUMPTION), "the assumptions the judgment rests on"),
    Field("indicators", ListOf(INDICATOR), "signs that would move the judgment"),
    _text("change_note", "why the judgment changed since the `previous` version"),
]

KEY_JUDGMENT = Record(
    "key judgment",
    [
        _text("text", "the judgment, one sentence", True),
        LIKELIHOOD,
        PROBABILITY,
        CONFIDENCE,
        Field("sources", SOURCES, SOURCES_DOC, example=["ewi-2018"]),
        AUDIENCE,
        *FOOTING,
    ],
    model.KeyJudgment,
    "A key judgment with its likelihood and, separately, its confidence.",
    finish=checks.estimate,
)

SHARED_GOAL = Record(
    "shared goal",
    [
        _text("title", "the goal in a few words", True, "Decisive defeat of ISIS"),
        _text("detail", "one or two sentences of explanation"),
        Field(
            # one actor is allowed: in a briefing of three, an aim only one holds may still
            # belong beside the others; `deckgen lint` notes where else it could go
            "actors",
            ListOf(Ref("actors"), min_items=1, unique=True),
            "actors sharing this goal; default: all",
            example=["russia", "iran"],
        ),
        Field("sources", SOURCES, SOURCES_DOC),
        AUDIENCE,
    ],
    model.SharedGoal,
    "A goal the actors, or some of them, share.",
)

DIVERGENCE = Record(
    "divergence",
    [
        _text("issue", "the issue the actors diverge on", True, "Future of Bashar al-Assad"),
        Field(
            "positions",
            MapOf("actors", Markup()),
            "each actor's position, keyed by actor id; a missing actor has no stated position",
            True,
            {"russia": "Open to a coalition government", "iran": "Keep Assad in power"},
        ),
        Field(
            "significance",
            Choice(SIGNIFICANCE, {"moderate": "medium", "med": "medium", "mid": "medium"}),
            "how much it matters: high, medium, low",
            example="high",
        ),
        _text("detail", "one sentence on why it matters"),
        Field("sources", SOURCES, SOURCES_DOC),
        AUDIENCE,
    ],
    model.Divergence,
    "An issue on which the actors' positions differ.",
)

OUTCOME = Record(
    "outcome",
    [
        Field(
            "result",
            Choice(
                OUTCOMES,
                {
                    "did not happen": "did-not-happen",
                    "not happened": "did-not-happen",
                    "partial": "partly",
                    "partially": "partly",
                    "open": "unresolved",
                },
            ),
            "happened, did-not-happen, partly or unresolved",
            True,
            "happened",
        ),
        Field(
            "as_of",
            Date(),
            "when the outcome was judged: YYYY, YYYY-MM or YYYY-MM-DD",
            example="2018-02-28",
        ),
        _text("note", "one sentence on what happened"),
        Field("sources", SOURCES, "ids from `sources` that show the outcome", example=["ewi-2018"]),
    ],
    model.Outcome,
    "How a forecast turned out.",
)

FORECAST = Record(
    "forecast",
    [
        Field(
            "actor", Ref("actors"), "the actor whose aim or behaviour is forecast", True, "russia"
        ),
        _text("statement", "what is expected", True),
        Field(
            "area",
            Choice(AREAS),
            "diplomatic, military, economic, political or other",
            example="military",
        ),
        Field("horizon", Str(), "period the forecast covers", example="2017"),
        LIKELIHOOD,
        PROBABILITY,
        CONFIDENCE,
        Field("sources", SOURCES, SOURCES_DOC),
        AUDIENCE,
        *FOOTING,
        Field(
            "resolves_by",
            Date(),
            "date by which the forecast can be judged; default: the end of its horizon",
            example="2017-12-31",
        ),
        _text("criterion", "how anyone will know whether it happened"),
        Field("outcome", OUTCOME, "how the forecast turned out, once it is known"),
    ],
    model.Forecast,
    "An expected aim or action of one actor over a horizon.",
    finish=checks.estimate,
)

TIMELINE_EVENT = Record(
    "timeline event",
    [
        Field("date", Date(), "YYYY, YYYY-MM or YYYY-MM-DD", True, "2015-09"),
        _text("event", "what happened", True),
        Field("sources", SOURCES, SOURCES_DOC),
        AUDIENCE,
    ],
    model.TimelineEvent,
    "A dated event.",
)

TABLE = Record(
    "table",
    [
        Field("columns", ListOf(Markup(), min_items=1), "column headings", True, ["Aim", "Russia"]),
        Field("rows", ListOf(ListOf(Markup()), min_items=1), "rows, one cell per column", True),
    ],
    model.Table,
    "A native table.",
    finish=checks.table,
)

CHART = Record(
    "chart",
    [
        Field("type", Choice(CHART_TYPES), "bar, column, line or pie", True, "bar"),
        Field("categories", ListOf(Str(), min_items=1), "category labels", True),
        Field(
            "series",
            MapOf(None, ListOf(Number(), min_items=1), min_items=1),
            "series name to one number per category",
            True,
            {"Distance (km)": [700, 450]},
        ),
        Field("title", Str(), "chart title"),
        Field("unit", Str(), "unit of the values, shown on the value axis"),
    ],
    model.Chart,
    "A native, editable chart drawn from the data.",
    finish=checks.chart,
    rules=[
        {
            "if": {"required": ["type"], "properties": {"type": words(("pie",))}},
            "then": {"properties": {"series": {"maxProperties": 1}}},
        }
    ],
)

IMAGE = Record(
    "image",
    [
        Field("path", Str(), "path of a PNG or JPEG inside the workspace", True, "img/map.png"),
        Field("alt", Str(), "alternative text describing the picture (required)", True),
    ],
    model.Image,
    "A picture with alternative text.",
    finish=checks.image,
)

QUOTE = Record(
    "quote",
    [
        _text("text", "the quoted words", True),
        _text("by", "who said or wrote it"),
    ],
    model.Quote,
    "A quotation.",
)

SECTION = Record(
    "section",
    [
        _text("title", "slide title and memo heading; best written as a full sentence", True),
        Field("bullets", Bullets(), "bullet points; a nested list holds sub-points"),
        Field("table", TABLE, "a native table"),
        Field("chart", CHART, "a native chart"),
        Field("image", IMAGE, "a picture with alt text"),
        Field("quote", QUOTE, "a quotation"),
        Field("notes", Str(), "speaker notes"),
        Field("sources", SOURCES, SOURCES_DOC),
        AUDIENCE,
        Field(
            "appendix",
            Flag(),
            "true: a backup slide in the deck's appendix (Appendix A, "
            "B, …), pointed to from the section before it; the memo keeps it in place",
        ),
    ],
    model.Section,
    "A free-form slide and memo section.",
    finish=checks.section,
    rules=[
        {
            "anyOf": [
                {"required": ["bullets"], "properties": {"bullets": {"contains": _BULLET}}},
                *({"required": [k]} for k in ("table", "chart", "image", "quote")),
            ]
        }
    ],
)

VARIANT = Record(
    "variant",
    [
        Field(
            "name", Id("variants"), "names the variant's outputs: ID-NAME-deck.pptx", True, "public"
        ),
        Field(
            "audiences",
            ListOf(Id(), min_items=1, unique=True),
            "audiences whose items this variant includes",
            True,
            ["public"],
        ),
        Field("marking", Str(), "marking printed on this variant", example="UNCLASSIFIED"),
        Field(
            "distribution",
            Str(),
            "distribution line of this variant",
            example="Approved for public release",
        ),
    ],
    model.Variant,
    "A version for some audiences: items whose `audience` it does not include are left out.",
    finish=checks.variant,
)

MEMO = Record(
    "memo",
    [
        _text("to", "addressee", example="Policy Planning Staff"),
        Field("from", Markup(), "sender", attr="sender", example="Regional Analysis Unit"),
        _text("subject", "subject line"),
    ],
    model.MemoHeader,
    "The memo header block.",
)

NOTES = Record(
    "notes",
    [Field(p, Str(), f"speaker notes for the {p.replace('_', ' ')} part") for p in NOTE_PARTS],
    dict,
    "Speaker notes per part.",
)

BRIEFING = Record(
    "briefing",
    [
        Field("deckgen", FormatVersion(), "content format version (1)", True, 1),
        Field(
            "id", Id(), "names the outputs; default: the file's stem", example="russia-iran-2017"
        ),
        _text("title", "title of the briefing", True, "The Russia–Iran Alliance"),
        _text("subtitle", "subtitle"),
        Field(
            "date",
            Date(2107, "the last year a zip file (pptx, docx) can date its parts"),
            "date of the briefing; it dates the outputs too (up to 2107, as zip files can)",
            example="2017-04-01",
        ),
        Field("version", Str(), "version of the briefing", example="1.0"),
        Field(
            "previous",
            ContentFile(),
            "the earlier version of this briefing (a content file, relative to this one); "
            "the deck and memo say what changed since",
            example="russia-iran-2017.yaml",
        ),
        Field("author", Str(), "author"),
        Field("organization", Str(), "organization"),
        Field(
            "marking",
            Str(),
            "classification or handling marking, top and bottom of every slide and page",
            example="UNCLASSIFIED",
        ),
        Field(
            "distribution",
            Str(),
            "distribution or handling line",
            example="Approved for public release",
        ),
        Field(
            "language",
            Str(
                pattern=r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*",
                pattern_hint="Write a BCP 47 tag such as en, en-GB or fr.",
            ),
            "BCP 47 language of the text",
            example="en",
        ),
        Field("memo", MEMO, "memo header block"),
        _text("bluf", "bottom line up front: one short paragraph"),
        Field("key_judgments", ListOf(KEY_JUDGMENT), "key judgments"),
        Field(
            "actors",
            ListOf(
                ACTOR,
                min_items=2,
                few="A briefing compares two or more actors: add another under `actors:`.",
            ),
            "the actors compared (two or more)",
            True,
        ),
        Field("shared_goals", ListOf(SHARED_GOAL), "goals the actors share"),
        Field("divergences", ListOf(DIVERGENCE), "issues on which the actors diverge"),
        Field("forecasts", ListOf(FORECAST), "forecasts per actor and area"),
        Field("timeline", ListOf(TIMELINE_EVENT), "dated events"),
        Field("sections", ListOf(SECTION), "free-form slides and memo sections"),
        Field("notes", NOTES, "speaker notes per part"),
        Field("sources", ListOf(SOURCE), "works cited"),
        Field("variants", ListOf(VARIANT), "versions for different audiences"),
    ],
    model.Briefing,
    "A deckgen briefing (content format version 1).",
    finish=checks.briefing,
    rules=[
        {
            "anyOf": [
                {"required": [k], "properties": {k: {"minItems": 1}}}
                for k in ("shared_goals", "divergences", "forecasts")
            ]
        }
    ],
)


# What `deckgen validate` checks beyond this schema: rules JSON Schema cannot say about one
# JSON value. The agreement test (tests/test_schema_agreement.py) holds validation and the
# schema to the same verdict everywhere else.
BEYOND_SCHEMA: dict[str, str] = {
    "reference": "every id cited (sources, actors, positions, audiences) is defined",
    "duplicate-id": "no id is defined twice",
    "lengths": "a table row has one cell per column; a chart series one value per category",
    "picture": "an image path names a PNG or JPEG inside the workspace",
    "estimate": "a likelihood and a probability given together fall in the same band",
    "file-name": "without `id:`, the file name can serve as the briefing id",
    "yaml": "the YAML itself: syntax, encoding, duplicate keys, tags, aliases, size, nesting",
    "json": "numbers are finite (YAML's .inf and .nan have no JSON form)",
    "language-mark": "a `[phrase]{lang=TAG}` mark in text is complete, with a BCP 47 tag",
    "audience": "every variant that shows an item shows the sources it cites",
    "previous": "a `previous:` file exists in the workspace and is a valid briefing",
}


def json_schema() -> dict[str, Any]:
    """The content format as a JSON Schema (draft 2020-12) for editors and validators."""
    schema = BRIEFING.json()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://deckgen.dev/schema/content-v1.json",
        "$comment": "`deckgen validate` also checks what JSON Schema cannot say: "
        + "; ".join(BEYOND_SCHEMA.values())
        + ".",
        **schema,
    }
