"""A slide's speaker notes to a notes slide, cloned from the deck's notes master.

A template without a notes master gets Office's default one (the bytes python-pptx ships,
which the caller reads), and the presentation lists it so every reader keeps the notes.
"""

from __future__ import annotations

import re

from deckgen.ooxml.package import XML_HEAD, Package
from deckgen.templates.deck import BASENAMES
from deckgen.text import paragraph_rtl, parse, stretches
from deckgen.writers.deck.slide import CT, NSDECLS, RT, TextWriter

_PH_RE = re.compile(rb"<p:ph\b([^>]*?)/?>")
_PH_ATTR_RE = re.compile(rb'(type|idx|orient|sz)="([^"]*)"')


class NotesWriter(TextWriter):
    """Notes slides of one presentation, each cloning its notes master's placeholders."""

    def __init__(self, pkg: Package, lang: str, presentation: str, master: str | None,
                 stock_master: bytes, stock_theme: bytes) -> None:  # fmt: skip
        super().__init__(lang)
        self.pkg = pkg
        self.presentation = presentation
        self.notes_master = master
        self.stock_master = stock_master  # Office's default notes master and its theme
        self.stock_theme = stock_theme
        self.notes_shapes: dict[str, list[tuple[str, str]]] = {}  # by notes master

    def notes(self, slide_part: str, text: str) -> None:
        pkg = self.pkg
        master = self.notes_master or self.default_notes_master()
        name = pkg.next_partname("ppt/notesSlides/notesSlide%d.xml")
        shapes = []
        next_id = 2
        if master not in self.notes_shapes:
            self.notes_shapes[master] = _notes_placeholders(pkg.parts[master])
        for ph_type, attrs in self.notes_shapes[master]:
            base = "Notes Placeholder" if ph_type == "body" else BASENAMES.get(ph_type, "")
            body = ""
            if ph_type == "body":
                paras = "".join(self.notes_line(line) for line in text.split("\n"))
                body = self.body(paras)
            shapes.append(f'<p:sp><p:nvSpPr><p:cNvPr id="{next_id}" name="{base} {next_id - 1}"/>'
                          '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>'
                          f"<p:ph{attrs}/></p:nvPr></p:nvSpPr><p:spPr/>{body}</p:sp>")  # fmt: skip
            next_id += 1
        xml = (f"{XML_HEAD}<p:notes {NSDECLS}><p:cSld><p:spTree>"
               '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
               '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>'
               '<a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>'
               f"{''.join(shapes)}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/>"
               "</p:clrMapOvr></p:notes>")  # fmt: skip
        pkg.add(name, xml.encode("utf-8"), CT + "presentationml.notesSlide+xml")
        pkg.relate(name, RT + "notesMaster", master)
        pkg.relate(name, RT + "slide", slide_part)
        pkg.relate(slide_part, RT + "notesSlide", name)

    def default_notes_master(self) -> str:
        """A template without a notes master gets Office's default one (python-pptx ships it),
        with the theme it needs."""
        pkg = self.pkg
        master = "ppt/notesMasters/notesMaster1.xml"
        pkg.add(master, self.stock_master, CT + "presentationml.notesMaster+xml")
        theme = pkg.next_partname("ppt/theme/theme%d.xml")
        pkg.add(theme, self.stock_theme, CT + "theme+xml")
        pkg.relate(master, RT + "theme", theme)
        pkg.relate(self.presentation, RT + "notesMaster", master)
        self.notes_master = master
        return master

    def notes_line(self, line: str) -> str:
        """A notes paragraph: runs in the briefing's language (screen readers and spelling
        checkers read it from each run), split at vertical tabs (soft breaks)."""
        out = []
        for i, piece in enumerate(line.split("\v")):
            if i:
                out.append("<a:br/>")
            if piece:
                # notes take inline markup like every text field (a phrase's language too)
                out += [self.run(st, None, st.bold, st.italic, None)
                        for st in stretches(parse(piece), self.lang)]  # fmt: skip
        head = '<a:pPr rtl="1" algn="r"/>' if paragraph_rtl(line, self.lang) else ""
        return f"<a:p>{head}{''.join(out)}</a:p>"


def _notes_placeholders(master: bytes) -> list[tuple[str, str]]:
    """The notes master's slide image, notes and number placeholders, as a notes slide
    clones them: their type and the attributes its `p:ph` carries."""
    out = []
    for match in _PH_RE.finditer(master):
        attrs = {k.decode(): v.decode() for k, v in _PH_ATTR_RE.findall(match.group(1))}
        ph_type = attrs.get("type", "obj")
        if ph_type not in ("sldImg", "body", "sldNum"):
            continue
        text = "".join(f' {k}="{attrs[k]}"' for k in ("type", "orient", "sz", "idx")
                       if k in attrs and attrs[k] not in ("horz", "full", "0"))  # fmt: skip
        out.append((ph_type, text))
    return out
