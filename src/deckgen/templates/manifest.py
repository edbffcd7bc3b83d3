"""template.yaml, the template-set manifest: its format, defined once, and its checked loading."""

from __future__ import annotations

import os
import string
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from deckgen import images as imageinfo
from deckgen.checking.fields import (
    INVALID,
    Choice,
    Color,
    Context,
    Field,
    Flag,
    ListOf,
    MapOf,
    Number,
    Record,
    Str,
)
from deckgen.checking.source import Path as KeyPath
from deckgen.vocabulary import DECK_PARTS, OUTCOMES

ROLES = ("title", "section", "statement", "bullets", "table", "comparison", "chart", "image",
         "quote", "closing")  # fmt: skip
STYLE_ROLES = ("title", "subtitle", "heading1", "heading2", "body", "bullet", "bullet2", "quote",
               "caption", "table", "memo_field", "marking", "footnote_text",
               "footnote_reference")  # fmt: skip
RECIPE_DECK_PARTS = (*DECK_PARTS, "outlook")
MEMO_PARTS = ("header", "bluf", "key_judgments", "shared_goals", "divergences", "forecasts",
              "timeline", "sections", "sources", "estimative",
              "track_record")  # fmt: skip
LOGO_POSITIONS = ("top-left", "top-right", "bottom-left", "bottom-right")
LABEL_KEYS = (
    "bluf", "key_judgments", "judgment", "likelihood", "confidence", "shared_goals", "goal",
    "shared_by", "all_actors", "divergences", "issue", "significance", "no_position", "forecasts",
    "forecasts_heading", "outlook", "actor", "area", "forecast", "horizon", "timeline", "date",
    "event", "sources", "source_line", "sources_line", "continued", "continued_more",
    "more_in_memo", "closing", "memorandum",
    "to", "from", "date_field", "version_field", "subject", "bluf_label", "version", "page",
    "chart_data", "chart_category",
    "estimative_heading", "estimative_note", "significance_levels", "confidence_levels",
    "shares", "does_not_share", "shares_key", "slide_number", "agenda", "sections_heading",
    "appendix", "appendix_title", "appendix_number", "see_appendix", "divider",
    # the track_record part's (plan/track_record.py LABELS)
    "track_record", "track_record_title", "track_record_summary", "calibration",
    "calibration_forecast", "calibration_observed", "scores_by", "group", "resolved", "observed",
    "brier", "band", "outcome", "outcomes_heading", "outcome_note", "criterion", "resolves_by",
    "as_of",
)  # fmt: skip
# The values a label fills in ("Outlook: {actor}"); every other label fills in none. A label
# holds only these, and `{{` and `}}` for braces: `{actor:>1000000000}` grew to gigabytes, and
# `{nope}` or a lone `{` stopped a build half-way.
LABEL_FIELDS = {
    "forecasts": ("actor",), "source_line": ("sources",), "sources_line": ("sources",),
    "continued": ("title",), "continued_more": ("title", "n"), "more_in_memo": ("count",),
    "chart_data": ("title",), "page": ("page", "pages"),
    "shares_key": ("yes", "no"), "slide_number": ("n", "total"),
    "appendix_title": ("letter", "title"), "appendix_number": ("letter", "n"),
    "see_appendix": ("letter",), "divider": ("n", "title"),
    "track_record_title": ("brier", "resolved"), "as_of": ("date",),
    "track_record_summary": ("resolved", "forecasts", "happened", "partly", "missed", "open",
                             "brier"),
}  # fmt: skip
MAX_LABEL = 2_000  # characters; the longest default label (estimative_note) has 560
SIZE_KEYS = ("body", "table", "dense_table", "statement", "quote", "source_line", "marking",
             "floor")  # fmt: skip


def inside(folder: Path, name: str) -> Path | None:
    """``folder/name`` when it stays inside ``folder`` (no absolute path, no drive, no '..',
    no symlink leading out), else None. A template set travels as one folder, and a
    template.yaml from elsewhere must not make deckgen read, or copy into a briefing, a file
    outside it."""
    if os.path.isabs(name) or PureWindowsPath(name).drive or name.startswith(("/", "\\")):
        return None
    if ".." in PurePosixPath(name.replace("\\", "/")).parts:
        return None
    candidate = folder / name
    if not candidate.resolve().is_relative_to(folder.resolve()):
        return None  # a symlink pointing out
    return candidate


