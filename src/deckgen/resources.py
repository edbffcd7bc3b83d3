"""Where deckgen's own files are: package, data, fonts, metrics, built-in template sets."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
DATA = PACKAGE / "data"
FONTS = DATA / "fonts"
METRICS = DATA / "metrics"
SKELETON = DATA / "skeleton.yaml"
XLSX_THEME = DATA / "xlsx-theme.xml"


def _builtin_templates() -> Path:
    """The built-in template sets: inside an installed package (the wheel copies the
    repository's top-level templates/ there), else the checkout's templates/ itself, so that
    an editable install reads the one source of truth rather than a copy."""
    installed = DATA / "templates"
    if installed.is_dir():
        return installed
    return PACKAGE.parents[1] / "templates"


BUILTIN_TEMPLATES = _builtin_templates()
