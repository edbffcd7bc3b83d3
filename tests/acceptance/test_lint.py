"""`deckgen lint` as a user runs it: the shipped briefing is clean, seeded faults are found."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import FIXTURES, ROOT, SHIPPED, run_cli

LINT = FIXTURES / "lint"


def _at(path: Path, line_holding: str, token: str, nth: int = 1) -> str:
    """``file:line:column`` of ``token`` on the ``nth`` line holding ``line_holding``, found by
    reading the text (not YAML marks), as the path appears in output run from ROOT."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line_holding in line and (nth := nth - 1) == 0:
            shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
            return f"{shown}:{number}:{line.index(token) + 1}"
    raise AssertionError(f"{line_holding!r} not in {path}")


def _summary(stdout: str) -> tuple[int, int]:
    found = re.search(r"^(\d+) errors?, (\d+) warnings?$", stdout, re.M)
    assert found, stdout
    return int(found.group(1)), int(found.group(2))


def test_shipped_briefing_has_no_errors_and_notes_fitting() -> None:
    done = run_cli("lint", str(SHIPPED))
    print(done.stdout)  # what lint reports on the shipped briefing, for `pytest -s`
    assert done.returncode == 0, done.stdout + done.stderr
    errors, _warnings = _summary(done.stdout)
    assert errors == 0
    # the shipped divergences and Iran's outlook run onto a second slide
    assert re.search(r"russia-iran-2017\.yaml: info: FIT-02: slide \d+ .*continues", done.stdout)


def test_findings_come_errors_first_then_warnings_then_infos() -> None:
    done = run_cli(
        "lint", str(SHIPPED), str(LINT / "filename-alt.yaml"), str(LINT / "multi-year.yaml")
    )
    severities = re.findall(r": (error|warning|info): [A-Z0-9]+-\d\d:", done.stdout)
    assert severities == sorted(severities, key=["error", "warning", "info"].index), severities
    assert {"error", "warning", "info"} <= set(severities)
    assert done.returncode == 1


def test_mixed_term_sets() -> None:
    path = LINT / "mixed-terms.yaml"
    done = run_cli("lint", str(path))
    assert done.returncode == 0, done.stdout  # a warning: the full recipe's memo has the note
    # set B is the briefing's own (3 items); the first set-A term is where the mix shows
    assert f"{_at(path, 'likelihood: likely', 'likely')}: warning: EST-03:" in done.stdout
    # the bare probability prints as 'unlikely' (set A); `likelihood: improbable` would fix it
    assert f"{_at(path, 'probability: 0.3', '0.3')}: warning: EST-01:" in done.stdout
    assert "likelihood: improbable" in done.stdout


