"""Unit tests of deckgen.ooxml."""
