"""Outputs of the reference briefings to the digests tests/acceptance/test_identical.py checks.

    python tools/golden.py            # rewrite tests/golden/digests.json from this checkout

Run it only after a change that is meant to alter outputs, and look at what changed first
(tools/compare_packages.py OLD NEW shows it part by part). A speed change must never need it:
the test fails when an optimisation alters a single byte of any part of any output.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "digests.json"
EPOCH = "1700000000"  # SOURCE_DATE_EPOCH for every reference build
# (content file relative to the repository, template set)
CASES = [
    ("content/russia-iran-2017.yaml", "default"),
    ("content/russia-iran-2017.yaml", "classic"),
    ("tests/fixtures/stress.yaml", "default"),
    ("tests/fixtures/three-actors.yaml", "default"),
    ("tests/fixtures/charts.yaml", "classic"),
    ("tests/fixtures/minimal.yaml", "default"),
]


def generated(sections: int) -> str:
    """A long generated briefing: bullets, tables and a chart every tenth section, notes."""
    lines = ["deckgen: 1", f"id: generated-{sections}", "title: Generated briefing",
             "date: 2017-04-01", "actors:", "  - id: a", "    name: Alpha", "  - id: b",
             "    name: Beta", "shared_goals:", "  - title: Stability", "sections:"]  # fmt: skip
    for i in range(1, sections + 1):
        lines.append(f"  - title: Section {i} of the generated briefing")
        if i % 10 == 0:
            lines += ["    chart:", "      type: column", "      categories: [A, B, C]",
                      "      series:", f"        One: [{i % 7}, {i % 5}, {i % 3}]"]  # fmt: skip
        elif i % 4 == 0:
            lines += ["    table:", "      columns: [Item, Value]", "      rows:"]
            lines += [f'        - ["Row {j} of section {i}", "{j * i}"]' for j in range(1, 9)]
        else:
            lines.append("    bullets:")
            lines += [f'      - "Point {i}.{j}: the partners agree while the threat lasts."'
                      for j in range(1, 7)]  # fmt: skip
        lines.append(f"    notes: Notes for section {i}.")
    return "\n".join(lines) + "\n"


def member_digests(data: bytes) -> dict[str, str]:
    """Each zip member's SHA-256 over its uncompressed bytes (zlib builds may differ in how
    they compress; what deckgen writes must not)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: hashlib.sha256(z.read(n)).hexdigest() for n in z.namelist()}


def build_all(python: str = sys.executable, extra: tuple[str, ...] = ()) -> dict[str, dict]:
    """Build every reference case; output name -> member digests."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    found: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "generated.yaml").write_text(generated(120), encoding="utf-8")
        cases = [*CASES, (str(work / "generated.yaml"), "default")]
        for source, template in cases:
            out = work / "out" / template
            done = subprocess.run(
                [python, "-m", "deckgen", "build", source, "-t", template, "-o", str(out),
                 "--force", "-q", *extra],
                cwd=ROOT, env=env, capture_output=True, text=True, check=False,
            )  # fmt: skip
            if done.returncode != 0:
                raise RuntimeError(f"{source}: {done.stderr}")
        for path in sorted((work / "out").rglob("*.*x")):
            key = f"{path.parent.name}/{path.name}"
            found[key] = member_digests(path.read_bytes())
    return found


def main() -> int:
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_text(json.dumps(build_all(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
