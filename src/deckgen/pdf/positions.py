"""A PDF page's content stream to where it draws text and pictures: their heights on the
page, and what each is (page furniture in an artifact, a footnote or endnote, or body)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pikepdf

_SHOW = {"Tj", "TJ", "'", '"'}
IDENTITY = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]


def multiply(a: list[float], b: list[float]) -> list[float]:
    """The product of two PDF matrices [a b c d e f] (a applied first)."""
    return [
        a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5],
    ]  # fmt: skip


def _numbers(operands: Any) -> list[float]:
    return [float(x) for x in operands]


FURNITURE, NOTE, BODY = "furniture", "note", "body"


def drawn(page: Any) -> Iterator[tuple[float, float, str]]:
    """(low y, high y, what) of each text run's baseline and each picture (an XObject
    painted with ``Do``: the unit square under the current matrix); what is FURNITURE inside
    an artifact, NOTE inside a footnote's or endnote's marked content (LibreOffice tags it
    with the paragraph style's name), else BODY. Every line LibreOffice draws starts with its
    own absolute ``Td`` or ``Tm``, so the text line matrix is enough to place it."""
    ctm, stack = IDENTITY, []
    line = IDENTITY
    leading = 0.0
    marks: list[str] = []  # what each open marked-content sequence holds
    for instruction in pikepdf.parse_content_stream(page):
        op = str(instruction.operator)
        args = instruction.operands
        if op in ("BMC", "BDC"):
            tag = str(args[0]).lower() if args else ""
            marks.append(FURNITURE if tag == "/artifact" else
                         NOTE if "footnote" in tag or "endnote" in tag else BODY)  # fmt: skip
        elif op == "EMC":
            if marks:
                marks.pop()
        elif op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop() if stack else IDENTITY
        elif op == "cm":
            ctm = multiply(_numbers(args), ctm)
        elif op == "BT":
            line = IDENTITY
        elif op == "Tm":
            line = _numbers(args)
        elif op in ("Td", "TD"):
            tx, ty = _numbers(args)
            line = multiply([1.0, 0.0, 0.0, 1.0, tx, ty], line)
            if op == "TD":
                leading = -ty
        elif op == "TL":
            leading = _numbers(args)[0]
        elif op in ("T*", "'", '"'):
            line = multiply([1.0, 0.0, 0.0, 1.0, 0.0, -leading], line)
        if op in _SHOW:
            y = multiply(line, ctm)[5]
            yield y, y, _what(marks)
        elif op == "Do":
            low, high = sorted((ctm[5], ctm[5] + ctm[3]))
            yield low, high, _what(marks)


def _what(marks: list[str]) -> str:
    return FURNITURE if FURNITURE in marks else NOTE if NOTE in marks else BODY
