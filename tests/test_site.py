"""The course website (``python -m course site``): real Sphinx builds, parsed pages, Chromium.

Three builds, each once per test session (module-scoped; ``--dist loadscope`` keeps this
module on one worker, and every build writes only to its own temporary folders):

- the course's real notebooks, as the student and as the instructor variant, side by side;
- a fixture course through the command line: the course's data with the small glossary and
  bibliography of ``tests/fixtures/site``, a notebook with maths, folded code, an explorer,
  an exercise, a plain widget and links to the glossary and bibliography, and a notebook
  that fails.

The pages are read with BeautifulSoup, independently of the code that wrote them; the
browser tests open them from ``file://`` in the system Chromium.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import nbformat
import pytest
from bs4 import BeautifulSoup
from helpers.bank_usage import exercise_calls
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from course import cli as course_cli
from course import site
from course.exercises import bank
from course.progress import ProgressStore
from course.syllabus import LESSONS

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "site"
SETTINGS = tomllib.loads((ROOT / "site" / "config.toml").read_text(encoding="utf-8"))
BANNER = "Instructor edition"
REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.\-]*:)?//", re.IGNORECASE)
CSS_REMOTE = re.compile(r"(?:url\(\s*['\"]?|@import\s+['\"])\s*(?:https?:)?//", re.IGNORECASE)


# --- reading the pages ----------------------------------------------------------------------

def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text(page: BeautifulSoup) -> str:
    return " ".join(page.get_text(" ").split())


def html_pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.html") if "_static" not in p.parts)


def remote_resources(page: BeautifulSoup) -> list[str]:
    """Every script, stylesheet, font, image or frame the page would fetch from elsewhere."""
    found = []
    for tag in page.find_all(True):
        names = ["src", "srcset", "poster", "data"]
        if tag.name == "link":  # stylesheets, preloads, icons, fonts; not <a> navigation
            names.append("href")
        for name in names:
            value = tag.get(name)
            if value and REMOTE.match(value):
                found.append(f"<{tag.name} {name}={value[:80]}>")
        if CSS_REMOTE.search(tag.get("style", "")):
            found.append(f"<{tag.name} style=…remote url…>")
    for style in page.find_all("style"):
        if CSS_REMOTE.search(style.get_text()):
            found.append("<style> with a remote url() or @import")
    return found


def terms_of(page: BeautifulSoup) -> list[str]:
    """The glossary's terms, without their "#" permalinks."""
    return ["".join(dt.find_all(string=True, recursive=False)).strip()
            for dt in page.select("dl.glossary dt")]


def words(value: str) -> str:
    """Lower-case words only: compares prose across Markdown, HTML and text."""
    return " ".join(re.sub(r"[^\w.]+", " ", value.lower()).split())


# --- the real course, both variants ---------------------------------------------------------

EXISTING = [item for item in LESSONS if (ROOT / "notebooks" / item.filename).is_file()]


@pytest.fixture(scope="module")
def real_sites(tmp_path_factory):
    base = tmp_path_factory.mktemp("real-site")
    with ThreadPoolExecutor(max_workers=2) as pool:
        student = pool.submit(site.build_site, base / "student", progress=False)
        instructor = pool.submit(site.build_site, base / "instructor", instructor=True,
                                 progress=False)
        return {"student": student.result(), "instructor": instructor.result()}


@pytest.mark.slow
def test_every_notebook_runs_and_has_a_page(real_sites):
    for variant, result in real_sites.items():
        assert result.failed == {}, variant
        assert sorted(result.pages) == [item.number for item in EXISTING], variant
        for item in LESSONS:
            if item not in EXISTING:
                assert result.skipped[item.number].startswith("not written yet")
    result = real_sites["student"]
    index = soup(result.index)
    for item in LESSONS:
        assert item.title in text(index)
    hrefs = [a.get("href") for a in index.select(".bd-sidebar-primary a")]
    expected = [f"notebooks/{item.filename.replace('.ipynb', '.html')}" for item in EXISTING]
    assert [h for h in hrefs if h.startswith("notebooks/")] == expected  # sidebar, in order


