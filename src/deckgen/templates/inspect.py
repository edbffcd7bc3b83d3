"""Template files and sets to reports a person reads: layouts, placeholders, styles, roles.

Backs `deckgen template inspect`, `--annotate`, and `deckgen templates list | show | init`.
"""

from __future__ import annotations

import io
import os
import textwrap
from pathlib import Path
from typing import Any

from deckgen import metrics as measure
from deckgen.errors import Diagnostic, Location, TemplateError
from deckgen.ooxml.safe_reader import package_bytes, read_package
from deckgen.templates.deck_layouts import holders, open_deck
from deckgen.templates.manifest import ROLES
from deckgen.templates.sets import (
    BUILTIN,
    DECK_SUFFIXES,
    MEMO_SUFFIXES,
    TemplateSet,
    available,
    check_file,
    find,
)

EMU_PER_INCH = 914400


def _inches(value: int | None) -> str:
    """A measure in inches; "?" where the file leaves it unset (Word then uses its default)."""
    return "?" if value is None else f"{value / EMU_PER_INCH:.2f}"


def _face(name: str, measured: bool = True) -> str:
    """A font as deckgen treats it: the twin it measures and draws it with, or neither."""
    face = measure.font(name)
    if face.twin:
        return f"{name!r} ({'metrics and ' if measured else ''}PDFs: {face.twin.family})"
    done = "no metrics: measured conservatively; " if measured else ""
    return f"{name!r} ({done}PDFs: only where it is installed)"


def _kind(path: Path) -> str:
    """Deck or memo, by the file's suffix; a file of any other type is refused."""
    suffix = path.suffix.lower()
    if suffix in DECK_SUFFIXES or suffix in (".pptm", ".potm"):
        return "deck"
    if suffix in MEMO_SUFFIXES or suffix in (".docm", ".dotm"):
        return "memo"
    raise TemplateError(f"{path}: not a .pptx, .potx, .docx or .dotx file")


def describe(path: Path) -> list[str]:
    """A report on a deck or memo template file, whichever ``path`` is."""
    if _kind(path) == "deck":
        return describe_deck(path)
    return describe_memo(path)


def describe_deck(path: Path, wanted: dict[str, str] | None = None) -> list[str]:
    """Every layout with its placeholders, and the roles deckgen gives it and why."""
    check_file(path, "deck")  # before python-pptx parses a byte of it
    dt = open_deck(path, wanted or {}, {})
    prs = dt.prs
    roles_of: dict[int, list[str]] = {}
    for role, choice in dt.choices.items():
        roles_of.setdefault(id(choice.layout), []).append(f"{role} ({choice.reason})")
    lines = [
        f"{path}",
        f"  slide size: {_inches(dt.width)} × {_inches(dt.height)} in; "
        f"{len(prs.slide_masters)} master(s); {len(prs.slides)} sample slide(s), "
        "which deckgen drops",
        f"  fonts: headings {_face(dt.heading_font.name)}, body {_face(dt.font.name)}",
    ]
    for m, master in enumerate(prs.slide_masters, 1):
        for layout in master.slide_layouts:
            kind = layout._element.get("type", "none")
            lines.append(f"  layout {layout.name!r} (master {m}, type {kind})")
            for h in holders(layout):
                where = ("no position" if h.box is None else
                         f"at {_inches(h.box.left)}, {_inches(h.box.top)} in, "
                         f"{_inches(h.box.width)} × {_inches(h.box.height)} in")  # fmt: skip
                lines.append(f"    placeholder {h.type_name} idx {h.idx} {h.name!r} {where}")
            for role in roles_of.get(id(layout), []):
                lines.append(f"    → role {role}")
    lines += [f"  warning: {w}" for w in dt.warnings]
    return lines


