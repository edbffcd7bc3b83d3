"""Field kinds that belong to briefings: YAML values to dates, probabilities, ICD 203
estimates and bullets of the content model, and to JSON Schema.

The generic kinds (text, choices, ids, lists, records) are in deckgen.checking.fields, which
knows nothing of briefings; these build content.model values, so they live with the model.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from typing import Any

from deckgen import vocabulary as analytic
from deckgen.checking.fields import (
    INVALID,
    Choice,
    Context,
    Kind,
    Markup,
    Ref,
    as_number,
    as_written,
    float_of,
    shown,
    suggest,
    words,
)
from deckgen.checking.source import Path
from deckgen.content.model import Bullet, Citation, PartialDate, Previous

# A real date as loading reads one, years from 1000: months 1-12, days to the month's length,
# 29 February in leap years only (divisible by 4; of the centuries, those divisible by 400).
_YEAR = r"[1-9]\d{3}"
_LEAP = r"(?:[1-9]\d(?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)"


def _date_pattern(year: str) -> str:
    """The JSON Schema pattern of a date whose year matches ``year``."""
    leap = rf"(?={year}-){_LEAP}"  # a leap year that is also one of ``year``
    day = (
        rf"{year}-(?:0?[13578]|1[02])-(?:0?[1-9]|[12]\d|3[01])"
        rf"|{year}-(?:0?[469]|11)-(?:0?[1-9]|[12]\d|30)"
        rf"|{year}-0?2-(?:0?[1-9]|1\d|2[0-8])"
        rf"|{leap}-0?2-29"
    )
    return rf"^\s*(?:{year}|{year}-(?:0?[1-9]|1[0-2])|{day})\s*$"


_DATE = _date_pattern(_YEAR)
# Years a zip member's timestamp can hold up to: the last one is 2107.
_ZIP_YEAR = r"(?:1\d{3}|20\d{2}|210[0-7])"


@dataclass
class Date(Kind):
    """A date as YAML ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, in years up to ``last_year``
    (``why_last`` says what holds no later one)."""

    last_year: int = 9999
    why_last: str = ""

    description = "YYYY, YYYY-MM or YYYY-MM-DD"

    MIN_YEAR = 1000  # as the JSON Schema says; year 0 crashed the writers' timestamps

    def load(self, value: Any, path: Path, ctx: Context) -> Any:
        date = self._read(value, path, ctx)
        if date is INVALID:
            return INVALID
        shown_as = value.isoformat() if isinstance(value, dt.date) else as_written(value, path, ctx)
        if date.year < self.MIN_YEAR:
            ctx.error(
                path,
                f"{shown(shown_as)} is not a real date (the year is before {self.MIN_YEAR})",
                "Write a four-digit year, e.g. 2017.",
            )
            return INVALID
        if date.year > self.last_year:
            ctx.error(
                path,
                f"{shown(shown_as)} is after {self.last_year}, {self.why_last}",
                f"Write a date up to {self.last_year}-12-31.",
            )
            return INVALID
        return date

    def _read(self, value: Any, path: Path, ctx: Context) -> Any:
        if isinstance(value, dt.datetime):
            return PartialDate(value.year, value.month, value.day)
        if isinstance(value, dt.date):
            return PartialDate(value.year, value.month, value.day)
        if isinstance(value, bool):
            return self.wrong(value, path, ctx, "a date")
        value = as_written(value, path, ctx)  # `date: 2_017` is no year (YAML 1.1: 2017)
        if isinstance(value, int):
            value = str(value)
        if isinstance(value, str):
            m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value.strip())
            if m:
                year, month, day = (int(g) if g else None for g in m.groups())
                try:
                    if day is not None:
                        dt.date(year, month, day)  # type: ignore[arg-type]
                    elif month is not None and not 1 <= month <= 12:
                        raise ValueError("month must be in 1..12")
                except ValueError as exc:
                    ctx.error(
                        path,
                        f"{shown(value)} is not a real date ({exc})",
                        "Check the month and day.",
                    )
                    return INVALID
                return PartialDate(year, month, day)  # type: ignore[arg-type]
        ctx.error(
            path,
            f"{shown(value)} is not a date",
            "Write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2017-04-01.",
        )
        return INVALID

    def json(self) -> dict[str, Any]:
        if self.last_year == 9999:
            year, last = _DATE, 9999
        elif self.last_year == 2107:
            year, last = _date_pattern(_ZIP_YEAR), 2107
        else:  # pragma: no cover - a new bound needs its year pattern
            raise ValueError(f"no year pattern for dates up to {self.last_year}")
        return {
            "anyOf": [
                {"type": "string", "pattern": year},
                {"type": "integer", "minimum": 1000, "maximum": last},
            ]
        }


class Probability(Kind):
    """A probability strictly between 0 and 1, or a percentage such as ``"70%"``."""

    description = 'a probability between 0 and 1 (exclusive), or a percentage such as "70%"'

    def load(self, value: Any, path: Path, ctx: Context) -> Any:
        value = as_number(value, path, ctx)
        p: float | None = None
        if isinstance(value, str) and re.fullmatch(r"\s*\d+(\.\d+)?\s*%\s*", value):
            p = float(value.strip().rstrip("%")) / 100
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            p = float_of(value)
        if p is None:
            return self.wrong(value, path, ctx, "a probability", 'Write e.g. 0.7 or "70%".')
        if not 0.01 <= p <= 0.99:
            hint = "ICD 203 never claims 0% or 100%; use a value from 0.01 to 0.99."
            if isinstance(value, (int, float)) and p > 1 and 0.01 <= p / 100 <= 0.99:
                # `75` for 75%: a percentage written without its sign
                hint = (
                    f"Did you mean {p / 100:g}? A probability is a fraction of 1: write "
                    f'{p / 100:g} or "{p:g}%".'
                )
            said = as_written(value, path, ctx)
            ctx.error(path, f"probability {said} is outside the estimative scale (1%–99%)", hint)
            return INVALID
        return p

    def json(self) -> dict[str, Any]:
        # a percentage from 1% to 99%: 0.5% and 99.5% are outside, as in loading
        percent = r"0*(?:[1-9](?:\.\d+)?|[1-8]\d(?:\.\d+)?|9[0-8](?:\.\d+)?|99(?:\.0+)?)"
        return {
            "anyOf": [
                {"type": "number", "minimum": 0.01, "maximum": 0.99},
                {"type": "string", "pattern": rf"^\s*{percent}\s*%\s*$"},
            ]
        }


class Likelihood(Kind):
    """An ICD 203 estimative term (or a synonym), or a probability."""

    description = "an ICD 203 estimative term, e.g. likely, or a probability such as 0.7"

    def load(self, value: Any, path: Path, ctx: Context) -> Any:
        number = as_number(value, path, ctx)
        if (isinstance(number, (int, float)) and not isinstance(number, bool)) or (
            isinstance(value, str) and value.strip().endswith("%")
        ):
            p = Probability().load(value, path, ctx)
            return INVALID if p is INVALID else analytic.estimate_from_probability(p)
        value = as_written(value, path, ctx)
        if isinstance(value, str):
            estimate = analytic.estimate_from_term(value)
            if estimate:
                return estimate
        close = suggest(str(value).lower(), analytic.TERMS)
        hint = f"Did you mean {close!r}? " if close else ""
        scale = ", ".join(a for a, *_ in analytic.SCALE)
        ctx.error(
            path,
            f"{shown(value)} is not an estimative term of the ICD 203 scale",
            f"{hint}Use one of: {scale}; or a probability such as 0.7.",
        )
        return INVALID

    def json(self) -> dict[str, Any]:
        return {
            "anyOf": [
                {"type": "string", "enum": list(analytic.TERMS)},
                words(analytic.TERMS),
                Probability().json(),
            ]
        }


class Bullets(Kind):
    """A list of bullet texts; a nested list holds the sub-bullets of the item before it."""

    def load(self, value: Any, path: Path, ctx: Context) -> Any:
        if not isinstance(value, list):
            return self.wrong(
                value, path, ctx, "a list of bullets", "Write one `- point` a line under the key."
            )
        out: list[Bullet] = []
        for i, item in enumerate(value):
            if isinstance(item, list):
                for j, sub in enumerate(item):
                    text = Markup().load(sub, (*path, i, j), ctx)
                    if text is not INVALID:
                        out.append(Bullet(text, 1))
            else:
                text = Markup().load(item, (*path, i), ctx)
                if text is not INVALID:
                    out.append(Bullet(text, 0))
        return tuple(out)

    def json(self) -> dict[str, Any]:
        text = Markup().json()
        return {"type": "array", "items": {"anyOf": [text, {"type": "array", "items": text}]}}


class Cite(Ref):
    """A citation: a source id, or ``{id: ID, credibility: 1-6}`` grading what that source
    reported for this claim (the Admiralty code's second half)."""

    def __init__(self) -> None:
        super().__init__("sources")

    def load(self, value: Any, path: Path, ctx: Context) -> Any:
        if not isinstance(value, dict):
            ident = super().load(value, path, ctx)
            return INVALID if ident is INVALID else Citation(ident)
        if "id" not in value:  # not a graded citation: most likely ids written as keys
            ctx.error(
                path,
                "expected an id from `sources`, found a mapping with no `id`",
                "Write the id as plain text (`sources: [s1]`), or grade the citation: "
                "`{id: s1, credibility: 2}`.",
            )
            return INVALID
        unknown = [k for k in value if k not in ("id", "credibility")]
        for key in unknown:
            ctx.error(
                (*path, key),
                f"unknown key {shown(key)} in a citation",
                "A citation holds `id` and `credibility` only.",
                key=True,
            )
        ident = super().load(value["id"], (*path, "id"), ctx)
        credibility = value.get("credibility")
        if credibility is not None:
            credibility = as_number(credibility, (*path, "credibility"), ctx)
            if isinstance(credibility, bool) or credibility not in analytic.CREDIBILITY:
                raw = value["credibility"]
                said = raw if isinstance(raw, int) and not isinstance(raw, bool) else shown(raw)
                ctx.error(
                    (*path, "credibility"),
                    f"credibility {said} is not a grade of the Admiralty code",
                    "Write a whole number from 1 (confirmed by other sources) to 6 (truth "
                    "cannot be judged).",
                )
                return INVALID
            credibility = int(credibility)
        if ident is INVALID or unknown:
            return INVALID
        return Citation(ident, credibility)

    def json(self) -> dict[str, Any]:
        return {
            "anyOf": [
                super().json(),
                {
                    "type": "object",
                    "properties": {
                        "id": super().json(),
                        "credibility": {"type": "integer", "enum": list(analytic.CREDIBILITY)},
                    },
                    "required": ["id"],
                    "additionalProperties": False,
                },
            ]
        }


class ContentFile(Kind):
    """Another content file of the workspace, named relative to this one. Resolved here and
    read by the build (build.pipeline), which reports a missing or invalid file at this key."""

    description = "a content file of the workspace, relative to this one"

    def load(self, value: Any, path: Path, ctx: Context) -> Any:
        value = as_written(value, path, ctx)
        if not isinstance(value, str) or not value.strip():
            return self.wrong(
                value, path, ctx, "a file name", "Write the earlier version's file name."
            )
        written = value.strip()
        if os.path.isabs(written):
            ctx.error(
                path,
                f"{written!r} is an absolute path",
                "Give a path relative to this content file, inside the workspace.",
            )
            return INVALID
        where = ctx.doc.where(path)
        folder = os.path.dirname(os.path.abspath(ctx.doc.path))
        return Previous(written, os.path.normpath(os.path.join(folder, written)),
                        where.line, where.column)  # fmt: skip

    def json(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1}


class Reliability(Choice):
    """A source's reliability in the Admiralty code: a letter A-F, in either case."""

    def __init__(self) -> None:
        super().__init__(tuple(letter.lower() for letter in analytic.RELIABILITY))

    def load(self, value: Any, path: Path, ctx: Context) -> Any:
        written = as_written(value, path, ctx)
        if isinstance(written, str) and written.strip().upper() in analytic.RELIABILITY:
            return written.strip().upper()
        ctx.error(
            path,
            f"{shown(written)} is not a reliability grade of the Admiralty code",
            "Write a letter: A completely reliable, B usually, C fairly, D not usually "
            "reliable, E unreliable, F reliability cannot be judged.",
        )
        return INVALID

    def json(self) -> dict[str, Any]:
        letters = tuple(analytic.RELIABILITY)
        return {
            "type": "string",
            "pattern": rf"^\s*[{''.join(letters)}{''.join(letters).lower()}]\s*$",
        }