@pytest.mark.slow
def test_pages_link_to_the_previous_and_next_notebook(real_sites):
    result = real_sites["student"]
    for position, item in enumerate(EXISTING):
        page = soup(result.pages[item.number])
        prev = page.find("link", rel="prev")
        after = page.find("link", rel="next")
        if position > 0:
            assert prev["href"] == EXISTING[position - 1].filename.replace(".ipynb", ".html")
        if position + 1 < len(EXISTING):
            assert after["href"] == EXISTING[position + 1].filename.replace(".ipynb", ".html")
        assert page.select_one(".prev-next-area a"), item.number


@pytest.mark.slow
def test_no_page_loads_anything_from_the_internet(real_sites):
    for variant, result in real_sites.items():
        for path in html_pages(result.out):
            assert remote_resources(soup(path)) == [], f"{variant}: {path.name}"
        for css in result.out.rglob("*.css"):
            assert not CSS_REMOTE.search(css.read_text(encoding="utf-8", errors="replace")), css
        assert (result.out / "_static" / "mathjax" / "MathJax.js").is_file()


@pytest.mark.slow
def test_no_page_shows_a_traceback_or_a_broken_widget(real_sites):
    for variant, result in real_sites.items():
        for path in html_pages(result.out):
            page = soup(path)
            body = text(page)
            where = f"{variant}: {path.name}"
            assert "Traceback" not in body and not page.select(".output.traceback"), where
            assert "Error displaying widget" not in body, where
            assert not re.search(r"\b(?:V|H)Box\(children=", body), where  # a widget's repr
            assert not page.find("script", type=re.compile("jupyter.widget")), where
            for output in page.select(".cell_output"):
                assert output.get_text(strip=True) or output.find("img"), where  # no empty box
        assert not (result.out / "reports").exists()  # MyST-NB's error logs stay private


@pytest.mark.slow
def test_exercises_and_explorers_read_as_snapshots(real_sites):
    result = real_sites["student"]
    questions = bank()
    calls = exercise_calls()
    explorers = 0
    for item in EXISTING:
        page = soup(result.pages[item.number])
        used = sorted(i for i, places in calls.items()
                      if any(Path(p).name == item.filename for p, _ in places))
        cards = page.select(".course-exercise-static")
        assert len(cards) == sum(len([p for p in calls[i] if Path(p[0]).name == item.filename])
                                 for i in used), item.number
        shown = words(text(page))
        for exercise_id in used:
            assert words(questions[exercise_id]["prompt"])[:40] in shown, exercise_id
        for card in page.select(".course-explorer-static"):
            explorers += 1
            image = card.find("img")
            assert image["src"].startswith("data:image/png;base64,") and image["alt"].strip()
            assert len(card.select("dl dt")) == len(card.select("dl dd")) >= 1
            assert card.select_one(".course-summary, [aria-live]").get_text(strip=True)
    assert explorers >= len(EXISTING) - 1  # most notebooks have an explorer
    assert soup(result.pages["03"]).select(".course-explorer-static")


@pytest.mark.slow
def test_launch_buttons_open_the_same_notebook(real_sites):
    page = soup(real_sites["student"].pages["03"])
    repository = SETTINGS["repository"]
    owner, repo = urlsplit(repository).path.strip("/").split("/")[:2]
    path = "notebooks/03_the_cost_of_training.ipynb"
    assert (ROOT / path).is_file()
    links = {a.get_text(strip=True): a["href"] for a in page.select(".dropdown-launch-buttons a")}

    binder = urlsplit(links["Binder"])
    assert f"{binder.scheme}://{binder.netloc}" == SETTINGS["binderhub"]
    assert binder.path == f"/v2/gh/{owner}/{repo}/{SETTINGS['branch']}"
    assert parse_qs(binder.query) == {"urlpath": [f"lab/tree/{path}"]}

    hub = urlsplit(links["JupyterHub"])
    assert f"{hub.scheme}://{hub.netloc}" == SETTINGS["jupyterhub"]
    assert hub.path == "/hub/user-redirect/git-pull"  # nbgitpuller's entry point
    assert parse_qs(hub.query) == {"repo": [repository], "branch": [SETTINGS["branch"]],
                                   "urlpath": [f"lab/tree/{repo}/{path}"]}


@pytest.mark.slow
def test_download_button_gives_the_notebook_without_outputs(real_sites):
    result = real_sites["student"]
    page_path = result.pages["03"]
    links = [a["href"] for a in soup(page_path).select(".dropdown-download-buttons a")
             if a["href"].endswith(".ipynb")]
    assert len(links) == 1
    downloaded = nbformat.read(page_path.parent / links[0], as_version=4)
    original = nbformat.read(ROOT / "notebooks" / "03_the_cost_of_training.ipynb", as_version=4)
    assert [c.source for c in downloaded.cells] == [c.source for c in original.cells]
    assert all(not c.get("outputs") for c in downloaded.cells if c.cell_type == "code")


