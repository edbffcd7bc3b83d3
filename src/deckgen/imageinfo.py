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
    ext: str
    width: int
    height: int
    dpi_x: float = 72.0
    dpi_y: float = 72.0

    def size_emu(self) -> tuple[int, int]:
        """The natural size in EMU, as Office computes it from pixels and resolution."""
        return (int(self.width * 914400 / self.dpi_x), int(self.height * 914400 / self.dpi_y))


def read(data: bytes) -> ImageInfo:
    """The header of a PNG, JPEG or GIF; ValueError for anything else or a damaged header."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _png(data)
    if data.startswith(b"\xff\xd8"):
        return _jpeg(data)
    if data[:6] in (b"GIF87a", b"GIF89a"):
        width, height = struct.unpack("<HH", data[6:10])
        return ImageInfo("image/gif", "gif", width, height)
    raise ValueError("not a PNG, JPEG or GIF image")


def _png(data: bytes) -> ImageInfo:
    width, height = struct.unpack(">II", data[16:24])
    dpi_x = dpi_y = 72.0
    pos = 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if kind == b"pHYs" and length >= 9:
            px, py, unit = struct.unpack(">IIB", data[pos + 8 : pos + 17])
            if unit == 1 and px and py:  # pixels per metre
                dpi_x, dpi_y = round(px * 0.0254), round(py * 0.0254)
            break
        if kind in (b"IDAT", b"IEND"):
            break  # pHYs must come before the image data
        pos += 12 + length
    return ImageInfo("image/png", "png", width, height, float(dpi_x), float(dpi_y))


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
            return ImageInfo("image/jpeg", "jpeg", width, height, dpi_x, dpi_y)
        pos += 2 + length
    raise ValueError("JPEG without a frame header")
