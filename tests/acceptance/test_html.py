"""The web edition (`-f html`): one self-contained page, checked in headless Chromium with
axe-core at WCAG 2.1 AA, against the Word memo written from the same plan, and by its markup."""

from __future__ import annotations

import fcntl
import itertools
import os
import re
import shutil
import subprocess
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from lxml import etree
from lxml import html as lhtml

from conftest import FIXTURES, MINIMAL, ROOT, SHIPPED, run_cli

AXE_VERSION = "4.14.1"  # pinned: a new release may judge the page anew
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
CASES = {"shipped": (SHIPPED, "russia-iran-2017"),
         "three": (FIXTURES / "three-actors.yaml", "three-actors")}  # fmt: skip
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
Built = dict[str, tuple[Path, Path]]  # case -> (web edition, Word memo)


def missing(what: str) -> None:
    """Skip for a tool this machine lacks; in CI, where .ci/run installs it, fail."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI (.ci/run installs it)")
    pytest.skip(f"{what} is not installed")


def axe_script() -> str:
    """axe-core's script, from the npm registry into a cache folder the first time."""
    given = os.environ.get("DECKGEN_AXE_JS")
    if given:
        return Path(given).read_text(encoding="utf-8")
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    prefix = cache / "deckgen-tests" / f"axe-core-{AXE_VERSION}"
    script = prefix / "node_modules" / "axe-core" / "axe.min.js"
    prefix.mkdir(parents=True, exist_ok=True)
    with open(prefix.parent / f"{prefix.name}.lock", "w") as lock:
        # one fetch at a time: test processes running in parallel share the cache folder
        fcntl.flock(lock, fcntl.LOCK_EX)
        _fetch_axe(prefix, script)
    return script.read_text(encoding="utf-8")