@pytest.mark.slow
def test_solutions_and_banner_only_in_the_instructor_variant(real_sites):
    questions = bank()
    calls = exercise_calls()
    for item in EXISTING:
        student = soup(real_sites["student"].pages[item.number])
        instructor = soup(real_sites["instructor"].pages[item.number])
        order = sorted((line, i) for i, places in calls.items()
                       for p, line in places if Path(p).name == item.filename)
        cards = zip(student.select(".course-exercise-static"),
                    instructor.select(".course-exercise-static"), strict=True)
        for (_, exercise_id), (plain, solved) in zip(order, cards, strict=True):
            solution = words(questions[exercise_id]["solution"])
            plain, solved = words(plain.get_text(" ")), words(solved.get_text(" "))
            assert solution in solved, exercise_id
            # the same card, with the solution added only for the instructor
            assert len(solved) >= len(plain) + len(solution), exercise_id
    for path in html_pages(real_sites["instructor"].out):
        banner = soup(path).select_one(".bd-header-announcement")
        assert banner is not None and BANNER in banner.get_text(), path.name
    for path in html_pages(real_sites["student"].out):
        assert BANNER not in text(soup(path)), path.name


@pytest.mark.slow
def test_glossary_and_bibliography_pages_follow_the_course_data(real_sites):
    """Built when data/glossary.csv and data/references.bib exist, absent (and not linked)
    while they do not."""
    import csv

    out = real_sites["student"].out
    index_links = [a.get("href") for a in soup(out / "index.html").find_all("a")]
    glossary = ROOT / "data" / "glossary.csv"
    if glossary.is_file():
        with glossary.open(encoding="utf-8", newline="") as handle:
            terms = [row["term"].strip() for row in csv.DictReader(handle) if row["term"].strip()]
        shown = terms_of(soup(out / "glossary.html"))
        assert sorted(t.lower() for t in shown) == sorted(t.lower() for t in terms)
        assert "glossary.html" in index_links
    else:
        assert not (out / "glossary.html").exists() and "glossary.html" not in index_links
    bib = ROOT / "data" / "references.bib"
    if bib.is_file() and "@" in bib.read_text(encoding="utf-8"):
        keys = re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", bib.read_text(encoding="utf-8"))
        ids = {tag.get("id") for tag in soup(out / "bibliography.html").select(".citation")}
        assert set(keys) <= ids
        assert "bibliography.html" in index_links
    else:
        assert not (out / "bibliography.html").exists()
        assert "bibliography.html" not in index_links


# --- a fixture course: failures, glossary, bibliography, maths, folded code ------------------