def _outside(ctx: Context, at: KeyPath, name: str, what: str) -> None:
    folder = Path(ctx.doc.path).parent
    ctx.error(
        at,
        f"the {what} {name!r} is outside the template set's folder ({folder.name}/)",
        f"Copy the file into {folder} and name it relative to template.yaml, e.g. "
        f"`{Path(name).name}`.",
    )


@dataclass
class SetFile(Str):
    """A file of the template set, named relative to template.yaml and kept inside its folder;
    it may be absent (the default set's file of the same name is used then)."""

    what: str = "file"
    suffixes: tuple[str, ...] = ()

    def load(self, value: Any, path: KeyPath, ctx: Context) -> Any:
        name = super().load(value, path, ctx)
        if name is INVALID:
            return INVALID
        if self.suffixes and Path(name).suffix.lower() not in self.suffixes:
            ctx.error(path, f"the {self.what} {name!r} must be a {' or '.join(self.suffixes)} file",
                      "Name the set's own file, e.g. `deck.pptx` or `memo.docx`.")  # fmt: skip
            return INVALID
        if inside(Path(ctx.doc.path).parent, name) is None:
            _outside(ctx, path, name, self.what)
            return INVALID
        return name


@dataclass
class Label(Str):
    """Words the outputs print, with ``{name}`` where a value is filled in (only the names in
    ``fields``: no format specs, no conversions, no other fields)."""

    fields: tuple[str, ...] = ()

    def load(self, value: Any, path: KeyPath, ctx: Context) -> Any:
        text = super().load(value, path, ctx)
        if text is INVALID:
            return INVALID
        may = ", ".join(f"`{{{f}}}`" for f in self.fields)
        allowed = f"This label may fill in {may}" if self.fields else "This label fills in nothing"
        if len(text) > MAX_LABEL:
            ctx.error(path, f"this label is {len(text):,} characters long",
                      f"Keep labels under {MAX_LABEL:,} characters.")  # fmt: skip
            return INVALID
        try:
            parts = list(string.Formatter().parse(text))
        except ValueError:
            ctx.error(path, "this label holds a lone `{` or `}`",
                      f"Write `{{{{` or `}}}}` for a brace. {allowed}.")  # fmt: skip
            return INVALID
        for _literal, name, spec, conversion in parts:
            if name is None:
                continue
            written = "{" + name + (f"!{conversion}" if conversion else "")
            written += (f":{spec}" if spec else "") + "}"
            if name not in self.fields:
                ctx.error(path, f"this label fills in `{written}`, which it has no value for",
                          f"{allowed}; write `{{{{` and `}}}}` for braces.")  # fmt: skip
                return INVALID
            if spec or conversion:
                ctx.error(path, f"`{written}` formats the value it fills in; labels cannot",
                          f"Write `{{{name}}}` alone.")  # fmt: skip
                return INVALID
        return text


def _logo(values: dict[str, Any], path: Any, ctx: Context) -> dict[str, Any] | None:
    at = (*path, "path")
    name = values["path"]
    folder = Path(ctx.doc.path).parent
    found = inside(folder, name)
    if found is None:
        _outside(ctx, at, name, "logo")
        return None
    if not found.is_file():
        ctx.error(at, f"the logo {name!r} does not exist in {folder}",
                  "Put the picture in the template set's folder, or fix the name.")  # fmt: skip
        return None
    try:  # decoded whole, as the writers read it: a logo cut short must not break builds
        imageinfo.read_file(found)
    except imageinfo.NotAPicture:
        ctx.error(at, f"the logo {name!r} is not a PNG, JPEG or GIF picture",
                  "Save the logo as PNG or JPEG.")  # fmt: skip
        return None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        ctx.error(at, f"the logo {name!r} cannot be used: {reason}",
                  "Open it in an image editor and save it again as PNG or JPEG.")  # fmt: skip
        return None
    values["path"] = str(found.resolve())
    return values


def _words(name: str, keys: tuple[str, ...]) -> Record:
    return Record(name, [Field(k, Str(), f"the word(s) printed for {k.replace('_', ' ')}")
                         for k in keys], dict)  # fmt: skip


