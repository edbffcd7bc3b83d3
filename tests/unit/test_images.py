"""deckgen.images: format, pixel size and resolution from a picture's bytes, and the reason a
damaged or disguised one is refused."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pytest

from deckgen.images import MAX_BYTES, ImageInfo, NotAPicture, read, read_file

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(
    width: int = 3, height: int = 2, *, ppm: int | None = None, depth: int = 8, colour: int = 2
) -> bytes:
    """A whole PNG: IHDR, an optional pHYs (pixels per metre), image data and IEND."""
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0))
    phys = chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1)) if ppm else b""
    rows = b"".join(b"\x00" + b"\x00" * 3 * width for _ in range(height))
    return SIGNATURE + header + phys + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def jpeg(
    width: int = 40, height: int = 30, *, density: tuple[int, int, int] | None = None
) -> bytes:
    """SOI, an optional JFIF APP0 (unit, x, y), a baseline frame header, a scan header."""
    out = b"\xff\xd8"
    if density:
        body = b"JFIF\x00\x01\x02" + struct.pack(">BHH", *density) + b"\x00\x00"
        out += b"\xff\xe0" + struct.pack(">H", len(body) + 2) + body
    frame = struct.pack(">BHHB", 8, height, width, 3) + b"\x01\x11\x00" * 3
    out += b"\xff\xc0" + struct.pack(">H", len(frame) + 2) + frame
    scan = b"\x03\x01\x00\x02\x11\x03\x11\x00\x3f\x00"
    return out + b"\xff\xda" + struct.pack(">H", len(scan) + 2) + scan + b"\x00" * 8 + b"\xff\xd9"


def gif(width: int = 5, height: int = 4) -> bytes:
    screen = struct.pack("<HHBBB", width, height, 0, 0, 0)
    image = b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0) + b"\x02\x02\x44\x01\x00"
    return b"GIF89a" + screen + b"\x21\xf9\x04\x00\x00\x00\x00\x00" + image + b"\x3b"


def test_a_png_reads_its_size_and_default_resolution() -> None:
    assert read(png(3, 2)) == ImageInfo("image/png", "png", 3, 2, 72, 72)


def test_a_png_resolution_comes_from_phys_rounded_as_office_does() -> None:
    info = read(png(ppm=5906))  # 150.01 dpi
    assert (info.dpi_x, info.dpi_y) == (150, 150)


def test_a_png_with_an_absurd_resolution_is_read_at_72() -> None:
    info = read(png(ppm=1))  # 0.0254 dpi
    assert (info.dpi_x, info.dpi_y) == (72, 72)


def test_a_jpeg_reads_its_frame_and_jfif_density() -> None:
    assert read(jpeg(40, 30)) == ImageInfo("image/jpeg", "jpg", 40, 30, 72, 72)
    info = read(jpeg(density=(1, 300, 200)))
    assert (info.dpi_x, info.dpi_y) == (300, 200)


def test_a_jpeg_density_in_dots_per_centimetre_is_converted() -> None:
    info = read(jpeg(density=(2, 118, 118)))
    assert (info.dpi_x, info.dpi_y) == (300, 300)


def test_a_gif_reads_its_screen_size() -> None:
    assert read(gif(5, 4)) == ImageInfo("image/gif", "gif", 5, 4)


def test_the_natural_size_is_pixels_over_resolution_in_emu() -> None:
    assert ImageInfo("image/png", "png", 144, 72, 144, 72).size_emu() == (914400, 914400)
    assert read(png(96, 48)).size_emu() == (1219200, 609600)


@pytest.mark.parametrize(
    "data", [b"", b"hello", b"BM\x00\x00", b"%PDF-1.7", b"<svg/>", b"GIF90a" + b"\x00" * 20]
)
def test_anything_else_is_not_a_picture(data: bytes) -> None:
    with pytest.raises(NotAPicture, match="not a PNG, JPEG or GIF"):
        read(data)


def _corrupt_ihdr_crc(data: bytes) -> bytes:
    at = len(SIGNATURE) + 8 + 13
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (SIGNATURE, "cut short"),
        (png()[:40], "cut short"),
        (SIGNATURE + chunk(b"IEND", b""), "does not start with its IHDR"),
        (_corrupt_ihdr_crc(png()), "bad checksum"),
        (png(depth=3), "impossible values"),
        (png(colour=5), "impossible values"),
        (png(0, 2), "claims 0×2 pixels"),
        (png(300_000, 1), "claims 300000×1 pixels"),
        (SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
         + chunk(b"IEND", b""), "no image data"),
        (SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
         + chunk(b"IDAT", b"not zlib") + chunk(b"IEND", b""), "image data is damaged"),
    ],
)  # fmt: skip
def test_a_damaged_png_is_refused_with_the_reason(data: bytes, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        read(data)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\xff\xd8\xff\xd9", "no frame header"),
        (b"\xff\xd8\x00\x00\x00\x00", "header is damaged"),
        (jpeg()[:12], "cut short"),
        (jpeg().replace(b"\xff\xda", b"\xff\xd9", 1), "no image data"),
    ],
)
def test_a_damaged_jpeg_is_refused_with_the_reason(data: bytes, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        read(data)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"GIF89a\x01\x00", "cut short"),
        (gif()[:19], "cut short"),
        (b"GIF89a" + struct.pack("<HHBBB", 1, 1, 0, 0, 0) + b"\x3b", "holds no image"),
        (b"GIF89a" + struct.pack("<HHBBB", 1, 1, 0, 0, 0) + b"\x99", "damaged"),
    ],
)
def test_a_damaged_gif_is_refused_with_the_reason(data: bytes, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        read(data)


def test_read_file_reads_a_picture_its_name_describes(tmp_path: Path) -> None:
    path = tmp_path / "chart.PNG"
    path.write_bytes(png(7, 5))
    assert read_file(path).width == 7
    (tmp_path / "photo.jpeg").write_bytes(jpeg())
    assert read_file(tmp_path / "photo.jpeg").ext == "jpg"


@pytest.mark.parametrize(("name", "data"), [("a.png", jpeg()), ("a.jpg", png()), ("a.bmp", png())])
def test_read_file_refuses_a_picture_of_another_type_than_its_name(
    tmp_path: Path, name: str, data: bytes
) -> None:
    (tmp_path / name).write_bytes(data)
    with pytest.raises(NotAPicture):
        read_file(tmp_path / name)


def test_read_file_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(tmp_path / "pipe.png")
    with pytest.raises(ValueError, match="not a regular file"):
        read_file(tmp_path / "pipe.png")


def test_read_file_refuses_a_picture_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.png"
    with path.open("wb") as fh:
        fh.write(png())
        fh.truncate(MAX_BYTES + 10)  # sparse: no real 32 MB written
    with pytest.raises(ValueError, match="larger than 32 MB"):
        read_file(path)


def test_read_file_of_a_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_file(tmp_path / "gone.png")
