"""Two builds, or two versions of a content file, to the slides and memo sections a revision
added, removed or changed, each with the text lines that came and went: `deckgen diff`.

Decks and memos are compared as readers see them: a slide is its title and its text lines
(body, table rows, chart series, picture alt text, source line, speaker notes); a memo
section is a heading and the paragraphs and table rows under it. Slides that continue the
one before ("… (cont.)") count as one, so content that merely reflowed is no change.
Markings and slide numbers, which every slide repeats, are compared once per deck.
"""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deckgen.errors import DeckgenError

if TYPE_CHECKING:
    from deckgen.build.options import Options
    from deckgen.plan import Deck, Memo

DECK_SUFFIXES = (".pptx", ".potx")
MEMO_SUFFIXES = (".docx", ".dotx")
CONTENT_SUFFIXES = (".yaml", ".yml")
MARKING = "(marking)"  # the part holding a deck's marking, compared once
OPENING = "(memo header)"  # the memo text before its first heading
RETITLED_RATIO = 0.6  # above this text similarity, a removed and an added part are one part


@dataclass
class Part:
    """A slide (with its continuations) or a memo section, as text."""

    title: str
    number: int  # slide number, or the section's place in the memo, counting from 1
    lines: list[str] = field(default_factory=list)


@dataclass
class Change:
    """One part added, removed or changed; ``removed``/``added`` are its text lines."""

    status: str  # added | removed | changed
    title: str
    old_number: int | None
    new_number: int | None
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    old_title: str | None = None  # set when the part was retitled

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "title": self.title,
            "old_title": self.old_title,
            "old_number": self.old_number,
            "new_number": self.new_number,
            "removed": self.removed,
            "added": self.added,
        }


@dataclass
class FileDiff:
    """A deck or a memo compared: ``status`` is same, changed, added or removed."""

    kind: str  # deck | memo
    old: str | None
    new: str | None
    status: str
    changes: list[Change] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "old": self.old,
            "new": self.new,
            "status": self.status,
            "changes": [c.as_dict() for c in self.changes],
        }


# -- entry point ----------------------------------------------------------------------------


def diff(old: Path, new: Path, options: Options | None = None) -> list[FileDiff]:
    """Compare two decks, two memos, two content files, or two folders of any of these
    (paired by file name). Content files are planned as `build` with ``options`` plans them
    (the template set, its files and the recipe; default: the default set's full recipe)."""
    if options is None:
        from deckgen.build.options import Options

        options = Options()
    if old.is_dir() != new.is_dir():
        raise DeckgenError(
            f"cannot compare a folder with a file ({old} and {new}); give two of a kind"
        )
    if old.is_dir():
        return _folders(old, new, options)
    for path in (old, new):
        if not path.is_file():
            raise DeckgenError(f"{path} does not exist")
    if _kind(old) != _kind(new) or _kind(old) is None:
        raise DeckgenError(
            f"cannot compare {old.name} with {new.name}: give two .pptx, two .docx, "
            "two content .yaml files, or two build folders"
        )
    return _files(old, new, options)