def test_mixed_term_sets_without_the_estimative_note_are_an_error(tmp_path: Path) -> None:
    path = tmp_path / "content" / "mixed-terms.yaml"
    path.parent.mkdir()
    shutil.copy(LINT / "mixed-terms.yaml", path)
    noannex = tmp_path / "templates" / "noannex"
    noannex.mkdir(parents=True)
    (noannex / "template.yaml").write_text(
        "recipes:\n"
        "  brief:\n"
        "    deck: [title, key_judgments, sources]\n"
        "    memo: [header, key_judgments, sources]\n",
        encoding="utf-8",
    )
    done = run_cli("lint", "-t", "noannex", "--recipe", "brief", cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    where = _at(path, "likelihood: likely", "likely").replace(str(tmp_path) + "/", "")
    assert f"{where}: error: EST-03:" in done.stdout
    assert "add `estimative`" in done.stdout


def test_high_confidence_on_a_multi_year_horizon() -> None:
    path = LINT / "multi-year.yaml"
    done = run_cli("lint", str(path))
    assert done.returncode == 0, done.stdout
    found = [line for line in done.stdout.splitlines() if "EST-06" in line]
    assert len(found) == 1, done.stdout  # the one-year forecast with high confidence is fine
    # the second `confidence: high` belongs to the 2017-2020 forecast
    where = _at(path, "confidence: high", "high", nth=2)
    assert found[0].startswith(f"{where}: warning: EST-06:"), found
    assert "2017-2020" in found[0]


def test_key_judgment_without_sources() -> None:
    path = LINT / "unsourced-judgment.yaml"
    done = run_cli("lint", str(path))
    assert done.returncode == 0, done.stdout
    where = _at(path, "- text: Beta courts", "text")
    assert f"{where}: warning: CITE-03: key judgment 2 has no sources" in done.stdout
    assert done.stdout.count("CITE-03") == 1


def test_source_never_cited() -> None:
    path = LINT / "uncited-source.yaml"
    done = run_cli("lint", str(path))
    assert done.returncode == 0, done.stdout
    where = _at(path, "id: survey-2016", "survey-2016")
    assert f"{where}: warning: CITE-04: source 'survey-2016' is never cited" in done.stdout
    assert "outlook-2017' is never cited" not in done.stdout


def test_confidence_and_likelihood_in_one_sentence() -> None:
    path = LINT / "confidence-in-text.yaml"
    done = run_cli("lint", str(path))
    where = _at(path, "- text: We assess", "We assess")
    assert f"{where}: warning: EST-02: 'high confidence' and 'likely'" in done.stdout


def test_file_name_as_alt_text_is_an_error() -> None:
    path = LINT / "filename-alt.yaml"
    done = run_cli("lint", str(path))
    assert done.returncode == 1, done.stdout
    where = _at(path, "alt: map.png", "map.png")
    assert f"{where}: error: A11Y-03: the alt text 'map.png'" in done.stdout
    assert _summary(done.stdout)[0] == 1


def test_low_contrast_template_set(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(LINT / "uncited-source.yaml", content / "briefing.yaml")
    low = tmp_path / "templates" / "lowcontrast"
    low.mkdir(parents=True)
    manifest = low / "template.yaml"
    manifest.write_text(
        'palette: {muted: "#BBBBBB", actors: ["#FFD700", "#FFE000"]}\n', encoding="utf-8"
    )
    done = run_cli("lint", "-t", "lowcontrast", cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    at = {c: _at(manifest, c, f'"{c}"').replace(f"{tmp_path}/", "") for c in
          ("#BBBBBB", "#FFD700", "#FFE000")}  # fmt: skip
    errors = [line for line in done.stdout.splitlines() if ": error: A11Y-06:" in line]
    # grey source lines, and white header text on both gold actor colours; nothing else
    assert len(errors) == 3, errors
    assert errors[0].startswith(f"{at['#BBBBBB']}: error: A11Y-06: source lines"), errors
    assert errors[1].startswith(f"{at['#FFD700']}: error: A11Y-06: white header text on Alpha")
    assert errors[2].startswith(f"{at['#FFE000']}: error: A11Y-06: white header text on Beta")
    assert all(re.search(r"\d\.\d\d:1, below 4\.5:1", line) for line in errors), errors
    assert (
        f"{at['#FFE000']}: info: A11Y-07: actors Alpha and Beta differ by colour only a little"
        in done.stdout
    )
    # the same briefing with the default set passes: the findings come from the palette
    assert run_cli("lint", cwd=tmp_path).returncode == 0


def test_strict_fails_on_warnings() -> None:
    path = LINT / "unsourced-judgment.yaml"
    relaxed = run_cli("lint", str(path))
    assert relaxed.returncode == 0 and _summary(relaxed.stdout) == (0, 1), relaxed.stdout
    strict = run_cli("lint", "--strict", str(path))
    assert strict.returncode == 1, strict.stdout


def test_invalid_file_counts_its_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("deckgen: 1\ntitle: Broken\nactors: []\n", encoding="utf-8")
    done = run_cli("lint", str(bad), str(SHIPPED))
    assert done.returncode == 1
    assert str(bad) + ":" in done.stdout
    assert _summary(done.stdout)[0] >= 1
    assert "Traceback" not in done.stderr


def test_unknown_recipe_is_a_clean_error() -> None:
    done = run_cli("lint", str(SHIPPED), "--recipe", "nope")
    assert done.returncode == 1 and "has no recipe 'nope'" in done.stderr


def test_help_has_an_example() -> None:
    done = run_cli("lint", "--help")
    assert done.returncode == 0 and "Example:" in done.stdout and "--strict" in done.stdout


DOCUMENT_FAULTS = """deckgen: 1
title: Document Faults
actors:
  - id: alpha
    name: Alpha
  - id: beta
    name: Beta
shared_goals:
  - title: Regional stability
    actors: [alpha, beta]
sections:
  - title: Trade grows
    bullets:
      - "The full text is here: https://example.org/trade"
  - title: Trade  Grows
    bullets: [It grows again.]
"""


def test_document_rules_point_at_the_content_responsible(tmp_path: Path) -> None:
    path = tmp_path / "faults.yaml"
    path.write_text(DOCUMENT_FAULTS, encoding="utf-8")
    done = run_cli("lint", str(path), "--recipe", "full")
    assert done.returncode == 0, done.stdout + done.stderr  # warnings only
    out = done.stdout
    # two titles a screen reader hears alike (the planner numbers only exact repeats)
    dup = _at(path, "- title: Trade  Grows", "Trade")
    assert f"{dup}: warning: A11Y-02: slides 3, 4 have the same title 'Trade Grows'" in out
    # vague words before a web address, at the bullet that writes them
    link = _at(path, "The full text is here", '"The full')
    assert f"{link}: warning: LINK-01: 'here' introduces a web address" in out
    assert "Name what the address leads to" in out


def test_shipped_briefing_has_blank_grouped_cells_in_its_outlook_slides() -> None:
    """Today's forecast tables leave a group's Area blank on its later rows: a warning at the
    first forecast whose row shows it blank (fixing the writer makes this pass silently)."""
    done = run_cli("lint", str(SHIPPED))
    found = [line for line in done.stdout.splitlines() if "A11Y-05" in line]
    for line in found:
        assert re.match(r"content/russia-iran-2017\.yaml:\d+:\d+: warning: A11Y-05: the "
                        r"table on slide \d+ \('Outlook: ", line), line  # fmt: skip
    assert "A11Y-0" not in done.stdout.replace("A11Y-05", "").replace("A11Y-07", "")
