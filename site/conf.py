"""Sphinx configuration of the course website (Sphinx + MyST-NB + sphinx-book-theme).

Built by ``python -m course site`` (``make site``), which stages the pages (index from the
syllabus, the notebooks, glossary and bibliography) in a scratch folder and runs Sphinx on
it with this folder as the configuration directory. The environment it runs in decides the
variant: ``COURSE_INSTRUCTOR=1`` runs the notebooks as an instructor (solutions shown) and
puts a banner on every page. Repository and launch settings come from ``config.toml``.

Everything a page needs is local: no CDN scripts for widgets (``nb_ipywidgets_js = {}``,
widgets show the HTML snapshot the course's widgets carry) and MathJax copied from the
``jupyter-server-mathjax`` package.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tomllib
from pathlib import Path, PurePosixPath

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from course.data import data_path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SETTINGS = tomllib.loads((HERE / "config.toml").read_text(encoding="utf-8"))
INSTRUCTOR = os.environ.get("COURSE_INSTRUCTOR", "") == "1"
SHOW_PROGRESS = os.environ.get("COURSE_SITE_PROGRESS", "") == "1"

project = "Open Weights, Open Markets"
author = "The course authors"
copyright = "2025–2026, the course authors (text CC BY 4.0, code MIT)"
language = "en"

extensions = ["myst_nb", "sphinxcontrib.bibtex", "sphinx_book_theme"]
exclude_patterns = ["**.ipynb_checkpoints", "jupyter_execute"]
suppress_warnings = ["myst.header",  # notebooks may skip heading levels
                     "mystnb.exec"]  # failed notebooks: python -m course site reports them

# --- notebooks --------------------------------------------------------------------------
nb_execution_mode = "force"          # every notebook runs once per build, in its folder
nb_execution_in_temp = False
nb_execution_timeout = 600           # per cell; the driver passes --timeout
nb_execution_raise_on_error = False  # a failing notebook is reported; the others still build
nb_execution_show_tb = False
nb_merge_streams = True
# No widget JavaScript from a CDN. The course's widgets carry an HTML snapshot; prefer it
# to the widget view, and never emit a bare widget view (it would be an empty box).
nb_ipywidgets_js = {}
nb_mime_priority_overrides = [
    ("html", "text/html", 0),
    ("html", "application/vnd.jupyter.widget-view+json", None),
]
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

# --- maths, offline -----------------------------------------------------------------------
# MathJax 2 as shipped by jupyter-server-mathjax, copied into _static/mathjax (see setup()).
mathjax_path = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full"
mathjax2_config = {
    "messageStyle": "none",
    # the package ships the STIX-Web fonts only (as Jupyter's classic notebook uses them)
    "HTML-CSS": {"availableFonts": [], "webFont": "STIX-Web", "imageFont": None},
    "tex2jax": {"processClass": "math|tex2jax_process", "ignoreClass": "bd-article"},
}

# --- bibliography -------------------------------------------------------------------------
_BIB = data_path("references.bib")
bibtex_bibfiles = [str(_BIB)] if _BIB.is_file() else []
bibtex_default_style = "course"       # "plain", keeping titles' capitals (see below)
bibtex_reference_style = "author_year"
bibtex_cite_id = "{key}"              # bibliography.html#deepseek2024v3


def _bibliography_style():
    """pybtex's "plain" (sorted by author, year, title) without lower-casing titles."""
    from pybtex.plugin import register_plugin
    from pybtex.style.formatting.plain import Style
    from pybtex.style.template import field, sentence

    class KeepTitleCase(Style):
        def format_title(self, e, which_field, as_sentence=True):
            title = field(which_field)
            return sentence[title] if as_sentence else title

    register_plugin("pybtex.style.formatting", "course", KeepTitleCase)


_bibliography_style()

# --- the book theme -----------------------------------------------------------------------
BANNER = ("Instructor edition: exercise solutions are shown on every page. "
          "Do not publish this copy where students can reach it.")
html_theme = "sphinx_book_theme"
html_title = project + (" (instructor edition)" if INSTRUCTOR else "")
html_static_path = ["_static"]
html_css_files = ["course.css"]
html_js_files = ["course.js"]
html_copy_source = True               # the notebooks behind the .ipynb download button
html_show_sourcelink = False
html_last_updated_fmt = "%Y-%m-%d"
html_context = {"default_mode": "light"}
html_theme_options = {
    "repository_url": SETTINGS["repository"],
    "repository_branch": SETTINGS["branch"],
    "path_to_docs": "",  # staged pages mirror the repository: notebooks/NN_name.ipynb
    "use_repository_button": True,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "navbar_persistent": [],  # search lives in the sidebar, as in a Jupyter Book
    "launch_buttons": {
        "binderhub_url": SETTINGS["binderhub"],
        "jupyterhub_url": SETTINGS["jupyterhub"],
        "notebook_interface": SETTINGS["interface"],
    },
    "announcement": f'<span class="course-instructor-banner">{BANNER}</span>'
                    if INSTRUCTOR else "",
}


# --- build hooks: MathJax copy, a progress bar, the execution report ------------------------

def _copy_mathjax(app, exception) -> None:
    """Copy the local MathJax next to the pages (only what MathJax 2 loads)."""
    if exception is not None or app.builder.format != "html":
        return
    import jupyter_server_mathjax

    source = Path(jupyter_server_mathjax.__file__).parent / "static"
    target = Path(app.outdir) / "_static" / "mathjax"
    ignore = shutil.ignore_patterns("localization", "*.md")
    shutil.copytree(source, target, ignore=ignore, dirs_exist_ok=True)


