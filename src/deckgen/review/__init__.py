"""Briefings and builds to findings for their authors: lint rules and revision diffs.

The names below load their modules on first use (PEP 562), keeping imports cheap. The
functions named like their modules (diff.diff, lint.lint) are exported under names of
their own: once a submodule is imported, the package attribute of its name is the module.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from deckgen.review.diff import FileDiff
    from deckgen.review.diff import describe as describe_changes
    from deckgen.review.diff import diff as diff_paths
    from deckgen.review.lint import RULES, lint_files
    from deckgen.review.lint import lint as lint_briefing

__all__ = ["RULES", "FileDiff", "describe_changes", "diff_paths", "lint_briefing", "lint_files"]

_HOMES = {
    "FileDiff": ("deckgen.review.diff", "FileDiff"),
    "describe_changes": ("deckgen.review.diff", "describe"),
    "diff_paths": ("deckgen.review.diff", "diff"),
    "RULES": ("deckgen.review.lint", "RULES"),
    "lint_briefing": ("deckgen.review.lint", "lint"),
    "lint_files": ("deckgen.review.lint", "lint_files"),
}


def __getattr__(name: str) -> Any:
    try:
        module, attr = _HOMES[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    return getattr(import_module(module), attr)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