def _kind(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in DECK_SUFFIXES:
        return "deck"
    if suffix in MEMO_SUFFIXES:
        return "memo"
    if suffix in CONTENT_SUFFIXES:
        return "content"
    return None


def _folders(old: Path, new: Path, options: Options) -> list[FileDiff]:
    def listed(folder: Path) -> dict[str, Path]:
        from deckgen.boundary import check_read
        from deckgen.paths import find_workspace

        found = {p.name: p for p in sorted(folder.iterdir()) if p.is_file() and _kind(p)}
        for path in found.values():  # a link out of the workspace is refused, unread
            check_read(path, find_workspace(Path.cwd()))
        return found

    before, after = listed(old), listed(new)
    out: list[FileDiff] = []
    for name in sorted(before.keys() | after.keys()):
        kind = _kind(before.get(name) or after[name])
        if name not in after:
            out.append(FileDiff(kind or "", str(before[name]), None, "removed"))
        elif name not in before:
            out.append(FileDiff(kind or "", None, str(after[name]), "added"))
        else:
            out += _files(before[name], after[name], options)
    return out


def _files(old: Path, new: Path, options: Options) -> list[FileDiff]:
    kind = _kind(old)
    if kind == "content":
        old_deck, old_memo = plan_parts(old, options)
        new_deck, new_memo = plan_parts(new, options)
        return [
            _file_diff("deck", str(old), str(new), old_deck, new_deck),
            _file_diff("memo", str(old), str(new), old_memo, new_memo),
        ]
    read = deck_parts if kind == "deck" else memo_parts
    return [_file_diff(kind or "", str(old), str(new), read(old), read(new))]


def _file_diff(kind: str, old: str, new: str, before: list[Part], after: list[Part]) -> FileDiff:
    changes = compare(before, after)
    return FileDiff(kind, old, new, "changed" if changes else "same", changes)


# -- comparing parts ------------------------------------------------------------------------


def compare(before: list[Part], after: list[Part]) -> list[Change]:
    """Parts paired by title (the n-th of a repeated title with the n-th), then removed and
    added parts whose text is alike paired as retitled; in the new document's order."""
    old_keyed, new_keyed = _keyed(before), _keyed(after)
    changes: list[tuple[float, Change]] = []
    for key, part in new_keyed.items():
        was = old_keyed.get(key)
        if was is None:
            continue
        removed, added = _line_diff(was.lines, part.lines)
        if removed or added:
            changes.append(
                (
                    part.number,
                    Change("changed", part.title, was.number, part.number, removed, added),
                )
            )
    gone = [p for k, p in old_keyed.items() if k not in new_keyed]
    new = [p for k, p in new_keyed.items() if k not in old_keyed]
    for was in list(gone):
        match = max(new, key=lambda p: _alike(was, p), default=None)
        if match is not None and _alike(was, match) >= RETITLED_RATIO:
            gone.remove(was)
            new.remove(match)
            removed, added = _line_diff(was.lines, match.lines)
            change = Change("changed", match.title, was.number, match.number, removed, added)
            change.old_title = was.title
            changes.append((match.number, change))
    for part in gone:
        gone_change = Change("removed", part.title, part.number, None, removed=list(part.lines))
        changes.append((part.number - 0.5, gone_change))
    for part in new:
        changes.append(
            (part.number, Change("added", part.title, None, part.number, [], part.lines))
        )
    return [c for _, c in sorted(changes, key=lambda pair: pair[0])]


def _keyed(parts: list[Part]) -> dict[tuple[str, int], Part]:
    seen: dict[str, int] = {}
    out: dict[tuple[str, int], Part] = {}
    for part in parts:
        norm = " ".join(part.title.split()).casefold()
        seen[norm] = seen.get(norm, 0) + 1
        out[(norm, seen[norm])] = part
    return out


def _line_diff(old: list[str], new: list[str]) -> tuple[list[str], list[str]]:
    removed: list[str] = []
    added: list[str] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            removed += old[i1:i2]
        if tag in ("replace", "insert"):
            added += new[j1:j2]
    return removed, added


def _alike(a: Part, b: Part) -> float:
    if not a.lines or not b.lines:
        return 0.0
    return difflib.SequenceMatcher(None, "\n".join(a.lines), "\n".join(b.lines)).ratio()


def _continues(title: str, previous: Part | None) -> bool:
    """A continuation is titled as the slide before plus a bracketed label, in whatever
    language the template's labels use: "Forecasts (cont.)", "Prognosen (Forts. 2)"."""
    if previous is None or not previous.title or not title.startswith(previous.title):
        return False
    return re.fullmatch(r"\s*[(\[].*[)\]]\s*", title[len(previous.title) :]) is not None


def _add_slide(parts: list[Part], title: str, number: int, lines: list[str], cont: bool) -> None:
    previous = parts[-1] if parts else None
    if previous is not None and (cont or _continues(title, previous)):
        previous.lines += lines
    else:
        parts.append(Part(title, number, lines))


def _clean(text: str) -> str:
    return " ".join(text.split())


# -- reading built files --------------------------------------------------------------------


def _checked(path: Path, kind: str) -> io.BytesIO:
    """The deck or memo at ``path`` as the template reader passes it (package.py: member
    count, sizes and inflation ratio bounded, no entity, no macro), for python-pptx or
    python-docx to open from memory: they would inflate any member the zip names."""
    from deckgen.errors import TemplateError
    from deckgen.ooxml.safe_reader import package_bytes, read_package

    try:
        return io.BytesIO(package_bytes(read_package(path, kind)))
    except TemplateError as exc:
        raise DeckgenError(f"cannot compare: {exc.message}") from None


def deck_parts(path: Path) -> list[Part]:
    """The slides of a .pptx as text; the marking (identical on every slide) as one part."""
    from pptx import Presentation
    from pptx.enum.shapes import PP_PLACEHOLDER

    try:
        deck = Presentation(_checked(path, "deck"))
    except DeckgenError:
        raise
    except Exception as exc:  # python-pptx raises many kinds on a file it cannot read
        raise DeckgenError(f"cannot read {path} as a PowerPoint deck: {exc}") from None
    repeated = {PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.DATE}
    titles = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
    parts: list[Part] = []
    markings: set[str] = set()
    for number, slide in enumerate(deck.slides, 1):
        title = ""
        lines: list[str] = []
        for shape in slide.shapes:
            kind = shape.placeholder_format.type if shape.is_placeholder else None
            if kind in repeated:
                continue
            if shape.name.startswith("Marking"):  # deckgen's banners, top and bottom
                markings.add(_clean(shape.text_frame.text))
                continue
            if kind in titles and not title:
                title = _clean(shape.text_frame.text)
                continue
            lines += _shape_lines(shape)
        if slide.has_notes_slide:
            notes = _clean(slide.notes_slide.notes_text_frame.text)
            if notes:
                lines.append(f"Notes: {notes}")
        _add_slide(parts, title or f"(slide {number}, untitled)", number, lines, False)
    if markings:
        parts.append(Part(MARKING, len(deck.slides) + 1, sorted(markings)))
    return parts


def _shape_lines(shape: Any) -> list[str]:
    if shape.has_text_frame:
        text = [_clean(p.text) for p in shape.text_frame.paragraphs]
        # a lone number is a slide number drawn as plain text
        return [t for t in text if t and not t.isdigit()]
    if getattr(shape, "has_table", False) and shape.has_table:
        return [" | ".join(_clean(c.text) for c in row.cells) for row in shape.table.rows]
    if getattr(shape, "has_chart", False) and shape.has_chart:
        chart = shape.chart
        categories = list(chart.plots[0].categories) if chart.plots else []
        return [
            f"{s.name}: " + ", ".join(f"{c} {v:g}" for c, v in zip(categories, s.values))
            for plot in chart.plots
            for s in plot.series
        ]
    if shape.shape_type is not None and shape.shape_type == 13:  # MSO_SHAPE_TYPE.PICTURE
        alt = shape._element.xpath("./p:nvPicPr/p:cNvPr/@descr")
        return [f"Picture: {_clean(alt[0])}"] if alt else ["Picture"]
    if shape.shape_type == 6:  # a group: its members in order
        return [line for member in shape.shapes for line in _shape_lines(member)]
    return []


def memo_parts(path: Path) -> list[Part]:
    """The sections of a .docx as text: headings start sections, sub-headings are named
    with their parents ("Forecasts › Russia (2017)")."""
    from docx import Document
    from docx.oxml.ns import qn

    try:
        memo = Document(_checked(path, "memo"))
    except DeckgenError:
        raise
    except Exception as exc:  # python-docx raises many kinds on a file it cannot read
        raise DeckgenError(f"cannot read {path} as a Word document: {exc}") from None
    styles = {s.style_id: s for s in memo.styles if s.type == 1}  # WD_STYLE_TYPE.PARAGRAPH
    parts = [Part(OPENING, 1)]
    trail: list[str] = []
    for block in memo.element.body.iterchildren():
        if block.tag == qn("w:p"):
            text = _clean("".join(t.text or "" for t in block.iter(qn("w:t"))))
            level = _heading_level(block, styles)
            if level is not None and text:
                trail[level:] = [text]
                parts.append(Part(" › ".join(trail), len(parts) + 1))
            elif text:
                parts[-1].lines.append(text)
        elif block.tag == qn("w:tbl"):
            for row in block.iter(qn("w:tr")):
                cells = [
                    _clean(" ".join(t.text or "" for t in cell.iter(qn("w:t"))))
                    for cell in row.iter(qn("w:tc"))
                ]
                parts[-1].lines.append(" | ".join(cells))
    return parts


def _heading_level(paragraph: Any, styles: dict[str, Any]) -> int | None:
    """0 for a top heading: from the outline level of the paragraph or its style chain,
    which holds in any language, else from a style named "Heading N"."""
    from docx.oxml.ns import qn

    level = paragraph.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    if level is not None:
        return _outline(level.get(qn("w:val")))
    style_id = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    style = styles.get(style_id.get(qn("w:val"))) if style_id is not None else None
    for _ in range(10):  # base-style chains are short; a loop in one must not hang
        if style is None:
            return None
        found = style.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        if found is not None:
            return _outline(found.get(qn("w:val")))
        named = re.fullmatch(r"heading (\d)", (style.name or "").lower())
        if named:
            return int(named.group(1)) - 1
        style = style.base_style
    return None


def _outline(value: str | None) -> int | None:
    level = int(value) if value and value.isdigit() else 9
    return level if level < 9 else None  # 9 is body text


# -- planning content files -----------------------------------------------------------------


def plan_parts(path: Path, options: Options) -> tuple[list[Part], list[Part]]:
    """The deck and memo a content file would build, as parts, without writing anything:
    planned by build.pipeline, as `build` plans them (in the deck template's geometry)."""
    from deckgen.build.pipeline import editions, plan_briefing, resolve_template, with_previous
    from deckgen.content.load import load_file
    from deckgen.paths import find_workspace

    workspace = find_workspace(path.parent)
    (briefing,), _none = editions([with_previous(load_file(path, workspace), workspace)])
    template = resolve_template(options, workspace)
    deck, memo, _warnings = plan_briefing(briefing, template, options)
    return planned_deck(deck), planned_memo(memo)


def planned_deck(deck: Deck) -> list[Part]:
    parts: list[Part] = []
    for number, slide in enumerate(deck.slides, 1):
        lines = _block_lines(slide.body)
        if slide.source_line:
            lines.append(_clean(slide.source_line))
        if slide.notes.strip():
            lines.append(f"Notes: {_clean(slide.notes)}")
        _add_slide(parts, _clean(slide.title.plain), number, lines, slide.continued)
    if deck.marking:
        parts.append(Part(MARKING, len(deck.slides) + 1, [deck.marking]))
    return parts


def _block_lines(block: Any) -> list[str]:
    from deckgen import plan

    if isinstance(block, plan.TitleBlock):
        lines = [block.subtitle.plain] if block.subtitle else []
        return [_clean(t) for t in [*lines, *block.lines, block.distribution or ""] if t]
    if isinstance(block, plan.BulletsBlock):
        return [_clean(item.text.plain) for item in block.items]
    if isinstance(block, plan.StatementBlock):
        return [_clean(block.text.plain)]
    if isinstance(block, plan.TableBlock):
        rows = [block.header, *block.rows]
        return [" | ".join(_clean(c.text.plain) for c in row) for row in rows]
    if isinstance(block, plan.ChartBlock):
        return [
            f"{name}: " + ", ".join(f"{c} {v:g}" for c, v in zip(block.chart.categories, values))
            for name, values in block.chart.series
        ]
    if isinstance(block, plan.ImageBlock):
        return [f"Picture: {_clean(block.alt)}"]
    if isinstance(block, plan.QuoteBlock):
        return [_clean(block.text.plain)] + ([_clean(block.by.plain)] if block.by else [])
    return []


def planned_memo(memo: Memo) -> list[Part]:
    from deckgen import plan

    parts = [Part(OPENING, 1)]
    trail: list[str] = []
    for block in memo.blocks:
        current = parts[-1].lines
        if isinstance(block, plan.Front):
            current += [memo.marking] if memo.marking else []
            current += [_clean(memo.title.plain)]
            current += [_clean(memo.subtitle.plain)] if memo.subtitle else []
            current += [f"{label}: {_clean(value.plain)}" for label, value in memo.fields]
            current += [_clean(memo.distribution)] if memo.distribution else []
        elif isinstance(block, plan.Heading):
            trail[block.level - 1 :] = [_clean(block.text.plain)]
            parts.append(Part(" › ".join(trail), len(parts) + 1))
        elif isinstance(block, plan.Para):
            current.append(_clean(block.text.plain))
        elif isinstance(block, plan.MemoTable):
            current.append(" | ".join(_clean(t.plain) for t in block.header))
            current += [" | ".join(_clean(t.plain) for t in row) for row in block.rows]
        elif isinstance(block, plan.MemoImage):
            current.append(f"Picture: {_clean(block.alt)}")
            if block.caption:
                current.append(_clean(block.caption.plain))
    return [p for p in parts if p.lines or p.title != OPENING]


# -- showing --------------------------------------------------------------------------------


def describe(found: list[FileDiff], width: int = 100) -> list[str]:
    """Plain text, one line per changed part and one per text line that came or went."""
    out: list[str] = []
    same: list[str] = []  # listed once at the end: a folder of many briefings stays readable
    for f in found:
        name = Path(f.new or f.old or "").name
        if f.status in ("added", "removed"):
            out.append(f"{f.kind} {name}: {f.status}")
            continue
        label = f"{f.kind} ({name})" if f.kind in ("deck", "memo") and name else f.kind
        if not f.changes:
            same.append(label)
            continue
        count = len(f.changes)
        out.append(f"{label}: {count} {'slide' if f.kind == 'deck' else 'section'}"
                   f"{'s' if count != 1 else ''} changed")  # fmt: skip
        unit = "slide" if f.kind == "deck" else "section"
        for c in f.changes:
            number = c.new_number if c.new_number is not None else c.old_number
            where = f"{unit} {number}"
            title = f"{c.old_title!r} → {c.title!r}" if c.old_title else repr(c.title)
            summary = ""
            if c.status == "changed":
                summary = f": {_count(len(c.removed), 'removed')}, {_count(len(c.added), 'added')}"
            out.append(f"  {c.status:<8} {where} {title}{summary}")
            removed, added = _focus(c.removed, c.added)
            if c.status != "changed":  # a whole part: its first lines say what it was
                removed, added = _first(removed), _first(added)
            out += [_clip(f"      - {line}", width) for line in removed]
            out += [_clip(f"      + {line}", width) for line in added]
    if same:
        out.append(("no changes: " if not out else "unchanged: ") + ", ".join(same))
    return out


def _first(lines: list[str], shown: int = 3) -> list[str]:
    if len(lines) <= shown + 1:
        return lines
    return [*lines[:shown], f"… {len(lines) - shown} more lines"]


def _focus(removed: list[str], added: list[str]) -> tuple[list[str], list[str]]:
    """A line edited in place is shown from a little before its first difference, so a
    changed word deep in a long judgment is on screen."""
    removed, added = list(removed), list(added)
    for i in range(min(len(removed), len(added))):
        a, b = removed[i], added[i]
        same = next((n for n, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        if same > 40:
            cut = a.rfind(" ", 0, same - 20) + 1 or same - 20
            removed[i], added[i] = "…" + a[cut:], "…" + b[cut:]
    return removed, added


def _count(n: int, what: str) -> str:
    return f"{n} line{'s' if n != 1 else ''} {what}"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
