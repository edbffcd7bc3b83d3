"""SOURCE_DATE_EPOCH and a briefing's date to the time its outputs carry: never the clock.

The one read of the environment a build's bytes depend on; the writers get the time as an
argument (`when`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import TYPE_CHECKING

from deckgen.ooxml.zip import ZIP_LAST

if TYPE_CHECKING:
    from deckgen.errors import Diagnostic

_EPOCH = dt.datetime(1970, 1, 1)
DEFAULT_TIME = dt.datetime(2000, 1, 1)  # a briefing without a `date`


def source_date_epoch() -> tuple[dt.datetime | None, str]:
    """SOURCE_DATE_EPOCH as the time it names, and '' ; or None and why it cannot be used
    (None and '' when it is not set). The reproducible-builds convention: whole seconds
    since 1970-01-01 UTC, in ASCII digits."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or not raw.strip():
        return None, ""
    text = raw.strip()
    said = text if len(text) <= 40 else text[:39] + "…"
    if not re.fullmatch(r"[0-9]+", text):
        return None, f"SOURCE_DATE_EPOCH={said!r} is not a whole number of seconds since 1970"
    seconds = int(text) if len(text) <= 20 else 1 << 64  # a thousand times the age of time
    if seconds > (ZIP_LAST - _EPOCH).total_seconds():
        return None, (
            f"SOURCE_DATE_EPOCH={said!r} is after 2107, the last year a zip file "
            "(pptx, docx) can date its parts"
        )
    return _EPOCH + dt.timedelta(seconds=seconds), ""


def epoch_warning() -> Diagnostic | None:
    """The warning a build gives when SOURCE_DATE_EPOCH is set but cannot be used: it is
    ignored, not silently, and the warning says what dates the outputs instead."""
    _when, problem = source_date_epoch()
    if not problem:
        return None
    from deckgen.errors import Diagnostic

    return Diagnostic(
        None,
        f"{problem}: it is ignored, and each output is dated from its briefing's `date:` "
        f"({DEFAULT_TIME.date().isoformat()} where there is none)",
        "Set it to a Unix time such as 1491004800 (`date -d 2017-04-01 +%s`), or unset it.",
        severity="warning",
    )


def time_of(content_date: str) -> dt.datetime:
    """The timestamp written into outputs: SOURCE_DATE_EPOCH, else the content's date.

    Never the clock: a rebuild of unchanged content must give the same bytes. A value of
    SOURCE_DATE_EPOCH that cannot be used is passed over (`epoch_warning` says so).
    """
    when, _problem = source_date_epoch()
    if when is not None:
        return when
    if content_date:
        parts = [int(p) for p in content_date.split("-")] + [1, 1]
        return min(dt.datetime(parts[0], parts[1], parts[2]), ZIP_LAST)  # loading checks it
    return DEFAULT_TIME
