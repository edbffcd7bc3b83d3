"""Unit tests of deckgen.review."""
