"""Briefing x recipe x template facts to Deck and Memo plans: pure, no files, no Office library.

``plan_deck`` turns a briefing into the slides of its deck, in the recipe's order, fitted to
the deck template's geometry (text shrinks to a floor first, then tables and lists continue
on further slides); ``plan_memo`` turns it into the memo's headings, paragraphs and tables
with their footnote texts. The plans are frozen records in the outputs' own terms, which the
writers, lint and diff only read. The parts a recipe names are ``deck.DECK_PARTS`` and
``memo.MEMO_PARTS``; measuring lives in ``fit``, wording in ``wording``.
"""

from deckgen.plan.blocks import (
    Block,
    BulletsBlock,
    Cell,
    ChartBlock,
    Deck,
    Front,
    Heading,
    ImageBlock,
    Memo,
    MemoBlock,
    MemoImage,
    MemoTable,
    Para,
    QuoteBlock,
    Slide,
    StatementBlock,
    TableBlock,
    TitleBlock,
)
from deckgen.plan.deck import plan_deck
from deckgen.plan.memo import plan_memo

__all__ = [
    "Block",
    "BulletsBlock",
    "Cell",
    "ChartBlock",
    "Deck",
    "Front",
    "Heading",
    "ImageBlock",
    "Memo",
    "MemoBlock",
    "MemoImage",
    "MemoTable",
    "Para",
    "QuoteBlock",
    "Slide",
    "StatementBlock",
    "TableBlock",
    "TitleBlock",
    "plan_deck",
    "plan_memo",
]
