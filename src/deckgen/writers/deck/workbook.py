"""A chart's categories and series to the .xlsx workbook embedded beside it (deck and memo).

PowerPoint opens this workbook when a reader chooses "Edit Data". It is written part for part
as XlsxWriter writes it for python-pptx (one sheet, categories in column A from row 2, each
series in the next column under its name, shared strings), which tests/test_workbook.py checks
byte for byte; importing XlsxWriter would cost more than the rest of a small build.
"""

from __future__ import annotations

import datetime as dt
import re

from deckgen.content.model import Chart
from deckgen.ooxml import zip as ooxml
from deckgen.writers.chartspace import column_letter

_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CT = "application/vnd.openxmlformats-officedocument."

_TYPES = (
    f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/docProps/app.xml" ContentType="{_CT}extended-properties+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
    'package.core-properties+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_CT}spreadsheetml.styles+xml"/>'
    f'<Override PartName="/xl/theme/theme1.xml" ContentType="{_CT}theme+xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="'
    f'{_CT}spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="'
    f'{_CT}spreadsheetml.sharedStrings+xml"/></Types>'
)
_ROOT_RELS = (
    f'{_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    f'relationships"><Relationship Id="rId1" Type="{_RT}officeDocument" '
    'Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org'
    '/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_RT}extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_BOOK_RELS = (
    f'{_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    f'relationships"><Relationship Id="rId1" Type="{_RT}worksheet" '
    f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{_RT}theme" '
    f'Target="theme/theme1.xml"/><Relationship Id="rId3" Type="{_RT}styles" '
    f'Target="styles.xml"/><Relationship Id="rId4" Type="{_RT}sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
_BOOK = (
    f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_R}"><fileVersion appName="xl" '
    'lastEdited="4" lowestEdited="4" rupBuild="4505"/><workbookPr defaultThemeVersion="124226"/>'
    '<bookViews><workbookView xWindow="240" yWindow="15" windowWidth="16095" '
    'windowHeight="9660"/></bookViews><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/>'
    '</sheets><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
)
_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_MAIN}"><fonts count="1"><font><sz val="11"/>'
    '<color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>'
    '</fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
    '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/>'
    '<right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf '
    'numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf '
    'numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="0" '
    'fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle '
    'name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles '
    'count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/>'
    "</styleSheet>"
)
_APP = (
    f'{_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
    'docPropsVTypes"><Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity>'
    '<ScaleCrop>false</ScaleCrop><HeadingPairs><vt:vector size="2" baseType="variant">'
    "<vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4>"
    '</vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="1" '
    'baseType="lpstr"><vt:lpstr>Sheet1</vt:lpstr></vt:vector></TitlesOfParts><Company>'
    "</Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>12.0000</AppVersion></Properties>"
)
_CORE = (
    f'{_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
    'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator></dc:creator>'
    '<cp:lastModifiedBy></cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">{when}'
    '</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
    "</cp:coreProperties>"
)
_ESCAPED_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")


def _shared(text: str) -> str:
    """One shared string as Excel stores it: control characters spelled _xHHHH_ (and a
    literal _xHHHH_ protected), spaces at either end preserved, markup escaped."""
    text = _ESCAPED_ESCAPE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<si><t{space}>{text}</t></si>"


def _themeless(files: dict[str, str | None]) -> dict[str, str | None]:
    """The workbook's parts without a theme part and the two places that name it (a theme
    is optional: Excel uses its own default then)."""
    types = f'<Override PartName="/xl/theme/theme1.xml" ContentType="{_CT}theme+xml"/>'
    rel = f'<Relationship Id="rId2" Type="{_RT}theme" Target="theme/theme1.xml"/>'
    out = {n: v for n, v in files.items() if n != "xl/theme/theme1.xml"}
    out["[Content_Types].xml"] = _TYPES.replace(types, "")
    out["xl/_rels/workbook.xml.rels"] = _BOOK_RELS.replace(rel, "")
    return out


def workbook(chart: Chart, when: dt.datetime, theme: bytes | None) -> bytes:
    """The workbook for ``chart``, dated ``when``, as the deck embeds it; ``theme`` is its
    theme part (XlsxWriter's, deckgen's data/xlsx-theme.xml, which the caller reads; the
    memo passes its template's own), or None for a workbook without one."""
    strings: dict[str, int] = {}
    uses = 0

    def string(text: str) -> int:
        nonlocal uses
        uses += 1
        return strings.setdefault(text, len(strings))

    rows_count = len(chart.categories)
    cells: dict[int, list[str]] = {r: [] for r in range(rows_count + 1)}
    # written in XlsxWriter's order (categories, then each series), which numbers the strings
    for r, name in enumerate(chart.categories, 1):
        if name:
            cells[r].append(f'<c r="A{r + 1}" s="1" t="s"><v>{string(name)}</v></c>')
        else:
            cells[r].append(f'<c r="A{r + 1}" s="1"/>')  # a blank cell keeps its format
    for c, (name, values) in enumerate(chart.series, 1):
        col = column_letter(c + 1)
        if name:
            cells[0].append(f'<c r="{col}1" t="s"><v>{string(name)}</v></c>')
        for r, value in enumerate(values, 1):
            cells[r].append(f'<c r="{col}{r + 1}" s="1"><v>{float(value):.16G}</v></c>')
    last = column_letter(len(chart.series) + 1)
    width = len(chart.series) + 1
    rows = "".join(
        f'<row r="{r + 1}" spans="1:{width}">{"".join(cells[r])}</row>'
        for r in range(rows_count + 1)
        if cells[r]
    )
    sheet = (
        f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_R}"><dimension ref="A1:{last}'
        f'{rows_count + 1}"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/>'
        '</sheetViews><sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="1" '
        'width="10.7109375" customWidth="1"/></cols>'
        f"<sheetData>{rows}</sheetData>"
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
        'footer="0.3"/></worksheet>'
    )
    shared = (
        f'{_HEAD}<sst xmlns="{_MAIN}" count="{uses}" uniqueCount="{len(strings)}">'
        + "".join(_shared(s) for s in strings)
        + "</sst>"
    )
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    files = {
        "[Content_Types].xml": _TYPES,
        "_rels/.rels": _ROOT_RELS,
        "xl/_rels/workbook.xml.rels": _BOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet,
        "xl/workbook.xml": _BOOK,
        "xl/sharedStrings.xml": shared,
        "xl/styles.xml": _STYLES,
        "xl/theme/theme1.xml": None,
        "docProps/core.xml": _CORE.format(when=stamp),
        "docProps/app.xml": _APP,
    }
    if theme is None:
        files = _themeless(files)
    data = {n: (v.encode("utf-8") if v is not None else theme or b"")
            for n, v in files.items()}  # fmt: skip
    return ooxml.write_zip(data, when, keep_order=True)
