"""The static site (``python -m course site``): real execution, real pages, parsed HTML.

Two builds run for real in fresh kernels:

- a fixture notebook (written by this module, using a small exercise bank from
  ``tests/fixtures/progress/bank``) built as the student and as the instructor variant,
  beside a notebook that fails on purpose;
- the course's own notebooks (a subset: notebook 00 and the last one that exists), to check
  the index, navigation and offline rules on the real content.

The pages are then parsed with :mod:`html.parser`, independently of the code that wrote them.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from course import cli as course_cli
from course import site
from course.progress import ProgressStore
from course.static_widgets import STATE_MIME, render_widget, widget_models
from course.syllabus import LESSONS

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "progress"
PROMPT = "How many articles does the course read? Pick <one>."
SOLUTION = "Five articles."


# --- an independent reading of the pages ---------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
BLOCKS = {"p", "div", "li", "ul", "ol", "td", "th", "tr", "table", "caption", "h1", "h2", "h3",
          "h4", "h5", "h6", "section", "fieldset", "legend", "pre", "br", "button", "output",
          "header", "footer", "nav", "main", "figure", "figcaption", "title", "textarea"}


class Page(HTMLParser):
    """Collects elements (tag, attrs), text, the text inside cell outputs, scripts, styles."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.styles: list[str] = []
        self._texts: list[str] = []
        self._output_texts: list[str] = []
        self._stack: list[tuple[str, dict]] = []
        self.feed(text)
        self.close()

    def _in(self, predicate) -> bool:
        return any(predicate(tag, attrs) for tag, attrs in self._stack)

    def _space(self, tag):
        if tag in BLOCKS:
            self._texts.append(" ")
            self._output_texts.append(" ")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        self._space(tag)
        if tag not in VOID:
            self._stack.append((tag, attrs))

    def handle_endtag(self, tag):
        self._space(tag)
        for depth in range(len(self._stack) - 1, -1, -1):
            if self._stack[depth][0] == tag:
                del self._stack[depth:]
                break

    def handle_data(self, data):
        if self._stack and self._stack[-1][0] == "script":
            self.scripts.append((self._stack[-1][1], data))
        elif self._stack and self._stack[-1][0] == "style":
            self.styles.append(data)
        else:
            self._texts.append(data)
            if self._in(lambda t, a: "cell-output" in (a.get("class") or "").split()):
                self._output_texts.append(data)

    @property
    def text(self) -> str:
        """All visible text, whitespace normalised."""
        return " ".join("".join(self._texts).split())

    @property
    def output_text(self) -> str:
        """The text of the notebook's outputs only (not its code or prose)."""
        return " ".join("".join(self._output_texts).split())

    def all(self, tag: str) -> list[dict]:
        return [attrs for name, attrs in self.elements if name == tag]

    def ids(self) -> set[str]:
        return {attrs["id"] for _, attrs in self.elements if attrs.get("id")}


def read_page(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.\-]*:|//)", re.IGNORECASE)


def offline_problems(page: Page) -> list[str]:
    """Everything that would load code or a resource from elsewhere, or run JavaScript."""
    problems = []
    for tag, attrs in page.elements:
        for name in ("src", "srcset", "poster", "data", "background"):
            value = attrs.get(name)
            if value and REMOTE.match(value) and not value.startswith("data:"):
                problems.append(f"<{tag} {name}={value[:60]}>")
        if tag == "script" and ("src" in attrs or not attrs.get("type", "").endswith("json")):
            problems.append(f"<script {attrs}>")
        if tag in ("link", "iframe", "object", "embed", "base"):
            problems.append(f"<{tag} {attrs}>")
        if any(name.startswith("on") for name in attrs):
            problems.append(f"<{tag}> event handler")
        if attrs.get("href", "").lower().startswith("javascript:"):
            problems.append(f"<{tag} href=javascript:>")
    for css in page.styles + [a.get("style", "") for _, a in page.elements]:
        if re.search(r"@import|url\(\s*['\"]?\s*(?:https?:|//)", css, re.IGNORECASE):
            problems.append(f"remote CSS: {css[:60]}")
    return problems


def broken_links(site_dir: Path, page_path: Path) -> list[str]:
    """Relative links to .html pages (and #ids in them) that do not resolve."""
    broken = []
    for attrs in read_page(page_path).all("a"):
        href = attrs.get("href", "")
        if not href or REMOTE.match(href) or href.startswith("#"):
            continue
        target, _, fragment = href.partition("#")
        path = site_dir / target
        if (target.endswith(".ipynb") or not path.is_file()
                or (fragment and fragment not in read_page(path).ids())):
            broken.append(href)
    return broken