def _fetch_axe(prefix: Path, script: Path) -> None:
    if not script.is_file():
        npm = shutil.which("npm")
        if npm is None:
            missing("npm (to fetch axe-core)")
            raise AssertionError  # unreachable
        done = subprocess.run([npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund",
                               "--no-save", f"axe-core@{AXE_VERSION}"],
                              capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
        if done.returncode != 0 or not script.is_file():
            missing(f"axe-core {AXE_VERSION} from the npm registry ({done.stderr[-300:]})")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Each case's web edition and Word memo, built together."""
    out = tmp_path_factory.mktemp("html")
    done = run_cli("build", *(str(p) for p, _ in CASES.values()), "-f", "html,docx",
                   "-o", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    return {case: (out / f"{stem}.html", out / f"{stem}-memo.docx")
            for case, (_, stem) in CASES.items()}  # fmt: skip


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright (no browser download)."""
    if not Path(CHROMIUM).is_file():
        missing("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright (pip install -e '.[test]')")
        raise AssertionError from None  # unreachable
    with sync_playwright() as p:
        found = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield found
        found.close()


class Opened:
    """A page loaded in its own browser context, with every request it made."""

    def __init__(self, browser: Any, path: Path) -> None:
        # the page's Content-Security-Policy is bypassed: the page must not need it to
        # stay offline, and axe-core is injected as a script the policy would refuse
        self.context = browser.new_context(bypass_csp=True)
        self.requests: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.page = self.context.new_page()
        self.uri = path.as_uri()
        self.page.goto(self.uri)

    def axe(self, script: str) -> dict[str, Any]:
        self.page.add_script_tag(content=script)
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
        result: dict[str, Any] = self.page.evaluate("o => axe.run(document, o)", options)
        return result


@pytest.fixture
def opened(browser: Any) -> Iterator[Any]:
    pages: list[Opened] = []

    def open_page(path: Path) -> Opened:
        pages.append(Opened(browser, path))
        return pages[-1]

    yield open_page
    for p in pages:
        p.context.close()


def normal(s: str) -> str:
    # the memo joins a range's dash with word joiners (U+2060) so it does not break there
    return " ".join(unicodedata.normalize("NFC", s.replace("\u2060", "")).split())


def memo_sentences(docx: Path) -> list[str]:
    """Every sentence python-docx reads in the memo's body paragraphs and table cells."""
    doc = Document(str(docx))
    texts = [p.text for p in doc.paragraphs]
    texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    out = []
    for text in texts:
        out += [s for s in (normal(x) for x in re.split(r"(?<=[.!?])\s+", text)) if s]
    return out


def memo_notes(docx: Path) -> list[str]:
    """The memo's footnotes in order, as Word shows them (separators left out)."""
    with zipfile.ZipFile(docx) as z:
        root = etree.fromstring(z.read("word/footnotes.xml"))
    return [normal("".join(t.text or "" for t in note.iter(f"{W}t")))
            for note in root.iter(f"{W}footnote") if not note.get(f"{W}type")]  # fmt: skip


def parsed(path: Path) -> Any:
    return lhtml.fromstring(path.read_bytes())


# -- in the browser -------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("case", CASES)
def test_axe_core_finds_no_wcag_21_aa_violation(case: str, built: Built, opened: Any) -> None:
    result = opened(built[case][0]).axe(axe_script())
    problems = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
                for v in result["violations"]]  # fmt: skip
    assert problems == []
    passed = {r["id"] for r in result["passes"]}
    # the rules that matter here ran and found something to pass (not vacuously clean)
    own = {"svg-img-alt", "image-alt"} if case == "shipped" else {"valid-lang"}
    expected = own | {"html-has-lang", "html-lang-valid", "color-contrast", "link-name", "list",
                      "listitem", "td-headers-attr", "th-has-data-cells"}  # fmt: skip
    assert expected <= passed, expected - passed
    # what axe could not decide is only text drawn inside a chart's SVG (its colour is the
    # page's text colour on white; htmlcolor checked it)
    unsure = [(r["id"], n["html"][:60]) for r in result["incomplete"] for n in r["nodes"]
              if not (r["id"] == "color-contrast" and n["html"].startswith("<text"))]  # fmt: skip
    assert unsure == []


@pytest.mark.browser
@pytest.mark.parametrize("case", CASES)
def test_nothing_is_fetched(case: str, built: Built, opened: Any) -> None:
    page = opened(built[case][0])
    page.page.wait_for_load_state("networkidle")
    assert page.requests == [page.uri]
    assert page.page.evaluate("performance.getEntriesByType('resource').length") == 0
    # and the page forbids itself any request but its embedded pictures
    policy = parsed(built[case][0]).xpath('//meta[@http-equiv="Content-Security-Policy"]')
    assert policy and "default-src 'none'" in policy[0].get("content")


@pytest.mark.browser
@pytest.mark.parametrize("case", CASES)
def test_every_sentence_of_the_memo_is_on_the_page(case: str, built: Built, opened: Any) -> None:
    page, memo = built[case]
    shown = normal(opened(page).page.inner_text("body"))
    sentences = memo_sentences(memo)
    assert len(sentences) > (150 if case == "shipped" else 40)
    assert [s for s in sentences if s not in shown] == []


@pytest.mark.browser
@pytest.mark.parametrize("case", CASES)
def test_notes_are_the_memo_footnotes_linked(case: str, built: Built, opened: Any) -> None:
    page_path, memo = built[case]
    page = opened(page_path).page
    notes = page.eval_on_selector_all(
        ".notes li", "items => items.map(li => { const c = li.cloneNode(true);"
        " c.querySelector('.backref').remove(); return c.textContent; })")  # fmt: skip
    assert [normal(n) for n in notes] == memo_notes(memo) != []
    # following a reference lands on its note, and the note's back-link returns
    page.click('a[href="#fn3"]')
    assert page.evaluate("location.hash") == "#fn3"
    page.click("#fn3 .backref")
    assert page.evaluate("location.hash") == "#fnref3"


# -- the markup -----------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_headings_tables_pictures_and_notes_are_marked_up(case: str, built: Built) -> None:
    doc = parsed(built[case][0])
    assert doc.get("lang") == "en"
    levels = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    tables = doc.xpath("//table")
    assert tables and all(t.xpath("./caption[normalize-space()]") for t in tables)
    for table in tables:
        assert [th.get("scope") for th in table.xpath("./thead//th")] == ["col"] * len(
            table.xpath("./thead//th"))  # fmt: skip
        rows = table.xpath("./tbody/tr")
        assert all(r.xpath("./*[1][self::th][@scope='row']") for r in rows)
    assert all((img.get("alt") or "").strip() for img in doc.iter("img"))
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids))
    refs = doc.xpath("//a[starts-with(@href, '#')]/@href")
    assert refs and all(doc.get_element_by_id(r[1:], None) is not None for r in refs)
    assert not doc.xpath("//script | //link | //iframe | //object | //embed")
    outside = [s for s in doc.xpath("//img/@src | //*[local-name()='image']/@href")
               if not s.startswith("data:")]  # fmt: skip
    assert outside == []
    assert "likely (55–80%)" in doc.text_content()  # estimative terms with their ranges


