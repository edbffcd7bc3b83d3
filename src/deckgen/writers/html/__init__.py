"""A Memo plan and a template set to the web edition: one self-contained, accessible HTML page."""

from deckgen.writers.html.page import write_page

__all__ = ["write_page"]