# --- a fixture notebook and its two builds --------------------------------------------------

def fixture_notebook(folder: Path) -> None:
    cells = [
        new_markdown_cell("# 00 · Start here\n\nA fixture page. DeepSeek said **$5.6M**, not "
                          "$100M; FLOPs ≈ 6·N·D.\n\n**Next:** [01 · Reading the news as data]"
                          "(01_reading_the_news_as_data.ipynb)"),
        new_code_cell("import course\nimport ipywidgets as widgets\n"
                      "from IPython.display import HTML"),
        new_code_cell('course.exercise("00.articles")'),
        new_code_cell(
            'fig, ax = course.plots.figure()\n'
            'course.plots.bar_chart(["Open", "Closed"], [3, 1], ax=ax, title="Two bars",\n'
            '                       xlabel="Model", ylabel="Count (models)")\n'
            'course.plots.show(fig, alt="Bar chart: three open models, one closed")'),
        new_code_cell(
            'out = widgets.Output()\n'
            'with out:\n'
            '    print("printed <inside> an Output widget")\n'
            'widgets.VBox([\n'
            '    widgets.HTML("<em>an HTML value</em>"),\n'
            '    widgets.Label("a label with <b>no HTML</b>"),\n'
            '    widgets.Text(value="<script>alert(1)</script>", description="Typed"),\n'
            '    widgets.Checkbox(value=True, description="Ticked"),\n'
            '    widgets.FloatSlider(value=2.5, min=0, max=10, description="Utilisation"),\n'
            '    widgets.Dropdown(options=["MIT", "Llama"], value="Llama",\n'
            '                     description="Licence"),\n'
            '    widgets.Button(description="Recalculate"),\n'
            '    widgets.HTML("a hidden secret", layout=widgets.Layout(display="none")),\n'
            '    out,\n'
            '])'),
        new_code_cell('from IPython.display import Markdown\n'
                      'Markdown("An output links to [notebook 01]"\n'
                      '         "(01_reading_the_news_as_data.ipynb)")'),
        new_code_cell('print("stdout: 5 < 6 & done")\n'
                      'open("made-by-00.txt", "w").close()  # in the working directory'),
        new_code_cell('HTML(\'<p>remote bits</p><img src="https://example.org/x.png" alt="x">\'\n'
                      '     \'<script src="https://cdn.example.org/x.js"></script>\')'),
    ]
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(nb, folder / "00_start_here.ipynb")
    failing = new_notebook(cells=[new_markdown_cell("# 01 · Reading the news as data"),
                                  new_code_cell("ratio = 1 / 0")], metadata=nb.metadata)
    nbformat.write(failing, folder / "01_reading_the_news_as_data.ipynb")


@pytest.fixture(scope="module")
def fixture_sites(tmp_path_factory):
    """The fixture notebooks built twice: student (through the CLI) and instructor."""
    base = tmp_path_factory.mktemp("site")
    data = base / "data"
    shutil.copytree(ROOT / "data", data)
    for old in (data / "exercises").glob("*.toml"):
        old.unlink()
    for toml in (FIXTURES / "bank").glob("*.toml"):
        shutil.copy(toml, data / "exercises")
    notebooks = base / "notebooks"
    notebooks.mkdir()
    fixture_notebook(notebooks)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COURSE_DATA_DIR", str(data))
        # A student's saved answer in the environment the build runs in: the site must not
        # show it (each kernel gets a throw-away progress file).
        saved = base / "someone-progress.json"
        patch.setenv("COURSE_PROGRESS", str(saved))
        ProgressStore(saved).record("00.articles", "b", True)
        patch.setenv("COURSE_INSTRUCTOR", "1")  # the student build must switch it off
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            status = course_cli.main(["site", "--out", str(base / "student"), "--notebooks",
                                      str(notebooks), "--no-progress", "--only", "00", "01"])
        patch.delenv("COURSE_INSTRUCTOR")
        instructor = site.build_site(base / "instructor", instructor=True, only=["00"],
                                     notebooks_dir=notebooks, progress=False)
    return {"status": status, "student": base / "student", "instructor": base / "instructor",
            "result": instructor, "notebooks": notebooks, "saved": saved,
            "printed": printed.getvalue()}


def test_failed_notebook_is_reported_and_others_built(fixture_sites):
    assert fixture_sites["status"] == 1
    student = fixture_sites["student"]
    assert (student / "00_start_here.html").is_file()
    assert not (student / "01_reading_the_news_as_data.html").exists()
    index = read_page(student / "index.html")
    row = index.text
    assert "Failed to build: cell 2: ZeroDivisionError: division by zero" in row
    assert {"href": "01_reading_the_news_as_data.html"} not in index.all("a")