def test_the_chart_is_an_image_named_takeaway_first_and_its_data_a_table(
    built: Built,
) -> None:
    doc = parsed(built["shipped"][0])
    svg = doc.xpath("//figure[@class='chart']/*[local-name()='svg']")
    assert len(svg) == 1 and svg[0].get("role") == "img"
    title = doc.get_element_by_id(svg[0].get("aria-labelledby")).text_content()
    takeaway = "The Syrian battlefield touches Iran and lies within 700 km of Russia"
    assert title.startswith(takeaway + ". Bar chart.") and "Russian Federation 700" in title
    table = svg[0].getparent().getnext().xpath(".//table")[0]
    caption = table.xpath("./caption")[0]
    assert caption.text == f"Data for the chart: {takeaway}"
    # the section's sources: here the note just before names the same ones and covers it
    # (plan.citations: a note never repeats the one before)
    assert len(caption.xpath("./sup[@class='noteref']/a")) == 0
    rows = [[c.text_content() for c in r] for r in table.xpath("./tbody/tr")]
    assert rows == [["Iran", "0"], ["Russian Federation", "700"], ["Former USSR border", "450"]]


def test_the_marking_is_a_banner_at_top_and_bottom_and_on_printed_pages(
    built: Built,
) -> None:
    doc = parsed(built["shipped"][0])
    body = doc.find("body")
    first, last = body[0], body[-1]
    assert first.tag == "header" and first.text_content().strip() == "UNCLASSIFIED"
    assert last.tag == "footer" and last.xpath(".//p[@class='marking']")[0].text == "UNCLASSIFIED"
    css = doc.xpath("//style")[0].text
    assert '@top-center { content: "UNCLASSIFIED"' in css and "@bottom-center" in css
    assert "@media print" in css
    # a TLP label stands right-justified, on black, on screen and paper
    tlp = parsed(built["three"][0]).xpath("//style")[0].text
    assert '@top-right { content: "TLP\\00003ACLEAR"; background: #000000' in tlp


def test_marked_phrases_carry_their_language_and_direction(
    built: Built,
) -> None:
    doc = parsed(built["three"][0])
    marked = doc.xpath("//span[@lang='fa'][@dir='rtl']")
    assert "محور مقاومت" in [s.text_content() for s in marked]
    # the wholly Persian quote reads right to left; the English sentence around a Persian
    # phrase stays left to right
    assert doc.xpath("//blockquote[@dir='rtl']")[0].text_content() == "همکاری ما ادامه خواهد داشت"
    sentence = next(li for li in doc.iter("li") if "axis of resistance" in li.text_content())
    assert sentence.get("dir") is None


