"""Content files to a table of PDF/UA-1 checker findings per PDF: what LibreOffice writes
alone (untagged, then with its PDF/UA option) beside what `deckgen build` writes.

    python tools/pdfua_report.py content/russia-iran-2017.yaml tests/fixtures/three-actors.yaml
    python tools/pdfua_report.py -t classic content/russia-iran-2017.yaml

Needs LibreOffice and pikepdf. The figures are the checker's (deckgen.pdf.check) rule counts:
`unmarked-content` counts text and path operators outside marked content.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from deckgen.pdf.check import check
from deckgen.pdf.convert import PDF_FILTER, convert


def counts(path: Path, language: str) -> str:
    found = check(path, language=language)
    return ", ".join(f"{rule} {n}" for rule, n in sorted(found.counts.items())) or "clean"


def report(content: Path, template: str | None, work: Path) -> list[tuple[str, str, str, str]]:
    language = str(yaml.safe_load(content.read_text(encoding="utf-8")).get("language", "en"))
    office, built = work / "office", work / "built"
    set_args = ["-t", template] if template else []
    for out, formats in ((office, "pptx,docx"), (built, "pdf,handout")):
        command = [sys.executable, "-m", "deckgen", "build", str(content), *set_args,
                   "-f", formats, "-o", str(out)]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True)
    files = sorted(office.glob("*.pptx")) + sorted(office.glob("*.docx"))
    plain = convert(files, work / "plain", export="pdf")
    tagged = convert(files, work / "tagged", export=PDF_FILTER)
    rows = []
    for before, lo_ua in zip(plain, tagged):
        ours = built / before.name
        rows.append((before.name, counts(before, language), counts(lo_ua, language),
                     counts(ours, language)))  # fmt: skip
    for handout in sorted(built.glob("*-handout.pdf")):
        rows.append((handout.name, "", "", counts(handout, language)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", nargs="+", type=Path)
    parser.add_argument("-t", "--template", help="a template set name or folder")
    args = parser.parse_args()
    print("| PDF | LibreOffice alone | LibreOffice PDF/UA | deckgen |")
    print("| --- | --- | --- | --- |")
    for content in args.content:
        with tempfile.TemporaryDirectory() as tmp:
            for row in report(content, args.template, Path(tmp)):
                print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
