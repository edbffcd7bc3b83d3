"""Sources and memo blocks to Chicago notes: short notes, and where each shared note goes.

Chicago notes style gives a source in full at its first note and shortened after: the
author's surname (or, without an author, the publisher), then a short title of at most
four words, with the subtitle dropped. A long report title repeated in every note was the
clutter readers saw; the sources section keeps the full entry.

One note per bullet, row and timeline date buried a six-page memo under 48 notes for two
sources. Here the consecutive cited items of one list or one table share one note, placed on
its last item and naming every source those items cite (in the order first cited), so each
item still leads to a note that names its sources. A run ends where the list or table does
and at a paragraph or row that cites nothing (it must not seem to share the note). Two runs
in a row under one top-level heading that name the same sources (the lists under a part's
sub-headings) become one; a note that would name just what the note before it names (in the
part before) is left out, that note covering its items: a note never repeats the one before.
The memo and its web edition both number the notes ``shared_notes`` leaves on the blocks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from deckgen.content.model import Source
from deckgen.plan.blocks import Heading, MemoBlock, MemoTable, Para

SHORT_TITLE_WORDS = 4
KEPT_WHOLE = 6  # a title this short is already its own short title
# words a short title does not end on ("How Strong Is the" reads as cut off)
_WEAK = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "is", "of", "on", "or",
         "the", "to", "with", "are", "was", "its", "no"}  # fmt: skip
# where a subtitle starts: a colon, an em dash, or a spaced en dash
_SUBTITLE = re.compile(r":\s|\s[—–]\s|—")


def short_title(title: str) -> str:
    """The title before its subtitle; past KEPT_WHOLE words, cut to SHORT_TITLE_WORDS
    words that do not end on a function word."""
    main = _SUBTITLE.split(title, maxsplit=1)[0].strip() or title.strip()
    words = main.split()
    if len(words) <= KEPT_WHOLE:
        return main
    cut = words[:SHORT_TITLE_WORDS]
    while len(cut) > 1 and cut[-1].lower().strip("‘’“”\"'") in _WEAK:
        cut.pop()
    return " ".join(cut).rstrip(",;")


def short_name(s: Source) -> str:
    """Who a short note names: the author's surname, else the publisher, else nothing."""
    if s.author:
        first = re.split(r"\s+(?:and|&)\s+|,\s*", s.author.strip())[0]
        return first.split()[-1] if first.split() else s.author
    return s.publisher or ""


def short_note(s: Source) -> str:
    """A source's note after its first: “Surname or Publisher, “Short Title”” (no date)."""
    title = f"“{short_title(s.title)}”"
    name = short_name(s)
    return f"{name}, {title}" if name else title


# An item: (block index, row index or -1 for a paragraph)
Item = tuple[int, int]


def cited_items(blocks: Sequence[MemoBlock]) -> list[tuple[Item, tuple[str, ...]]]:
    """Every paragraph and table row in reading order with the sources it cites (none: ())."""
    out: list[tuple[Item, tuple[str, ...]]] = []
    for i, block in enumerate(blocks):
        if isinstance(block, Para):
            out.append(((i, -1), tuple(block.cites)))
        elif isinstance(block, MemoTable):
            for r in range(len(block.rows)):
                out.append(((i, r), tuple(block.cites[r]) if r < len(block.cites) else ()))
    return out


def groups(blocks: Sequence[MemoBlock]) -> list[tuple[Item, list[Item], list[str]]]:
    """Each note: the item it goes on, the items it covers, the sources it names (see the
    module docstring)."""
    runs: list[tuple[int, list[Item], list[str], bool]] = []  # part, items, sources, adjoins
    part = 0
    last_list: object = None
    previous_item: Item | None = None
    for item, cites in cited_items(blocks):
        block = blocks[item[0]]
        between = blocks[runs[-1][1][-1][0] + 1 : item[0]] if runs else []
        if any(isinstance(b, Heading) and b.level == 1 for b in between):
            part += 1
        # one list: paragraphs of one role with nothing between; one table: its rows
        this_list: object = (item[0] if isinstance(block, MemoTable) else
                     ("p", getattr(block, "role", ""), part))  # fmt: skip
        joined = (runs and cites and this_list == last_list and runs[-1][0] == part
                  and not between and runs[-1][1][-1] == previous_item)  # fmt: skip
        if joined:
            runs[-1][1].append(item)
            runs[-1][2].extend(c for c in cites if c not in runs[-1][2])
        elif cites:
            # adjoins: nothing uncited between this run and the one before
            adjoins = bool(runs) and runs[-1][1][-1] == previous_item
            runs.append((part, [item], list(dict.fromkeys(cites)), adjoins))
        last_list, previous_item = this_list, item
    notes: list[tuple[Item, list[Item], list[str]]] = []  # where the note goes, its items
    note_part = -1
    for run_part, items, sources, adjoins in runs:
        if notes and set(notes[-1][2]) == set(sources):
            # it would repeat the note just before: runs that adjoin under one heading share
            # one note at the end of the second; otherwise the earlier note covers it
            moved = adjoins and note_part == run_part
            notes[-1] = (items[-1] if moved else notes[-1][0], notes[-1][1] + items,
                         notes[-1][2])  # fmt: skip
        else:
            notes.append((items[-1], list(items), sources))
            note_part = run_part
    return notes


def placements(blocks: Sequence[MemoBlock]) -> dict[Item, tuple[str, ...]]:
    """The items that carry a note and the sources each note names."""
    return {at: tuple(sources) for at, _, sources in groups(blocks)}


def covering(blocks: Sequence[MemoBlock]) -> dict[Item, Item]:
    """Each cited item -> the item whose note names its sources."""
    return {item: at for at, items, _ in groups(blocks) for item in items}


def shared_notes(blocks: Sequence[MemoBlock]) -> list[MemoBlock]:
    """``blocks`` with each note's sources on the item that carries it and none elsewhere."""
    placed = placements(blocks)
    out: list[MemoBlock] = []
    for i, block in enumerate(blocks):
        if isinstance(block, Para):
            block = replace(block, cites=placed.get((i, -1), ()))
        elif isinstance(block, MemoTable) and block.cites:
            block = replace(block, cites=[placed.get((i, r), ()) for r in range(len(block.rows))])
        out.append(block)
    return out