LABELS = Record("labels", [
    *(Field(k, Label(fields=LABEL_FIELDS.get(k, ())),
            f"the words printed for {k.replace('_', ' ')}") for k in LABEL_KEYS
      if k not in ("significance_levels", "confidence_levels")),
    Field("areas", _words("areas", ("diplomatic", "military", "economic", "political", "other")),
          "the printed name of each forecast area"),
    Field("significance_levels", _words("significance levels", ("high", "medium", "low")),
          "the printed name of each significance level"),
    Field("confidence_levels", _words("confidence levels", ("low", "moderate", "high")),
          "the printed name of each confidence level"),
    Field("outcomes", _words("outcomes", OUTCOMES), "the printed name of each forecast outcome"),
], dict, "Every fixed word the outputs print; `{name}` marks a value filled in.")  # fmt: skip

PALETTE = Record("palette", [
    Field("primary", Color(), "titles and table header rows", example="#1F3A5F"),
    Field("accent", Color(), "rules and bullets"),
    Field("text", Color(), "body text"),
    Field("muted", Color(), "source lines and captions"),
    Field("light", Color(), "banded table rows"),
    Field("marking", Color(), "classification marking text"),
    Field("actors", ListOf(Color(), min_items=1), "colours given to actors in order"),
    Field("significance", Record("significance colours", [
        Field(k, Color(), f"colour of {k} significance") for k in ("high", "medium", "low")],
        dict), "colours of the significance levels"),
], dict, "Colours deckgen draws with.")  # fmt: skip

MANIFEST = Record("template set", [
    Field("name", Str(), "name of the set", example="default"),
    Field("description", Str(), "one line on the set's look"),
    Field("deck", SetFile(what="deck file", suffixes=(".pptx", ".potx")),
          "the deck file (.pptx or .potx) in the set's folder", example="deck.pptx"),
    Field("memo", SetFile(what="memo file", suffixes=(".docx", ".dotx")),
          "the memo file (.docx or .dotx) in the set's folder", example="memo.docx"),
    Field("layouts", Record("layouts", [
        Field(r, Str(), f"slide layout name for the {r} role") for r in ROLES], dict),
        "which slide layout serves each role (names match ignoring case)"),
    Field("styles", Record("styles", [
        Field(r, Str(), f"Word style name for the {r.replace('_', ' ')} role")
        for r in STYLE_ROLES], dict), "which Word style serves each memo role"),
    Field("palette", PALETTE, "colours"),
    Field("fonts", Record("fonts", [
        Field("heading", Str(), "typeface of titles and headings", example="Calibri"),
        Field("body", Str(), "typeface of body text", example="Calibri"),
    ], dict), "typefaces; default: the template files' own"),
    Field("sizes", Record("sizes", [
        Field(k, Number(6, 96), f"{k.replace('_', ' ')} size in points") for k in SIZE_KEYS],
        dict), "type sizes in points"),
    Field("labels", LABELS, "every fixed word the outputs print"),
    Field("logo", Record("logo", [
        Field("path", Str(), "PNG or JPEG inside the set's folder", True, "logo.png"),
        Field("alt", Str(), "alternative text", example="Organization logo"),
        Field("position", Choice(LOGO_POSITIONS), "corner of each slide", example="top-left"),
        Field("height", Number(0.1, 2), "height in inches", example=0.3),
    ], dict, finish=_logo), "a logo on every slide and on the memo's first page"),
    Field("footer", Str(), "a line printed at the foot of every slide and memo page"),
    Field("memo_options", Record("memo options", [
        Field("keep_header_text", Flag(), "keep the memo template's own header and footer "
              "text (by default deckgen's marking and page numbers replace it)"),
        Field("citations", Choice(("footnotes", "endnotes")), "where the memo's source "
              "notes go: footnotes (default) or endnotes at the end, as under ICD 206",
              example="footnotes"),
    ], dict), "how the memo treats its template file"),
    Field("recipes", MapOf(None, Record("recipe", [
        Field("deck", ListOf(Choice(RECIPE_DECK_PARTS)), "deck parts in order", True),
        Field("memo", ListOf(Choice(MEMO_PARTS)), "memo parts in order", True),
        Field("condense", Flag(), "at most one slide per part: tables keep the rows that fit"),
    ], dict)), "which parts appear, in which order, in each output"),
], dict, "A deckgen template set (template.yaml).")  # fmt: skip


def read(folder: Path) -> dict[str, Any]:
    """The checked manifest in ``folder``; a TemplateError lists every problem, located."""
    from deckgen.templates.sets import read_settings

    data: dict[str, Any] = read_settings(
        folder / "template.yaml",
        MANIFEST,
        "template manifest",
        "See templates/default/template.yaml for the keys.",
    )
    return data
