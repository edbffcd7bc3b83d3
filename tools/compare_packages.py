"""Two Office packages to a list of their differences, part by part, as XML infosets.

    python tools/compare_packages.py OLD.pptx NEW.pptx [--all]

Used to prove that a rewrite of a writer changed how bytes are produced, not what a reader
sees: every XML part is compared in exclusive canonical form (attribute order, namespace
declarations and prefixes no longer matter), every other part byte for byte, and nested
packages (a chart's workbook) recursively. Exit status 0 when equal.
"""

from __future__ import annotations

import io
import sys
import zipfile

from lxml import etree


def _canonical(data: bytes) -> bytes:
    root = etree.fromstring(data, etree.XMLParser(remove_blank_text=True, resolve_entities=False))
    return etree.tostring(root, method="c14n", exclusive=True)


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def differences(old: bytes, new: bytes, prefix: str = "") -> list[str]:
    """What differs between two packages, one line per part (empty when equal)."""
    a, b = _parts(old), _parts(new)
    out = [f"{prefix}{n}: only in OLD" for n in sorted(set(a) - set(b))]
    out += [f"{prefix}{n}: only in NEW" for n in sorted(set(b) - set(a))]
    for name in sorted(set(a) & set(b)):
        x, y = a[name], b[name]
        if x == y:
            continue
        if name.endswith((".xml", ".rels")):
            cx, cy = _canonical(x), _canonical(y)
            if cx != cy:
                at = next((i for i in range(min(len(cx), len(cy))) if cx[i] != cy[i]),
                          min(len(cx), len(cy)))  # fmt: skip
                near = slice(max(0, at - 150), at + 150)
                out.append(f"{prefix}{name}: XML differs at {at}:\n  OLD …{cx[near]!r}\n"
                           f"  NEW …{cy[near]!r}")  # fmt: skip
        elif name.endswith(".xlsx"):
            out += differences(x, y, f"{prefix}{name}!")
        else:
            out.append(f"{prefix}{name}: bytes differ ({len(x)} vs {len(y)})")
    return out


def main(argv: list[str]) -> int:
    from pathlib import Path

    old, new = (Path(p).read_bytes() for p in argv[:2])
    found = differences(old, new)
    for line in found if "--all" in argv else found[:20]:
        print(line)
    if len(found) > 20 and "--all" not in argv:
        print(f"… and {len(found) - 20} more")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
