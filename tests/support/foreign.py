"""Foreign deck and memo templates, made at test time: pandoc's, LibreOffice's and odd ones."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.util import Emu, Inches

Maker = Callable[[Path], list[Path]]

SAMPLE_SLIDE = "SAMPLE SLIDE — DELETE ME"
SAMPLE_TEXT = "SAMPLE TEXT — DELETE ME"
A4 = (11906, 16838)  # twentieths of a point
WIDESCREEN = (12192000, 6858000)  # 13.333 in x 7.5 in, in EMU

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
CT = "[Content_Types].xml"
POTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
DOTX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
SLIDE_MASTER = "application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml"
SLIDE_LAYOUT = "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"
THEME = "application/vnd.openxmlformats-officedocument.theme+xml"
REL_MASTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideMaster"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)

# python-pptx's default layouts, in order, and their names in other Office languages.
ENGLISH = (
    "Title Slide",
    "Title and Content",
    "Section Header",
    "Two Content",
    "Comparison",
    "Title Only",
    "Blank",
    "Content with Caption",
    "Picture with Caption",
    "Title and Vertical Text",
    "Vertical Title and Text",
)
LAYOUT_NAMES = {
    "french": (
        "Diapositive de titre",
        "Titre et contenu",
        "Titre de section",
        "Deux contenus",
        "Comparaison",
        "Titre seul",
        "Vide",
        "Contenu avec légende",
        "Image avec légende",
        "Titre et texte vertical",
        "Titre vertical et texte",
    ),
    "chinese": (
        "标题幻灯片",
        "标题和内容",
        "节标题",
        "两栏内容",
        "比较",
        "仅标题",
        "空白",
        "内容与标题",
        "图片与标题",
        "标题和竖排文字",
        "竖排标题与文本",
    ),
    "japanese": (
        "タイトル スライド",
        "タイトルとコンテンツ",
        "セクション見出し",
        "2 つのコンテンツ",
        "比較",
        "タイトルのみ",
        "白紙",
        "タイトル付きのコンテンツ",
        "タイトル付きの図",
        "タイトルと縦書きテキスト",
        "縦書きタイトルと縦書きテキスト",
    ),
    "portuguese": (
        "Slide de Título",
        "Título e Conteúdo",
        "Cabeçalho da Seção",
        "Duas Partes de Conteúdo",
        "Comparação",
        "Somente Título",
        "Em Branco",
        "Conteúdo com Legenda",
        "Imagem com Legenda",
        "Título e Texto Vertical",
        "Título Vertical e Texto",
    ),
    "lo-names": (  # LibreOffice Impress's own layout names
        "Title Slide",
        "Title, Content",
        "Centered Text",
        "Title, 2 Content",
        "Title, 2 Content and Content",
        "Title Only",
        "Blank",
        "Title Content and 2 Content",
        "Title, 2 Content over Content",
        "Title, Content over Content",
        "Title, 4 Content",
    ),
}


def q(tag: str) -> str:
    """Clark notation for a prefixed name: q("p:ph") -> "{...presentationml...}ph"."""
    prefix, local = tag.split(":")
    return f"{{{NS[prefix]}}}{local}"


# -- packages as {part name: bytes} --------------------------------------------------------


def read_parts(path: Path | bytes) -> dict[str, bytes]:
    """Every member of an OPC package, in stored order."""
    source = io.BytesIO(path) if isinstance(path, bytes) else path
    with zipfile.ZipFile(source) as z:
        return {n: z.read(n) for n in z.namelist() if not n.endswith("/")}


def write_parts(parts: dict[str, bytes], path: Path) -> Path:
    """Write a package with fixed timestamps, [Content_Types].xml first, so bytes repeat."""
    path.parent.mkdir(parents=True, exist_ok=True)
    names = [CT, *(n for n in parts if n != CT)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, parts[name])
    return path


def xml(parts: dict[str, bytes], name: str) -> etree._Element:
    return etree.fromstring(parts[name])


def put(parts: dict[str, bytes], name: str, root: etree._Element) -> None:
    parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def set_override(parts: dict[str, bytes], part: str, content_type: str | None) -> None:
    """Set (or with None drop) the content-type override of /``part``."""
    types = xml(parts, CT)
    for old in types.findall(q("ct:Override")):
        if old.get("PartName") == f"/{part}":
            types.remove(old)
    if content_type is not None:
        etree.SubElement(types, q("ct:Override"), PartName=f"/{part}", ContentType=content_type)
    put(parts, CT, types)


def as_template(parts: dict[str, bytes], main_part: str, content_type: str) -> dict[str, bytes]:
    """The same package as a .potx/.dotx: only the main part's content type differs."""
    out = dict(parts)
    set_override(out, main_part, content_type)
    return out


def png(width: int = 160, height: int = 90, color: tuple[int, int, int] = (180, 40, 40)) -> bytes:
    """A small solid-colour PNG (same bytes every time)."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


# -- LibreOffice and pandoc -----------------------------------------------------------------


def soffice_path() -> str:
    found = os.environ.get("DECKGEN_SOFFICE") or shutil.which("soffice")
    found = found or shutil.which("libreoffice")
    if not found:
        raise FileNotFoundError("LibreOffice (soffice) is not installed")
    return found


def soffice_convert(
    sources: list[Path], fmt: str, outdir: Path, profile: Path, timeout: float = 600
) -> list[Path]:
    """Convert ``sources`` with one soffice call; the paths it wrote (missing ones left out)."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile.mkdir(parents=True, exist_ok=True)
    command = [
        soffice_path(),
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        fmt,
        "--outdir",
        str(outdir),
        *map(str, sources),
    ]
    subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    ext = fmt.split(":")[0]
    wrote = [outdir / f"{s.stem}.{ext}" for s in sources]
    return [p for p in wrote if p.is_file()]


def lo_template_dir() -> Path:
    """LibreOffice's shipped template folder (share/template/common)."""
    candidates = []
    try:
        program = Path(soffice_path()).resolve().parent
        candidates.append(program.parent / "share" / "template" / "common")
    except FileNotFoundError:
        pass
    candidates += [
        Path("/usr/lib/libreoffice/share/template/common"),
        Path("/usr/lib64/libreoffice/share/template/common"),
        Path("/opt/libreoffice/share/template/common"),
        Path("/Applications/LibreOffice.app/Contents/Resources/template/common"),
    ]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("LibreOffice's template folder (share/template/common) not found")