def describe_memo(path: Path) -> list[str]:
    """Page setup, styles, the style each memo role will use (or add), and every hazard the
    template holds for a memo, as `build` would handle it."""
    from docx import Document

    from deckgen.templates import memo_frame as memoframe
    from deckgen.templates.memo_styles import NEEDS, faces, resolve

    check_file(path, "memo")
    try:  # the very bytes checked, so the file cannot change between check and parse
        doc = Document(io.BytesIO(package_bytes(read_package(path, "memo"))))
    except Exception as exc:  # python-docx raises several kinds for a bad file
        raise TemplateError(f"{path}: cannot open the memo template: {exc}") from exc
    warnings = memoframe.page_defaults(doc)  # what build does: Word's defaults where unset
    section = doc.sections[-1]
    width, height = section.page_width or 0, section.page_height or 0
    orient = "landscape" if width > height else "portrait"
    lines = [
        f"{path}",
        f"  page: {_inches(section.page_width)} × {_inches(section.page_height)} in "
        f"({orient}), margins "
        f"{_inches(section.top_margin)} / {_inches(section.right_margin)} / "
        f"{_inches(section.bottom_margin)} / {_inches(section.left_margin)} in "
        "(top / right / bottom / left)",
    ]
    before = {s.name.casefold() for s in doc.styles if s.name}
    resolution = resolve(doc, {}, {})
    styles = resolution.styles
    warnings += resolution.warnings
    for role in NEEDS:
        style = styles[role]
        state = "present" if style.name.casefold() in before else "added by deckgen"
        notes = resolution.notes.get(role, [])
        if notes:
            state += "; " + "; ".join(notes)
        lines.append(f"  role {role}: style {style.name!r} (id {style.style_id}, {state})")
    named = faces(doc, styles)
    lines.append("  fonts: " + ", ".join(_face(name, measured=False) for name in named))
    listed = sorted(f"{s.name} [{s.style_id}]" for s in doc.styles if s.name)
    lines.append(f"  {len(listed)} styles (name [id]):")
    lines += textwrap.wrap(", ".join(listed), 96, initial_indent="    ", subsequent_indent="    ")
    frames = memoframe.Frames(keep=False)
    for item in _headers_footers(doc):
        frames.clear(item.part, str(item.part.partname)[1:])
    warnings += frames.warnings
    lines += [f"  warning: {w}" for w in warnings]
    return lines


def _headers_footers(doc: Any) -> list[Any]:
    """Every header and footer the template's sections show, without linking new ones."""
    found = []
    for section in doc.sections:
        for item in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer, section.even_page_header,
                     section.even_page_footer):  # fmt: skip
            if not item.is_linked_to_previous:
                found.append(item)
    return found


def annotate(path: Path, out: Path) -> Path:
    """A deck with one slide per layout, every placeholder labelled with its type, idx and
    name, and the roles deckgen gives the layout (as R's officer annotate_base does)."""
    from deckgen.ooxml.zip import normalize_zip
    from deckgen.templates.deck_layouts import drop_slides

    check_file(path, "deck")
    dt = open_deck(path, {}, {})
    prs = dt.prs
    drop_slides(prs)
    roles_of: dict[int, list[str]] = {}
    for role, choice in dt.choices.items():
        roles_of.setdefault(id(choice.layout), []).append(role)
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            slide = prs.slides.add_slide(layout)
            for ph in slide.placeholders:
                fmt = ph.placeholder_format
                label = f"{str(fmt.type).split(' ')[0].lower()} idx {fmt.idx} {ph.name!r}"
                if ph.has_text_frame:
                    ph.text_frame.text = label
            roles = ", ".join(roles_of.get(id(layout), [])) or "no role"
            box = slide.shapes.add_textbox(0, 0, dt.width, int(EMU_PER_INCH * 0.4))
            box.name = "Layout label"
            box.text_frame.text = f"layout {layout.name!r} → {roles}"
    buffer = io.BytesIO()
    prs.save(buffer)
    import datetime as dt_

    out.write_bytes(normalize_zip(buffer.getvalue(), dt_.datetime(2000, 1, 1)))
    return out


def list_sets(workspace: Path | None) -> list[str]:
    lines = []
    for name, folder in available(workspace):
        where = "built-in" if folder.parent.resolve() == BUILTIN.resolve() else str(folder)
        try:
            description = find(name, workspace).description
        except TemplateError as exc:  # one broken set must not hide the others
            description = f"cannot be used: {exc.message}"
        lines.append(f"{name:<12} {description} ({where})")
    return lines


def show_set(template: TemplateSet) -> list[str]:
    """A set's files, the layout each role gets, and its recipes."""
    lines = [
        f"{template.name}: {template.description}",
        f"  folder: {template.folder}",
        f"  deck: {template.deck}",
        f"  memo: {template.memo}",
    ]
    dt = open_deck(template.deck, template.layouts, template.fonts)
    for role in ROLES:
        choice = dt.choices[role]
        lines.append(f"  role {role:<10} → layout {choice.layout.name!r} ({choice.reason})")
    for recipe in template.recipes.values():
        condensed = ", condensed" if recipe.condense else ""
        lines.append(f"  recipe {recipe.name}{condensed}: deck {', '.join(recipe.deck)}")
        lines.append(f"  {'':<{len(recipe.name) + 8}}memo {', '.join(recipe.memo)}")
    if template.logo:
        lines.append(f"  logo: {template.logo.path} ({template.logo.position})")
    if template.footer:
        lines.append(f"  footer: {template.footer}")
    lines.append(f"  fonts: headings {_face(dt.heading_font.name)}, body {_face(dt.font.name)}")
    lines += [f"  warning: {w}" for w in dt.warnings]
    return lines


