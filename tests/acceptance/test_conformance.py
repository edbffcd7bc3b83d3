"""Every package deckgen writes conforms to ECMA-376: the validator beside the project finds no
problem in the parts deckgen writes, for the built-in sets, a condensed recipe, the charts
fixture and foreign templates; a foreign template's own faults are reported, not added to."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, SHIPPED, ooxml_problems, run_cli

DEFAULT_MEMO = ROOT / "templates" / "default" / "memo.docx"


def _build(out: Path, *args: str) -> list[Path]:
    done = run_cli("build", *args, "-o", str(out), timeout=600)
    assert done.returncode == 0, done.stderr
    return sorted(out.glob("*.pptx")) + sorted(out.glob("*.docx"))


def _shown(problems: list[dict[str, object]]) -> str:
    return "; ".join(f"{p['file']} {p['part']}: {p['message']}" for p in problems[:6])


@pytest.mark.parametrize(
    "args",
    [
        (str(SHIPPED),),
        (str(SHIPPED), "-t", "classic"),
        (str(SHIPPED), "--recipe", "executive"),
        (str(FIXTURES / "charts.yaml"), str(FIXTURES / "three-actors.yaml")),
        (str(FIXTURES / "stress.yaml"), "-t", "classic"),
    ],
    ids=["default", "classic", "executive", "charts-three-actors", "stress-classic"],
)
def test_built_in_sets_write_packages_without_a_single_schema_problem(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    packages = _build(tmp_path, *args)
    problems = ooxml_problems(*packages)
    assert not problems, f"{len(problems)} problems: {_shown(problems)}"


def _signature(problem: dict[str, object]) -> tuple[str, str]:
    """A problem as it would read in any package: its part and message, numbers aside
    (deckgen's copy of a template part numbers lines and ids of its own)."""
    message = re.sub(r"\d+", "N", str(problem["message"]))
    return str(problem["part"]).split("!")[-1], message


def _foreign(root: Path) -> list[tuple[str, list[str], Path]]:
    from support import foreign

    return [
        ("pandoc-deck", ["--deck-template"], foreign.pandoc_deck(root)[0]),
        ("lo-vivid", ["--deck-template"], foreign.lo_vivid(root)[0]),
        ("pandoc-memo", ["--memo-template"], foreign.pandoc_memo(root)[0]),
        ("lo-letter", ["--memo-template"], foreign.lo_letter(root)[0]),
    ]


@pytest.mark.soffice
@pytest.mark.pandoc
def test_foreign_templates_keep_their_own_faults_and_gain_none(tmp_path: Path) -> None:
    """The output's problems are the template's own, part for part; deckgen adds none."""
    from conftest import need_tool

    need_tool("soffice")  # LibreOffice's templates are converted at test time
    for name, option, template in _foreign(tmp_path):
        packages = _build(tmp_path / name, str(SHIPPED), *option, str(template))
        kind = ".pptx" if template.suffix in (".pptx", ".potx") else ".docx"
        built = [p for p in packages if p.suffix == kind]
        own = {_signature(p) for p in ooxml_problems(template)}
        added = [p for p in ooxml_problems(*built) if _signature(p) not in own]
        assert not added, f"{name}: deckgen added {len(added)} problems: {_shown(added)}"


@pytest.mark.soffice
def test_a_template_that_repeats_shape_ids_is_named_in_a_warning(tmp_path: Path) -> None:
    """LibreOffice's exports give two shapes of a master one id; deckgen copies masters
    unchanged, so it says so instead of leaving the user to meet PowerPoint's repair."""
    from conftest import need_tool

    need_tool("soffice")
    from support import foreign

    template = foreign.lo_vivid(tmp_path)[0]
    done = run_cli("build", str(SHIPPED), "--deck-template", str(template), "-o",
                   str(tmp_path / "out"), timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "slideMaster1.xml gives several shapes the same id (1)" in done.stderr
    clean = run_cli("build", str(SHIPPED), "-o", str(tmp_path / "plain"))
    assert "same id" not in clean.stderr


def _with_workbook(path: Path) -> Path:
    """The default memo template with an Excel chart's workbook embedded in it, as Word
    stores one (word/embeddings/…xlsx, related from the document)."""
    from support import foreign

    return foreign.write_parts(foreign.workbook_parts(foreign.read_parts(DEFAULT_MEMO)), path)


def test_a_memo_template_holding_a_workbook_builds(tmp_path: Path) -> None:
    """Such a template crashed every build (a misspelt helper) until a type checker ran."""
    import zipfile

    template = _with_workbook(tmp_path / "with-workbook.docx")
    out = tmp_path / "out"
    done = run_cli("build", str(SHIPPED), "--memo-template", str(template), "-o", str(out),
                   env={"SOURCE_DATE_EPOCH": "1700000000"})  # fmt: skip
    assert done.returncode == 0, done.stderr
    memo = out / "russia-iran-2017-memo.docx"
    with zipfile.ZipFile(memo) as z:
        names = z.namelist()
        book = next(n for n in names if n.endswith(".xlsx"))
        import io

        with zipfile.ZipFile(io.BytesIO(z.read(book))) as inner:
            core = inner.read("docProps/core.xml").decode()
    assert "2023-11-14T22:13:20Z" in core and "2001-01-01" not in core  # pinned to the build