def fixture_notebooks(folder: Path, exercise_id: str) -> None:
    prose = (
        "# 00 · Start here\n\n"
        "Training compute is $C = 6ND$, or written out:\n\n"
        "$$\nC \\approx 6 \\cdot N \\cdot D\n$$\n\n"
        "Terms: [open weights](glossary.ipynb#Open-weights) and "
        "[open source](../docs/glossary.md#Open-source). Sources: "
        "[the V3 report](bibliography.md#deepseek2024v3) and {cite:p}`kaplan2020scaling`. "
        "The data dictionary: [data/README.md](../data/README.md). "
        "Money is not maths: <span>&#36;</span>5.6M and <span>&#36;</span>100M.\n\n"
        "**Next:** [01 · Reading the news as data](01_reading_the_news_as_data.ipynb)")
    folded = new_code_cell("import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\n"
                           "ax.plot([1, 2], [3, 4])\nax.set_title('A folded chart')\nplt.show()")
    folded.metadata["jupyter"] = {"source_hidden": True}  # as JupyterLab folds a cell
    tagged = new_code_cell("print('from a cell tagged hide-input')")
    tagged.metadata["tags"] = ["hide-input"]
    cells = [new_markdown_cell(prose), new_code_cell("import course\nfrom course import explorers"),
             folded, tagged, new_code_cell("explorers.training_cost()"),
             new_code_cell(f"course.exercise({exercise_id!r})"),
             new_code_cell("import ipywidgets\nipywidgets.IntSlider(value=3, description='Plain')"),
             new_code_cell("open('made-by-00.txt', 'w').close()")]
    meta = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    nbformat.write(new_notebook(cells=cells, metadata=meta), folder / "00_start_here.ipynb")
    failing = new_notebook(cells=[new_markdown_cell("# 01 · Reading the news as data"),
                                  new_code_cell("ratio = 1 / 0")], metadata=meta)
    nbformat.write(failing, folder / "01_reading_the_news_as_data.ipynb")


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("fixture-site")
    data = base / "data"
    shutil.copytree(ROOT / "data", data)
    shutil.copy(FIXTURES / "glossary.csv", data / "glossary.csv")
    notebooks = base / "notebooks"
    notebooks.mkdir()
    exercise_id = next(i for i, spec in bank().items()
                       if spec["kind"] == "choice" and i.startswith("00."))
    fixture_notebooks(notebooks, exercise_id)
    saved = base / "someone.sqlite"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COURSE_DATA_DIR", str(data))
        patch.setenv("COURSE_PROGRESS", str(saved))  # a student's answers must not show
        spec = bank()[exercise_id]
        ProgressStore(saved).record(exercise_id, spec["answer"], True)
        patch.setenv("COURSE_INSTRUCTOR", "1")  # the student build must switch it off
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = course_cli.main(["site", "--out", str(base / "out"), "--notebooks",
                                      str(notebooks), "--only", "00", "01", "--no-progress"])
    return {"status": status, "out": base / "out", "stdout": out.getvalue(),
            "stderr": err.getvalue(), "notebooks": notebooks, "saved": saved,
            "exercise": exercise_id}


def test_a_failing_notebook_is_reported_by_name_and_the_others_build(fixture_site):
    assert fixture_site["status"] == 1
    assert ("FAILED 01_reading_the_news_as_data.ipynb: code cell 1 (`ratio = 1 / 0`): "
            "ZeroDivisionError: division by zero") in fixture_site["stderr"]
    assert "Traceback" not in fixture_site["stdout"] + fixture_site["stderr"]
    out = fixture_site["out"]
    assert (out / "notebooks" / "00_start_here.html").is_file()
    failed = soup(out / "notebooks" / "01_reading_the_news_as_data.html")
    assert "stopped with an error" in failed.select_one(".admonition.warning").get_text()
    assert (out / "index.html").resolve().as_uri() in fixture_site["stdout"]
    assert not (out / "reports").exists()


def test_the_index_lists_notebooks_not_written_yet(fixture_site):
    index = soup(fixture_site["out"] / "index.html")
    rows = {tr.find("td").get_text(strip=True): tr for tr in index.select("table tbody tr")}
    assert sorted(rows) == [item.number for item in LESSONS]
    assert rows["00"].find("a")["href"] == "notebooks/00_start_here.html"
    assert rows["02"].find("a") is None and "not written yet" in rows["02"].get_text()


def test_notebooks_run_in_a_scratch_copy_without_anyones_progress(fixture_site):
    assert not (fixture_site["notebooks"] / "made-by-00.txt").exists()  # the repo stays clean
    records = ProgressStore(fixture_site["saved"]).load()
    assert len(records[fixture_site["exercise"]]) == 1  # untouched by the build
    page = soup(fixture_site["out"] / "notebooks" / "00_start_here.html")
    card = page.select_one(".course-exercise-static")
    assert card is not None and "Restored" not in card.get_text()
    assert BANNER not in text(page)  # COURSE_INSTRUCTOR was on around the student build


def test_glossary_page_from_the_csv(fixture_site):
    out = fixture_site["out"]
    page = soup(out / "glossary.html")
    assert terms_of(page) == ["FLOP", "Licence", "Open source", "Open weights"]  # sorted
    for anchor in ("Open-weights", "Open-source", "Licence", "FLOP"):
        assert page.find(id=anchor) is not None, anchor
    entry = page.find(id="term-Open-weights").find_next("dd")
    first = entry.find("a", string=re.compile("00 · Start here"))
    assert first["href"] == "notebooks/00_start_here.html"
    see_also = [a["href"] for a in entry.find_all("a") if "term-" in a["href"]]
    assert see_also == ["#term-Open-source", "#term-Licence"]
    assert "02 · What “open” means" in page.find(id="term-Licence").find_next("dd").get_text()
    assert page.find(id="term-FLOP").find_next("dd").select(".math")  # maths in a definition


