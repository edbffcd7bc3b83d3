"""A memo template's page setup and its own header and footer text to what every memo may keep.

A template without section properties, page size or margins gets Word's defaults written in
(US Letter, 1 inch margins), so every reader lays the memo out alike, and a warning says so.
The template's own header and footer text (a version line, a "PRELIMINARY", a copyright) goes
by default: our marking and "Page X of Y" take the header and footer, and a second marking
beside ours would be wrong. Pictures (logos) stay. A set can keep the text on purpose
(template.yaml ``memo_options: {keep_header_text: true}``); a marking-like word it keeps is
still named, and compared with each briefing's marking when the memo is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from deckgen.ooxml.wordpage import WORD_PAGE

# What reads like a marking or a status in a header or footer, and like a copyright notice.
MARKING_WORDS = re.compile(
    r"\b(TOP\s+SECRET|SECRET|CONFIDENTIAL|RESTRICTED|UNCLASSIFIED|PRELIMINARY|DRAFT|"
    r"FOUO|FOR\s+OFFICIAL\s+USE\s+ONLY|CUI|OFFICIAL[\s-]+SENSITIVE|"
    r"TLP\s*:\s*(?:CLEAR|WHITE|GREEN|AMBER(?:\+STRICT)?|RED))\b",
    re.IGNORECASE,
)
COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b|\ball rights reserved\b", re.IGNORECASE)
_MARGINS = {"header": 720, "footer": 720, "gutter": 0}  # Word's, in twips
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def qn(tag: str) -> str:
    """w:name in Clark notation (python-docx's qn, without importing python-docx: the memo
    writer reads this module on warm builds, which must not load it)."""
    return f"{{{_W}}}{tag.removeprefix('w:')}"


_V = "urn:schemas-microsoft-com:vml"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_PICTURES = (f"{{{_W}}}drawing", f"{{{_W}}}pict", f"{{{_W}}}object")


def page_defaults(doc: Any) -> list[str]:
    """Write Word's defaults where the final section sets no page size or margins."""
    body = doc.element.body
    had_section = body.sectPr is not None
    sect_pr = body.get_or_add_sectPr()
    missing = []
    pg_sz = sect_pr.pgSz
    if pg_sz is None or pg_sz.get(qn("w:w")) is None or pg_sz.get(qn("w:h")) is None:
        pg_sz = sect_pr.get_or_add_pgSz()
        for key in ("w", "h"):
            if pg_sz.get(qn(f"w:{key}")) is None:
                pg_sz.set(qn(f"w:{key}"), str(WORD_PAGE[key]))
                missing.append("page width" if key == "w" else "page height")
    pg_mar = sect_pr.pgMar
    sides = ("top", "right", "bottom", "left")
    if pg_mar is None or any(pg_mar.get(qn(f"w:{k}")) is None for k in sides):
        pg_mar = sect_pr.get_or_add_pgMar()
        for key in ("top", "right", "bottom", "left"):
            if pg_mar.get(qn(f"w:{key}")) is None:
                pg_mar.set(qn(f"w:{key}"), str(WORD_PAGE[key]))
                missing.append(f"{key} margin")
        for key, value in _MARGINS.items():
            if pg_mar.get(qn(f"w:{key}")) is None:
                pg_mar.set(qn(f"w:{key}"), str(value))
    if not missing:
        return []
    what = "no section properties" if not had_section else "no " + ", ".join(missing)
    return [
        f"the memo template's page setup has {what}; deckgen wrote in Word's defaults "
        "(US Letter, 8.50 × 11.00 in, 1 in margins where unset) so that every reader lays "
        "the memo out alike; set Layout > Size and Margins in Word to choose others"
    ]


