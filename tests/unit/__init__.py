"""Unit tests mirroring src/deckgen: no subprocess, no LibreOffice."""
