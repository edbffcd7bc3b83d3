"""The command line: the only importer of click; nothing inside deckgen imports it."""

from deckgen.cli.commands import main

__all__ = ["main"]
