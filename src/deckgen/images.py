"""Image bytes to their format, pixel size and resolution, the whole header decoded.

The writers need only these to place a picture; reading them here spares importing Pillow
or a whole document library for a few header bytes. Validation reads the same way, so a
picture that passes it is one the writers can place: a PNG cut after its signature, a
0×0 image or a JPEG without a frame is refused with the reason, not met by the writer.
"""

from __future__ import annotations

import os
import stat
import struct
import zlib
from dataclasses import dataclass

MAX_BYTES = 32 << 20  # a picture on a slide needs a few MB at most; this is a mistake
# The bytes each picture type starts with, by the suffixes a picture's name may end in
MAGIC = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff",
         ".gif": b"GIF8"}  # fmt: skip
MAX_SIDE = 65_535 * 4  # pixels a side; JPEG's own limit is 65,535, Office's far less
_PNG = b"\x89PNG\r\n\x1a\n"
# PNG colour types and the bit depths each allows (PNG specification, table 11.1)
_PNG_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
_INFLATED = 1 << 16  # bytes of image data inflated to prove the stream is one


class NotAPicture(ValueError):
    """The bytes are of no picture type deckgen places (or of another than the name says)."""


@dataclass(frozen=True)
class ImageInfo:
    """What a writer needs of a picture: its type, pixels and dots per inch."""

    content_type: str
    ext: str  # the extension Office gives the media part: png, jpg, gif
    width: int
    height: int
    dpi_x: float = 72  # whole numbers from `read`, as Office rounds them
    dpi_y: float = 72

    def size_emu(self) -> tuple[int, int]:
        """The natural size in EMU, as Office computes it from pixels and resolution."""
        return (int(self.width * 914400 / self.dpi_x), int(self.height * 914400 / self.dpi_y))


def read(data: bytes) -> ImageInfo:
    """The header of a PNG, JPEG or GIF; ValueError, saying what is wrong, for anything
    else or a damaged picture."""
    if data.startswith(_PNG):
        info = _png(data)
    elif data.startswith(b"\xff\xd8"):
        info = _jpeg(data)
    elif data[:6] in (b"GIF87a", b"GIF89a"):
        info = _gif(data)
    else:
        raise NotAPicture("not a PNG, JPEG or GIF image")
    if not (0 < info.width <= MAX_SIDE and 0 < info.height <= MAX_SIDE):
        raise ValueError(f"the picture claims {info.width}×{info.height} pixels")
    # whole dots per inch, and 72 where a file claims something absurd, as Office reads them
    dpi_x, dpi_y = (round(d) if 1 <= round(d) <= 2048 else 72 for d in (info.dpi_x, info.dpi_y))
    return ImageInfo(info.content_type, info.ext, info.width, info.height, dpi_x, dpi_y)


def read_file(path: str | os.PathLike[str]) -> ImageInfo:
    """The picture at ``path``, decoded as `read` does; OSError, or ValueError saying what
    is wrong: not a regular file (a FIFO would block, /dev/zero never end), larger than
    MAX_BYTES, a type its name does not say, or damaged."""
    magic = MAGIC.get(os.path.splitext(path)[1].lower())
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise ValueError("it is not a regular file")
        data = fh.read(MAX_BYTES + 1)
    if magic is None or not data.startswith(magic):
        raise NotAPicture("it is not a PNG, JPEG or GIF picture")
    if len(data) > MAX_BYTES:
        raise ValueError(f"it is larger than {MAX_BYTES >> 20} MB")
    return read(data)


