"""Content files and options to built outputs: the build, its options and its pipeline.

The names below load their modules on first use (PEP 562), so importing a part of the
package (deckgen.build.workspace for `deckgen new`) costs no more than that part.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from deckgen.build.options import Options as BuildOptions
    from deckgen.build.options import resolve_options
    from deckgen.build.pipeline import Rendered, plan_briefing, render_briefing, validate
    from deckgen.build.run import Report as BuildReport
    from deckgen.build.run import build

__all__ = ["BuildOptions", "BuildReport", "Rendered", "build", "plan_briefing",
           "render_briefing", "resolve_options", "validate"]  # fmt: skip

_HOMES = {
    "BuildOptions": ("deckgen.build.options", "Options"),
    "resolve_options": ("deckgen.build.options", "resolve_options"),
    "Rendered": ("deckgen.build.pipeline", "Rendered"),
    "plan_briefing": ("deckgen.build.pipeline", "plan_briefing"),
    "render_briefing": ("deckgen.build.pipeline", "render_briefing"),
    "validate": ("deckgen.build.pipeline", "validate"),
    "BuildReport": ("deckgen.build.run", "Report"),
    "build": ("deckgen.build.run", "build"),
}


def __getattr__(name: str) -> Any:
    try:
        module, attr = _HOMES[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    return getattr(import_module(module), attr)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