TEMPLATE_MAIN = {  # format -> (plain format, main part, the template's main content type)
    "potx": ("pptx", "ppt/presentation.xml", POTX_MAIN),
    "dotx": ("docx", "word/document.xml", DOTX_MAIN),
}


def _lo_convert(folder: Path, template: str, fmt: str, name: str) -> list[Path]:
    """Convert LibreOffice's ``template`` (relative to its template folder) to folder/name.

    Should the template filter (.potx/.dotx) fail, convert to the plain format and rewrite
    the main part's content type, which is all that distinguishes a template package.
    """
    source = lo_template_dir() / template
    if not source.is_file():
        raise FileNotFoundError(f"LibreOffice template {source} is not installed")
    target = folder / name
    profile = folder / ".lo-profile"
    with tempfile.TemporaryDirectory(dir=folder) as scratch:
        wrote = soffice_convert([source], fmt, Path(scratch), profile)
        if not wrote and fmt in TEMPLATE_MAIN:
            plain, main, content_type = TEMPLATE_MAIN[fmt]
            wrote = soffice_convert([source], plain, Path(scratch), profile)
            if wrote:
                write_parts(as_template(read_parts(wrote[0]), main, content_type), wrote[0])
        if not wrote:
            raise RuntimeError(f"soffice could not convert {source} to {fmt}")
        shutil.move(wrote[0], target)
    return [target]


def _pandoc_reference(folder: Path, name: str) -> list[Path]:
    pandoc = shutil.which("pandoc")
    if not pandoc:
        raise FileNotFoundError("pandoc is not installed")
    done = subprocess.run(
        [pandoc, "--print-default-data-file", name], capture_output=True, check=True
    )
    return [write_parts(read_parts(done.stdout), folder / f"pandoc{Path(name).suffix}")]


# -- decks ----------------------------------------------------------------------------------


def pandoc_deck(folder: Path) -> list[Path]:
    """pandoc's own reference.pptx."""
    return _pandoc_reference(folder, "reference.pptx")


def lo_vivid(folder: Path) -> list[Path]:
    """LibreOffice Impress's Vivid template (three slide masters) as .pptx."""
    return _lo_convert(folder, "presnt/Vivid.otp", "pptx", "lo-vivid.pptx")


def lo_focus(folder: Path) -> list[Path]:
    """LibreOffice Impress's Focus template (four masters, numbered sample slides) as .pptx."""
    return _lo_convert(folder, "presnt/Focus.otp", "pptx", "lo-focus.pptx")


def lo_metropolis(folder: Path) -> list[Path]:
    """LibreOffice Impress's Metropolis template (one master) as .pptx."""
    return _lo_convert(folder, "presnt/Metropolis.otp", "pptx", "lo-metropolis.pptx")


def lo_beehive(folder: Path) -> list[Path]:
    """LibreOffice Impress's Beehive template as .pptx."""
    return _lo_convert(folder, "presnt/Beehive.otp", "pptx", "lo-beehive.pptx")


def lo_piano_potx(folder: Path) -> list[Path]:
    """LibreOffice Impress's Piano template as a .potx."""
    return _lo_convert(folder, "presnt/Piano.otp", "potx", "lo-piano.potx")


def lo_roundtrip(folder: Path) -> list[Path]:
    """python-pptx's default deck through Impress (pptx -> odp -> pptx): LibreOffice's spellings."""
    profile = folder / ".lo-profile"
    target = folder / "lo-roundtrip.pptx"
    with tempfile.TemporaryDirectory(dir=folder) as scratch:
        start = Path(scratch) / "start" / "lo-roundtrip.pptx"
        start.parent.mkdir()
        Presentation().save(str(start))
        odp = soffice_convert([start], "odp", Path(scratch) / "odp", profile)
        back = soffice_convert(odp, "pptx", Path(scratch) / "back", profile)
        if not back:
            raise RuntimeError("soffice could not round-trip python-pptx's default deck")
        shutil.move(back[0], target)
    return [target]


def _deck(edit: Callable[[Presentation], None] | None = None) -> dict[str, bytes]:
    """python-pptx's default 4:3 deck, edited, as package parts."""
    prs = Presentation()
    if edit is not None:
        edit(prs)
    buffer = io.BytesIO()
    prs.save(buffer)
    return read_parts(buffer.getvalue())


def _layout_elements(prs: Presentation) -> list[etree._Element]:
    return [layout._element for layout in prs.slide_layouts]


def _layout(prs: Presentation, name: str) -> etree._Element:
    return next(lay._element for lay in prs.slide_layouts if lay.name == name)


def _placeholders(element: etree._Element) -> list[etree._Element]:
    return list(element.iter(q("p:ph")))


def _set_xfrm(ph: etree._Element, x: float, y: float, cx: float, cy: float) -> None:
    """Give the shape holding placeholder ``ph`` its own position and size, in inches."""
    shape = next(a for a in ph.iterancestors() if a.tag == q("p:sp"))
    sp_pr = shape.find(q("p:spPr"))
    for old in sp_pr.findall(q("a:xfrm")):
        sp_pr.remove(old)
    xfrm = etree.Element(q("a:xfrm"))
    etree.SubElement(xfrm, q("a:off"), x=str(int(Inches(x))), y=str(int(Inches(y))))
    etree.SubElement(xfrm, q("a:ext"), cx=str(int(Inches(cx))), cy=str(int(Inches(cy))))
    sp_pr.insert(0, xfrm)


def _body_ph(layout: etree._Element) -> etree._Element:
    return next(ph for ph in _placeholders(layout) if ph.get("idx") == "1")


def _resize(prs: Presentation, width: int, height: int) -> None:
    """Change the slide size (EMU), scaling the master's and the layouts' shapes to match."""
    sx = width / prs.slide_width
    sy = height / prs.slide_height
    prs.slide_width, prs.slide_height = Emu(width), Emu(height)
    for master in prs.slide_masters:
        for element in [master._element, *(lay._element for lay in master.slide_layouts)]:
            for tag in ("a:off", "a:chOff"):
                for node in element.iter(q(tag)):
                    node.set("x", str(round(int(node.get("x")) * sx)))
                    node.set("y", str(round(int(node.get("y")) * sy)))
            for tag in ("a:ext", "a:chExt"):
                for node in element.iter(q(tag)):
                    if node.get("cx") is not None:  # a:ext also appears in extension lists
                        node.set("cx", str(round(int(node.get("cx")) * sx)))
                        node.set("cy", str(round(int(node.get("cy")) * sy)))


