"""The shared machinery of the explorers: controls, and one figure redrawn in place.

An explorer is an ``ipywidgets.VBox`` with a heading, labelled number boxes (and
drop-downs), a chart, a plain-text summary and a Reset button. Every change of a
control recomputes the model, updates the artists of the explorer's one matplotlib
figure, renders it to PNG in an HTML ``<img>`` whose alt text describes the current
state, and rewrites the summary, all in one step (:meth:`Explorer.update`).

Number boxes are used rather than sliders: ipywidgets' slider handle has no accessible
name, while a number box's description is a ``<label for=...>`` of its ``<input>``,
which the keyboard and screen readers can use. Bounded boxes clamp out-of-range input.
"""

from __future__ import annotations

import base64
import html
import io
import math
import sys
import types

import ipywidgets as widgets
import numpy as np

from .. import plots, snapshot

__all__ = ["Explorer", "callable_module", "decade_ceil", "decade_floor", "dropdown", "nice_ceil",
           "number"]


# ---------------------------------------------------------------- formatting


def nice_ceil(x: float) -> float:
    """The smallest of 1, 2, 2.5, 5 x 10^k at or above *x* (a stable axis limit).

    Examples
    --------
    >>> nice_ceil(7.1), nice_ceil(0.031), nice_ceil(200)
    (10.0, 0.05, 200.0)
    """
    if not x > 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(x))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= x * (1 - 1e-12))


def decade_floor(x: float) -> float:
    """The power of ten at or below *x* > 0 (a stable lower limit on a log axis)."""
    return 10.0 ** math.floor(math.log10(x))


def decade_ceil(x: float) -> float:
    """The power of ten at or above *x* > 0 (a stable upper limit on a log axis)."""
    return 10.0 ** math.ceil(math.log10(x))


# ---------------------------------------------------------------- controls


def number(description: str, value: float, minimum: float, maximum: float, step: float,
           *, integer: bool = False):
    """A labelled, bounded number box (keyboard-operable, with an accessible name).

    The browser's arrow keys step from *minimum* in multiples of *step* (HTML's step
    base), so choose a minimum that is a multiple of the step where the default is one,
    or the first arrow press snaps to the grid instead of moving by a whole step.
    """
    cls = widgets.BoundedIntText if integer else widgets.BoundedFloatText
    value = min(max(value, minimum), maximum)
    return cls(value=int(round(value)) if integer else float(value), min=minimum, max=maximum,
               step=step, description=description, style={"description_width": "initial"},
               layout=widgets.Layout(width="auto"))


def dropdown(description: str, options, value):
    """A labelled drop-down (options: list of (label, value) pairs)."""
    return widgets.Dropdown(options=options, value=value, description=description,
                            style={"description_width": "initial"},
                            layout=widgets.Layout(width="auto"))


# ---------------------------------------------------------------- the explorer


