"""build.options.resolve_options: the command line wins, then deckgen.yaml, then deckgen's
own defaults; None (or an empty tuple) is unset; only the keys a command takes resolve."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckgen.build.options import DEFAULTS, KEYS, Options, check_set_name, resolve_options
from deckgen.errors import DeckgenError, TemplateError

ALL_UNSET = dict.fromkeys(KEYS)


def workspace(tmp_path: Path, settings: str | None = None) -> Path:
    (tmp_path / "content").mkdir(parents=True, exist_ok=True)
    if settings is not None:
        (tmp_path / "deckgen.yaml").write_text(settings, encoding="utf-8")
    return tmp_path


YAML = "template: classic\nformats: [pptx, pdf]\noutput: out\nrecipe: executive\n"


def test_every_key_unset_without_deckgen_yaml_gives_the_defaults(tmp_path: Path) -> None:
    options = resolve_options(ALL_UNSET, workspace(tmp_path))
    assert options.template == DEFAULTS["template"] == "default"
    assert options.formats == ("pptx", "docx") and not options.formats_chosen
    assert options.recipe == "full"
    assert options.out_dir == tmp_path / "build"
    assert (options.variants, options.jobs, options.force, options.strict) == ((), 1, False, False)
    assert options.deck_template is None and options.memo_template is None


def test_unset_keys_take_deckgen_yaml(tmp_path: Path) -> None:
    options = resolve_options(ALL_UNSET, workspace(tmp_path, YAML))
    assert options.template == "classic"
    assert options.formats == ("pptx", "pdf") and options.formats_chosen
    assert options.out_dir == tmp_path / "out"
    assert options.recipe == "executive"


@pytest.mark.parametrize(
    ("key", "given", "attribute", "expected"),
    [
        ("template", "default", "template", "default"),
        ("formats", ("docx",), "formats", ("docx",)),
        ("recipe", "full", "recipe", "full"),
    ],
)
def test_the_command_line_wins_over_deckgen_yaml(
    tmp_path: Path, key: str, given: object, attribute: str, expected: object
) -> None:
    options = resolve_options({**ALL_UNSET, key: given}, workspace(tmp_path, YAML))
    assert getattr(options, attribute) == expected


def test_output_on_the_command_line_wins_and_may_be_anywhere(tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws", YAML)
    elsewhere = tmp_path / "elsewhere"
    options = resolve_options({**ALL_UNSET, "out_dir": str(elsewhere)}, ws)
    assert options.out_dir == elsewhere


def test_formats_given_are_chosen_and_so_are_deckgen_yaml_ones(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    assert resolve_options({"formats": ("pdf",)}, ws).formats_chosen
    assert not resolve_options({"formats": None}, ws).formats_chosen
    assert not resolve_options({"formats": ()}, ws).formats_chosen  # empty is unset


@pytest.mark.parametrize("unset", [None, ""])
def test_none_and_empty_text_are_unset(tmp_path: Path, unset: object) -> None:
    ws = workspace(tmp_path, YAML)
    options = resolve_options({"template": unset, "recipe": unset}, ws)
    assert (options.template, options.recipe) == ("classic", "executive")


@pytest.mark.parametrize(
    ("key", "value"), [("jobs", 3), ("force", True), ("strict", True), ("variants", ("a", "b"))]
)
def test_command_line_only_keys_pass_through(tmp_path: Path, key: str, value: object) -> None:
    options = resolve_options({**ALL_UNSET, key: value}, workspace(tmp_path, YAML))
    assert getattr(options, key) == value


def test_variants_given_as_a_list_become_a_tuple(tmp_path: Path) -> None:
    assert resolve_options({"variants": ["all"]}, workspace(tmp_path)).variants == ("all",)


def test_keys_a_command_does_not_take_are_left_at_the_built_in_values(tmp_path: Path) -> None:
    """lint takes no -o: deckgen.yaml's `output:` is neither used nor judged for it."""
    ws = workspace(tmp_path / "ws", "output: out\nrecipe: executive\n")
    (tmp_path / "outside").mkdir()
    (ws / "out").symlink_to(tmp_path / "outside")  # `output:` that leads out through a link
    with pytest.raises(DeckgenError):
        resolve_options({"out_dir": None}, ws)  # judged where a command takes -o
    options = resolve_options({"recipe": None}, ws)
    assert options.out_dir is None and options.recipe == "executive"
    assert options.formats == Options().formats


def test_no_settings_key_given_reads_no_deckgen_yaml(tmp_path: Path) -> None:
    ws = workspace(tmp_path, "template: [not, a, name]\n")  # an error, were it read
    assert resolve_options({"jobs": 2, "force": None}, ws).jobs == 2


def test_an_empty_given_is_the_defaults(tmp_path: Path) -> None:
    assert resolve_options({}, workspace(tmp_path, YAML)) == Options()


def test_an_unknown_key_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="colour"):
        resolve_options({"colour": "red"}, workspace(tmp_path))


def test_a_set_name_that_is_a_path_on_the_command_line_is_blamed_on_t(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=r"^-t '\.\./x'"):
        resolve_options({"template": "../x"}, workspace(tmp_path))


def test_a_set_name_that_is_a_path_in_deckgen_yaml_is_located_there(tmp_path: Path) -> None:
    ws = workspace(tmp_path, "recipe: full\ntemplate: ../x\n")
    with pytest.raises(DeckgenError) as caught:
        resolve_options({"template": None}, ws)
    where = caught.value.diagnostics[0].location
    assert where is not None and where.path.endswith("deckgen.yaml") and where.line == 2


def test_check_set_name_refuses_a_path_and_keeps_a_name() -> None:
    check_set_name("classic")
    with pytest.raises(TemplateError):
        check_set_name("a/b")


def test_named_template_files_are_checked_and_kept(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    deck = ws / "ours.pptx"
    deck.write_bytes(b"")
    options = resolve_options({"deck_template": str(deck), "memo_template": None}, ws)
    assert options.deck_template == deck and options.memo_template is None


def test_a_named_template_file_that_leads_out_of_the_workspace_is_refused(tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws")
    outside = tmp_path / "outside.pptx"
    outside.write_bytes(b"")
    (ws / "link.pptx").symlink_to(outside)
    with pytest.raises(DeckgenError):
        resolve_options({"deck_template": str(ws / "link.pptx")}, ws)


def test_a_broken_deckgen_yaml_is_an_error_where_it_is_read(tmp_path: Path) -> None:
    ws = workspace(tmp_path, "formats: [pptx, bogus]\n")
    with pytest.raises(DeckgenError):
        resolve_options({"formats": None}, ws)


def test_every_option_is_a_key_and_every_default_is_the_dataclass_one() -> None:
    from dataclasses import fields

    assert set(KEYS) == {f.name for f in fields(Options)} - {"formats_chosen"}
    assert all(getattr(Options(), key) == value for key, value in DEFAULTS.items())