def init_set(name: str, source: Path | None, workspace: Path) -> list[Path]:
    """templates/NAME/: a copy of the default set (no ``source``); or a set made from an
    organization's deck or memo file, with a template.yaml that records the layout deckgen
    inferred for every role; or, when the set is there already, that file added to it (a
    memo to a set made from a deck, or a deck to one made from a memo)."""
    from deckgen.boundary import (
        READ_HINT,
        SET_NAME_HINT,
        display,
        read_problem,
        real,
        set_name_problem,
        shown,
    )

    problem = set_name_problem(name)
    if problem:  # checked before anything is written: a name is never a path
        raise TemplateError(f"{shown(name)!r} cannot name a template set: {problem}",
                            [Diagnostic(None, f"{shown(name)!r} cannot name a template set: "
                                        f"{problem}", SET_NAME_HINT)])  # fmt: skip
    root = real(workspace)
    folder = root / "templates" / name
    shown_folder = workspace / "templates" / name
    if source is None:
        if os.path.lexists(folder):
            raise TemplateError(f"{display(shown_folder)} already exists; choose another name, "
                                "or add a file to it with --from FILE")  # fmt: skip
        return _copy_default(name, folder, root, workspace)
    problem = read_problem(source, workspace)
    if problem:
        raise TemplateError(f"{shown(source)}: {problem}",
                            [Diagnostic(Location(shown(source)), problem, READ_HINT)])  # fmt: skip
    if os.path.lexists(folder):
        return _add_to_set(name, source, folder, root, workspace)
    return _new_set(name, source, folder, root, workspace)


def _copy_default(name: str, folder: Path, root: Path, workspace: Path) -> list[Path]:
    """templates/NAME/ as a copy of the built-in default set: its template.yaml (named
    anew, every setting kept to be edited), deck and memo."""
    from deckgen.boundary import create

    default = BUILTIN / "default"
    text = (default / "template.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    head = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    body = [
        f"name: {_yaml_str(name)}" if line == "name: default"
        else f"description: {_yaml_str('Our copy of the default set')}"
        if line.startswith("description:") else line
        for line in lines[head:]
    ]  # fmt: skip
    lines = [
        f"# Template set made by `deckgen templates init {name}`: a copy of deckgen's default",
        "# set. Change anything below. deck.pptx and memo.docx are ordinary Office files: edit",
        "# them, or put your organization's in their place; to start a set from one instead,",
        "# `deckgen templates init OTHER --from FILE` (docs/templates.md).",
        *body,
    ]
    _make_set_folder(root, folder)
    for member in ("deck.pptx", "memo.docx"):
        create(root, folder / member, (default / member).read_bytes())
    create(root, folder / "template.yaml", ("\n".join(lines) + "\n").encode("utf-8"))
    find(name, workspace)  # the new set must load, or this is a bug
    shown_folder = workspace / "templates" / name
    return [shown_folder / "template.yaml", shown_folder / "deck.pptx", shown_folder / "memo.docx"]


def _make_set_folder(root: Path, folder: Path) -> None:
    """The new set's folder, made fresh inside a real templates/ folder (never through a link,
    never over anything already there, a dangling link included)."""
    from deckgen.boundary import make_folders

    make_folders(root, folder.parent)
    try:
        os.mkdir(folder)
    except FileExistsError:
        raise TemplateError(f"{folder} already exists; choose another name") from None


def _mapping(source: Path) -> list[str]:
    """The lines that name a deck or memo file in template.yaml (a deck's with the layout
    deckgen infers for every role); the file is checked first, so that nothing is written
    for a file the build would refuse."""
    is_deck = _kind(source) == "deck"
    check_file(source, "deck" if is_deck else "memo")
    target_name = ("deck" if is_deck else "memo") + source.suffix.lower()
    if not is_deck:
        describe_memo(source)  # fails early on a file python-docx cannot open
        return [f"memo: {target_name}"]
    dt = open_deck(source, {}, {})
    lines = [f"deck: {target_name}", "", "# The layout each role uses, as deckgen chose it:"]
    lines.append("layouts:")
    for role in ROLES:
        choice = dt.choices[role]
        lines.append(f"  {role}: {_yaml_str(choice.layout.name)}  # {choice.reason}")
    return lines


