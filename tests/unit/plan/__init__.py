"""Unit tests of deckgen.plan."""