class _Progress:
    """A tqdm bar over the notebooks as Sphinx reads (and MyST-NB executes) them."""

    bar = None

    @classmethod
    def start(cls, app, env, docnames) -> None:
        if SHOW_PROGRESS and docnames:
            from tqdm import tqdm

            cls.bar = tqdm(total=len(docnames), unit="page", file=sys.stdout, leave=True,
                           desc="Building pages")

    @classmethod
    def reading(cls, app, docname, source) -> None:
        if cls.bar is not None:
            verb = "Running" if docname.startswith("notebooks/") else "Reading"
            cls.bar.set_description(f"{verb} {Path(docname).name[:32]}")

    @classmethod
    def read(cls, app, doctree) -> None:
        if cls.bar is not None:
            cls.bar.update(1)

    @classmethod
    def stop(cls, app, env) -> None:
        if cls.bar is not None:
            cls.bar.set_description("Pages built")
            cls.bar.close()
            cls.bar = None


class CourseLinks(SphinxPostTransform):
    """Links in notebooks that MyST cannot resolve, pointed where a reader expects them.

    ``glossary.ipynb#Open-weights`` (the notebooks' appendix), ``…/glossary.md#…`` and
    ``…/bibliography.md#key`` (from any folder) go to the site's glossary and bibliography
    pages, keeping the anchor; a link to another
    file of the repository (``../data/README.md``) goes to that file in the repository.
    """

    default_priority = 5  # before MyST's reference resolver (9)
    PAGES = {"glossary.md": "glossary", "glossary.ipynb": "glossary",
             "bibliography.md": "bibliography"}

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(addnodes.pending_xref)):
            if node.get("reftype") != "myst" or node.get("refdomain") == "doc":
                continue
            path, _, anchor = node["reftarget"].partition("#")
            page = self.PAGES.get(PurePosixPath(path).name)
            refdoc = node.get("refdoc", self.env.docname)
            in_repo = os.path.normpath(os.path.join(os.path.dirname(refdoc), path or "."))
            if page in self.env.found_docs:
                uri = self.app.builder.get_relative_uri(refdoc, page)
            elif "://" not in path and not in_repo.startswith("..") and \
                    (ROOT / in_repo).is_file():
                uri = f"{SETTINGS['repository']}/blob/{SETTINGS['branch']}/{in_repo}"
            else:
                continue
            uri += f"#{anchor}" if anchor else ""
            node.replace_self(nodes.reference("", "", *node.children, refuri=uri,
                                              internal=page is not None))


WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _drop_widget_state(app, pagename, templatename, context, doctree) -> None:
    """No widget manager runs on the site, so the saved widget state is dead weight."""
    scripts = context.get("script_files")
    if isinstance(scripts, list):
        scripts[:] = [js for js in scripts
                      if getattr(js, "attributes", {}).get("type") != WIDGET_STATE]


def _visit_citation(translator, node) -> None:
    """A bibliography entry as a list item: docutils' ``doc-biblioentry`` role is deprecated
    (DPUB-ARIA 1.1), and axe reports a list holding it as a list without items."""
    if not isinstance(node.previous_sibling(), type(node)):
        translator.body.append('<div role="list" class="citation-list">\n')
    translator.body.append(translator.starttag(node, "div", classes=[node.tagname],
                                               role="listitem"))


def _flag_failed_notebook(app, doctree) -> None:
    """A notebook that stopped with an error says so at the top of its page."""
    from myst_nb.sphinx_ import NbMetadataCollector

    data = NbMetadataCollector.get_exec_data(app.env, app.env.docname)
    section = next(iter(doctree.findall(nodes.section)), None)
    if data and not data.get("succeeded") and section is not None:
        note = nodes.warning("", nodes.paragraph(
            text="This notebook stopped with an error when the site was built, so the page "
                 "shows its outputs only up to the error (at the end of the page)."))
        section.insert(1, note)


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _write_execution_report(app, exception) -> None:
    """Write ``course-execution.json``: docname -> succeeded, last line of the error, the
    failing cell's source (``python -m course site`` reads it to name what failed)."""
    from myst_nb.sphinx_ import NbMetadataCollector

    report = {}
    for docname in sorted(app.env.found_docs):
        data = NbMetadataCollector.get_exec_data(app.env, docname)
        if not data:
            continue
        trace = _ANSI.sub("", data.get("traceback") or "")
        lines = [line for line in trace.splitlines() if line.strip()]
        cell = re.search(r"-{10,}\n(.*?)\n-{10,}", trace, re.S)
        report[docname] = {"succeeded": bool(data.get("succeeded")),
                           "error": lines[-1].strip() if lines else data.get("error"),
                           "cell": cell.group(1) if cell else None}
    path = Path(app.doctreedir) / "course-execution.json"
    path.write_text(json.dumps(report, indent=1), encoding="utf-8")


def setup(app):
    app.add_post_transform(CourseLinks)
    from sphinx.writers.html5 import HTML5Translator

    app.add_node(nodes.citation, override=True,
                 html=(_visit_citation, HTML5Translator.depart_citation))
    app.connect("env-before-read-docs", _Progress.start)
    app.connect("source-read", _Progress.reading)
    app.connect("doctree-read", _Progress.read)
    app.connect("doctree-read", _flag_failed_notebook)
    app.connect("env-updated", _Progress.stop)
    app.connect("html-page-context", _drop_widget_state, priority=900)  # after MyST-NB's
    app.connect("build-finished", _copy_mathjax)
    app.connect("build-finished", _write_execution_report)