def _png(data: bytes) -> ImageInfo:
    """Every chunk up to IEND walked and bounded; IHDR first and whole (its CRC checked), and
    image data that inflates."""
    width = height = 0
    dpi_x = dpi_y = 72.0
    pos = len(_PNG)
    idat = bytearray()
    seen_idat = False
    while True:
        if pos + 12 > len(data):
            raise ValueError("the PNG is cut short (no IEND chunk)")
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if len(body) < length or pos + 12 + length > len(data):
            raise ValueError(f"the PNG is cut short inside its {kind!r} chunk")
        if pos == len(_PNG):
            if kind != b"IHDR" or length != 13:
                raise ValueError("the PNG does not start with its IHDR header chunk")
            (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
            if zlib.crc32(kind + body) != crc:
                raise ValueError("the PNG's IHDR header chunk is damaged (bad checksum)")
            width, height, depth, colour, method, filtering, interlace = struct.unpack(
                ">IIBBBBB", body
            )
            if depth not in _PNG_DEPTHS.get(colour, ()) or (method, filtering) != (0, 0):
                raise ValueError("the PNG's IHDR header chunk holds impossible values")
            if interlace not in (0, 1):
                raise ValueError("the PNG's IHDR header chunk holds impossible values")
        elif kind == b"pHYs" and length >= 9 and not seen_idat:
            px, py, unit = struct.unpack(">IIB", body[:9])
            if unit == 1 and px and py:  # pixels per metre
                dpi_x, dpi_y = px * 0.0254, py * 0.0254
        elif kind == b"IDAT":
            seen_idat = True
            if len(idat) < _INFLATED:
                idat += body[: _INFLATED - len(idat)]
        elif kind == b"IEND":
            break
        pos += 12 + length
    if not seen_idat:
        raise ValueError("the PNG holds no image data (IDAT chunk)")
    try:
        zlib.decompressobj().decompress(bytes(idat), _INFLATED)
    except zlib.error:
        raise ValueError("the PNG's image data is damaged") from None
    return ImageInfo("image/png", "png", width, height, dpi_x, dpi_y)


def _jpeg(data: bytes) -> ImageInfo:
    """Segments walked from the start to a frame header and the scan that follows it."""
    dpi_x = dpi_y = 72.0
    size: tuple[int, int] | None = None
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise ValueError("the JPEG header is damaged")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill bytes may pad before a marker
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        if marker == 0xD9:
            break  # end of image before any scan
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        segment = data[pos + 4 : pos + 2 + length]
        if length < 2 or len(segment) < length - 2:
            raise ValueError("the JPEG is cut short inside a header segment")
        if marker == 0xE0 and segment.startswith(b"JFIF\x00") and len(segment) >= 12:
            unit, x, y = struct.unpack(">BHH", segment[7:12])
            if x and y and unit in (1, 2):
                factor = 2.54 if unit == 2 else 1.0  # unit 2: dots per centimetre
                dpi_x, dpi_y = x * factor, y * factor
        # start-of-frame markers carry the size (C4, C8 and CC are not frames)
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            if len(segment) < 6 or not 1 <= segment[5] <= 4:
                raise ValueError("the JPEG's frame header is damaged")
            height, width = struct.unpack(">HH", segment[1:5])
            size = (width, height)
        if marker == 0xDA:  # start of scan: the image data follows
            if size is None:
                break
            return ImageInfo("image/jpeg", "jpg", size[0], size[1], dpi_x, dpi_y)
        pos += 2 + length
    if size is None:
        raise ValueError("the JPEG has no frame header (no image size)")
    raise ValueError("the JPEG holds no image data (no scan)")


def _gif(data: bytes) -> ImageInfo:
    """The screen descriptor and the blocks after it, walked to the first image."""
    if len(data) < 13:
        raise ValueError("the GIF is cut short")
    width, height, flags = struct.unpack("<HHB", data[6:11])
    pos = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    while pos < len(data):
        block = data[pos]
        if block == 0x2C:  # an image descriptor: a picture is here
            if pos + 10 > len(data):
                break
            return ImageInfo("image/gif", "gif", width, height)
        if block == 0x21:  # an extension: label, then sub-blocks up to an empty one
            pos += 2
            while pos < len(data) and data[pos]:
                pos += data[pos] + 1
            pos += 1
            continue
        if block == 0x3B:
            raise ValueError("the GIF holds no image")
        raise ValueError("the GIF is damaged")
    raise ValueError("the GIF is cut short")
