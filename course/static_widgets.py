"""Widgets as static HTML: read a notebook's saved widget state and draw it without JavaScript.

When a notebook is executed with ``store_widget_state=True`` its metadata keeps every
widget model (``application/vnd.jupyter.widget-state+json``) and each widget output
refers to one model by id. A browser needs the widget manager's JavaScript to draw
them; this module draws them as plain HTML instead, so a static page shows what the
widget showed when it was built: a box becomes a ``div``, an HTML widget its HTML, a
button a disabled button, a text box a read-only input, a choice its options with the
chosen one marked, a slider its label and value, an ``Output`` widget its outputs.

Text is escaped; only the values of ``HTML``/``HTMLMath`` widgets (and descriptions
that allow HTML) are inserted as HTML. Widgets hidden with ``layout.display = "none"``
or ``layout.visibility = "hidden"`` are not drawn, so a hidden solution stays hidden.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

__all__ = ["STATE_MIME", "VIEW_MIME", "render_widget", "widget_models"]

STATE_MIME = "application/vnd.jupyter.widget-state+json"
VIEW_MIME = "application/vnd.jupyter.widget-view+json"
_REF = "IPY_MODEL_"

OutputRenderer = Callable[[Sequence[Mapping]], str]

_BOXES = {"Box", "VBox", "HBox", "GridBox"}
_TITLED = {"Accordion", "Tab"}
_HTML = {"HTML", "HTMLMath"}
_TEXTS = {"Text", "Combobox", "FloatText", "BoundedFloatText", "IntText", "BoundedIntText",
          "DatePicker", "TimePicker", "DatetimePicker", "NaiveDatetimePicker", "ColorPicker"}
_CHOICES = {"RadioButtons", "ToggleButtons", "Dropdown", "Select", "SelectMultiple"}
_SLIDERS = {"IntSlider", "FloatSlider", "FloatLogSlider", "IntRangeSlider", "FloatRangeSlider",
            "SelectionSlider", "SelectionRangeSlider", "IntProgress", "FloatProgress", "Play"}


def _readable(value):
    """A saved value as a reader would type it: a DatePicker's ``{"year", "month", "date"}``
    (month counted from 0, as JavaScript does) becomes an ISO date.

    >>> _readable({"year": 2025, "month": 0, "date": 20})
    '2025-01-20'
    >>> _readable("1e25")
    '1e25'
    """
    if isinstance(value, Mapping) and {"year", "month", "date"} <= set(value):
        return f"{value['year']:04d}-{value['month'] + 1:02d}-{value['date']:02d}"
    return value


def widget_models(metadata: Mapping) -> dict[str, dict]:
    """Return the saved widget models of a notebook, keyed by model id.

    Parameters
    ----------
    metadata : mapping
        The notebook's metadata (``nb.metadata``).

    Returns
    -------
    dict
        ``{model_id: {"model_name": ..., "state": {...}, "buffers": [...]}}``; empty when
        the notebook saved no widget state.

    Examples
    --------
    >>> meta = {"widgets": {STATE_MIME: {"version_major": 2, "version_minor": 0,
    ...     "state": {"m1": {"model_name": "LabelModel", "state": {"value": "Hi"}}}}}}
    >>> list(widget_models(meta))
    ['m1']
    >>> widget_models({})
    {}
    """
    if not isinstance(metadata, Mapping):
        raise TypeError(f"metadata must be a mapping (a notebook's metadata); "
                        f"got {type(metadata).__name__}")
    widgets = metadata.get("widgets") or {}
    saved = widgets.get(STATE_MIME) or {} if isinstance(widgets, Mapping) else {}
    state = saved.get("state") or {} if isinstance(saved, Mapping) else {}
    return {key: dict(value) for key, value in state.items() if isinstance(value, Mapping)}


def render_widget(model_id: str, models: Mapping[str, Mapping], *,
                  render_outputs: OutputRenderer | None = None) -> str:
    """Return static HTML for the widget *model_id* and everything inside it.

    Parameters
    ----------
    model_id : str
        The id in a widget output (``output.data[VIEW_MIME]["model_id"]``), with or
        without the ``IPY_MODEL_`` prefix.
    models : mapping
        The notebook's saved models, as returned by :func:`widget_models`.
    render_outputs : callable, optional
        Turns a list of notebook outputs into HTML; used for ``Output`` widgets. Without
        it, an ``Output`` widget shows only its plain-text outputs.

    Returns
    -------
    str
        HTML with no script and no external resource; a note when the model is missing.

    Examples
    --------
    >>> models = {
    ...     "box": {"model_name": "VBoxModel",
    ...             "state": {"children": ["IPY_MODEL_q", "IPY_MODEL_go"]}},
    ...     "q": {"model_name": "RadioButtonsModel", "state": {
    ...           "description": "Pick", "_options_labels": ["a < b", "b"], "index": 0}},
    ...     "go": {"model_name": "ButtonModel", "state": {"description": "Check"}},
    ... }
    >>> page = render_widget("box", models)
    >>> "a &lt; b" in page, "<button type=\\"button\\" disabled>Check</button>" in page
    (True, True)
    >>> render_widget("gone", models)
    '<div class="widget widget-missing">(This widget was not saved with the page.)</div>'
    """
    if not isinstance(model_id, str):
        raise TypeError(f"model_id must be a str; got {model_id!r}")
    if not isinstance(models, Mapping):
        raise TypeError(f"models must be a mapping of model id to model; "
                        f"got {type(models).__name__}")
    return _Renderer(models, render_outputs).widget(model_id.removeprefix(_REF), ())


def _esc(value) -> str:
    return html.escape("" if value is None else str(value))


def _ref(value) -> str | None:
    return value[len(_REF):] if isinstance(value, str) and value.startswith(_REF) else None


def _format_number(value, spec) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and spec:
        try:
            return format(value, spec)
        except (ValueError, TypeError):
            pass
    return str(value)


class _Renderer:
    """Walks the model tree; one instance per top-level widget."""

    def __init__(self, models: Mapping[str, Mapping], render_outputs: OutputRenderer | None):
        self.models = models
        self.render_outputs = render_outputs

    # -- the tree ---------------------------------------------------------------------------
    def widget(self, model_id: str, seen: tuple[str, ...]) -> str:
        model = self.models.get(model_id)
        if not isinstance(model, Mapping):
            return ('<div class="widget widget-missing">(This widget was not saved with the page.)'
                    '</div>')
        if model_id in seen:  # a model that contains itself: draw it once
            return ""
        state = dict(model.get("state") or {})
        for buffer in model.get("buffers") or ():  # binary values, saved as base64
            path = buffer.get("path") if isinstance(buffer, Mapping) else None
            if isinstance(path, list) and len(path) == 1 and buffer.get("encoding") == "base64":
                state[path[0]] = buffer.get("data")
        if self._hidden(state):
            return ""
        name = str(model.get("model_name") or state.get("_model_name") or "")
        kind = name.removesuffix("Model")
        body = self._body(kind, state, (*seen, model_id))
        return f'<div class="widget widget-{_esc(kind.lower() or "unknown")}">{body}</div>'

    def _children(self, state: Mapping, seen: tuple[str, ...]) -> list[str]:
        return [self.widget(ref, seen) for ref in map(_ref, state.get("children") or ()) if ref]

    def _hidden(self, state: Mapping) -> bool:
        layout = state.get("layout")
        ref = _ref(layout)
        if ref is not None:
            layout = (self.models.get(ref) or {}).get("state")
        if not isinstance(layout, Mapping):
            return False
        return layout.get("display") == "none" or layout.get("visibility") == "hidden"

    # -- one widget -------------------------------------------------------------------------
    def _body(self, kind: str, state: Mapping, seen: tuple[str, ...]) -> str:
        label = self._label(state)
        if kind in _BOXES:
            return "".join(self._children(state, seen))
        if kind in _TITLED or kind == "Stack":
            return self._titled(kind, state, seen)
        if kind in _HTML:
            return label + str(state.get("value") or "")
        if kind == "Label":
            return _esc(state.get("value"))
        if kind in ("Button", "ToggleButton"):
            pressed = f' aria-pressed="{str(bool(state.get("value"))).lower()}"' \
                if kind == "ToggleButton" else ""
            text = _esc(state.get("description"))
            return f'<button type="button" disabled{pressed}>{text}</button>'
        if kind in _TEXTS or kind == "Password":
            value = _readable(state.get("value"))
            value = "••••" if kind == "Password" and value else value
            return (f'<label>{label}<input type="text" readonly value="{_esc(value)}">'
                    f'</label>')
        if kind == "Textarea":
            return f'<label>{label}<textarea readonly>{_esc(state.get("value"))}</textarea></label>'
        if kind in _CHOICES:
            return self._choices(kind, state, label)
        if kind in ("Checkbox", "Valid"):
            checked = " checked" if state.get("value") else ""
            text = _esc(state.get("readout")) if kind == "Valid" else ""
            label = label.replace('class="widget-label"', 'class="widget-check-label"')
            return f'<label><input type="checkbox" disabled{checked}> {label}{text}</label>'
        if kind in _SLIDERS:
            return self._slider(kind, state, label)
        if kind == "Image":
            return self._image(state)
        if kind == "Output":
            return self._output(state)
        if "value" in state:  # any other widget: its description and value, as text
            return f"{label}<output>{_esc(state.get('value'))}</output>"
        return label

    def _label(self, state: Mapping) -> str:
        text = state.get("description")
        if not text:
            return ""
        shown = str(text) if state.get("description_allow_html") else _esc(text)
        return f'<span class="widget-label">{shown}</span> '

    def _titled(self, kind: str, state: Mapping, seen: tuple[str, ...]) -> str:
        children = self._children(state, seen)
        if kind == "Stack":
            index = state.get("selected_index")
            return children[index] if isinstance(index, int) and 0 <= index < len(children) else ""
        titles = list(state.get("titles") or ())
        parts = []
        for number, child in enumerate(children):
            title = titles[number] if number < len(titles) and titles[number] else ""
            parts.append(f'<section class="widget-panel"><p class="widget-title">{_esc(title)}'
                         f"</p>{child}</section>")
        return "".join(parts)

    def _choices(self, kind: str, state: Mapping, label: str) -> str:
        labels = list(state.get("_options_labels") or ())
        index = state.get("index")
        chosen = set(index) if isinstance(index, (list, tuple)) else {index}
        kind_of_input = "checkbox" if kind == "SelectMultiple" else "radio"
        items = []
        for number, text in enumerate(labels):
            picked = number in chosen
            mark = ' checked' if picked else ""
            note = ' <span class="widget-chosen">(selected)</span>' if picked else ""
            items.append(f'<li><label><input type="{kind_of_input}" disabled{mark}> '
                         f"{_esc(text)}</label>{note}</li>")
        legend = f"<legend>{label}</legend>" if label else ""
        return f'<fieldset class="widget-options">{legend}<ul>{"".join(items)}</ul></fieldset>'

    def _slider(self, kind: str, state: Mapping, label: str) -> str:
        value = state.get("value")
        labels = list(state.get("_options_labels") or ())
        if kind.startswith("Selection"):
            index = state.get("index")
            indices = index if isinstance(index, (list, tuple)) else [index]
            shown = " – ".join(_esc(labels[i]) for i in indices
                               if isinstance(i, int) and 0 <= i < len(labels))
        else:
            spec = state.get("readout_format") or ""
            values = value if isinstance(value, (list, tuple)) else [value]
            shown = " – ".join(_esc(_format_number(v, spec)) for v in values)
        return f'{label}<output class="widget-value">{shown}</output>'

    def _image(self, state: Mapping) -> str:
        data = state.get("value")  # base64, from the model's buffers
        if not data or not isinstance(data, str):
            return ""
        fmt = _esc(state.get("format") or "png")
        alt = _esc(state.get("tooltip") or state.get("description") or "image")
        sizes = "".join(f' {side}="{_esc(state[side])}"' for side in ("width", "height")
                        if state.get(side))
        return f'<img src="data:image/{fmt};base64,{_esc(data)}" alt="{alt}"{sizes}>'

    def _output(self, state: Mapping) -> str:
        outputs = list(state.get("outputs") or ())
        if self.render_outputs is not None:
            return self.render_outputs(outputs)
        texts = [o.get("text") or (o.get("data") or {}).get("text/plain") or "" for o in outputs]
        return "".join(f"<pre>{_esc(''.join(t) if isinstance(t, list) else t)}</pre>"
                       for t in texts if t)