# -- options, names and fallbacks -------------------------------------------------------


def workspace(at: Path, briefing: str) -> Path:
    (at / "content").mkdir(parents=True)
    (at / "content" / "brief.yaml").write_text(briefing, encoding="utf-8")
    return at


def test_source_urls_are_links_in_sources_and_notes(tmp_path: Path) -> None:
    ws = workspace(tmp_path, MINIMAL.replace("  - title: Regional stability",
                                             "  - title: Regional stability\n"
                                             "    sources: [rep]") + (
        "sources:\n  - id: rep\n    title: A Report\n    publisher: An Institute\n"
        "    url: https://example.org/report?id=1&x=2\n"))  # fmt: skip
    done = run_cli("build", "-f", "html", "-o", "out", cwd=ws)
    assert done.returncode == 0, done.stderr
    doc = parsed(ws / "out" / "brief.html")
    links = doc.xpath("//a[@href='https://example.org/report?id=1&x=2']")
    assert {a.text for a in links} == {"https://example.org/report?id=1&x=2"}
    assert len(links) == 2  # in the sources list and in the note
    assert doc.xpath("//ul[@class='sources']//a") and doc.xpath("//*[@id='fn1']/a[1]")


@pytest.mark.browser
def test_a_pale_palette_is_darkened_to_aa_with_a_warning(tmp_path: Path, opened: Any) -> None:
    ws = workspace(tmp_path, MINIMAL.replace("shared_goals:", "divergences:\n  - issue: Aid\n"
                                             "    positions: {alpha: More, beta: Less}\n"
                                             "shared_goals:"))  # fmt: skip
    builtin = ROOT / "templates" / "default"
    shutil.copytree(builtin, ws / "templates" / "pale")
    manifest = ws / "templates" / "pale" / "template.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8")
                        .replace('primary: "#1F3A5F"', 'primary: "#8FB3D9"')
                        .replace('"#1F4E79", "#2E7D5B"', '"#F4A6A6", "#2E7D5B"'),
                        encoding="utf-8")  # fmt: skip
    done = run_cli("build", "-t", "pale", "-f", "html", "-o", "out", cwd=ws)
    assert done.returncode == 0, done.stderr
    assert "template.yaml: warning: palette `primary`: colour #8FB3D9 has 2.2:1" in done.stderr
    assert "a table header's fill (white text): colour #F4A6A6" in done.stderr
    page = ws / "out" / "brief.html"
    assert "#8FB3D9" not in page.read_text(encoding="utf-8")
    result = opened(page).axe(axe_script())
    assert [v["id"] for v in result["violations"]] == []


def test_without_a_header_part_the_title_is_still_the_h1_and_no_level_is_skipped(
    tmp_path: Path,
) -> None:
    # the recipe puts the level-2 "Estimative language" first, under no section heading
    judgment = "key_judgments:\n  - text: It holds.\n    likelihood: likely\nshared_goals:"
    ws = workspace(tmp_path, MINIMAL.replace("shared_goals:", judgment))
    builtin = ROOT / "templates" / "default"
    shutil.copytree(builtin, ws / "templates" / "terse")
    manifest = ws / "templates" / "terse" / "template.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "recipes:\n", "recipes:\n  terse:\n    deck: [title]\n    memo: [estimative, "
        "key_judgments]\n"), encoding="utf-8")  # fmt: skip
    done = run_cli("build", "-t", "terse", "--recipe", "terse", "-f", "html", "-o", "out", cwd=ws)
    assert done.returncode == 0, done.stderr
    doc = parsed(ws / "out" / "brief.html")
    headings = [(h.tag, h.text_content()) for h in doc.iter("h1", "h2", "h3")]
    assert headings == [("h1", "Minimal Briefing"), ("h2", "Estimative language"),
                        ("h2", "Key judgments")]  # fmt: skip