def test_notebooks_run_in_their_folder_and_new_files_are_reported(fixture_sites):
    assert (fixture_sites["notebooks"] / "made-by-00.txt").is_file()
    assert "00_start_here.ipynb created made-by-00.txt in the notebooks' folder" in \
        fixture_sites["printed"]
    index = (fixture_sites["student"] / "index.html").resolve()
    assert f"Open it in a web browser: {index.as_uri()}" in fixture_sites["printed"]


def test_cli_prints_failure_and_where_the_site_is(tmp_path, fixture_sites, capsys):
    status = course_cli.main(["site", "--out", str(tmp_path / "s"), "--no-progress",
                              "--notebooks", str(fixture_sites["notebooks"]), "--only", "01"])
    captured = capsys.readouterr()
    assert status == 1
    assert "FAILED 01_reading_the_news_as_data.ipynb: cell 2: ZeroDivisionError" in captured.err
    assert "Traceback" not in captured.err + captured.out
    assert (tmp_path / "s" / "index.html").resolve().as_uri() in captured.out


def test_index_lists_the_syllabus(fixture_sites):
    index = read_page(fixture_sites["student"] / "index.html")
    for item in LESSONS:
        assert item.title in index.text
        assert f"lesson-{item.number}" in index.ids()
    assert index.all("a").count({"href": "00_start_here.html"}) == 1
    assert "Not written yet." in index.text  # 02 … 09 do not exist in the fixture folder


def test_pages_have_no_external_resources_or_scripts(fixture_sites):
    for variant in ("student", "instructor"):
        for path in fixture_sites[variant].glob("*.html"):
            assert offline_problems(read_page(path)) == [], path.name
    removed = fixture_sites["result"].removed["00"]
    assert any("example.org/x.png" in item for item in removed)
    page = read_page(fixture_sites["student"] / "00_start_here.html")
    assert "remote bits" in page.text  # the output itself is kept


def test_navigation_links_resolve(fixture_sites):
    student = fixture_sites["student"]
    for path in student.glob("*.html"):
        assert broken_links(student, path) == [], path.name
    page = read_page(student / "00_start_here.html")
    hrefs = [a.get("href") for a in page.all("a")]
    assert "index.html" in hrefs
    # 01 failed, so the notebook's "Next" link (in its prose and in an output) points at
    # its line in the index
    assert hrefs.count("index.html#lesson-01") == 2


def test_chart_is_an_embedded_image_with_alt_text(fixture_sites):
    page = read_page(fixture_sites["student"] / "00_start_here.html")
    images = [img for img in page.all("img") if img.get("src", "").startswith("data:image/png")]
    assert any(img.get("alt") == "Bar chart: three open models, one closed" for img in images)
    assert all(img.get("alt") for img in page.all("img"))


def test_markdown_dollars_are_money_not_math(fixture_sites):
    page = read_page(fixture_sites["student"] / "00_start_here.html")
    assert "DeepSeek said $5.6M, not $100M; FLOPs ≈ 6·N·D." in page.text
    assert page.all("strong")  # the bold between two dollar signs is still bold


def test_widget_state_is_embedded(fixture_sites):
    page = read_page(fixture_sites["student"] / "00_start_here.html")
    states = [json.loads(body) for attrs, body in page.scripts if attrs.get("type") == STATE_MIME]
    assert len(states) == 1
    models = states[0]["state"]
    assert any(m["model_name"] == "RadioButtonsModel" for m in models.values())
    assert states[0]["version_major"] == 2


def test_widgets_are_drawn_as_static_html(fixture_sites):
    page = read_page(fixture_sites["student"] / "00_start_here.html")
    text = page.output_text
    assert "an HTML value" in text and "a label with <b>no HTML</b>" in text
    assert "printed <inside> an Output widget" in text
    inputs = page.all("input")
    assert {"type": "text", "readonly": None, "value": "<script>alert(1)</script>"} in inputs
    assert any(i.get("type") == "checkbox" and "checked" in i for i in inputs)
    assert "Utilisation 2.50" in text
    assert "Licence MIT Llama (selected)" in text
    assert "Recalculate" in text and {"type": "button", "disabled": None} in page.all("button")
    assert "a hidden secret" not in text
    assert "stdout: 5 < 6 & done" in text


def test_exercise_reads_as_text_without_solution_for_students(fixture_sites):
    text = read_page(fixture_sites["student"] / "00_start_here.html").output_text
    assert PROMPT in text
    for option in ("Three", "Five", "Ten"):
        assert option in text
    assert SOLUTION not in text