def deck_idx10(folder: Path) -> list[Path]:
    """4:3; every layout's body placeholder renumbered idx 1 -> 10, its date moved to idx 1."""

    def edit(prs: Presentation) -> None:
        for layout in _layout_elements(prs):
            for ph in _placeholders(layout):
                if ph.get("idx") == "1":
                    ph.set("idx", "10")
                elif ph.get("type") == "dt":
                    ph.set("idx", "1")

    return [write_parts(_deck(edit), folder / "idx10-4x3.pptx")]


def deck_unnamed_layouts(folder: Path) -> list[Path]:
    """No layout or master names (removed on half, emptied on the rest), no sldLayout @type."""

    def edit(prs: Presentation) -> None:
        for number, layout in enumerate(_layout_elements(prs)):
            layout.attrib.pop("type", None)
            c_sld = layout.find(q("p:cSld"))
            if number % 2:
                c_sld.set("name", "")
            else:
                c_sld.attrib.pop("name", None)
        prs.slide_master._element.find(q("p:cSld")).attrib.pop("name", None)

    return [write_parts(_deck(edit), folder / "unnamed-layouts.pptx")]


def _add_second_master(parts: dict[str, bytes]) -> None:
    """Copy slide master 1, its layouts and its theme into a second master (same names)."""
    rel_ns = NS["rel"]
    names = set(parts)

    def free(pattern: str) -> int:
        number = 1
        while pattern.format(number) in names:
            number += 1
        return number

    master_no = free("ppt/slideMasters/slideMaster{}.xml")
    master = f"ppt/slideMasters/slideMaster{master_no}.xml"
    theme_no = free("ppt/theme/theme{}.xml")
    rels = xml(parts, "ppt/slideMasters/_rels/slideMaster1.xml.rels")
    layout_no = free("ppt/slideLayouts/slideLayout{}.xml")
    for rel in rels.findall(f"{{{rel_ns}}}Relationship"):
        target = rel.get("Target")
        if "slideLayouts/" in target:
            old = "ppt/slideLayouts/" + target.rsplit("/", 1)[1]
            new = f"ppt/slideLayouts/slideLayout{layout_no}.xml"
            layout_no += 1
            parts[new] = parts[old]
            old_rels = old.replace("slideLayouts/", "slideLayouts/_rels/") + ".rels"
            parts[new.replace("slideLayouts/", "slideLayouts/_rels/") + ".rels"] = parts[
                old_rels
            ].replace(b"slideMaster1.xml", f"slideMaster{master_no}.xml".encode())
            set_override(parts, new, SLIDE_LAYOUT)
            rel.set("Target", "../slideLayouts/" + new.rsplit("/", 1)[1])
        elif "theme/" in target:
            parts[f"ppt/theme/theme{theme_no}.xml"] = parts["ppt/theme/" + target.rsplit("/")[-1]]
            set_override(parts, f"ppt/theme/theme{theme_no}.xml", THEME)
            rel.set("Target", f"../theme/theme{theme_no}.xml")
    put(parts, f"ppt/slideMasters/_rels/slideMaster{master_no}.xml.rels", rels)

    presentation = xml(parts, "ppt/presentation.xml")
    ids = [int(e.get("id")) for e in presentation.iter(q("p:sldMasterId"))]
    for name in parts:
        if name.startswith("ppt/slideMasters/slideMaster") and name.endswith(".xml"):
            ids += [int(e.get("id")) for e in xml(parts, name).iter(q("p:sldLayoutId"))]
    next_id = max(ids) + 1

    second = xml(parts, "ppt/slideMasters/slideMaster1.xml")
    bg = second.find(f"{q('p:cSld')}/{q('p:bg')}")
    if bg is not None:  # a pale blue background tells the masters apart on screen
        for child in list(bg):
            bg.remove(child)
        bg_pr = etree.SubElement(bg, q("p:bgPr"))
        fill = etree.SubElement(bg_pr, q("a:solidFill"))
        etree.SubElement(fill, q("a:srgbClr"), val="E8EEF6")
        etree.SubElement(bg_pr, q("a:effectLst"))
    for layout_id in second.iter(q("p:sldLayoutId")):
        layout_id.set("id", str(next_id + 1))
        next_id += 1
    put(parts, master, second)
    set_override(parts, master, SLIDE_MASTER)

    pres_rels = xml(parts, "ppt/_rels/presentation.xml.rels")
    taken = {r.get("Id") for r in pres_rels}
    rid = next(f"rId{n}" for n in range(1, 10_000) if f"rId{n}" not in taken)
    etree.SubElement(
        pres_rels,
        f"{{{rel_ns}}}Relationship",
        Id=rid,
        Type=REL_MASTER,
        Target=f"slideMasters/slideMaster{master_no}.xml",
    )
    put(parts, "ppt/_rels/presentation.xml.rels", pres_rels)
    master_list = presentation.find(q("p:sldMasterIdLst"))
    entry = etree.SubElement(master_list, q("p:sldMasterId"), id=str(next_id + 1))
    entry.set(q("r:id"), rid)
    put(parts, "ppt/presentation.xml", presentation)


def deck_two_masters(folder: Path) -> list[Path]:
    """Two slide masters; the second master's eleven layouts repeat the first's names."""
    parts = _deck()
    _add_second_master(parts)
    return [write_parts(parts, folder / "two-masters.pptx")]


def _localized(language: str) -> Maker:
    def make(folder: Path) -> list[Path]:
        def edit(prs: Presentation) -> None:
            for layout, english, name in zip(prs.slide_layouts, ENGLISH, LAYOUT_NAMES[language]):
                assert layout.name == english, (layout.name, english)
                layout._element.find(q("p:cSld")).set("name", name)

        return [write_parts(_deck(edit), folder / f"{language}.pptx")]

    make.__name__ = f"deck_{language.replace('-', '_')}"
    make.__doc__ = f"Layout names as {language} Office spells them: {LAYOUT_NAMES[language][:2]}…"
    return make


deck_french = _localized("french")
deck_chinese = _localized("chinese")
deck_japanese = _localized("japanese")
deck_portuguese = _localized("portuguese")
deck_lo_names = _localized("lo-names")


