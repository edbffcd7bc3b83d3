"""Unit tests of deckgen.templates."""
