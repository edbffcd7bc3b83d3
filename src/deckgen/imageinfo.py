"""Image bytes to their format, pixel size and resolution, read from the header alone.

The writers need only these to place a picture; reading them here spares importing Pillow
or a whole document library for a few header bytes.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass


@dataclass(frozen=True)
class ImageInfo:
    """What a writer needs of a picture: its type, pixels and dots per inch."""

    content_type: str
    ext: str  # the extension Office gives the media part: png, jpg, gif
    width: int
    height: int
    dpi_x: int = 72
    dpi_y: int = 72

    def size_emu(self) -> tuple[int, int]:
        """The natural size in EMU, as Office computes it from pixels and resolution."""
        return (int(self.width * 914400 / self.dpi_x), int(self.height * 914400 / self.dpi_y))


def read(data: bytes) -> ImageInfo:
    """The header of a PNG, JPEG or GIF; ValueError for anything else or a damaged header."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        info = _png(data)
    elif data.startswith(b"\xff\xd8"):
        info = _jpeg(data)
    elif data[:6] in (b"GIF87a", b"GIF89a"):
        width, height = struct.unpack("<HH", data[6:10])
        info = ImageInfo("image/gif", "gif", width, height)
    else:
        raise ValueError("not a PNG, JPEG or GIF image")
    # whole dots per inch, and 72 where a file claims something absurd, as Office reads them
    dpi_x, dpi_y = (round(d) if 1 <= round(d) <= 2048 else 72 for d in (info.dpi_x, info.dpi_y))
    return ImageInfo(info.content_type, info.ext, info.width, info.height, dpi_x, dpi_y)


def _png(data: bytes) -> ImageInfo:
    width, height = struct.unpack(">II", data[16:24])
    dpi_x = dpi_y = 72.0
    pos = 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if kind == b"pHYs" and length >= 9:
            px, py, unit = struct.unpack(">IIB", data[pos + 8 : pos + 17])
            if unit == 1 and px and py:  # pixels per metre
                dpi_x, dpi_y = px * 0.0254, py * 0.0254
            break
        if kind in (b"IDAT", b"IEND"):
            break  # pHYs must come before the image data
        pos += 12 + length
    return ImageInfo("image/png", "png", width, height, dpi_x, dpi_y)  # type: ignore[arg-type]


def _jpeg(data: bytes) -> ImageInfo:
    dpi_x = dpi_y = 72.0
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise ValueError("damaged JPEG header")
        marker = data[pos + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        segment = data[pos + 4 : pos + 2 + length]
        if marker == 0xE0 and segment.startswith(b"JFIF\x00") and len(segment) >= 12:
            unit, x, y = struct.unpack(">BHH", segment[7:12])
            if x and y and unit in (1, 2):
                factor = 2.54 if unit == 2 else 1.0  # unit 2: dots per centimetre
                dpi_x, dpi_y = x * factor, y * factor
        # start-of-frame markers carry the size (C4, C8 and CC are not frames)
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", segment[1:5])
            return ImageInfo("image/jpeg", "jpg", width, height, dpi_x, dpi_y)  # type: ignore[arg-type]
        pos += 2 + length
    raise ValueError("JPEG without a frame header")
