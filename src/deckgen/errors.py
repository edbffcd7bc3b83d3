"""Locations, diagnostics and the exception tree that carries them to the command line.

DeckgenError                 base; ``category`` names the kind for the user
├── ContentError             one or more located diagnostics in content files (exit 1)
├── TemplateError            a template set or template file cannot be used (exit 1)
└── RenderError              an output could not be produced or written (exit 1)
    └── PdfError             LibreOffice is missing, failed or timed out
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file; line and column count from 1, as editors show them."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: where, what is wrong, and what to do about it."""

    location: Location | None
    message: str
    hint: str = ""
    severity: str = "error"

    def format(self) -> str:
        where = f"{self.location}: " if self.location else ""
        text = f"{where}{self.severity}: {self.message}"
        if self.hint:
            text += f"\n    {self.hint}"
        return text


class DeckgenError(Exception):
    """Base of every error deckgen reports to a user without a traceback."""

    category = "error"

    def __init__(self, message: str, diagnostics: Iterable[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics = list(diagnostics)

    def format(self) -> str:
        if self.diagnostics:
            return "\n".join(d.format() for d in self.diagnostics)
        return f"{self.category}: {self.message}"


class ContentError(DeckgenError):
    """Content files hold errors; every one found is in ``diagnostics``."""

    category = "content error"

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        found = list(diagnostics)
        count = sum(1 for d in found if d.severity == "error")
        super().__init__(f"{count} error{'s' if count != 1 else ''} in content", found)


class TemplateError(DeckgenError):
    """A template set, deck template or memo template cannot be used."""

    category = "template error"


class RenderError(DeckgenError):
    """An output could not be produced or written."""

    category = "render error"


class PdfError(RenderError):
    """PDF export through LibreOffice failed or LibreOffice is absent."""

    category = "pdf error"
