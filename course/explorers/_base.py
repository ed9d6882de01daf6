"""The shared machinery of the explorers: labelled controls, and one figure redrawn in place.

Number boxes, not sliders: a slider's handle has no accessible name, while a number box's
description is the ``<label for=...>`` of its ``<input>``.
"""

from __future__ import annotations

import contextlib
import html
import math
import sys
import types

import ipywidgets as widgets

from .. import plots, snapshot

__all__ = ["Bars", "Explorer", "checkbox", "decades", "dropdown", "nice_ceil",
           "number", "text_box"]

_STYLE = {"style": {"description_width": "initial"}, "layout": {"width": "auto"}}


def nice_ceil(x: float) -> float:
    """The smallest of 1, 2, 2.5, 5 x 10^k at or above *x* > 0 (a stable axis limit).

    Examples
    --------
    >>> nice_ceil(7.1), nice_ceil(0.031), nice_ceil(200)
    (10.0, 0.05, 200.0)
    """
    power = 10.0 ** math.floor(math.log10(x))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= x * (1 - 1e-12))


def decades(low: float, high: float) -> tuple[float, float]:
    """The powers of ten at or below *low* > 0 and at or above *high* (stable log limits).

    Examples
    --------
    >>> decades(0.03, 420)
    (0.01, 1000.0)
    """
    return 10.0 ** math.floor(math.log10(low)), 10.0 ** math.ceil(math.log10(high))


def number(description: str, value: float, minimum: float, maximum: float, step: float,
           *, integer: bool = False):
    """A labelled, bounded number box; arrow keys step from *minimum* in multiples of *step*."""
    kind = widgets.BoundedIntText if integer else widgets.BoundedFloatText
    return kind(value=value, min=minimum, max=maximum, step=step, description=description,
                **_STYLE)  # the box itself clamps *value* into its bounds


def dropdown(description: str, options, value):
    """A labelled drop-down (*options*: (label, value) pairs)."""
    return widgets.Dropdown(options=options, value=value, description=description, **_STYLE)


def text_box(description: str, value: str, placeholder: str):
    """A labelled text box that updates on Enter or when it loses focus."""
    return widgets.Text(value=value, description=description, placeholder=placeholder,
                        continuous_update=False, **_STYLE)


def checkbox(description: str):
    """A labelled checkbox, unticked."""
    return widgets.Checkbox(value=False, description=description, indent=False,
                            layout={"width": "auto"})


class Bars:
    """Bars drawn once and resized in place, each with a text at its end (first bar on top)."""

    def __init__(self, ax, positions, color, *, horizontal=True, fontsize=None):
        self.horizontal = horizontal
        self.bars = (ax.barh if horizontal else ax.bar)(positions, [0] * len(positions),
                                                        color=color)
        where = {"va": "center", "ha": "left"} if horizontal else {"va": "bottom",
                                                                   "ha": "center"}
        self.texts = [ax.text(0, 0, "", fontsize=fontsize, **where) for _ in positions]
        self.artists = [*self.bars, *self.texts]
        ax.grid(axis="y" if horizontal else "x", visible=False)
        if horizontal:
            ax.invert_yaxis()

    def update(self, lengths, texts, gap: float = 0.0) -> None:
        """Show the first ``len(lengths)`` bars, *gap* (data units) from their texts."""
        for k, (bar, text) in enumerate(zip(self.bars, self.texts, strict=True)):
            shown = k < len(lengths)
            bar.set_visible(shown)
            text.set_visible(shown)
            if shown:
                length = lengths[k]
                (bar.set_width if self.horizontal else bar.set_height)(length)
                text.set_position((length + gap, k) if self.horizontal else (k, length + gap))
                text.set_text(texts[k])