def test_bibliography_page_from_the_bib_file(fixture_site):
    page = soup(fixture_site["out"] / "bibliography.html")
    entries = {c["id"]: " ".join(c.get_text(" ").split()) for c in page.select(".citation")}
    keys = re.findall(r"^@\w+\{([^,]+),", (ROOT / "data" / "references.bib").read_text(
        encoding="utf-8"), re.M)
    assert set(entries) == set(keys)  # every entry of the course's bibliography
    assert "DeepSeek-V3 Technical Report" in entries["deepseek2024v3"]  # capitals kept
    assert entries["kaplan2020scaling"].index("Kaplan") < entries["kaplan2020scaling"].index("2020")


def test_notebook_links_reach_glossary_bibliography_and_repository(fixture_site):
    out = fixture_site["out"]
    page = soup(out / "notebooks" / "00_start_here.html")
    hrefs = {a.get_text(" ", strip=True): a["href"] for a in page.select("article a[href]")}
    assert hrefs["open weights"] == "../glossary.html#Open-weights"
    assert hrefs["open source"] == "../glossary.html#Open-source"
    assert hrefs["the V3 report"] == "../bibliography.html#deepseek2024v3"
    cited = [text for text, href in hrefs.items()
             if href == "../bibliography.html#kaplan2020scaling"]  # {cite:p} as author, year
    assert len(cited) == 1 and cited[0].startswith("Kaplan") and "2020" in cited[0]
    assert hrefs["data/README.md"] == (f"{SETTINGS['repository']}/blob/{SETTINGS['branch']}/"
                                       "data/README.md")
    assert hrefs["01 · Reading the news as data"] == "01_reading_the_news_as_data.html"


def test_maths_is_typeset_and_money_is_not(fixture_site):
    page = soup(fixture_site["out"] / "notebooks" / "00_start_here.html")
    assert len(page.select("span.math")) == 1 and len(page.select("div.math")) == 1
    assert "$5.6M and $100M" in " ".join(page.get_text().split())
    scripts = [s.get("src", "") for s in page.find_all("script")]
    assert any(s.startswith("../_static/mathjax/MathJax.js") for s in scripts)


def test_folded_code_stays_folded(fixture_site):
    page = soup(fixture_site["out"] / "notebooks" / "00_start_here.html")
    folded = page.select("details.hide.above-input")
    assert len(folded) == 2 and not any(d.has_attr("open") for d in folded)
    sources = [d.get_text() for d in folded]
    assert "A folded chart" in sources[0] and "hide-input" in sources[1]
    assert page.find("img", src=re.compile(r"\.png$"))  # the folded cell's chart is shown


def test_widgets_without_a_snapshot_show_their_text(fixture_site):
    page = soup(fixture_site["out"] / "notebooks" / "00_start_here.html")
    assert "IntSlider(value=3" in text(page)
    assert len(page.select(".course-explorer-static")) == 1
    assert len(page.select(".course-exercise-static")) == 1


def test_the_output_folder_is_replaced_only_when_it_is_a_site(tmp_path, fixture_site):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("keep me")
    with pytest.raises(ValueError, match="out must be empty or a site this command built"):
        site.build_site(foreign, progress=False)
    assert (foreign / "thesis.txt").read_text() == "keep me"
    assert (fixture_site["out"] / ".buildinfo").is_file()  # so a rebuild may replace it


def test_build_site_checks_its_arguments(tmp_path):
    with pytest.raises(ValueError, match="There is no notebook '42'"):
        site.build_site(tmp_path / "a", only=["42"], progress=False)
    with pytest.raises(TypeError, match="only must be a list"):
        site.build_site(tmp_path / "a", only="03", progress=False)
    afile = tmp_path / "file.txt"
    afile.write_text("x")
    with pytest.raises(ValueError, match="out must be a folder"):
        site.build_site(afile, progress=False)
    with pytest.raises(ValueError, match="timeout must be a positive whole number"):
        site.build_site(tmp_path / "out", timeout=0, progress=False)
    with pytest.raises(ValueError, match="notebooks_dir must be a folder"):
        site.build_site(tmp_path / "out", notebooks_dir=tmp_path / "nope", progress=False)


def test_cli_bad_arguments_give_a_message_not_a_traceback(tmp_path, capsys):
    assert course_cli.main(["site", "--out", str(tmp_path / "s"), "--only", "42"]) == 2
    err = capsys.readouterr().err
    assert "There is no notebook '42'" in err and "Traceback" not in err