def deck_no_idx(folder: Path) -> list[Path]:
    """Title and body placeholders without an idx attribute (body made type="body")."""

    def edit(prs: Presentation) -> None:
        for layout in _layout_elements(prs):
            for ph in _placeholders(layout):
                if ph.get("idx") == "1" and ph.get("type") in (None, "obj", "body"):
                    ph.set("type", "body")
                    del ph.attrib["idx"]
                elif ph.get("type") in ("title", "ctrTitle"):
                    ph.attrib.pop("idx", None)

    return [write_parts(_deck(edit), folder / "no-idx.pptx")]


def deck_high_idx(folder: Path) -> list[Path]:
    """ "Title and Content" with body placeholders numbered 10 to 68 (a kicker, the content
    area and a source strip at idx 10, 68, 42), "Two Content" at idx 30 and 45."""

    def edit(prs: Presentation) -> None:
        layout = _layout(prs, "Title and Content")
        body = _body_ph(layout)
        body.set("idx", "68")
        _set_xfrm(body, 0.5, 2.0, 9.0, 4.1)
        shape = next(a for a in body.iterancestors() if a.tag == q("p:sp"))
        tree = shape.getparent()
        shape_ids = [int(e.get("id")) for e in layout.iter(q("p:cNvPr"))]
        for offset, (idx, y, height, text) in enumerate(
            ((10, 1.5, 0.45, "Kicker"), (42, 6.15, 0.35, "Source"))
        ):
            extra = etree.fromstring(etree.tostring(shape))
            extra.find(f"{q('p:nvSpPr')}/{q('p:cNvPr')}").set(
                "id", str(max(shape_ids) + 1 + offset)
            )
            extra.find(f"{q('p:nvSpPr')}/{q('p:cNvPr')}").set("name", f"{text} {idx}")
            ph = next(extra.iter(q("p:ph")))
            ph.set("type", "body")
            ph.set("sz", "quarter")
            ph.set("idx", str(idx))
            _set_xfrm(ph, 0.5, y, 9.0, height)
            tree.insert(tree.index(shape) + 1, extra)
        two = _layout(prs, "Two Content")
        for ph in _placeholders(two):
            if ph.get("idx") in ("1", "2"):
                ph.set("idx", {"1": "30", "2": "45"}[ph.get("idx")])

    return [write_parts(_deck(edit), folder / "idx-10-to-68.pptx")]


def deck_off_slide(folder: Path) -> list[Path]:
    """The title slide's subtitle runs off the right edge; "Title Only"'s title off the top."""

    def edit(prs: Presentation) -> None:
        subtitle = _body_ph(_layout(prs, "Title Slide"))
        _set_xfrm(subtitle, 5.0, 4.2, 7.0, 1.5)  # ends 2 in past the 10 in slide
        title = next(ph for ph in _placeholders(_layout(prs, "Title Only")) if ph.get("type"))
        _set_xfrm(title, 0.5, -0.4, 9.0, 1.2)

    return [write_parts(_deck(edit), folder / "off-slide.pptx")]


def deck_short_body(folder: Path) -> list[Path]:
    """ "Title and Content"'s body placeholder is only 0.3 in tall."""

    def edit(prs: Presentation) -> None:
        _set_xfrm(_body_ph(_layout(prs, "Title and Content")), 0.5, 1.75, 9.0, 0.3)

    return [write_parts(_deck(edit), folder / "short-body.pptx")]


def deck_samples(folder: Path) -> list[Path]:
    """16:9 with three sample slides (text, a picture, notes) that must not survive;
    written as .pptx and as .potx."""

    def edit(prs: Presentation) -> None:
        _resize(prs, WIDESCREEN[0], WIDESCREEN[1])
        layouts = {layout.name: layout for layout in prs.slide_layouts}
        first = prs.slides.add_slide(layouts["Title Slide"])
        first.shapes.title.text = SAMPLE_SLIDE
        first.placeholders[1].text = "Acme Corp quarterly sample — replace this subtitle"
        second = prs.slides.add_slide(layouts["Title and Content"])
        second.shapes.title.text = SAMPLE_SLIDE
        second.placeholders[1].text = "Sample bullet about synergy\nAnother sample bullet"
        third = prs.slides.add_slide(layouts["Title Only"])
        third.shapes.title.text = SAMPLE_SLIDE
        third.shapes.add_picture(io.BytesIO(png()), Inches(1), Inches(2), Inches(4))
        box = third.shapes.add_textbox(Inches(6), Inches(2), Inches(5), Inches(1))
        box.text_frame.text = "Sample caption for the sample picture"
        for slide in prs.slides:
            slide.notes_slide.notes_text_frame.text = "Sample speaker notes — delete me"

    parts = _deck(edit)
    return [
        write_parts(parts, folder / "samples.pptx"),
        write_parts(as_template(parts, "ppt/presentation.xml", POTX_MAIN), folder / "samples.potx"),
    ]


def deck_letter_landscape(folder: Path) -> list[Path]:
    """11 in x 8.5 in (US Letter landscape), layouts scaled to fit."""
    return [
        write_parts(
            _deck(lambda prs: _resize(prs, Inches(11), Inches(8.5))), folder / "letter-11x8.5.pptx"
        )
    ]


def deck_portrait(folder: Path) -> list[Path]:
    """7.5 in x 10 in portrait, layouts scaled to fit."""
    return [
        write_parts(
            _deck(lambda prs: _resize(prs, Inches(7.5), Inches(10))),
            folder / "portrait-7.5x10.pptx",
        )
    ]


def _background(prs: Presentation, fill: etree._Element) -> None:
    """Give the slide master the background ``fill`` (a:solidFill, a:blipFill...)."""
    c_sld = prs.slide_master._element.find(q("p:cSld"))
    for old in c_sld.findall(q("p:bg")):
        c_sld.remove(old)
    bg = etree.Element(q("p:bg"))
    bg_pr = etree.SubElement(bg, q("p:bgPr"))
    bg_pr.append(fill)
    etree.SubElement(bg_pr, q("a:effectLst"))
    c_sld.insert(0, bg)


def deck_dark_solid(folder: Path) -> list[Path]:
    """A dark navy solid background on the master; text left in the theme's dark colour."""

    def edit(prs: Presentation) -> None:
        fill = etree.Element(q("a:solidFill"))
        etree.SubElement(fill, q("a:srgbClr"), val="141B3C")
        _background(prs, fill)

    return [write_parts(_deck(edit), folder / "dark-solid.pptx")]