@dataclass
class Frames:
    """Clears the template's own text from headers and footers (or keeps it on purpose) and
    remembers what it found."""

    keep: bool
    warnings: list[str] = field(default_factory=list)
    kept_marks: list[tuple[str, str, str]] = field(default_factory=list)
    _seen: set[str] = field(default_factory=set)

    def clear(self, part: Any, name: str) -> None:
        """The part's own text removed (pictures kept), each text named in a warning; with
        ``keep`` the text stays and only marking-like words are remembered."""
        if name in self._seen:  # a part two kinds share is visited twice
            return
        self._seen.add(name)
        root = part.element
        where = "header" if root.tag == f"{{{_W}}}hdr" else "footer"
        texts = []
        for child in list(root):
            text = _text(child)
            if not text:
                continue
            texts.append(text + (_BARE_PAGE if _bare_page(child, text) else ""))
            if self.keep:
                continue
            if _keeps_picture(child):
                _strip_text(child)
            else:
                root.remove(child)
        for text in texts:
            self._report(where, name, text)
        _flag_furniture(root)

    def _report(self, where: str, name: str, text: str) -> None:
        found = (" ".join(m.group(0).upper().split()) for m in MARKING_WORDS.finditer(text))
        marks = list(dict.fromkeys(found))
        kind = ""
        if text.endswith(_BARE_PAGE):
            text = text[:-1]
            kind = ", a page number without the page count (a bare PAGE field)"
        elif marks:
            kind = f", which reads like a marking or status ({', '.join(marks)})"
        elif COPYRIGHT.search(text):
            kind = ", a copyright notice"
        quoted = _quote(text)
        if self.keep:
            self.kept_marks += [(mark, quoted, name) for mark in marks]
            return
        self.warnings.append(
            f"the memo template's {where} ({name}) says {quoted}{kind}; deckgen removed it, "
            'since the briefing\'s marking and "Page X of Y" take the header and footer (set '
            "memo_options: {keep_header_text: true} in template.yaml to keep the template's "
            "text)"
        )


def kept_mark_warnings(kept: list[tuple[str, str, str]], marking: str | None) -> list[str]:
    """A warning for each marking-like word kept from the template that the briefing's own
    marking does not carry."""
    ours = " ".join((marking or "").upper().split())
    out = []
    for mark, quoted, name in kept:
        if re.search(rf"(?<![A-Z]){re.escape(mark)}(?![A-Z])", ours):
            continue
        out.append(
            f"the memo template's {name} keeps {quoted} (memo_options: keep_header_text), "
            f"whose {mark!r} reads like a marking or status and differs from the briefing's "
            f"marking {(marking or 'none')!r}: two markings on one page"
        )
    return out


_BARE_PAGE = "\0"  # marks a text that is only a PAGE field's number


def _bare_page(element: Any, text: str) -> bool:
    """A page number alone ("1"): a PAGE field without NUMPAGES, which shows no page count."""
    simple = [f.get(qn("w:instr"), "") for f in element.iter(qn("w:fldSimple"))]
    complex_ = [t.text or "" for t in element.iter(qn("w:instrText"))]
    fields = " ".join(simple + complex_).split()
    return text.isdigit() and "PAGE" in fields and "NUMPAGES" not in fields


def _quote(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _text(element: Any) -> str:
    """What a header's paragraph, table or content control shows: run text, field results,
    text boxes and WordArt (a watermark's "DRAFT" is a v:textpath)."""
    pieces = [t.text or "" for t in element.iter(f"{{{_W}}}t")]
    pieces += [p.get("string", "") for p in element.iter(f"{{{_V}}}textpath")]
    return " ".join(" ".join(pieces).split())


def _flag_furniture(root: Any) -> None:
    """The header's or footer's drawings that carry nothing to read (no alt text, no text: a
    coloured band, a rule, an unnamed logo) flagged decorative: a screen reader passes page
    furniture by, and the PDF step makes each an artifact."""
    from deckgen.ooxml.decorative import flag

    for props in root.iter(f"{{{_WP}}}docPr"):
        drawing = next((a for a in props.iterancestors(f"{{{_W}}}drawing")), None)
        if props.get("descr", "").strip() or drawing is None or _text(drawing):
            continue
        flag(props)


def _pictures(element: Any) -> list[Any]:
    return list(element.iter(*_PICTURES))


def _keeps_picture(element: Any) -> bool:
    """True when some picture in ``element`` is only a picture (no text box, no WordArt)."""
    return any(not _text(picture) for picture in _pictures(element))


def _strip_text(element: Any) -> None:
    """Remove every run, field and text shape from ``element`` but its plain pictures."""
    for run in list(element.iter(f"{{{_W}}}r")):
        pictures = _pictures(run)
        if pictures and all(not _text(p) for p in pictures):
            continue
        parent = run.getparent()
        if parent is not None:
            parent.remove(run)
    for simple in list(element.iter(f"{{{_W}}}fldSimple")):
        if simple.getparent() is not None and not _pictures(simple):
            simple.getparent().remove(simple)
