"""An Office file on disk to its zip members' bytes, within limits no zip bomb passes.

Every entry's declared and real sizes are measured as it inflates (the header's sizes are
claims), names that climb out of the package, encrypted or oddly compressed entries and macro
files are refused, each with a message naming the file, the part and what to do. What the
parts must hold is deckgen.ooxml.safe_reader's job.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from deckgen.errors import TemplateError

# Limits. Real templates are a few hundred kB to a few tens of MB (pictures); these leave
# ample room for those while bounding the memory and time a hostile file can cost.
MAX_FILE_BYTES = 200_000_000  # the file on disk
MAX_ENTRIES = 10_000  # a 500-slide deck with pictures and notes has about 3,000
MAX_PART_BYTES = 100_000_000  # one part, uncompressed (a large picture or embedded video)
MAX_TOTAL_BYTES = 300_000_000  # all parts, uncompressed
# Deflate cannot exceed about 1032:1; a zip bomb sits near that. Real parts stay far below
# (XML about 5-30:1, pictures about 1:1), so past a floor a part, or all parts together,
# expanding more is refused: on the zip directory's claims first, then on what inflating
# actually produces, step by step.
MAX_RATIO = 200
RATIO_FLOOR = 2_000_000  # small parts may compress however they like
CHUNK = 1 << 20  # the most one inflating step may produce
_FEED = 1 << 16  # compressed bytes fed at a time

# per kind: the program that saves it, its suffix, and the option that takes it
APP = {"deck": ("PowerPoint", ".pptx", "--deck-template"),
       "memo": ("Word", ".docx", "--memo-template")}  # fmt: skip
_MACRO_SUFFIXES = (".pptm", ".potm", ".ppsm", ".ppam", ".sldm", ".docm", ".dotm", ".xlsm",
                   ".xltm", ".xlam", ".xlsb")  # fmt: skip


class ArchiveReader:
    """One zip read within the limits; ``fail`` words every refusal the same way, and a
    subclass's ``check`` judges the parts."""

    def __init__(self, path: Path, kind: str, size: int) -> None:
        self.path = path
        self.kind = kind
        self.size = size
        self.names: set[str] = set()
        self.app, self.suffix, _ = APP[kind]

    def fail(self, problem: str, todo: str, part: str | None = None) -> TemplateError:
        where = f"part {part}: " if part else ""
        return TemplateError(f"{self.path}: {where}{problem}; {todo}")

    def resave(self) -> str:
        return f"open it in {self.app} and save it again as a {self.suffix}"

    def read(self) -> dict[str, bytes]:
        if self.path.suffix.lower() in _MACRO_SUFFIXES:
            raise self.macro(None)
        if self.size > MAX_FILE_BYTES:
            raise self.fail(
                f"the file is {self.size:,} bytes; a {self.kind} template is limited to "
                f"{MAX_FILE_BYTES:,}",
                "is this the right file? Remove large pictures or media from the template",
            )
        try:
            with open(self.path, "rb") as fh:
                head = fh.read(8)
                if not head.startswith(b"PK"):
                    raise self.not_a_zip(head)
                try:
                    archive = zipfile.ZipFile(fh)
                except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
                    raise self.fail(
                        f"the file is cut short or damaged: its zip directory cannot be read "
                        f"({exc})",
                        f"get a fresh copy of the file, or {self.resave()}",
                    ) from None
                with archive:
                    parts = self.members(archive, fh)
        except OSError as exc:
            raise TemplateError(
                f"{self.path}: cannot read the {self.kind} template: {exc.strerror or exc}"
            ) from None
        self.check(parts)
        return parts

    def not_a_zip(self, head: bytes) -> TemplateError:
        exts = ".pptx or .potx" if self.kind == "deck" else ".docx or .dotx"
        todo = f"deckgen needs a {self.app} file ({exts}); check the file name"
        if head.startswith(b"%PDF"):
            what = "a PDF, not an Office file"
            todo = f"deckgen needs the {self.app} file ({exts}) the PDF was made from"
        elif head.startswith(b"\xd0\xcf\x11\xe0"):
            what = ("an old binary Office file (.ppt/.doc/.pot/.dot) or a password-protected "
                    "one, not an Office Open XML package")  # fmt: skip
            todo = f"{self.resave()}, without a password"
        elif not head:
            what = "empty"
        else:
            what = "not an Office file (an Office file is a zip package; this is not one)"
        return self.fail(f"the file is {what}", todo)

    def macro(self, part: str | None) -> TemplateError:
        return self.fail(
            "the file is macro-enabled (it carries VBA macros or ActiveX controls), and deckgen "
            "never carries code into a briefing",
            f"save it as a {self.suffix} without macros ({self.app}: File > Save As > "
            f"{self.app} {'Presentation' if self.kind == 'deck' else 'Document'})",
            part,
        )

    # -- the zip: entries, names, sizes, integrity

    def members(self, archive: zipfile.ZipFile, fh: BinaryIO) -> dict[str, bytes]:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise self.fail(
                f"the zip holds {len(entries):,} entries; a template is limited to {MAX_ENTRIES:,}",
                "this is no ordinary Office file; use the organization's original template",
            )
        declared = 0
        seen: set[str] = set()
        for entry in entries:
            name = entry.filename
            if unsafe_name(name):
                raise self.fail(
                    "the entry name is absolute or climbs out of the package with '..'",
                    f"Office never writes such names: get a fresh copy, or {self.resave()}",
                    repr(name),
                )
            if name.casefold() in seen:
                raise self.fail(
                    "the part appears twice in the zip",
                    f"get a fresh copy of the file, or {self.resave()}",
                    name,
                )
            seen.add(name.casefold())
            if is_macro_name(name):
                raise self.macro(name)
            if entry.flag_bits & 0x1:
                raise self.fail("the part is encrypted", f"{self.resave()} without a password",
                                name)  # fmt: skip
            if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise self.fail(
                    f"the part uses zip compression method {entry.compress_type}, which "
                    "Office never writes",
                    self.resave(),
                    name,
                )
            declared += entry.file_size
            if entry.file_size > MAX_PART_BYTES:
                raise self.bomb(name, entry.file_size)
            if declared > MAX_TOTAL_BYTES:
                raise self.bomb(None, declared)
            if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(
                entry.compress_size, 1
            ):
                raise self.bomb(name, entry.file_size, entry.compress_size)
        packed = sum(entry.compress_size for entry in entries)
        if packed > self.size:
            # Entries sharing their compressed bytes: the overlapping-file zip bomb.
            raise self.fail(
                f"the zip's entries claim {packed:,} compressed bytes in a file of "
                f"{self.size:,}: they overlap, as in a zip bomb",
                "use the organization's original template",
            )
        if declared > RATIO_FLOOR and declared > MAX_RATIO * max(packed, 1):
            raise self.bomb(None, declared, packed)
        parts: dict[str, bytes] = {}
        total = 0
        for entry in entries:
            if entry.is_dir():
                continue  # a folder entry is no part; some zip tools write them
            blob = self.member(fh, entry, MAX_TOTAL_BYTES - total)
            total += len(blob)
            # many small parts, each under the ratio floor, still add up
            if total > RATIO_FLOOR and total > MAX_RATIO * max(packed, 1):
                raise self.bomb(entry.filename, total, packed)
            parts[entry.filename] = blob
        return parts

    def member(self, fh: BinaryIO, entry: zipfile.ZipInfo, room: int) -> bytes:
        """One part, inflated here rather than by zipfile so that every step is measured: the
        header's sizes are claims, and only the bytes consumed and produced so far are
        evidence. A part stops as soon as it passes a limit, having cost about that much."""
        name = entry.filename
        damaged = f"get a fresh copy of the file, or {self.resave()}"
        fh.seek(entry.header_offset)
        local = fh.read(30)
        if len(local) < 30 or local[:4] != b"PK\x03\x04":
            raise self.fail("the part is damaged (no local header where the directory says)",
                            damaged, name)  # fmt: skip
        name_length, extra_length = struct.unpack("<HH", local[26:30])
        fh.seek(name_length + extra_length, 1)
        inflater = zlib.decompressobj(-15) if entry.compress_type == zipfile.ZIP_DEFLATED else None
        chunks: list[bytes] = []
        crc = fed = got = 0
        left = entry.compress_size
        try:
            while left > 0 or (inflater is not None and inflater.unconsumed_tail):
                if inflater is None or not inflater.unconsumed_tail:
                    piece = fh.read(min(left, _FEED))
                    if not piece:
                        raise self.fail("the part is cut short", damaged, name)
                    left -= len(piece)
                    fed += len(piece)
                else:
                    piece = inflater.unconsumed_tail
                out = piece if inflater is None else inflater.decompress(piece, CHUNK)
                got += len(out)
                consumed = fed - (len(inflater.unconsumed_tail) if inflater else 0)
                if got > entry.file_size:
                    raise self.fail(
                        f"the part is damaged: it holds more than the {entry.file_size:,} "
                        "bytes the zip's directory declares",
                        damaged,
                        name,
                    )
                if got > MAX_PART_BYTES:
                    raise self.bomb(name, got)
                if got > room:
                    raise self.bomb(None, MAX_TOTAL_BYTES - room + got)
                if got > RATIO_FLOOR and got > MAX_RATIO * max(consumed, 1):
                    raise self.bomb(name, got, consumed)
                crc = zlib.crc32(out, crc)
                chunks.append(out)
                if inflater is not None and inflater.eof:
                    break
        except zlib.error as exc:
            raise self.fail(f"the part cannot be decompressed ({exc})", damaged, name) from None
        if inflater is not None and not inflater.eof:
            raise self.fail("the part is cut short (its compressed data ends early)", damaged,
                            name)  # fmt: skip
        if got != entry.file_size or crc != entry.CRC:
            raise self.fail(
                f"the part is damaged (its size or CRC-32 checksum does not match the zip's "
                f"directory: {got:,} bytes, {crc:08x}; the directory says {entry.file_size:,}, "
                f"{entry.CRC:08x})",
                damaged,
                name,
            )
        return b"".join(chunks)

    def bomb(self, part: str | None, size: int, packed: int | None = None) -> TemplateError:
        """A part (or, with no part, all of them) past the size or ratio limits."""
        subject = "the part" if part else "the parts together"
        if packed is not None:
            problem = (
                f"{subject} expand{'s' if part else ''} from {packed:,} bytes to more than "
                f"{size:,} (over {MAX_RATIO}:1): a zip bomb, or compression no Office program "
                "writes"
            )
        else:
            problem = (
                f"{subject} expand{'s' if part else ''} to more than {size:,} bytes, past "
                f"deckgen's limit of {MAX_PART_BYTES:,} per part and {MAX_TOTAL_BYTES:,} in "
                "all: a zip bomb, or a huge embedded file"
            )
        todo = "remove large media from the template, or use the organization's original file"
        return self.fail(problem, todo, part)

    def check(self, parts: dict[str, bytes]) -> None:
        """What the parts must be, beyond a sound zip: the subclass's job."""


def unsafe_name(name: str) -> bool:
    """An entry name that is absolute, has a drive or a backslash, or climbs with '..'."""
    if not name or name.startswith(("/", "\\")) or "\\" in name or "\x00" in name:
        return True
    if re.match(r"[A-Za-z]:", name):
        return True
    return ".." in name.split("/")


def is_macro_name(name: str) -> bool:
    base = name.rsplit("/", 1)[-1].lower()
    return (
        base.startswith(("vbaproject", "vbadata"))
        or base.endswith(_MACRO_SUFFIXES)
        or name.lower().startswith(("ppt/activex/", "word/activex/"))
    )
