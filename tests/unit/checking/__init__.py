"""Unit tests of deckgen.checking."""