def deck_dark_picture(folder: Path) -> list[Path]:
    """A dark picture (with a lighter band across the top) as the master's background."""
    image = Image.new("RGB", (200, 150), (20, 30, 70))
    image.paste((90, 110, 160), (0, 0, 200, 12))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    parts = _deck()
    parts["ppt/media/dark-background.png"] = buffer.getvalue()
    types = xml(parts, CT)
    if not any(d.get("Extension") == "png" for d in types.findall(q("ct:Default"))):
        etree.SubElement(types, q("ct:Default"), Extension="png", ContentType="image/png")
        put(parts, CT, types)
    rels_name = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
    rels = xml(parts, rels_name)
    etree.SubElement(rels, f"{{{NS['rel']}}}Relationship", Id="rIdDarkBg",
                     Type=REL_MASTER.replace("slideMaster", "image"),
                     Target="../media/dark-background.png")  # fmt: skip
    put(parts, rels_name, rels)
    master = xml(parts, "ppt/slideMasters/slideMaster1.xml")
    c_sld = master.find(q("p:cSld"))
    for old in c_sld.findall(q("p:bg")):
        c_sld.remove(old)
    bg = etree.Element(q("p:bg"))
    bg_pr = etree.SubElement(bg, q("p:bgPr"))
    blip_fill = etree.SubElement(bg_pr, q("a:blipFill"))
    etree.SubElement(blip_fill, q("a:blip")).set(q("r:embed"), "rIdDarkBg")
    etree.SubElement(etree.SubElement(blip_fill, q("a:stretch")), q("a:fillRect"))
    etree.SubElement(bg_pr, q("a:effectLst"))
    c_sld.insert(0, bg)
    put(parts, "ppt/slideMasters/slideMaster1.xml", master)
    return [write_parts(parts, folder / "dark-picture.pptx")]


def deck_ribbon(folder: Path) -> list[Path]:
    """Every layout's title placeholder a 0.4 in ribbon, 5 in wide, near the top."""

    def edit(prs: Presentation) -> None:
        for element in [prs.slide_master._element, *_layout_elements(prs)]:
            for ph in _placeholders(element):
                if ph.get("type") in ("title", "ctrTitle"):
                    _set_xfrm(ph, 2.5, 0.3, 5.0, 0.4)

    return [write_parts(_deck(edit), folder / "ribbon-title.pptx")]


def deck_ribbon_one_layout(folder: Path) -> list[Path]:
    """ "Title and Content"'s title a 0.4 in ribbon; "Title and Vertical Text" made a second,
    horizontal content layout named "Title and Body", whose title is Office's full one."""

    def edit(prs: Presentation) -> None:
        content = _layout(prs, "Title and Content")
        title = next(ph for ph in _placeholders(content) if ph.get("type") == "title")
        _set_xfrm(title, 2.5, 0.3, 5.0, 0.4)
        other = _layout(prs, "Title and Vertical Text")
        other.find(q("p:cSld")).set("name", "Title and Body")
        other.attrib.pop("type", None)
        for ph in _placeholders(other):
            ph.attrib.pop("orient", None)
        for body_pr in other.iter(q("a:bodyPr")):
            body_pr.attrib.pop("vert", None)

    return [write_parts(_deck(edit), folder / "ribbon-one-layout.pptx")]


def deck_oversized(folder: Path) -> list[Path]:
    """Placeholders taller than the slide: titles from 2 in above it to 12 in below, bodies
    20 in tall, the title slide's subtitle off its foot."""

    def edit(prs: Presentation) -> None:
        for element in [prs.slide_master._element, *_layout_elements(prs)]:
            for ph in _placeholders(element):
                if ph.get("type") in ("title", "ctrTitle"):
                    _set_xfrm(ph, 0.5, -2.0, 9.0, 14.0)
                elif ph.get("type") == "subTitle":
                    _set_xfrm(ph, 1.0, 7.0, 8.0, 3.0)
                elif ph.get("idx") == "1":
                    _set_xfrm(ph, 0.5, 1.0, 9.0, 20.0)

    return [write_parts(_deck(edit), folder / "oversized.pptx")]


def deck_bunone(folder: Path) -> list[Path]:
    """The master's body style and every layout's body placeholder say buNone."""

    def edit(prs: Presentation) -> None:
        body_style = prs.slide_master._element.find(f"{q('p:txStyles')}/{q('p:bodyStyle')}")
        for ppr in body_style:
            for tag in ("a:buFont", "a:buChar", "a:buAutoNum"):
                for old in ppr.findall(q(tag)):
                    ppr.remove(old)
            ppr.insert(0, etree.Element(q("a:buNone")))

    return [write_parts(_deck(edit), folder / "bullets-none.pptx")]


# -- memos ----------------------------------------------------------------------------------

STYLE_REFS = ("basedOn", "next", "link", "pStyle", "rStyle", "tblStyle", "numStyleLink")


def pandoc_memo(folder: Path) -> list[Path]:
    """pandoc's own reference.docx."""
    return _pandoc_reference(folder, "reference.docx")


def lo_letter(folder: Path) -> list[Path]:
    """LibreOffice Writer's "Modern business letter (serif)" as .docx."""
    ott = "officorr/Modern_business_letter_serif.ott"
    return _lo_convert(folder, ott, "docx", "lo-letter.docx")


def lo_cv(folder: Path) -> list[Path]:
    """LibreOffice Writer's CV template (a table of sample text) as .docx."""
    return _lo_convert(folder, "personal/CV.ott", "docx", "lo-cv.docx")


def lo_modern(folder: Path) -> list[Path]:
    """LibreOffice Writer's "Modern" style template (styles, empty body) as .docx."""
    return _lo_convert(folder, "styles/Modern.ott", "docx", "lo-modern.docx")


def lo_letter_dotx(folder: Path) -> list[Path]:
    """LibreOffice Writer's "Modern business letter (sans serif)" as a .dotx."""
    ott = "officorr/Modern_business_letter_sans_serif.ott"
    return _lo_convert(folder, ott, "dotx", "lo-letter-sans.dotx")


