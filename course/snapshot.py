"""An HTML snapshot of a widget's state beside its live view, for pages where no kernel runs
(the website, nbviewer, GitHub; ``nb_mime_priority_overrides`` in ``site/conf.py``).
"""

from __future__ import annotations

import html

__all__ = ["control_text", "explorer_html", "with_html"]


def with_html(data, snapshot: str, text: str | None = None):
    """Add a ``text/html`` *snapshot* (and ``text/plain`` *text*) to a ``_repr_mimebundle_``.

    Examples
    --------
    >>> view = {"application/vnd.jupyter.widget-view+json": {"model_id": "m"}}
    >>> sorted(with_html(view, "<p>Hi</p>"))
    ['application/vnd.jupyter.widget-view+json', 'text/html']
    """
    bundle = {**data, "text/html": snapshot}
    if text is not None:
        bundle["text/plain"] = text
    return bundle


def control_text(control) -> str:
    """A control's current value as a reader would say it.

    Examples
    --------
    >>> import ipywidgets as widgets
    >>> control_text(widgets.FloatText(2788000.0)), control_text(widgets.Dropdown(
    ...     options=[("MIT licence", "mit")], value="mit"))
    ('2,788,000', 'MIT licence')
    """
    label = getattr(control, "label", None)
    if isinstance(label, str):  # a drop-down: the text the reader chose, not its key
        return label
    value = control.value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):  # a whole number with all its digits
        return f"{int(value):,}" if float(value).is_integer() else f"{value:,.6g}"
    return str(value)


def explorer_html(explorer) -> str:
    """An explorer as static HTML: title, intro, each control and its value, chart, summary.

    Examples
    --------
    >>> from course.explorers import training_cost
    >>> page = explorer_html(training_cost())
    >>> "<dt>Rental price (US$ per GPU-hour)</dt><dd>2</dd>" in page, 'alt="' in page
    (True, True)
    """
    inputs = "".join(f"<dt>{html.escape(control.description)}</dt>"
                     f"<dd>{html.escape(control_text(control))}</dd>"
                     for control in explorer.controls.values())
    return (f'<div class="course-explorer-static mathjax_ignore tex2jax_ignore">'
            f"<p><strong>{html.escape(explorer.title)}</strong></p>"
            f"<p>{html.escape(explorer.intro)}</p>"
            f'<dl class="course-inputs-static">{inputs}</dl>'
            f"{explorer.chart.value}{explorer.summary.value}"
            "<p><small>A snapshot of this explorer with its starting values. Open the notebook "
            "in JupyterLab (or launch it on Binder) to change them.</small></p></div>")