def test_an_explorer_displays_a_snapshot_beside_the_live_widget():
    from course.explorers import training_cost

    def shown(explorer) -> tuple[dict, BeautifulSoup]:
        bundle = explorer._repr_mimebundle_()
        bundle = bundle[0] if isinstance(bundle, tuple) else bundle
        return bundle, BeautifulSoup(bundle["text/html"], "html.parser")

    explorer = training_cost()
    bundle, card = shown(explorer)
    assert "application/vnd.jupyter.widget-view+json" in bundle  # JupyterLab: the live widget
    labels = [dt.get_text() for dt in card.select("dt")]
    assert labels == [control.description for control in explorer.controls.values()]
    explorer.controls["usd_per_gpu_hour"].value = 3.5
    _, card = shown(explorer)  # the snapshot is of the state when displayed
    assert card.find("img")["alt"] == explorer.alt
    assert "3.5" in [dd.get_text() for dd in card.select("dd")]


# --- in Chromium, from file:// ----------------------------------------------------------------

def chromium_or_skip() -> str:
    """The system Chromium; skip without one, or fail under ``COURSE_REQUIRE_BROWSER=1``."""
    wanted = os.environ.get("COURSE_CHROMIUM") or "chromium"
    path = shutil.which(wanted)
    if path is None:
        message = f"No Chromium ({wanted!r}) found; install it with `sudo apt install chromium`."
        if os.environ.get("COURSE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"COURSE_REQUIRE_BROWSER=1 but {message}", pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def tab():
    from playwright.sync_api import sync_playwright

    executable = chromium_or_skip()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable,
                                             args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(30_000)
        page.requests = []
        page.on("request", lambda request: page.requests.append(request.url))
        yield page
        browser.close()


def offsite(urls: list[str]) -> list[str]:
    return [u for u in urls if not u.startswith(("file:", "data:", "about:blank"))]


@pytest.mark.browser
@pytest.mark.slow
def test_search_for_h800_from_file_reaches_notebook_03_or_07(real_sites, tab):
    tab.goto(real_sites["student"].index.resolve().as_uri())
    tab.keyboard.press("Control+k")
    box = tab.locator("#pst-search-dialog input[name=q]")
    box.fill("H800")
    box.press("Enter")
    results = tab.locator("#search-results li a")
    results.first.wait_for()
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    wanted = [h for h in hrefs if re.search(r"notebooks/0[37]_", h)]
    assert wanted, hrefs
    tab.locator(f"#search-results li a[href='{wanted[0]}']").click()
    tab.wait_for_load_state()
    heading = tab.locator("article h1").first.inner_text()
    assert heading.startswith(("03 ·", "07 ·")), heading
    assert "H800" in tab.locator("article").inner_text()


@pytest.mark.browser
@pytest.mark.slow
def test_every_page_passes_axe_and_stays_offline(real_sites, fixture_site, tab):
    from axe_playwright_python.sync_playwright import Axe

    fixture = fixture_site["out"]
    pages = [*html_pages(real_sites["student"].out),  # index, notebooks, search, index of terms
             real_sites["instructor"].index, real_sites["instructor"].pages["03"],  # banner
             fixture / "glossary.html", fixture / "bibliography.html",
             *html_pages(fixture / "notebooks")]  # maths, folded code, a failed notebook
    findings = []
    tab.requests.clear()
    for path in pages:
        tab.goto(path.resolve().as_uri())
        tab.wait_for_load_state("load")
        for violation in Axe().run(tab).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                findings.append(f"{path.name}: {violation['id']} "
                                f"{violation['nodes'][0]['html'][:120]}")
    assert findings == []
    assert offsite(tab.requests) == []


@pytest.mark.browser
def test_maths_renders_offline_and_folded_code_opens(fixture_site, tab):
    tab.requests.clear()
    tab.goto((fixture_site["out"] / "notebooks" / "00_start_here.html").resolve().as_uri())
    tab.locator(".MathJax_Display, .MathJax").first.wait_for()  # typeset by the local MathJax
    assert tab.locator(".MathJax_Display").count() == 1
    folded = tab.locator("details.hide.above-input").first
    code = folded.locator("pre")
    assert not code.is_visible()
    folded.locator("summary").click()
    assert code.is_visible() and "A folded chart" in code.inner_text()
    assert offsite(tab.requests) == []
