"""Builds to what is handed on: distribution bundles and the static gallery.

The names below load their modules on first use (PEP 562), keeping imports cheap. dist.dist
is exported as `bundle`: once a submodule is imported, the package attribute of its name
is the module.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from deckgen.publish.dist import DistReport
    from deckgen.publish.dist import dist as bundle
    from deckgen.publish.gallery import Gallery, after_build, refresh
    from deckgen.publish.gallery import write as write_gallery

__all__ = ["DistReport", "Gallery", "after_build", "bundle", "refresh", "write_gallery"]

_HOMES = {
    "DistReport": ("deckgen.publish.dist", "DistReport"),
    "bundle": ("deckgen.publish.dist", "dist"),
    "Gallery": ("deckgen.publish.gallery", "Gallery"),
    "after_build": ("deckgen.publish.gallery", "after_build"),
    "refresh": ("deckgen.publish.gallery", "refresh"),
    "write_gallery": ("deckgen.publish.gallery", "write"),
}


def __getattr__(name: str) -> Any:
    try:
        module, attr = _HOMES[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    return getattr(import_module(module), attr)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