def test_instructor_variant_shows_the_solution(fixture_sites):
    page = read_page(fixture_sites["instructor"] / "00_start_here.html")
    assert PROMPT in page.output_text and SOLUTION in page.output_text
    assert "Instructor edition" in page.text
    assert fixture_sites["result"].ok


def test_site_shows_no_students_answers(fixture_sites):
    text = read_page(fixture_sites["student"] / "00_start_here.html").output_text
    assert not re.search(r"Five\s*\(selected\)", text)
    assert "Correct" not in text
    records = ProgressStore(fixture_sites["saved"]).load()
    assert [r["answer"] for r in records["00.articles"]] == ["b"]  # untouched by the build


# --- the course's real notebooks ------------------------------------------------------------

def words(text: str) -> list[str]:
    return re.sub(r"\W+", " ", text.lower()).split()


def existing_lessons():
    return [item for item in LESSONS if (ROOT / "notebooks" / item.filename).is_file()]


@pytest.fixture(scope="module")
def real_site(tmp_path_factory):
    chosen = existing_lessons()
    subset = sorted({chosen[0].number, chosen[-1].number})
    out = tmp_path_factory.mktemp("real-site")
    return site.build_site(out, only=subset, progress=False), subset


@pytest.mark.slow
def test_real_notebooks_build(real_site):
    result, subset = real_site
    assert result.failed == {}
    assert sorted(result.pages) == subset
    index = read_page(result.index)
    existing = {item.number for item in existing_lessons()}
    for item in LESSONS:
        if item.number in subset:
            assert {"href": item.filename.replace(".ipynb", ".html")} in index.all("a")
        elif item.number in existing:
            assert result.skipped[item.number] == "not selected with --only"
        else:
            assert "not written yet" in result.skipped[item.number]
    for path in [result.index, *result.pages.values()]:
        page = read_page(path)
        assert offline_problems(page) == [], path.name
        assert broken_links(result.out, path) == [], path.name
        assert all(img.get("alt") for img in page.all("img")), path.name


@pytest.mark.slow
def test_real_pages_show_their_exercises_and_widget_state(real_site):
    from course.exercises import bank, exercise_calls

    result, subset = real_site
    questions = bank()
    calls = exercise_calls()
    for number, path in result.pages.items():
        page = read_page(path)
        nb = nbformat.read(ROOT / "notebooks" / Path(path).name.replace(".html", ".ipynb"), 4)
        assert page.all("h1"), path.name
        assert nb.cells[0].source.splitlines()[0].lstrip("# ").strip() in page.text
        used = [i for i, places in calls.items()
                if any(Path(p).name.startswith(number) for p, _ in places)]
        for exercise_id in used:
            first_words = " ".join(words(questions[exercise_id]["prompt"])[:4])
            assert first_words in " ".join(words(page.text)), exercise_id
        if used:
            assert any(a.get("type") == STATE_MIME for a, _ in page.scripts)


# --- units: the widget renderer and the offline filter --------------------------------------

def test_render_widget_escapes_text_and_keeps_html():
    models = {
        "box": {"model_name": "HBoxModel", "state": {"children": ["IPY_MODEL_h", "IPY_MODEL_t",
                                                                 "IPY_MODEL_box"]}},
        "h": {"model_name": "HTMLModel", "state": {"value": "<b>bold</b>",
                                                   "description": "<i>d</i>"}},
        "t": {"model_name": "TextareaModel", "state": {"value": "</textarea><b>x"}},
    }
    out = render_widget("IPY_MODEL_box", models)
    assert "<b>bold</b>" in out and "&lt;i&gt;d&lt;/i&gt;" in out
    assert "&lt;/textarea&gt;&lt;b&gt;x" in out
    assert out.count('class="widget widget-hbox"') == 1  # a box inside itself is drawn once


def test_render_widget_selection_and_stack():
    models = {
        "s": {"model_name": "SelectMultipleModel", "state": {
            "_options_labels": ["a", "b", "c"], "index": [0, 2], "description": "Pick"}},
        "st": {"model_name": "StackModel", "state": {"children": ["IPY_MODEL_l1", "IPY_MODEL_l2"],
                                                     "selected_index": 1}},
        "l1": {"model_name": "LabelModel", "state": {"value": "first"}},
        "l2": {"model_name": "LabelModel", "state": {"value": "second"}},
        "r": {"model_name": "IntRangeSliderModel", "state": {"value": [2, 5],
                                                             "description": "Years"}},
    }
    chosen = Page(render_widget("s", models)).text
    assert chosen == "Pick a (selected) b c (selected)"
    assert Page(render_widget("st", models)).text == "second"
    assert Page(render_widget("r", models)).text == "Years 2 – 5"


