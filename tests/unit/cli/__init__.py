"""Unit tests of deckgen.cli."""
