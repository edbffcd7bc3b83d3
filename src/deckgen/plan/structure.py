"""A recipe's deck parts to the deck's structure: agenda, section dividers and an appendix.

Three recipe entries arrange the slides the other parts make rather than show content:

- ``agenda``: a slide listing the main deck's parts, by their headings;
- ``divider``: a section divider (the Section Header layout) named after the part after it;
- ``appendix``: the backup slides start here. Every part after it in the recipe is an
  appendix of its own, lettered A, B, …; so is each section marked ``appendix: true`` (in
  content order, before those parts; where the recipe has no ``appendix``, they close the
  deck). Backup slides are titled "Appendix A: …", numbered "A-1", "A-2" and left out of
  the main deck's count ("7 of 17"); a main section followed in the content by appendix
  sections points to them: "(see Appendix A)".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from string import ascii_uppercase

from deckgen.content.model import Bullet, Section
from deckgen.plan.blocks import BulletsBlock, Slide
from deckgen.plan.context import Context
from deckgen.text import Text, plain

STRUCTURE_PARTS = ("agenda", "divider", "appendix")
# The label naming a part on the agenda and on its divider; a part not listed here (one a
# later recipe adds) is named by its first slide's title.
HEADINGS = {"bluf": "bluf", "key_judgments": "key_judgments", "shared_goals": "shared_goals",
            "divergences": "divergences", "forecasts": "forecasts_heading",
            "outlook": "outlook", "timeline": "timeline", "sections": "sections_heading",
            "sources": "sources"}  # fmt: skip
UNLISTED = ("title", "closing", *STRUCTURE_PARTS)  # parts the agenda does not list


@dataclass
class _Run:
    """A part's slides as planned, and what the agenda says of it."""

    part: str
    slides: list[Slide]
    entries: list[Bullet] = field(default_factory=list)


def letter(n: int) -> str:
    """The appendix letter for the ``n``-th appendix (0: A, 25: Z, 26: AA)."""
    return ascii_uppercase[n] if n < 26 else letter(n // 26 - 1) + ascii_uppercase[n % 26]


def assemble(ctx: Context, parts: tuple[str, ...], table: Mapping[str, Callable[[Context],
             list[Slide]]], sections: Callable[[Context, Section, int, str], list[Slide]]
             ) -> tuple[list[Slide], int]:  # fmt: skip
    """The slides of ``parts`` in order, the appendix last, and how many form the main deck.

    ``table`` makes each content part's slides; ``sections`` one section's slides (with the
    line pointing to its appendices)."""
    marker = parts.index("appendix") if "appendix" in parts else len(parts)
    main_parts, backup_parts = parts[:marker], parts[marker + 1 :]
    flagged = [s for s in ctx.b.sections if s.appendix] if "sections" in main_parts else []
    appendices: list[list[Slide]] = []
    for n, s in enumerate(flagged):
        appendices.append(sections(ctx, s, n, ""))
    main: list[_Run | str] = []  # a run of slides, or "agenda" / "divider" still to make
    for part in main_parts:
        if part in ("agenda", "divider"):
            main.append(part)
        elif part == "sections":
            main.append(_sections(ctx, sections, flagged))
        else:
            slides = table[part](ctx)
            main.append(_Run(part, slides, [Bullet(_heading(ctx, part, slides))]))
    for part in backup_parts:
        if part in STRUCTURE_PARTS:
            continue  # the appendix lists no agenda, and each appendix is its own section
        if part == "sections":
            appendices += [sections(ctx, s, n, "") for n, s in enumerate(ctx.b.sections)]
        else:
            appendices.append(table[part](ctx))
    slides = _main(ctx, main)
    count = len(slides)
    appendices = [a for a in appendices if a]
    if appendices:
        slides.append(Slide("section", plain(ctx.label("appendix")), number=""))
    for n, backup in enumerate(appendices):
        mark = letter(n)
        for page, slide in enumerate(backup, 1):
            number = ctx.label("appendix_number", letter=mark, n=str(page))
            slides.append(replace(slide, title=_titled(ctx, mark, slide.title), number=number))
    return slides, count


def _part(ctx: Context, n: int, heading: Text) -> Text:
    """A divider's title: the `divider` label ("Part {n}: {title}"), the heading's runs kept."""
    words = ctx.label("divider", n=str(n))
    if "{title}" not in words:
        return plain(words)
    before, after = words.split("{title}", 1)
    out = plain(before) + heading if before else heading
    return out + plain(after) if after else out


def _titled(ctx: Context, mark: str, title: Text) -> Text:
    """The "Appendix A: " prefix and the slide's own title, its runs kept (the label split at
    ``{title}``); a label without ``{title}`` is the whole title."""
    words = ctx.label("appendix_title", letter=mark)
    if "{title}" not in words:
        return plain(words)
    before, after = words.split("{title}", 1)
    out = plain(before) + title if before else title
    return out + plain(after) if after else out


def _sections(ctx: Context, sections: Callable[[Context, Section, int, str], list[Slide]],
              flagged: list[Section]) -> _Run:  # fmt: skip
    """The main sections' slides, each pointing to the appendix sections that follow it."""
    letters = {id(s): letter(n) for n, s in enumerate(flagged)}
    slides: list[Slide] = []
    entries: list[Bullet] = []
    main = [s for s in ctx.b.sections if not s.appendix]
    for n, s in enumerate(main):
        after = ctx.b.sections[ctx.b.sections.index(s) + 1 :]
        backs = []
        for nxt in after:
            if not nxt.appendix:
                break
            backs.append(letters[id(nxt)])
        see = ctx.label("see_appendix", letter=", ".join(backs)) if backs else ""
        slides += sections(ctx, s, n, see)
        entries.append(Bullet(s.title, 1))
    heading = [Bullet(plain(ctx.label("sections_heading")))] if entries else []
    return _Run("sections", slides, heading + entries)


def _heading(ctx: Context, part: str, slides: list[Slide]) -> Text:
    if part in HEADINGS:
        return plain(ctx.label(HEADINGS[part]))
    return slides[0].title if slides else plain(part)


def _main(ctx: Context, main: list[_Run | str]) -> list[Slide]:
    """The main deck: dividers named after the part they open, the agenda filled in."""
    runs = [r for r in main if isinstance(r, _Run)]
    listed = [e for r in runs if r.slides and r.part not in UNLISTED for e in r.entries]
    slides: list[Slide] = []
    parts = 0  # dividers so far
    for i, item in enumerate(main):
        if isinstance(item, _Run):
            slides += item.slides
        elif item == "agenda" and listed:
            block = BulletsBlock(listed, ctx.size("body"))
            pages = ctx.fitter.bullets(block)
            for p, page in enumerate(pages):
                title = plain(ctx.label("agenda"))
                title = title if p == 0 else ctx.continued(title, p)
                slides.append(Slide("bullets", title, page, continued=p > 0))
        elif item == "divider":
            # it opens the part after it; before a part with nothing to show, nothing
            nxt = next((r for r in main[i + 1 :] if isinstance(r, _Run)), None)
            if nxt is not None and nxt.slides:
                # numbered ("Part 2: Shared goals"): the part's own slide may carry the same
                # heading, and two slides a screen reader lists alike cannot be told apart
                heading = nxt.entries[0].text if nxt.entries else nxt.slides[0].title
                parts += 1
                slides.append(Slide("section", _part(ctx, parts, heading)))
    return slides
