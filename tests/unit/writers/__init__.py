"""Unit tests of deckgen.writers."""
