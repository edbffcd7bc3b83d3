"""Unit tests of deckgen.content."""