def test_variants_are_named_id_variant_html(tmp_path: Path) -> None:
    done = run_cli("build", str(SHIPPED), "--variant", "public", "-f", "html", "-o", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "russia-iran-2017-public.html"]  # fmt: skip
    text = parsed(tmp_path / "russia-iran-2017-public.html").text_content()
    assert "partners of convenience" not in text  # the internal-only judgment is left out


def test_an_id_that_would_replace_the_gallery_page_is_refused(tmp_path: Path) -> None:
    ws = workspace(tmp_path, "id: index\n" + MINIMAL)
    done = run_cli("build", "-f", "html", "-o", "out", cwd=ws)
    assert done.returncode == 1
    assert "content/brief.yaml:1:5: error: id 'index' would write the web edition" in done.stderr
    assert not (ws / "out").exists()


def test_the_formats_option_and_deckgen_yaml_know_html(tmp_path: Path) -> None:
    ws = workspace(tmp_path, MINIMAL)
    (ws / "deckgen.yaml").write_text("formats: [html]\n", encoding="utf-8")
    done = run_cli("build", "-o", "out", cwd=ws)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (ws / "out").iterdir() if p.suffix != ".json") == ["brief.html"]
    bad = run_cli("build", "-f", "htm", "-o", "out", cwd=ws)
    assert bad.returncode == 2 and "choose from pptx, docx, pdf, html" in bad.stderr


def test_the_gallery_links_the_web_edition(tmp_path: Path) -> None:
    from deckgen.publish.gallery import write

    ws = workspace(tmp_path, MINIMAL)
    done = run_cli("build", "-f", "pptx,docx,html", "-o", "out", cwd=ws)
    assert done.returncode == 0, done.stderr
    made = write(ws / "out", thumbnails=False, convert=False)
    links = parsed(made.path).xpath("//a/@href")
    assert "brief.html" in links and "brief-memo.docx" in links


# -- the pieces ---------------------------------------------------------------------------


def test_contrast_ratios_are_wcag_s() -> None:
    from deckgen.writers.html.colour import Checker, contrast

    assert contrast("#FFFFFF", "#000000") == pytest.approx(21)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    check = Checker()
    fixed = check.meet("#777777", "#FFFFFF", 4.5, "x")
    assert fixed != "#777777" and 4.5 <= contrast(fixed, "#FFFFFF") < 4.8
    assert check.meet("#1F3A5F", "#FFFFFF", 4.5, "y") == "#1F3A5F" and len(check.notes) == 1


@pytest.mark.parametrize("kind", ["bar", "column", "line", "pie"])
def test_every_chart_type_draws_its_values_under_its_name(kind: str) -> None:
    from deckgen.content.model import Chart
    from deckgen.writers.html.chart import svg

    series = (("One", (3.0, -1.5, 8.0)),) if kind == "pie" else (
        ("One", (3.0, -1.5, 8.0)), ("Two", (2.0, 4.0, 0.0)))  # fmt: skip
    chart = Chart(kind, ("A", "B & C", "D"), series)
    drawn = etree.fromstring(svg(chart, ["#1F4E79", "#2E7D5B"], "Takeaway. Data", "c1"))
    ns = "{http://www.w3.org/2000/svg}"
    assert drawn.get("role") == "img" and drawn.get("aria-labelledby") == "c1-title"
    assert drawn.find(f"{ns}title").text == "Takeaway. Data"
    texts = [t.text for t in drawn.iter(f"{ns}text")]
    assert "B & C" in " ".join(texts) and "8" in " ".join(texts)
    # two series: each value is led by its series' name (a line names it at its end), so
    # colour is not the only thing that tells them apart (WCAG 1.4.1)
    if kind == "line":
        assert {"3", "-1.5", "One: 8", "2", "4", "Two: 0"} <= set(texts)
    elif kind != "pie":
        assert {"One: 3", "One: -1.5", "One: 8", "Two: 2", "Two: 4", "Two: 0"} <= set(texts)