def _new_set(name: str, source: Path, folder: Path, root: Path, workspace: Path) -> list[Path]:
    from deckgen.boundary import create

    mapping = _mapping(source)  # refused before anything is written
    target_name = mapping[0].split(": ", 1)[1]
    lines = [
        f"# Template set made by `deckgen templates init {name} --from {source.name}`.",
        "# Anything not set here comes from the built-in default set.",
        f"name: {name}",
        f"description: Made from {source.name}",
        *mapping,
        "",
        "# Colours, fonts, words and recipes can be overridden here; see the default set:",
        "# palette: {primary: '#1F3A5F', accent: '#1F4E79', actors: ['#1F4E79', '#2E7D5B']}",
        "# fonts: {heading: Calibri, body: Calibri}",
        "# logo: {path: logo.png, alt: Organization logo, position: top-left, height: 0.3}",
        "# footer: Organization name",
    ]
    _make_set_folder(root, folder)
    # checked above, so within the template reader's size limits; never written through a link
    create(root, folder / target_name, source.read_bytes())
    manifest = folder / "template.yaml"
    create(root, manifest, ("\n".join(lines) + "\n").encode("utf-8"))
    find(name, workspace)  # the new set must load, or this is a bug
    shown_folder = workspace / "templates" / name
    return [shown_folder / "template.yaml", shown_folder / target_name]


def _add_to_set(name: str, source: Path, folder: Path, root: Path, workspace: Path) -> list[Path]:
    """``source`` added to the existing set in ``folder``, which has no file of its kind
    of its own (it uses the default set's): copied in, and named in its template.yaml."""
    from deckgen.boundary import create, display, read_regular, real, replace
    from deckgen.templates import manifest as manifests
    from deckgen.templates.sets import MAX_SETTINGS_BYTES

    shown_folder = workspace / "templates" / name
    manifest = folder / "template.yaml"
    if not os.path.lexists(manifest):
        raise TemplateError(f"{display(shown_folder)} already exists and is not a template set "
                            "(it has no template.yaml); choose another name")  # fmt: skip
    found = find(name, workspace)  # links out, FIFOs, a broken manifest: refused, located
    if real(found.folder) != real(folder):
        raise TemplateError(f"{display(shown_folder)} is not a template set deckgen can use")
    own = manifests.read(folder)
    kind = _kind(source)
    named = own.get(kind)
    where = Location(display(shown_folder / "template.yaml"))
    if named:
        what = f"{display(shown_folder)} already has a {kind} of its own ({named})"
        present = os.path.lexists(folder / str(named))
        hint = (
            f"To replace it, copy the new file over {display(shown_folder / str(named))} "
            f"(deckgen checks it at the next build), or delete the `{kind}:` line from "
            f"template.yaml and run this again."
            if present
            else f"template.yaml names {named!r}, which is not in the folder: put the file "
            f"there under that name, or delete the `{kind}:` line and run this again."
        )
        raise TemplateError(f"{what}; {hint}", [Diagnostic(where, what, hint)])
    mapping = _mapping(source)  # refused before anything is written
    target_name = mapping[0].split(": ", 1)[1]
    if kind == "deck" and "layouts" in own:
        mapping = [mapping[0], "# layouts: the set's own, kept: `deckgen templates show "
                   f"{name}` shows the layout each role gets from this deck"]  # fmt: skip
    if os.path.lexists(folder / target_name):
        what = f"{display(shown_folder / target_name)} exists but template.yaml does not name it"
        hint = (f"Name it in template.yaml (`{kind}: {target_name}`) to use it, or move it "
                "away and run this again.")  # fmt: skip
        raise TemplateError(f"{what}; {hint}", [Diagnostic(where, what, hint)])
    before = read_regular(manifest, MAX_SETTINGS_BYTES)
    text = before.decode("utf-8-sig")
    added = [
        "" if text.endswith("\n") else "\n",
        f"# The {kind}, added by `deckgen templates init {name} --from {source.name}`:",
        *mapping,
    ]
    create(root, folder / target_name, source.read_bytes())
    replace(root, manifest, (text + "\n".join(added) + "\n").encode("utf-8"))
    try:
        find(name, workspace)  # the grown set must load; else it is left as it was
    except TemplateError:
        replace(root, manifest, before)
        (folder / target_name).unlink(missing_ok=True)
        raise
    return [shown_folder / target_name, shown_folder / "template.yaml"]


def _yaml_str(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