class Explorer(widgets.VBox):
    """Base class of the explorers: heading, controls, chart, summary and Reset button.

    A subclass sets ``name`` (CSS class ``course-explorer-<name>``), ``title`` and ``intro``
    and implements ``_make_controls``, ``_setup`` (the artists; those that change go in
    ``self._dynamic``, redrawn over a kept background), ``_compute``, ``_draw`` and
    ``_describe`` (the summary and the chart's alt text). Drive it with
    ``controls[name].value`` or :meth:`set`; read ``result``, ``summary_text``, ``alt`` and
    ``error`` (None when the inputs work).
    """

    name, title, intro = "explorer", "Explorer", ""
    figsize, dpi = (7.0, 4.0), 90
    grid: dict = {}  # plots.figure's layout arguments, e.g. {"ncols": 2}

    def __init_subclass__(cls, **kwargs):  # explorers.corpus() builds a Corpus
        super().__init_subclass__(**kwargs)
        module = sys.modules[cls.__module__]
        module.EXPLORER, module.__class__ = cls, _ExplorerModule

    def __init__(self):
        super().__init__()
        self.controls: dict[str, widgets.Widget] = self._make_controls()
        self._defaults = self.values
        self.result, self.error, self.summary_text, self.alt = {}, None, "", ""
        self._quiet, self._dynamic, self._background_key = False, [], None
        self.figure, self.axes = plots.figure(*self.figsize, **self.grid)
        self.figure.set_dpi(self.dpi)
        self._setup()
        for artist in self._dynamic:
            artist.set_animated(True)

        self.chart = widgets.HTML().add_class("course-chart")
        self.summary = widgets.HTML().add_class("course-summary")
        self.reset_button = widgets.Button(description="Reset", icon="undo",
                                           tooltip="Restore the default values")
        self.reset_button.add_class("course-reset").on_click(lambda _button: self.reset())
        header = widgets.HTML(f"<h3>{html.escape(self.title)}</h3>"
                              f"<p>{html.escape(self.intro)}</p>")
        inputs = widgets.GridBox(list(self.controls.values()), layout=widgets.Layout(
            grid_template_columns="repeat(auto-fill, minmax(330px, 1fr))", grid_gap="4px 16px"))
        self.children = [header, inputs, self.chart, self.summary, self.reset_button]
        self.add_class("course-explorer").add_class(f"course-explorer-{self.name}")
        for control in self.controls.values():
            control.observe(lambda _change: self._quiet or self.update(), names="value")
        self._draw(self._compute(self.values))
        with plots.style():
            self.figure.canvas.draw()  # lay out once, then keep the layout fixed
        self.figure.set_layout_engine("none")
        self.update()

    def _repr_mimebundle_(self, **kwargs):  # static pages show this snapshot (course.snapshot)
        return snapshot.with_html(super()._repr_mimebundle_(**kwargs), snapshot.explorer_html(self))

    @property
    def values(self) -> dict:
        """The controls' current values, by name."""
        return {key: w.value for key, w in self.controls.items()}

    @property
    def defaults(self) -> dict:
        """The values the explorer starts with and :meth:`reset` restores."""
        return dict(self._defaults)

    @contextlib.contextmanager
    def _muted(self):  # change controls without an update for each
        quiet, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = quiet

    def reset(self) -> None:
        """Restore every control's default value (one update, however many changed)."""
        self.set(**self._defaults)

    def set(self, **values) -> None:
        """Set several controls at once with a single update, e.g. ``set(price=3)``."""
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise ValueError(f"unknown control(s) {', '.join(unknown)}; the controls are: "
                             f"{', '.join(self.controls)}")
        with self._muted():
            self._assign(values)
        self.update()

    def _assign(self, values: dict) -> None:
        for key, value in values.items():
            self.controls[key].value = value

    def update(self) -> None:
        """Recompute from the controls and refresh chart and summary together."""
        try:
            result = self._compute(self.values)
        except (ValueError, TypeError) as exc:
            self.error = str(exc)
            self.summary_text = f"Check the inputs: {self.error}"
            self.summary.value = (f'<p role="status" class="course-summary-problem">'
                                  f"{html.escape(self.summary_text)}</p>")
            return
        self.error, self.result = None, result
        self._draw(result)
        self.summary_text, alt = self._describe(result)
        self.alt = " ".join(alt.split())
        self.chart.value = plots.figure_html(self.figure, self.alt, png=self._render(),
                                             style="margin:0")
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in self.summary_text.split("\n"))
        self.summary.value = f'<div aria-live="polite">{paragraphs}</div>'

    def _render(self) -> bytes:
        """The figure as a PNG, its background redrawn only when an axis limit changed."""
        canvas = self.figure.canvas
        key = tuple((ax.get_xlim(), ax.get_ylim()) for ax in self.figure.axes)
        with plots.style():
            if key != self._background_key:
                canvas.draw()  # animated (dynamic) artists are left out
                self._background, self._background_key = canvas.copy_from_bbox(
                    self.figure.bbox), key
            else:
                canvas.restore_region(self._background)
            for artist in self._dynamic:
                self.figure.draw_artist(artist)
        return plots.canvas_png(canvas, compress_level=1)


class _ExplorerModule(types.ModuleType):
    """An explorer's module, which builds its explorer when called."""

    def __call__(self) -> Explorer:
        return self.EXPLORER()
