"""A Memo plan and a prepared memo template to .docx bytes: body, header and footer, package."""

from deckgen.writers.memo.body import write_memo

__all__ = ["write_memo"]
