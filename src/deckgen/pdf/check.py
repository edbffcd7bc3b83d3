"""A PDF to its findings against the PDF/UA-1 rules a machine can check (what a screen reader
and a PDF/UA checker need): used by `build --strict` and by the tests."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf

from deckgen.pdf.finish import STANDARD, elements

# PDF 1.7's standard structure types: a RoleMap may map custom names onto them, never them
TEXT_OPS = {"Tj", "TJ", "'", '"'}
PAINT_OPS = {"f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh"}


@dataclass
class Findings:
    """What a PDF breaks, rule by rule, with counts a closing note can quote."""

    problems: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, rule: str, detail: str) -> None:
        self.counts[rule] += 1
        if self.counts[rule] <= 3:
            self.problems.append(f"{rule}: {detail}")


def _name(obj: Any) -> str:
    text = str(obj)
    return text[1:] if text.startswith("/") else text


def _resolved(kind: str, roles: dict[str, str]) -> str:
    for _ in range(10):
        if kind in STANDARD or kind not in roles:
            return kind
        kind = roles[kind]
    return kind


def _unmarked(pdf: Any, findings: Findings) -> int:
    """Text and path painting outside any marked content (neither tagged nor an artifact)."""
    total = 0
    for number, page in enumerate(pdf.pages, 1):
        depth = 0
        for instruction in pikepdf.parse_content_stream(page):
            op = str(instruction.operator)
            if op in ("BMC", "BDC"):
                depth += 1
            elif op == "EMC":
                depth = max(0, depth - 1)
            elif depth == 0 and (op in TEXT_OPS or op in PAINT_OPS or op in ("Do", "INLINE IMAGE")):
                total += 1
                findings.add("unmarked-content", f"page {number}: {op} outside marked content")
    return total


def check(path: Path | bytes, language: str | None = None, title: str | None = None) -> Findings:
    """The PDF/UA-1 findings for one PDF, a file or its bytes (empty when it passes every rule
    checked here)."""
    findings = Findings()
    with pikepdf.open(io.BytesIO(path) if isinstance(path, bytes) else path) as pdf:
        root = pdf.Root
        tree = root.get("/StructTreeRoot")
        if tree is None or not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
            findings.add("untagged", "no structure tree or MarkInfo /Marked")
            _unmarked(pdf, findings)  # all of it, as a before-and-after count can quote
            return findings
        with pdf.open_metadata() as xmp:
            if xmp.get("pdfuaid:part") != "1":
                findings.add("xmp", "no pdfuaid:part 1")
            if not xmp.get("dc:title") or (title and xmp.get("dc:title") != title):
                findings.add("xmp", f"dc:title is {xmp.get('dc:title')!r}")
        if not bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
            findings.add("display-title", "ViewerPreferences /DisplayDocTitle is not true")
        lang = str(root.get("/Lang", ""))
        if not lang or (language and lang.lower() != language.lower()):
            findings.add("lang", f"/Lang is {lang!r}, not {language!r}")
        roles = {_name(k): _name(v) for k, v in tree.get("/RoleMap", {}).items()}
        for custom, standard in roles.items():
            if custom in STANDARD and custom != standard:
                findings.add("remapped", f"standard type /{custom} mapped to /{standard}")
        levels = []
        for element in elements(tree):
            kind = _resolved(_name(element.S), roles)
            if kind == "Figure" and not str(element.get("/Alt", "")).strip():
                findings.add("figure-alt", "a /Figure without /Alt")
            if kind == "TH":
                attrs = element.get("/A")
                attrs = list(attrs) if isinstance(attrs, pikepdf.Array) else [attrs]
                if not any(isinstance(a, pikepdf.Dictionary) and "/Scope" in a for a in attrs):
                    findings.add("th-scope", "a /TH without /Scope")
            if kind == "Note" and "/ID" not in element:
                findings.add("note-id", "a /Note without /ID")
            if kind in ("H1", "H2", "H3", "H4", "H5", "H6"):
                levels.append(int(kind[1]))
        for before, after in zip([0, *levels], levels):
            if after > before + 1:
                findings.add("heading-skip", f"H{after} after H{before or '(none)'}")
        tables = [e for e in elements(tree) if _resolved(_name(e.S), roles) == "Table"]
        for table in tables:
            if not any(_resolved(_name(e.S), roles) == "TH" for e in elements(table)):
                findings.add("table-th", "a /Table without /TH")
        for number, page in enumerate(pdf.pages, 1):
            for annot in page.get("/Annots", []):
                if "/StructParent" not in annot:
                    kind = _name(annot.get("/Subtype"))
                    findings.add("annot", f"page {number}: /{kind} annotation outside the tree")
        _unmarked(pdf, findings)
    return findings
