"""A memo's blocks to where its notes go: one note per run of items citing the same sources.

One note per bullet, row and timeline date buried a six-page memo under 48 notes for two
sources. Here the consecutive cited items of one list or one table share one note, placed on
its last item and naming every source those items cite (in the order first cited), so each
item still leads to a note that names its sources. A run ends where the list or table does
and at a paragraph or row that cites nothing (it must not seem to share the note). Two runs
in a row under one top-level heading that name the same sources (the lists under a part's
sub-headings) become one; a note that would name just what the note before it names (in the
part before) is left out, that note covering its items: a note never repeats the one before.

Also the endnotes part a memo gets when its template set asks for endnotes
(``memo_options: citations: endnotes``, the ICD 206 habit).
"""

from __future__ import annotations

from collections.abc import Sequence

from deckgen.plan import Heading, MemoBlock, MemoTable, Para

FOOTNOTES, ENDNOTES = "footnotes", "endnotes"
NOTE_STYLES = (FOOTNOTES, ENDNOTES)
# An item: (block index, row index or -1 for a paragraph)
Item = tuple[int, int]

ENDNOTES_NAME = "word/endnotes.xml"
ENDNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"
RT_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def cited_items(blocks: Sequence[MemoBlock]) -> list[tuple[Item, tuple[str, ...]]]:
    """Every paragraph and table row in reading order with the sources it cites (none: ())."""
    out: list[tuple[Item, tuple[str, ...]]] = []
    for i, block in enumerate(blocks):
        if isinstance(block, Para) and block.role not in ("caption", "source"):
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


def endnotes_xml(notes: list[str]) -> bytes:
    """The endnotes part: Word's separator and continuation separator, then the notes."""
    separators = "".join(
        f'<w:endnote w:type="{kind}" w:id="{n}"><w:p><w:pPr><w:spacing w:after="0" '
        f'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:{tag}/></w:r></w:p></w:endnote>'
        for kind, n, tag in (("separator", -1, "separator"),
                             ("continuationSeparator", 0, "continuationSeparator"))
    )  # fmt: skip
    head = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:endnotes xmlns:w="{_W_NS}">'
    )
    return (head + separators + "".join(notes) + "</w:endnotes>").encode("utf-8")
