"""``python -m course site``: run every notebook and publish the course as static HTML.

Each notebook of the syllabus is executed top to bottom in a fresh kernel (working
directory ``notebooks/``, a throw-away progress file so no student's answers show,
``COURSE_INSTRUCTOR=1`` for the instructor variant) and written as one HTML page: its
prose, code, outputs and charts (PNG as data URIs), and its widgets drawn as static
HTML from the saved widget state (:mod:`course.static_widgets`), with that state also
embedded in the page. ``index.html`` lists the syllabus. Pages carry no JavaScript
and load nothing from the internet: :func:`offline_html` removes any script,
stylesheet or image that an output might reference remotely.

A notebook that fails is reported with its error; the others are still built and
the command exits non-zero.
"""

from __future__ import annotations

import datetime as _dt
import html
import itertools
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .data import project_root
from .static_widgets import STATE_MIME, VIEW_MIME, render_widget, widget_models
from .syllabus import LESSONS, Lesson, lesson

__all__ = ["COURSE_TITLE", "NotebookFailure", "SiteResult", "add_arguments", "build_site", "cli",
           "execute_notebook", "notebook_page", "offline_html", "page", "render_outputs"]

COURSE_TITLE = "Open Weights, Open Markets"
_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.\-]*:|//|\\\\)", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)\s*(?!data:)(?:[a-z][a-z0-9+.\-]*:|//)[^)]*\)""",
                      re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import[^;]*;?", re.IGNORECASE)
_URL_ATTRIBUTES = {"src", "srcset", "href", "poster", "data", "background", "action",
                   "formaction", "xlink:href", "manifest", "ping", "lowsrc", "dynsrc"}
_EMBEDS = {"iframe", "frame", "object", "embed", "applet", "base", "link"}


# ---------------------------------------------------------------------------------------
# Executing a notebook
# ---------------------------------------------------------------------------------------

class NotebookFailure(RuntimeError):
    """A notebook could not be read or did not run to the end."""


