"""A handout PDF (notes pages) to the pages whose text runs off the page.

LibreOffice neither shrinks nor wraps a notes page's text onto another page: notes longer
than the notes box are drawn on below the page's bottom edge, where no reader or printer
shows them (seen on LibreOffice 7.4). The text is still in the file, so only its position
tells: every line LibreOffice draws starts with its own absolute ``Td`` or ``Tm``.
"""

from __future__ import annotations

import io
from typing import Any

import pikepdf

_SHOW = {"Tj", "TJ", "'", '"'}
_SLACK = 1.0  # points: rounding in LibreOffice's coordinates is not an overflow


def _multiply(a: list[float], b: list[float]) -> list[float]:
    """The product of two PDF matrices [a b c d e f] (a applied first)."""
    return [
        a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5],
    ]  # fmt: skip


def _numbers(operands: Any) -> list[float]:
    return [float(x) for x in operands]


def off_page(data: bytes) -> list[int]:
    """The numbers (from 1) of the pages that draw text below their media box's bottom."""
    found = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            if _runs_off(page):
                found.append(number)
    return found


def _runs_off(page: Any) -> bool:
    bottom = float(page.mediabox[1])
    identity = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    ctm, stack = identity, []
    line = identity  # the text line matrix; the text matrix follows it for our purpose
    leading = 0.0
    for instruction in pikepdf.parse_content_stream(page):
        op = str(instruction.operator)
        args = instruction.operands
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop() if stack else identity
        elif op == "cm":
            ctm = _multiply(_numbers(args), ctm)
        elif op == "BT":
            line = identity
        elif op == "Tm":
            line = _numbers(args)
        elif op in ("Td", "TD"):
            tx, ty = _numbers(args)
            line = _multiply([1.0, 0.0, 0.0, 1.0, tx, ty], line)
            if op == "TD":
                leading = -ty
        elif op == "TL":
            leading = _numbers(args)[0]
        elif op in ("T*", "'", '"'):
            line = _multiply([1.0, 0.0, 0.0, 1.0, 0.0, -leading], line)
        if op in _SHOW:
            y = _multiply(line, ctm)[5]
            # only below the bottom: LibreOffice puts an empty run or two at the edges
            if y < bottom - _SLACK:
                return True
    return False