class Explorer(widgets.VBox):
    """Base class of the explorers (a composite widget).

    Subclasses set :attr:`name` (for the CSS class ``course-explorer-<name>``),
    :attr:`title` and :attr:`intro`, and implement ``_make_controls`` (named widgets
    holding their default values), ``_setup`` (create the artists once, and list the
    ones that change in ``self._dynamic``), ``_compute(values) -> dict``,
    ``_draw(result)``, ``_describe(result) -> str`` and ``_alt(result) -> str``.

    Rendering blits: the static part of the figure (axes, ticks, labels, legend) is
    drawn once and kept as a bitmap until an axis limit changes; each update draws only
    the dynamic artists over it.

    ``controls`` are the inputs by name (set ``.value`` to drive it from Python);
    ``result`` the current numbers; ``summary``/``summary_text`` the plain-language
    summary; ``chart`` the ``<figure>`` with its ``alt`` text; ``error`` the message shown
    when the inputs could not be used, else None.
    """

    name = "explorer"
    title = "Explorer"
    intro = ""
    figsize = (7.0, 4.0)
    dpi = 90

    def __init__(self):
        super().__init__()
        self.controls: dict[str, widgets.Widget] = self._make_controls()
        self._defaults = {key: w.value for key, w in self.controls.items()}
        self.result: dict = {}
        self.error: str | None = None
        self.summary_text = ""
        self.alt = ""
        self._muted = False
        self._dynamic: list = []
        self._background = None
        self._background_key = None

        self.figure, self.axes = plots.figure(*self.figsize, **self._grid())
        self.figure.set_dpi(self.dpi)
        self._setup()
        for artist in self._dynamic:
            artist.set_animated(True)

        self.chart = widgets.HTML()
        self.chart.add_class("course-chart")
        self.summary = widgets.HTML()
        self.summary.add_class("course-summary")
        self.reset_button = widgets.Button(description="Reset", icon="undo",
                                           tooltip="Restore the default values")
        self.reset_button.add_class("course-reset")
        self.reset_button.on_click(self._on_reset)
        header = widgets.HTML(f"<h3>{html.escape(self.title)}</h3>"
                              f"<p>{html.escape(self.intro)}</p>")
        inputs = widgets.GridBox(list(self.controls.values()), layout=widgets.Layout(
            grid_template_columns="repeat(auto-fill, minmax(330px, 1fr))", grid_gap="4px 16px"))
        self.children = [header, inputs, self.chart, self.summary, self.reset_button]
        self.add_class("course-explorer")
        self.add_class(f"course-explorer-{self.name}")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self._draw(self._compute(self.values))
        with plots.style():
            self.figure.canvas.draw()  # lay out once, then keep the layout fixed
        self.figure.set_layout_engine("none")
        self.update()

    def _repr_mimebundle_(self, **kwargs):  # static pages show this snapshot (course.snapshot)
        return snapshot.with_html(super()._repr_mimebundle_(**kwargs), snapshot.explorer_html(self))

    def _grid(self) -> dict:
        return {}

    # -- hooks for subclasses
    def _make_controls(self) -> dict:
        raise NotImplementedError

    def _setup(self) -> None:
        raise NotImplementedError

    def _compute(self, values: dict) -> dict:
        raise NotImplementedError

    def _draw(self, result: dict) -> None:
        raise NotImplementedError

    def _describe(self, result: dict) -> str:
        raise NotImplementedError

    def _alt(self, result: dict) -> str:
        raise NotImplementedError

    # -- behaviour
    @property
    def values(self) -> dict:
        """The controls' current values, by name."""
        return {key: w.value for key, w in self.controls.items()}

    @property
    def defaults(self) -> dict:
        """The values the explorer starts with and :meth:`reset` restores."""
        return dict(self._defaults)

    def _on_change(self, change) -> None:
        if not self._muted:
            self.update()

    def _on_reset(self, _button) -> None:
        self.reset()

    def reset(self) -> None:
        """Restore every control's default value (one update, however many changed)."""
        self.set(**self._defaults)

    def set(self, **values) -> None:
        """Set several controls at once with a single update, e.g. ``set(price=3)``."""
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise ValueError(f"unknown control(s) {', '.join(unknown)}; the controls are: "
                             f"{', '.join(self.controls)}")
        self._muted = True
        try:
            for key, value in values.items():
                self.controls[key].value = value
        finally:
            self._muted = False
        self.update()

    def update(self) -> None:
        """Recompute from the controls and refresh chart and summary together."""
        try:
            result = self._compute(self.values)
        except (ValueError, TypeError) as exc:
            self.error = str(exc)
            self.summary.value = (f'<p role="status" class="course-summary-problem">'
                                  f"Check the inputs: {html.escape(self.error)}</p>")
            self.summary_text = f"Check the inputs: {self.error}"
            return
        self.error = None
        self.result = result
        self._draw(result)
        self.alt = " ".join(self._alt(result).split())
        self.summary_text = self._describe(result)
        png = self._render()
        self.chart.value = (
            f'<figure class="course-figure" style="margin:0">'
            f'<img src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}" '
            f'alt="{html.escape(self.alt, quote=True)}" style="max-width:100%;height:auto">'
            f"</figure>")
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in self.summary_text.split("\n"))
        self.summary.value = f'<div aria-live="polite">{paragraphs}</div>'

    def _static_key(self) -> tuple:
        axes = np.atleast_1d(self.axes)
        return tuple((ax.get_xlim(), ax.get_ylim()) for ax in axes)

    def _render(self) -> bytes:
        """Draw the figure (the background only when an axis limit changed) as a PNG."""
        from PIL import Image

        canvas = self.figure.canvas
        key = self._static_key()
        with plots.style():
            if not self._dynamic or key != self._background_key or self._background is None:
                canvas.draw()  # animated (dynamic) artists are left out
                self._background = canvas.copy_from_bbox(self.figure.bbox)
                self._background_key = key
            else:
                canvas.restore_region(self._background)
            for artist in self._dynamic:
                self.figure.draw_artist(artist)
        width, height = canvas.get_width_height(physical=True)
        image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA",
                                 0, 1)
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=1)
        return buffer.getvalue()


class _ExplorerModule(types.ModuleType):
    """An explorer's module, which builds its explorer when called."""

    def __call__(self) -> Explorer:
        return self.EXPLORER()


def callable_module(name: str, explorer: type[Explorer]) -> None:
    """Make the module *name* callable, so that ``explorers.corpus()`` builds a ``Corpus``
    while its other names stay attributes (no function shadows its module)."""
    module = sys.modules[name]
    module.EXPLORER = explorer
    module.__class__ = _ExplorerModule
