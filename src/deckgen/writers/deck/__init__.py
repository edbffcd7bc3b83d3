"""A Deck plan and a prepared deck template to .pptx bytes: slides, charts and their workbooks."""

from deckgen.writers.deck.presentation import DeckParts, write_deck

__all__ = ["DeckParts", "write_deck"]