def test_render_widget_shows_a_date_as_a_date():
    """ipywidgets saves a DatePicker's value as JavaScript does: months counted from 0."""
    models = {"d": {"model_name": "DatePickerModel", "state": {
        "value": {"year": 2025, "month": 0, "date": 20}, "description": "As of"}}}
    out = render_widget("d", models)
    assert 'value="2025-01-20"' in out and "year" not in out


def test_widget_models_and_arguments():
    assert widget_models({"widgets": {STATE_MIME: {"state": {"a": {"model_name": "X"}}}}}) == {
        "a": {"model_name": "X"}}
    with pytest.raises(TypeError, match="metadata must be a mapping"):
        widget_models(None)
    with pytest.raises(TypeError, match="model_id must be a str"):
        render_widget(3, {})


def test_offline_html_keeps_content_and_removes_remote_things():
    text = ('<p style="background:url(https://x.org/a.png)">Keep &amp; <a href="https://osi.org">'
            'link</a></p><link rel="stylesheet" href="https://cdn/x.css"><style>@import '
            'url(https://f.org/f.css); p{color:red}</style><img src="data:image/png;base64,AA" '
            'alt="ok"><a href="javascript:alert(1)">j</a><iframe src="https://y.org">'
            '<p>inside</p></iframe><script type="application/json">{"a": 1}</script>')
    clean, removed = site.offline_html(text)
    page = Page(clean)
    assert offline_problems(page) == []
    assert "Keep & link" in page.text and "inside" not in page.text
    assert {"href": "https://osi.org"} in page.all("a")
    assert {"src": "data:image/png;base64,AA", "alt": "ok"} in page.all("img")
    assert page.scripts == [({"type": "application/json"}, '{"a": 1}')]
    assert "p{color:red}" in page.styles[0]
    assert len(removed) == 5


def test_build_site_checks_its_arguments(tmp_path):
    with pytest.raises(ValueError, match="There is no notebook '42'"):
        site.build_site(tmp_path, only=["42"], progress=False)
    with pytest.raises(TypeError, match="only must be a list"):
        site.build_site(tmp_path, only="03", progress=False)
    afile = tmp_path / "file.txt"
    afile.write_text("x")
    with pytest.raises(ValueError, match="out must be a folder"):
        site.build_site(afile, progress=False)
    with pytest.raises(ValueError, match="timeout must be a positive whole number"):
        site.build_site(tmp_path / "out", timeout=0, progress=False)
    with pytest.raises(ValueError, match="notebooks_dir must be a folder"):
        site.build_site(tmp_path / "out", notebooks_dir=tmp_path / "nope", progress=False)


def test_cli_bad_arguments_give_a_message_not_a_traceback(tmp_path, capsys):
    assert course_cli.main(["site", "--out", str(tmp_path), "--only", "42"]) == 2
    err = capsys.readouterr().err
    assert "There is no notebook '42'" in err and "Traceback" not in err


# --- in a real browser: offline and accessible ----------------------------------------------

def chromium_or_skip() -> str:
    """The system Chromium (``$COURSE_CHROMIUM`` or ``chromium``); skip, or fail under
    ``COURSE_REQUIRE_BROWSER=1``, when there is none."""
    wanted = os.environ.get("COURSE_CHROMIUM") or "chromium"
    path = shutil.which(wanted)
    if path is None:
        message = f"No Chromium ({wanted!r}) found; install it with `sudo apt install chromium`."
        if os.environ.get("COURSE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"COURSE_REQUIRE_BROWSER=1 but {message}", pytrace=False)
        pytest.skip(message)
    return path


@pytest.mark.browser
def test_pages_load_nothing_from_the_network_and_pass_axe(fixture_sites, real_site):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    pages = [*fixture_sites["student"].glob("*.html"), *fixture_sites["instructor"].glob("*.html"),
             real_site[0].index, *real_site[0].pages.values()]
    requests: list[str] = []
    findings = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_or_skip(),
                                             args=["--no-sandbox", "--disable-gpu"])
        try:
            tab = browser.new_page()
            tab.on("request", lambda request: requests.append(request.url))
            for path in pages:
                tab.goto(Path(path).resolve().as_uri())
                for violation in Axe().run(tab).response["violations"]:
                    if violation["impact"] in ("serious", "critical"):
                        findings.append(f"{Path(path).name}: {violation['id']} "
                                        f"{violation['nodes'][0]['html'][:120]}")
        finally:
            browser.close()
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    assert findings == []