def _kernel_manager_class():
    """An async kernel manager whose ``python3`` is always this Python environment."""
    import ipykernel.kernelspec
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class CurrentEnvSpecs(KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            if kernel_name == "python3":
                return self.kernel_spec_class(resource_dir=ipykernel.kernelspec.RESOURCES,
                                              **ipykernel.kernelspec.get_kernel_dict())
            return super().get_kernel_spec(kernel_name)

    class CurrentEnvKernelManager(AsyncKernelManager):
        @default("kernel_spec_manager")
        def _default_specs(self):
            return CurrentEnvSpecs(data_dir=self.data_dir)

    return CurrentEnvKernelManager


def _kernel_env(progress_file: Path, instructor: bool) -> dict[str, str]:
    env = dict(os.environ)
    env["COURSE_PROGRESS"] = str(progress_file)
    env.pop("COURSE_INSTRUCTOR", None)
    if instructor:
        env["COURSE_INSTRUCTOR"] = "1"
    env.pop("MPLBACKEND", None)  # charts as a student sees them: the inline backend
    return env


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def execute_notebook(path: str | os.PathLike, *, instructor: bool = False, timeout: int = 600,
                     on_cell=None):
    """Run a notebook top to bottom in a fresh kernel and return it with its outputs.

    The kernel starts in the notebook's folder, writes progress to a temporary file
    (removed afterwards) and has ``COURSE_INSTRUCTOR=1`` only when *instructor* is true.
    Widget state is stored in the notebook's metadata.

    Parameters
    ----------
    path : path-like
        The ``.ipynb`` file.
    instructor : bool
        Run as an instructor (exercise widgets show their solutions).
    timeout : int
        Seconds one cell may take.
    on_cell : callable, optional
        Called with no arguments after each code cell (e.g. to advance a progress bar).

    Returns
    -------
    nbformat.NotebookNode

    Raises
    ------
    NotebookFailure
        If the file is not a readable notebook or a cell fails; the message names the
        cell and the error.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = Path(path)
    if not isinstance(timeout, int) or isinstance(timeout, bool) or timeout <= 0:
        raise ValueError(f"timeout must be a positive whole number of seconds; got {timeout!r}")
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as error:
        raise NotebookFailure(f"cannot read {path.name}: {error}") from error
    current = {"cell": 0}

    def started(cell, cell_index, **_):
        current["cell"] = cell_index + 1

    def executed(**_):
        if on_cell is not None:
            on_cell()

    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", store_widget_state=True,
        kernel_manager_class=_kernel_manager_class(),
        resources={"metadata": {"path": str(path.parent)}},
        extra_arguments=["--log-level=ERROR"],  # no kernel start-up chatter in the log
        on_cell_start=started, on_cell_executed=executed,
    )
    with tempfile.TemporaryDirectory(prefix="course-site-") as scratch:
        env = _kernel_env(Path(scratch) / "progress.json", instructor)
        try:
            client.execute(env=env)
        except CellExecutionError as error:
            name = getattr(error, "ename", "") or "Error"
            value = getattr(error, "evalue", "") or str(error).strip().splitlines()[-1]
            raise NotebookFailure(f"cell {current['cell']}: {name}: {_ANSI.sub('', value)}") \
                from error
        except Exception as error:  # kernel died, timed out or never started
            raise NotebookFailure(f"cell {current['cell']}: {type(error).__name__}: "
                                  f"{_ANSI.sub('', str(error)).strip()}") from error
    return nb


# ---------------------------------------------------------------------------------------
# Rendering outputs and cells
# ---------------------------------------------------------------------------------------

def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def render_outputs(outputs: Sequence[Mapping], models: Mapping | None = None) -> str:
    """Return static HTML for a list of notebook outputs.

    Widget outputs are drawn from *models* (see :func:`course.static_widgets.widget_models`);
    HTML outputs are kept as HTML; text is escaped; images become ``<img>`` with a data
    URI and the alt text from the output's metadata.

    Examples
    --------
    >>> render_outputs([{"output_type": "stream", "name": "stdout", "text": "5 < 6\\n"}])
    '<pre class="output output-stdout">5 &lt; 6\\n</pre>'
    >>> out = {"output_type": "display_data", "metadata": {"image/png": {"alt": "A bar chart"}},
    ...        "data": {"image/png": "iVBORw0KGgo=\\n", "text/plain": "<Figure>"}}
    >>> page = render_outputs([out])
    >>> 'src="data:image/png;base64,iVBORw0KGgo="' in page, 'alt="A bar chart"' in page
    (True, True)
    """
    from nbconvert.filters import ansi2html

    models = models or {}
    parts = []
    for output in outputs:
        kind = output.get("output_type")
        if kind == "stream":
            name = "stderr" if output.get("name") == "stderr" else "stdout"
            parts.append(f'<pre class="output output-{name}">'
                         f'{ansi2html(_text(output.get("text")))}</pre>')
        elif kind == "error":
            lines = output.get("traceback") or [f"{output.get('ename')}: {output.get('evalue')}"]
            parts.append(f'<pre class="output output-error">{ansi2html(chr(10).join(lines))}</pre>')
        elif kind in ("display_data", "execute_result"):
            parts.append(_rich_output(output, models))
    return "".join(parts)


def _rich_output(output: Mapping, models: Mapping) -> str:
    data = output.get("data") or {}
    metadata = output.get("metadata") or {}
    view = data.get(VIEW_MIME)
    if isinstance(view, Mapping) and view.get("model_id") in models:
        body = render_widget(view["model_id"], models,
                             render_outputs=lambda outs: render_outputs(outs, models))
        return f'<div class="output output-widget">{body}</div>'
    if "text/html" in data:
        body = _text(data["text/html"])
        if re.search(r"<table\b", body, re.IGNORECASE):  # may be wider than the page
            return ('<div class="output output-html output-scroll" tabindex="0" role="region" '
                    f'aria-label="Table output (scrolls sideways)">{body}</div>')
        return f'<div class="output output-html">{body}</div>'
    for mime in ("image/png", "image/jpeg", "image/svg+xml"):
        if mime in data:
            return f'<div class="output output-image">{_image(mime, data, metadata)}</div>'
    if "text/markdown" in data:
        body = _markdown(_text(data["text/markdown"]))
        return f'<div class="output output-markdown">{body}</div>'
    if view:
        return ('<p class="output output-note">(An interactive widget: open the notebook in '
                'JupyterLab to use it.)</p>')
    if "text/plain" in data:
        return f'<pre class="output output-text">{html.escape(_text(data["text/plain"]))}</pre>'
    return ""


def _image(mime: str, data: Mapping, metadata: Mapping) -> str:
    import base64

    own = metadata.get(mime) if isinstance(metadata.get(mime), Mapping) else {}
    plain = _text(data.get("text/plain")).strip()
    described = plain if plain and not plain.startswith("<Figure") else ""
    alt = own.get("alt") or metadata.get("alt") or described or \
        "A chart (no description was given)"
    payload = _text(data[mime])
    if mime == "image/svg+xml":
        payload = base64.b64encode(payload.encode("utf-8")).decode("ascii")
    payload = "".join(payload.split())
    sizes = "".join(f' {side}="{html.escape(str(own[side]))}"' for side in ("width", "height")
                    if own.get(side))
    return (f'<img src="data:{mime};base64,{html.escape(payload)}" '
            f'alt="{html.escape(str(alt))}"{sizes}>')


def _markdown(text: str, ids: set[str] | None = None) -> str:
    """Markdown to HTML (CommonMark, tables, raw HTML kept; ``$`` is a dollar, not math)."""
    import mistune

    used = set() if ids is None else ids

    class Renderer(mistune.HTMLRenderer):
        def heading(self, text, level, **attrs):
            plain = html.unescape(re.sub(r"<[^>]+>", "", text))
            slug = re.sub(r"[^\w\-]+", "-", plain).strip("-") or "section"
            unique, number = slug, 1
            while unique in used:
                number += 1
                unique = f"{slug}-{number}"
            used.add(unique)
            return f'<h{level} id="{html.escape(unique)}">{text}</h{level}>\n'

    convert = mistune.create_markdown(renderer=Renderer(escape=False),
                                      plugins=["strikethrough", "table", "url", "footnotes"])
    return convert(text)


def _highlight(source: str) -> str:
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    return highlight(source, PythonLexer(), HtmlFormatter(cssclass="highlight"))


def _link_targets(pages: Mapping[str, str]) -> dict[str, str]:
    """Notebook file name -> where a link to it should go in the site."""
    return {item.filename: pages.get(item.number, f"index.html#lesson-{item.number}")
            for item in LESSONS}


def _rewrite_links(text: str, targets: Mapping[str, str]) -> str:
    """Point links to course notebooks (``03_x.ipynb``) at their pages in the site."""

    def swap(match: re.Match) -> str:
        quote, url = match.group(1), match.group(2)
        path, _, fragment = html.unescape(url).partition("#")
        name = path.rsplit("/", 1)[-1]
        if _EXTERNAL.match(path) or name not in targets:
            return match.group(0)
        target = targets[name]
        if fragment and "#" not in target:
            target += "#" + fragment
        return f"href={quote}{html.escape(target)}{quote}"

    return re.sub(r"""href=(["'])([^"']*)\1""", swap, text)


def _notebook_cells(nb, targets: Mapping[str, str]) -> str:
    models = widget_models(nb.metadata)
    ids: set[str] = set()
    parts = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", ()))
        if "remove-cell" in tags or cell.cell_type == "raw":
            continue
        if cell.cell_type == "markdown":
            body = _markdown(_text(cell.source), ids)
            parts.append(f'<section class="cell cell-markdown">{body}</section>')
            continue
        code = "" if "remove-input" in tags or not _text(cell.source).strip() else (
            f'<div class="cell-input">{_highlight(_text(cell.source))}</div>')
        outputs = "" if "remove-output" in tags else render_outputs(cell.get("outputs", ()),
                                                                    models)
        if code or outputs:
            outputs = f'<div class="cell-output">{outputs}</div>' if outputs else ""
            parts.append(f'<section class="cell cell-code">{code}{outputs}</section>')
    numbers = itertools.count(1)  # each scrolling table gets a name of its own
    body = re.sub(r'aria-label="Table output( \(scrolls sideways\))"',
                  lambda m: f'aria-label="Table {next(numbers)}{m.group(1)}"', "\n".join(parts))
    return _rewrite_links(body, targets)  # in prose and in outputs alike


def _state_script(nb) -> str:
    widgets = nb.metadata.get("widgets") or {}
    if STATE_MIME not in widgets:
        return ""
    payload = json.dumps(widgets[STATE_MIME], ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="{STATE_MIME}">{payload}</script>'


# ---------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------

_CSS = """
:root { --ink: #1b1b1b; --muted: #4d4d4d; --line: #d0d0d0; --blue: #0072B2;
        --orange: #E69F00; --paper: #ffffff; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: var(--paper);
       font: 17px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header.site, footer.site, main { max-width: 52rem; margin: 0 auto; padding: 0 1rem; }
header.site, footer.site { padding-top: .75rem; padding-bottom: .75rem; color: var(--muted); }
header.site { border-bottom: 1px solid var(--line); }
footer.site { border-top: 1px solid var(--line); margin-top: 2rem; font-size: .9rem; }
nav.pager { display: flex; gap: 1rem; flex-wrap: wrap; justify-content: space-between; }
a { color: var(--blue); }
a:focus, button:focus { outline: 3px solid var(--orange); outline-offset: 2px; }
.badge { display: inline-block; padding: 0 .5rem; border-radius: .25rem; color: #fff;
         background: #a33a00; font-size: .85rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: .95rem; }
th, td { border: 1px solid var(--line); padding: .3rem .6rem; text-align: left;
         vertical-align: top; }
th { background: #f2f2f2; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: var(--muted); font-style: italic; }
.error { color: #a33a00; }
pre, code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
            font-size: .88rem; }
.cell { margin: 1rem 0; }
.cell-input .highlight { background: #f6f8fa; border-left: 4px solid var(--blue);
                         padding: .1rem .75rem; }
.cell-input pre, pre.output { white-space: pre-wrap; overflow-wrap: anywhere; }
.cell-output { padding-left: .75rem; }
.output-scroll { overflow-x: auto; }
.output-stderr { background: #fff5e6; }
.output-error { background: #fdecea; }
img { max-width: 100%; height: auto; }
.widget-vbox, .widget-box, .widget-output { display: block; }
.widget-hbox { display: flex; gap: .75rem; flex-wrap: wrap; align-items: baseline; }
.widget { margin: .25rem 0; }
.widget-options { border: 1px solid var(--line); border-radius: .25rem; }
.widget-options ul { list-style: none; padding-left: .25rem; margin: .25rem 0; }
.widget-dropdown .widget-options ul, .widget-togglebuttons .widget-options ul {
  display: flex; flex-wrap: wrap; gap: .1rem 1.25rem; }
.widget-chosen { color: #006b4f; font-weight: 600; }
.widget-label { font-weight: 600; margin-right: .25rem; }
.widget-panel { border-top: 1px solid var(--line); }
.widget-title { font-weight: 600; margin: .25rem 0; }
input[readonly], textarea[readonly] { font: inherit; background: #f6f6f6;
                                      border: 1px solid var(--line); }
textarea[readonly] { width: 100%; min-height: 4rem; }
button[disabled] { font: inherit; color: var(--ink); }
"""


def _styles() -> str:
    from pygments.formatters import HtmlFormatter

    return _CSS + HtmlFormatter(style="default").get_style_defs(".highlight")


def page(title: str, body: str, *, header: str = "", footer: str = "", tail: str = "") -> str:
    """Return a complete, self-contained HTML page (inline CSS, no scripts, no remote files).

    Parameters
    ----------
    title : str
        The page title (plain text; escaped here).
    body : str
        HTML for the ``<main>`` element.
    header, footer : str
        HTML for the page's header and footer (navigation).
    tail : str
        HTML placed at the end of ``<body>`` (e.g. embedded widget state).

    Examples
    --------
    >>> text = page("Costs & prices", "<p>Hi</p>")
    >>> "<title>Costs &amp; prices</title>" in text, "<main" in text, "http" in text
    (True, True, False)
    """
    for name, value in (("title", title), ("body", body), ("header", header),
                        ("footer", footer), ("tail", tail)):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a str; got {type(value).__name__}")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_styles()}</style>\n</head>\n<body>\n"
        f'<header class="site">{header}</header>\n<main id="content">\n{body}\n</main>\n'
        f'<footer class="site">{footer}</footer>\n{tail}\n</body>\n</html>\n'
    )


def _pager(item: Lesson, pages: Mapping[str, str], label: str = "Course pages") -> str:
    order = [x for x in LESSONS if x.number in pages]
    position = next((i for i, x in enumerate(order) if x.number == item.number), None)
    links = ['<a href="index.html">↑ Contents</a>']
    if position is not None and position > 0:
        before = order[position - 1]
        links.append(f'<a href="{pages[before.number]}" rel="prev">← '
                     f"{html.escape(before.number)} · {html.escape(before.title)}</a>")
    if position is not None and position + 1 < len(order):
        after = order[position + 1]
        links.append(f'<a href="{pages[after.number]}" rel="next">Next: '
                     f"{html.escape(after.number)} · {html.escape(after.title)} →</a>")
    return f'<nav class="pager" aria-label="{label}">{"".join(links)}</nav>'


def _variant_badge(instructor: bool) -> str:
    return (' <span class="badge">Instructor edition: solutions shown</span>'
            if instructor else "")


def notebook_page(nb, item: Lesson, pages: Mapping[str, str], *, instructor: bool = False,
                  built: str = "") -> str:
    """Return the HTML page of one executed notebook.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook.
    item : Lesson
        Its lesson in the syllabus.
    pages : mapping
        Lesson number -> page file name, for every page of this site (for navigation).
    instructor : bool
        Mark the page as the instructor edition.
    built : str
        The build date shown in the footer.
    """
    if not isinstance(item, Lesson):
        raise TypeError(f"item must be a course.syllabus.Lesson; got {item!r}")
    header = f'<p><a href="index.html">{COURSE_TITLE}</a>{_variant_badge(instructor)}</p>'
    header += _pager(item, pages)
    note = ("<p>A static copy of <code>notebooks/"
            f"{html.escape(item.filename)}</code>, run once when the site was built"
            f"{' on ' + html.escape(built) if built else ''}. Widgets show their state at that "
            "moment; open the notebook in JupyterLab to use them.</p>")
    return page(f"{item.number} · {item.title} — {COURSE_TITLE}",
                _notebook_cells(nb, _link_targets(pages)),
                header=header, footer=_pager(item, pages, "Course pages (end)") + note,
                tail=_state_script(nb))


def _index_page(statuses: Mapping[str, tuple[str, str]], pages: Mapping[str, str], *,
                instructor: bool, built: str) -> str:
    rows = []
    for item in LESSONS:
        kind, detail = statuses.get(item.number, ("skipped", "not built in this run"))
        title = html.escape(item.title)
        if item.number in pages:
            cell = f'<a href="{pages[item.number]}">{title}</a>'
        else:
            css = "error" if kind == "failed" else "note"
            cell = f'{title}<br><span class="{css}">{html.escape(detail)}</span>'
        rows.append(f'<tr id="lesson-{item.number}"><td>{item.number}</td><td>{cell}</td>'
                    f'<td>{html.escape(item.core)}</td><td class="number">{item.minutes}</td></tr>')
    total = sum(item.minutes for item in LESSONS)
    body = f"""<h1>{COURSE_TITLE}</h1>
<p>A course on the economics and policy of open-source AI, read through five news articles
from early 2025 about DeepSeek R1 and Meta's Llama: training cost, prices and elasticity,
strategy, market structure and diffusion; licences, openness, export controls, compute
thresholds, security and liability; and how to check the numbers in the news.</p>
<p>This is a static copy of the notebooks{_variant_badge(instructor)}. Each page shows the
notebook as it ran when the site was built; to answer the exercises and use the explorers,
open the course in JupyterLab (<code>make lab</code>).</p>
<table>
<caption>Syllabus: ten notebooks, about {total} minutes in all</caption>
<thead><tr><th scope="col">#</th><th scope="col">Notebook</th><th scope="col">Core topics</th>
<th scope="col" class="number">Minutes</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>"""
    footer = f"<p>Built{' on ' + html.escape(built) if built else ''}. Works offline.</p>"
    return page(f"{COURSE_TITLE}: contents", body,
                header=f"<p>{COURSE_TITLE}{_variant_badge(instructor)}</p>", footer=footer)


# ---------------------------------------------------------------------------------------
# Keeping pages offline
# ---------------------------------------------------------------------------------------

class _OfflineFilter(HTMLParser):
    """Re-emits HTML without scripts, event handlers or remote resources."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.removed: list[str] = []
        self._skipping: str | None = None  # an element whose content is dropped
        self._in_style = False

    def _clean_attrs(self, tag: str, attrs) -> list[tuple[str, str | None]] | None:
        kept = []
        for name, value in attrs:
            if name.startswith("on"):
                self.removed.append(f"<{tag} {name}=…>")
                continue
            if name in _URL_ATTRIBUTES and value:
                navigation = tag == "a" and name == "href"
                scripted = value.strip().lower().startswith(("javascript:", "vbscript:"))
                if scripted or (not navigation and _EXTERNAL.match(value)
                                and not value.strip().lower().startswith("data:")):
                    self.removed.append(f"<{tag} {name}={value[:60]}>")
                    continue
            if name == "style" and value:
                value = self._clean_css(value)
            kept.append((name, value))
        return kept

    def _clean_css(self, css: str) -> str:
        cleaned = _CSS_IMPORT.sub("", _CSS_URL.sub("none", css))
        if cleaned != css:
            self.removed.append("remote CSS url()/@import")
        return cleaned

    def _emit_tag(self, tag, attrs, closing: str) -> None:
        if self._skipping:
            return
        refresh = tag == "meta" and any(n == "http-equiv" for n, _ in attrs)
        if tag in _EMBEDS or refresh or (tag == "script" and (
                dict(attrs).get("src") is not None
                or not str(dict(attrs).get("type") or "").lower().endswith("json"))):
            self.removed.append(f"<{tag}>")
            if tag in ("script", "iframe", "object", "applet") and not closing:
                self._skipping = tag
            return
        kept = self._clean_attrs(tag, attrs)
        if kept == list(attrs):
            self.out.append(self.get_starttag_text())
        else:
            text = "".join(f" {n}" if v is None else f' {n}="{html.escape(v)}"' for n, v in kept)
            self.out.append(f"<{tag}{text}{closing}>")
        self._in_style = tag == "style" and not closing

    def handle_starttag(self, tag, attrs):
        self._emit_tag(tag, attrs, "")

    def handle_startendtag(self, tag, attrs):
        self._emit_tag(tag, attrs, " /")

    def handle_endtag(self, tag):
        if self._skipping:
            if tag == self._skipping:
                self._skipping = None
            return
        if tag in _EMBEDS:
            return
        self._in_style = False
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self._skipping:
            self.out.append(self._clean_css(data) if self._in_style else data)

    def handle_entityref(self, name):
        if not self._skipping:
            self.out.append(f"&{name};")

    def handle_charref(self, name):
        if not self._skipping:
            self.out.append(f"&#{name};")

    def handle_comment(self, data):
        if not self._skipping:
            self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def unknown_decl(self, data):
        if not self._skipping:
            self.out.append(f"<![{data}]>")


def offline_html(text: str) -> tuple[str, list[str]]:
    """Remove scripts, event handlers and remote resources from an HTML page.

    Kept: inline CSS, ``data:`` images, links (``<a href>``) to anywhere, and
    ``<script type="…json">`` data blocks (the embedded widget state). Removed: every
    other ``<script>``, ``iframe``/``object``/``embed``/``link``/``base`` elements,
    ``<meta http-equiv>``, ``on…`` attributes, ``javascript:`` links, and any ``src``,
    ``srcset`` or CSS
    ``url()`` that points off the page.

    Returns
    -------
    (str, list of str)
        The cleaned HTML and a short description of each thing removed.

    Examples
    --------
    >>> clean, removed = offline_html('<p onclick="x()">Hi</p><img src="https://e.org/a.png">'
    ...                               '<script src="https://cdn/x.js"></script>')
    >>> clean
    '<p>Hi</p><img>'
    >>> len(removed)
    3
    >>> offline_html('<a href="https://osi.org">OSI</a> &amp; <b>5 &lt; 6</b>')[0]
    '<a href="https://osi.org">OSI</a> &amp; <b>5 &lt; 6</b>'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str of HTML; got {type(text).__name__}")
    parser = _OfflineFilter()
    parser.feed(text)
    parser.close()
    return "".join(parser.out), parser.removed


# ---------------------------------------------------------------------------------------
# The whole site
# ---------------------------------------------------------------------------------------

@dataclass
class SiteResult:
    """What :func:`build_site` did.

    Attributes
    ----------
    out : Path
        The site folder; ``out / "index.html"`` is the start page.
    pages : dict
        Lesson number -> page path, for each notebook built.
    failed : dict
        Lesson number -> error message, for each notebook that did not run.
    skipped : dict
        Lesson number -> why it was not built (not written yet, not selected).
    removed : dict
        Lesson number -> remote references or scripts removed from its page.
    created : dict
        Lesson number -> files that running it created in the notebooks' folder (they are
        left in place and reported).
    """

    out: Path
    pages: dict[str, Path] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)
    created: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when every selected notebook was built."""
        return not self.failed

    @property
    def index(self) -> Path:
        return self.out / "index.html"


def _selected(only: Iterable[str] | None) -> list[Lesson]:
    if only is None:
        return list(LESSONS)
    if isinstance(only, str):
        raise TypeError(f"only must be a list of notebook numbers such as ['00', '03']; "
                        f"got the string {only!r}")
    numbers = [str(n).zfill(2) for n in only]
    wanted = {lesson(n).number for n in numbers}  # raises ValueError naming a bad number
    return [item for item in LESSONS if item.number in wanted]


def build_site(out: str | os.PathLike, *, instructor: bool = False,
               only: Iterable[str] | None = None, notebooks_dir: str | os.PathLike | None = None,
               timeout: int = 600, progress: bool = True) -> SiteResult:
    """Execute the course's notebooks and write the static site into *out*.

    Parameters
    ----------
    out : path-like
        The folder to write (created if needed; existing pages are overwritten).
    instructor : bool
        Build the instructor variant: exercise widgets show their solutions.
    only : iterable of str, optional
        Lesson numbers to build (e.g. ``["00", "03"]``); all by default.
    notebooks_dir : path-like, optional
        Where the notebooks are; ``notebooks/`` of the course by default.
    timeout : int
        Seconds one cell may take.
    progress : bool
        Show a progress bar (on standard error) while notebooks run.

    Returns
    -------
    SiteResult
        Pages written, notebooks that failed or were skipped. A notebook that does not
        exist yet is skipped; the index says so.
    """
    from tqdm import tqdm

    if not isinstance(out, (str, os.PathLike)):
        raise TypeError(f"out must be a folder path; got {out!r}")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ValueError(f"out must be a folder; {str(out)!r} is a file")
    if not isinstance(timeout, int) or isinstance(timeout, bool) or timeout <= 0:
        raise ValueError(f"timeout must be a positive whole number of seconds; got {timeout!r}")
    folder = Path(notebooks_dir) if notebooks_dir is not None else project_root() / "notebooks"
    if not folder.is_dir():
        raise ValueError(f"notebooks_dir must be a folder of notebooks; {str(folder)!r} is not")
    selected = _selected(only)
    result = SiteResult(out=out)
    statuses: dict[str, tuple[str, str]] = {}
    todo = []
    for item in LESSONS:
        exists = (folder / item.filename).is_file()
        if not exists and only is not None and item in selected:  # asked for by name
            result.failed[item.number] = f"there is no notebook {folder / item.filename}"
            statuses[item.number] = ("failed", "Not written yet.")
        elif not exists:
            result.skipped[item.number] = f"notebook not written yet ({item.filename})"
            statuses[item.number] = ("missing", "Not written yet.")
        elif item not in selected:
            result.skipped[item.number] = "not selected with --only"
            statuses[item.number] = ("skipped", "Not built in this run.")
        else:
            todo.append(item)
    pages = {item.number: item.filename.replace(".ipynb", ".html") for item in todo}
    executed = {}
    cells = sum(_count_code_cells(folder / item.filename) for item in todo)
    with tqdm(total=cells, unit="cell", disable=not progress, file=sys.stderr,
              desc="Running notebooks") as bar:
        for item in todo:
            bar.set_description(f"{item.number} {item.title[:28]}")
            before = set(folder.iterdir())
            try:
                executed[item.number] = execute_notebook(
                    folder / item.filename, instructor=instructor, timeout=timeout,
                    on_cell=lambda: bar.update(1))
            except NotebookFailure as error:
                result.failed[item.number] = str(error)
                statuses[item.number] = ("failed", f"Failed to build: {error}")
                del pages[item.number]
            new = sorted(p.name for p in set(folder.iterdir()) - before)
            if new:
                result.created[item.number] = new
    out.mkdir(parents=True, exist_ok=True)
    built = _dt.date.today().isoformat()
    for item in todo:
        if item.number not in executed:
            continue
        text, removed = offline_html(notebook_page(executed[item.number], item, pages,
                                                   instructor=instructor, built=built))
        target = out / pages[item.number]
        target.write_text(text, encoding="utf-8")
        result.pages[item.number] = target
        if removed:
            result.removed[item.number] = removed
    result.index.write_text(
        offline_html(_index_page(statuses, pages, instructor=instructor, built=built))[0],
        encoding="utf-8")
    return result


def _count_code_cells(path: Path) -> int:
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        return sum(1 for cell in cells if cell.get("cell_type") == "code")
    except (OSError, ValueError, AttributeError):
        return 0


# ---------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------

def add_arguments(parser) -> None:
    parser.add_argument("--out", default="_site", metavar="DIR",
                        help="folder to write the site into (default: _site)")
    parser.add_argument("--instructor", action="store_true",
                        help="build the instructor variant, with exercise solutions shown")
    parser.add_argument("--only", nargs="+", metavar="NN",
                        help="build only these notebooks, e.g. --only 00 03")
    parser.add_argument("--notebooks", metavar="DIR", default=None,
                        help="where the notebooks are (default: the course's notebooks/)")
    parser.add_argument("--timeout", type=int, default=600, metavar="SECONDS",
                        help="seconds one notebook cell may take (default: 600)")
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")


def cli(args) -> int:
    try:
        result = build_site(args.out, instructor=args.instructor, only=args.only,
                            notebooks_dir=args.notebooks, timeout=args.timeout,
                            progress=not args.no_progress)
    except (ValueError, TypeError, OSError) as error:
        print(f"course site: {error}", file=sys.stderr)
        return 2
    missing = [number for number, reason in result.skipped.items()
               if reason.startswith("notebook not written yet")]
    if missing:
        print(f"Skipped {len(missing)} notebook(s) not written yet: {', '.join(missing)}.")
    for number, removed in result.removed.items():
        print(f"Note: removed from page {number} (the site stays offline): "
              f"{', '.join(removed[:5])}{' …' if len(removed) > 5 else ''}")
    for number, names in result.created.items():
        print(f"Note: running {lesson(number).filename} created {', '.join(names)} in the "
              "notebooks' folder (left in place).")
    for number, message in result.failed.items():
        print(f"FAILED {lesson(number).filename}: {message}", file=sys.stderr)
    where = result.index.resolve()
    variant = "instructor" if args.instructor else "student"
    print(f"Wrote the {variant} site: {len(result.pages)} notebook page(s) and the index in "
          f"{where.parent}")
    print(f"Open it in a web browser: {where.as_uri()}")
    print("(It works offline; to share it, copy the whole folder.)")
    if result.failed:
        print(f"{len(result.failed)} notebook(s) failed to run; see the errors above.",
              file=sys.stderr)
        return 1
    return 0
