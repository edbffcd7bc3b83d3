"""writers/memo/spacing: a memo set closer or more open changes only its paragraph spacing."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from deckgen.writers.memo.spacing import scaled

WHEN = dt.datetime(2026, 1, 15)
STYLES = (b'<w:styles><w:docDefaults><w:pPrDefault><w:pPr>'
          b'<w:spacing w:after="120" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
          b'</w:docDefaults><w:style w:styleId="Heading1"><w:pPr>'
          b'<w:spacing w:before="280" w:after="80"/></w:pPr></w:style>'
          b'<w:style w:styleId="Boxed"><w:pPr><w:spacing w:after="100" w:line="300" '
          b'w:lineRule="exact"/></w:pPr><w:rPr><w:spacing w:val="20"/></w:rPr></w:style>'
          b'</w:styles>')  # fmt: skip
DOCUMENT = (b'<w:document><w:body><w:p><w:pPr><w:spacing w:after="240"/></w:pPr></w:p>'
            b'</w:body></w:document>')  # fmt: skip


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("word/styles.xml", STYLES)
        z.writestr("word/document.xml", DOCUMENT)
        z.writestr("word/media/x.bin", b'w:after="120"')  # not XML we set: untouched
    return out.getvalue()


def _parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_closer_halves_the_gaps_and_drops_the_extra_leading() -> None:
    parts = _parts(scaled(_docx(), 0.5, 0.0, WHEN))
    styles = parts["word/styles.xml"]
    assert b'<w:spacing w:after="60" w:line="240" w:lineRule="auto"/>' in styles
    assert b'<w:spacing w:before="140" w:after="40"/>' in styles
    assert b'<w:spacing w:after="120"/>' in parts["word/document.xml"]
    # an exact line height is the template's design, a run's letter spacing is no gap
    assert b'w:line="300" w:lineRule="exact"' in styles and b'w:after="50"' in styles
    assert b'<w:spacing w:val="20"/>' in styles
    assert parts["word/media/x.bin"] == b'w:after="120"'
    assert list(parts) == list(_parts(_docx()))  # the parts in their order


def test_more_open_widens_gaps_and_leading_and_is_the_same_bytes_each_time() -> None:
    once = scaled(_docx(), 1.6, 1.5, WHEN)
    assert once == scaled(_docx(), 1.6, 1.5, WHEN)
    styles = _parts(once)["word/styles.xml"]
    assert re.search(rb'w:after="192" w:line="268"', styles), styles
    assert _parts(scaled(_docx(), 1.0, 1.0, WHEN))["word/styles.xml"] == STYLES