def _memo(edit: Callable[[WordDocument], None] | None = None) -> dict[str, bytes]:
    """python-docx's default document, edited, as package parts."""
    document = docx.Document()
    if edit is not None:
        edit(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return read_parts(buffer.getvalue())


def _style_parts(parts: dict[str, bytes]) -> list[str]:
    return [n for n in parts if n.startswith("word/") and n.endswith(".xml")]


def _restyle(parts: dict[str, bytes], rename: dict[str, str], drop: set[str]) -> None:
    """Rename style ids (and every reference to them) and delete styles by w:name."""
    w_val, w_id = q("w:val"), q("w:styleId")
    for name in _style_parts(parts):
        root = xml(parts, name)
        dropped = set()
        for style in root.iter(q("w:style")):
            label = style.find(q("w:name"))
            if label is not None and label.get(w_val) in drop:
                dropped.add(style.get(w_id))
        for style in list(root.iter(q("w:style"))):
            if style.get(w_id) in dropped:
                style.getparent().remove(style)
            elif style.get(w_id) in rename:
                style.set(w_id, rename[style.get(w_id)])
        for local in STYLE_REFS:
            for ref in list(root.iter(q(f"w:{local}"))):
                if ref.get(w_val) in dropped and ref.getparent().tag == q("w:style"):
                    ref.getparent().remove(ref)
                elif ref.get(w_val) in rename:
                    ref.set(w_val, rename[ref.get(w_val)])
        put(parts, name, root)


def memo_heading_lowercase(folder: Path) -> list[Path]:
    """python-docx's default as is: Word's own spelling "heading 1", "caption", "header"."""
    return [write_parts(_memo(), folder / "heading-lowercase.docx")]


def memo_heading_capitalized(folder: Path) -> list[Path]:
    """Built-in styles spelled "Heading 1" … "Heading 9" and "Caption" (not Word's lower case)."""
    parts = _memo()
    for name in _style_parts(parts):
        root = xml(parts, name)
        for label in root.iter(q("w:name")):
            value = label.get(q("w:val"), "")
            if value.startswith("heading ") or value == "caption":
                label.set(q("w:val"), value[0].upper() + value[1:])
        put(parts, name, root)
    return [write_parts(parts, folder / "heading-capitalized.docx")]


def memo_german_ids(folder: Path) -> list[Path]:
    """German Word's style ids (Heading1 -> berschrift1, Normal -> Standard, Title -> Titel),
    names kept, every reference updated; the body uses them."""

    def edit(document: WordDocument) -> None:
        document.add_heading("Überschrift", level=1)
        document.add_paragraph("Standardtext.")

    parts = _memo(edit)
    rename = {"Normal": "Standard", "Title": "Titel"}
    rename |= {f"Heading{n}": f"berschrift{n}" for n in range(1, 10)}
    rename |= {f"Heading{n}Char": f"berschrift{n}Zchn" for n in range(1, 10)}
    _restyle(parts, rename, set())
    return [write_parts(parts, folder / "german-ids.docx")]


def memo_missing_styles(folder: Path) -> list[Path]:
    """No "List Bullet", "Table Grid", "Footnote Text" or "Quote" style."""
    parts = _memo()
    _restyle(parts, {}, {"List Bullet", "Table Grid", "Footnote Text", "Quote"})
    return [write_parts(parts, folder / "missing-styles.docx")]


def memo_no_numbering(folder: Path) -> list[Path]:
    """No numbering part (nor its relationship, override, or numPr in the styles)."""
    parts = _memo()
    del parts["word/numbering.xml"]
    set_override(parts, "word/numbering.xml", None)
    rels = xml(parts, "word/_rels/document.xml.rels")
    for rel in list(rels):
        if rel.get("Target") == "numbering.xml":
            rels.remove(rel)
    put(parts, "word/_rels/document.xml.rels", rels)
    for name in _style_parts(parts):
        root = xml(parts, name)
        for num_pr in list(root.iter(q("w:numPr"))):
            num_pr.getparent().remove(num_pr)
        put(parts, name, root)
    return [write_parts(parts, folder / "no-numbering.docx")]


def memo_samples(folder: Path) -> list[Path]:
    """Sample body (paragraphs, a table, a picture) to clear; a header, a footer and an A4
    final section to keep; written as .docx and as .dotx."""

    def edit(document: WordDocument) -> None:
        document.add_heading(SAMPLE_TEXT, level=1)
        for _ in range(3):
            document.add_paragraph(f"{SAMPLE_TEXT}: Acme Corp boilerplate paragraph.")
        table = document.add_table(rows=2, cols=2)
        for number, cell in enumerate(c for row in table.rows for c in row.cells):
            cell.text = f"{SAMPLE_TEXT} cell {number + 1}"
        document.add_picture(io.BytesIO(png()), width=Inches(2))
        section = document.sections[-1]
        section.header.paragraphs[0].text = "ACME Corp header"
        section.footer.paragraphs[0].text = "ACME Corp footer — internal"
        sect_pr = section._sectPr
        pg_sz = sect_pr.find(q("w:pgSz"))
        pg_sz.set(q("w:w"), str(A4[0]))
        pg_sz.set(q("w:h"), str(A4[1]))
        pg_mar = sect_pr.find(q("w:pgMar"))
        for side in ("top", "right", "bottom", "left"):
            pg_mar.set(q(f"w:{side}"), "1417")

    parts = _memo(edit)
    return [
        write_parts(parts, folder / "samples.docx"),
        write_parts(as_template(parts, "word/document.xml", DOTX_MAIN), folder / "samples.dotx"),
    ]


W_DOC = "word/document.xml"
W_STYLES = "word/styles.xml"
W_XMLNS = f'xmlns:w="{NS["w"]}"'


def _edit_styles(
    parts: dict[str, bytes], edit: Callable[[dict[str, etree._Element]], None]
) -> None:
    """Edit word/styles.xml given its styles by name (as Word spells them, any case)."""
    root = xml(parts, W_STYLES)
    by_name = {}
    for style in root.iter(q("w:style")):
        label = style.find(q("w:name"))
        if label is not None:
            by_name[label.get(q("w:val"), "").casefold()] = style
    by_name["#root"] = root
    edit(by_name)
    put(parts, W_STYLES, root)


def _props(style: etree._Element, kind: str) -> etree._Element:
    """A style's w:pPr or w:rPr, created in schema order (pPr before rPr)."""
    found = style.find(q(f"w:{kind}"))
    if found is not None:
        return found
    element = etree.Element(q(f"w:{kind}"))
    if kind == "pPr":
        rpr = style.find(q("w:rPr"))
        if rpr is not None:
            rpr.addprevious(element)
            return element
    table = style.find(q("w:tblPr"))
    if table is not None:
        table.addprevious(element)
    else:
        style.append(element)
    return element


def _based_on(style: etree._Element, base_id: str) -> None:
    """Point ``style``'s w:basedOn at ``base_id`` (after w:name, where the schema wants it)."""
    old = style.find(q("w:basedOn"))
    if old is None:
        old = etree.Element(q("w:basedOn"))
        style.find(q("w:name")).addnext(old)
    old.set(q("w:val"), base_id)


def memo_landscape_writer(folder: Path) -> list[Path]:
    """A landscape page as LibreOffice Writer writes one: pgSz with w:orient, 11 x 8.5 in,
    and pgMar with gutter, header and footer of 0."""

    def edit(document: WordDocument) -> None:
        sect_pr = document.sections[-1]._sectPr
        for old in sect_pr.findall(q("w:pgSz")) + sect_pr.findall(q("w:pgMar")):
            sect_pr.remove(old)
        pg_sz = etree.fromstring(f'<w:pgSz {W_XMLNS} w:orient="landscape" w:w="15840" '
                                 'w:h="12240"/>')  # fmt: skip
        pg_mar = etree.fromstring(f'<w:pgMar {W_XMLNS} w:left="1134" w:right="1134" '
                                  'w:gutter="0" w:header="0" w:top="1134" w:footer="0" '
                                  'w:bottom="1134"/>')  # fmt: skip
        sect_pr.insert(0, pg_mar)
        sect_pr.insert(0, pg_sz)

    return [write_parts(_memo(edit), folder / "landscape-writer.docx")]


def memo_hidden_title(folder: Path) -> list[Path]:
    """A standards body's reference file: its Title style carries w:vanish."""
    parts = _memo()

    def edit(styles: dict[str, etree._Element]) -> None:
        etree.SubElement(_props(styles["title"], "rPr"), q("w:vanish"))

    _edit_styles(parts, edit)
    return [write_parts(parts, folder / "hidden-title.docx")]


def memo_invisible_styles(folder: Path) -> list[Path]:
    """Styles our content uses made unreadable every other way: Subtitle w:specVanish,
    Heading 2 hidden through the style it is based on, Heading 1 white on the white page,
    Quote's text the colour of its own shading."""
    parts = _memo()

    def edit(styles: dict[str, etree._Element]) -> None:
        etree.SubElement(_props(styles["subtitle"], "rPr"), q("w:specVanish"))
        base = etree.SubElement(styles["#root"], q("w:style"))
        base.set(q("w:type"), "paragraph")
        base.set(q("w:styleId"), "HiddenBase")
        etree.SubElement(base, q("w:name")).set(q("w:val"), "Hidden Base")
        etree.SubElement(etree.SubElement(base, q("w:rPr")), q("w:vanish"))
        _based_on(styles["heading 2"], "HiddenBase")
        h1 = _props(styles["heading 1"], "rPr")
        for color in h1.findall(q("w:color")):
            h1.remove(color)
        etree.SubElement(h1, q("w:color")).set(q("w:val"), "FFFFFF")
        quote = styles["quote"]
        shd = etree.SubElement(_props(quote, "pPr"), q("w:shd"))
        shd.set(q("w:val"), "clear")
        shd.set(q("w:color"), "auto")
        shd.set(q("w:fill"), "1F3A5F")
        rpr = _props(quote, "rPr")
        for color in rpr.findall(q("w:color")):
            rpr.remove(color)
        etree.SubElement(rpr, q("w:color")).set(q("w:val"), "1F3A5F")

    _edit_styles(parts, edit)
    return [write_parts(parts, folder / "invisible-styles.docx")]


_OUTLINE = (
    '<w:abstractNum {xmlns} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="10"/><w:numFmt w:val="decimal"/>'
    '<w:pStyle w:val="Heading1"/><w:lvlText w:val="%1"/><w:lvlJc w:val="left"/>'
    '<w:pPr><w:ind w:left="432" w:hanging="432"/></w:pPr></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:pStyle w:val="Heading2"/><w:lvlText w:val="%1.%2"/><w:lvlJc w:val="left"/>'
    '<w:pPr><w:ind w:left="576" w:hanging="576"/></w:pPr></w:lvl></w:abstractNum>'
)


def memo_numbered_headings(folder: Path) -> list[Path]:
    """Outline-numbered headings (numPr on Heading 1 and 2, the list's levels linked back to
    them), starting at 10: "10 Sources", "10.1 Estimative language"."""
    parts = _memo()
    numbering = xml(parts, "word/numbering.xml")
    first_num = numbering.find(q("w:num"))
    first_num.addprevious(etree.fromstring(_OUTLINE.format(xmlns=W_XMLNS)))
    numbering.append(etree.fromstring(f'<w:num {W_XMLNS} w:numId="90"><w:abstractNumId '
                                      'w:val="90"/></w:num>'))  # fmt: skip
    put(parts, "word/numbering.xml", numbering)

    def edit(styles: dict[str, etree._Element]) -> None:
        for level, name in enumerate(("heading 1", "heading 2")):
            ppr = _props(styles[name], "pPr")
            num_pr = etree.Element(q("w:numPr"))
            etree.SubElement(num_pr, q("w:ilvl")).set(q("w:val"), str(level))
            etree.SubElement(num_pr, q("w:numId")).set(q("w:val"), "90")
            ppr.insert(0, num_pr)

    _edit_styles(parts, edit)
    return [write_parts(parts, folder / "numbered-headings.docx")]


HEADER_TEXT = "ACME · Fall 2012 · Version 1.0"
FOOTER_STATUS = "PRELIMINARY"
FOOTER_COPYRIGHT = "© 2012 ACME. All rights reserved"


def memo_header_marks(folder: Path) -> list[Path]:
    """A team's .dotx: its own header line and logo, a red PRELIMINARY, a copyright and a bare
    PAGE field ("1", no "of Y") in its footer."""

    def edit(document: WordDocument) -> None:
        section = document.sections[-1]
        header = section.header.paragraphs[0]
        header.add_run().add_picture(io.BytesIO(png(120, 40, (30, 90, 160))), width=Inches(0.8))
        header.add_run("  " + HEADER_TEXT)
        footer = section.footer.paragraphs[0]
        status = footer.add_run(FOOTER_STATUS)
        status.bold = True
        status.font.color.rgb = docx.shared.RGBColor(0xC0, 0x00, 0x00)
        section.footer.add_paragraph(FOOTER_COPYRIGHT)
        page = section.footer.add_paragraph()
        page._p.append(etree.fromstring(
            f'<w:fldSimple {W_XMLNS} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        ))  # fmt: skip

    parts = _memo(edit)
    return [write_parts(as_template(parts, W_DOC, DOTX_MAIN), folder / "header-marks.dotx")]


def memo_based_on_loop(folder: Path) -> list[Path]:
    """Style inheritance that never ends: Heading 1 based on itself, Title on Subtitle and
    Subtitle on Title."""
    parts = _memo()

    def edit(styles: dict[str, etree._Element]) -> None:
        _based_on(styles["heading 1"], styles["heading 1"].get(q("w:styleId")))
        _based_on(styles["title"], styles["subtitle"].get(q("w:styleId")))
        _based_on(styles["subtitle"], styles["title"].get(q("w:styleId")))

    _edit_styles(parts, edit)
    return [write_parts(parts, folder / "based-on-loop.docx")]


def memo_no_sect_pr(folder: Path) -> list[Path]:
    """A body without section properties: no page size, margins or headers at all."""
    parts = _memo()
    root = xml(parts, W_DOC)
    body = root.find(q("w:body"))
    for sect_pr in body.findall(q("w:sectPr")):
        body.remove(sect_pr)
    put(parts, W_DOC, root)
    return [write_parts(parts, folder / "no-sectpr.docx")]


def workbook_parts(parts: dict[str, bytes]) -> dict[str, bytes]:
    """``parts`` with an Excel workbook embedded as Word stores one (word/embeddings/…xlsx, a
    package relationship from the document)."""
    out = dict(parts)
    book = io.BytesIO()
    with zipfile.ZipFile(book, "w") as z:
        z.writestr(
            CT,
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        z.writestr("docProps/core.xml", '<?xml version="1.0"?><cp:coreProperties xmlns:cp='
                   '"http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                   'xmlns:dcterms="http://purl.org/dc/terms/"><dcterms:created>2001-01-01T00:00'
                   ":00Z</dcterms:created></cp:coreProperties>")  # fmt: skip
    out["word/embeddings/Microsoft_Excel_Sheet1.xlsx"] = book.getvalue()
    types = (
        out[CT]
        .decode()
        .replace(
            "</Types>",
            '<Default Extension="xlsx" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet"/></Types>',
        )
    )
    out[CT] = types.encode()
    rels = (
        out["word/_rels/document.xml.rels"]
        .decode()
        .replace(
            "</Relationships>",
            '<Relationship Id="rId99" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/package" '
            'Target="embeddings/Microsoft_Excel_Sheet1.xlsx"/></Relationships>',
        )
    )
    out["word/_rels/document.xml.rels"] = rels.encode()
    return out


def memo_with_workbook(folder: Path) -> list[Path]:
    """A memo template embedding a workbook (an .xlsx package part)."""
    return [write_parts(workbook_parts(_memo()), folder / "with-workbook.docx")]


# -- the corpus -----------------------------------------------------------------------------

DECKS: dict[str, Maker] = {
    "pandoc.pptx": pandoc_deck,
    "lo-vivid.pptx": lo_vivid,
    "lo-focus.pptx": lo_focus,
    "lo-metropolis.pptx": lo_metropolis,
    "lo-beehive.pptx": lo_beehive,
    "lo-piano.potx": lo_piano_potx,
    "lo-roundtrip.pptx": lo_roundtrip,
    "idx10-4x3.pptx": deck_idx10,
    "unnamed-layouts.pptx": deck_unnamed_layouts,
    "two-masters.pptx": deck_two_masters,
    "french.pptx": deck_french,
    "chinese.pptx": deck_chinese,
    "japanese.pptx": deck_japanese,
    "portuguese.pptx": deck_portuguese,
    "lo-names.pptx": deck_lo_names,
    "no-idx.pptx": deck_no_idx,
    "idx-10-to-68.pptx": deck_high_idx,
    "off-slide.pptx": deck_off_slide,
    "short-body.pptx": deck_short_body,
    "samples.pptx": deck_samples,
    "samples.potx": deck_samples,
    "letter-11x8.5.pptx": deck_letter_landscape,
    "portrait-7.5x10.pptx": deck_portrait,
    "dark-solid.pptx": deck_dark_solid,
    "dark-picture.pptx": deck_dark_picture,
    "ribbon-title.pptx": deck_ribbon,
    "ribbon-one-layout.pptx": deck_ribbon_one_layout,
    "oversized.pptx": deck_oversized,
    "bullets-none.pptx": deck_bunone,
}

MEMOS: dict[str, Maker] = {
    "pandoc.docx": pandoc_memo,
    "lo-letter.docx": lo_letter,
    "lo-cv.docx": lo_cv,
    "lo-modern.docx": lo_modern,
    "lo-letter-sans.dotx": lo_letter_dotx,
    "heading-lowercase.docx": memo_heading_lowercase,
    "heading-capitalized.docx": memo_heading_capitalized,
    "german-ids.docx": memo_german_ids,
    "missing-styles.docx": memo_missing_styles,
    "no-numbering.docx": memo_no_numbering,
    "samples.docx": memo_samples,
    "samples.dotx": memo_samples,
    "landscape-writer.docx": memo_landscape_writer,
    "hidden-title.docx": memo_hidden_title,
    "invisible-styles.docx": memo_invisible_styles,
    "numbered-headings.docx": memo_numbered_headings,
    "header-marks.dotx": memo_header_marks,
    "based-on-loop.docx": memo_based_on_loop,
    "no-sectpr.docx": memo_no_sect_pr,
    "with-workbook.docx": memo_with_workbook,
}

NEEDS_SOFFICE = {n for n, m in {**DECKS, **MEMOS}.items() if m.__name__.startswith("lo_")}
NEEDS_PANDOC = {"pandoc.pptx", "pandoc.docx"}


def make_all(makers: dict[str, Maker], folder: Path) -> dict[str, Path | Exception]:
    """Run every maker once into ``folder``: each template's path, or why it could not be made."""
    folder.mkdir(parents=True, exist_ok=True)
    made: dict[str, Path | Exception] = {}
    for maker in dict.fromkeys(makers.values()):
        wanted = [name for name, m in makers.items() if m is maker]
        try:
            wrote = {p.name: p for p in maker(folder)}
        except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
            made.update(dict.fromkeys(wanted, exc))
            continue
        for name in wanted:
            made[name] = wrote.get(name) or RuntimeError(f"{maker.__name__} did not write {name}")
    return made
