"""Charts in the course style (applied only inside ``with style():`` or after :func:`apply_style`).

Each helper requires a title and axis labels, draws on *ax* (a new Agg figure if None) and
returns it; :func:`show` displays a figure with its required alt text.
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
import io
import sys
from collections.abc import Mapping, Sequence

import numpy as np

__all__ = ["OKABE_ITO", "PALETTE", "FigureDisplay", "apply_style", "as_date", "bar_chart",
           "canvas_png", "cost_components", "figure", "figure_html", "heatmap", "line_chart",
           "show", "style", "timeline", "to_png", "verdict_scorecard"]

#: Okabe and Ito's eight colours, distinguishable with common colour blindness (2008).
OKABE_ITO: dict[str, str] = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7",
}

#: Series colours in the order charts use them (yellow last: weak contrast on white).
PALETTE: tuple[str, ...] = tuple(OKABE_ITO[k] for k in (
    "blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue", "black",
    "yellow"))
_SHAPES = "osD^v<>"  # marker shapes, so that series differ by more than colour


def _style() -> dict:
    from cycler import cycler

    return {
        "figure.figsize": (7.0, 4.0), "figure.dpi": 100, "savefig.dpi": 100,
        "figure.constrained_layout.use": True, "font.size": 11, "axes.titlesize": 13,
        "axes.labelsize": 11, "xtick.labelsize": 10, "ytick.labelsize": 10,
        "legend.fontsize": 10, "legend.frameon": False,
        "axes.prop_cycle": cycler(color=list(PALETTE)), "axes.grid": True, "grid.alpha": 0.3,
        "axes.spines.top": False, "axes.spines.right": False, "lines.linewidth": 2.2,
        "lines.markersize": 7, "image.cmap": "cividis",
    }


def style():
    """Apply the course style inside a ``with`` block, then restore the previous one.

    Examples
    --------
    >>> import matplotlib
    >>> with style():
    ...     matplotlib.rcParams["axes.titlesize"]
    13.0
    """
    import matplotlib

    return matplotlib.rc_context(_style())


def apply_style() -> None:
    """Apply the course style to every chart from now on (changes ``rcParams``)."""
    import matplotlib

    matplotlib.rcParams.update(_style())


def figure(width: float = 7.0, height: float = 4.0, nrows: int = 1, ncols: int = 1,
           width_ratios=None):
    """``(Figure, axes)``: a new Agg figure in the course style, in inches.

    Examples
    --------
    >>> fig, ax = figure()
    >>> fig.canvas.__class__.__name__
    'FigureCanvasAgg'
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with style():
        fig = Figure(figsize=(width, height))
        FigureCanvasAgg(fig)
        axes = fig.subplots(nrows, ncols, squeeze=True, width_ratios=width_ratios)
    return fig, axes


def _text(name: str, value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string that says what the chart "
                         f"shows (with units for axes); got {value!r}")
    return value


def _labelled(ax, **labels):
    ax = figure()[1] if ax is None else ax
    ax.set(**{name: _text(name, value) for name, value in labels.items()})
    return ax


def bar_chart(labels: Sequence[str], values, *, title: str, xlabel: str, ylabel: str,
              ax=None, horizontal: bool = False, colors=None, value_format: str = "{:,.3g}"):
    """Bars with their values written on them (*colors*: one per bar, else the palette's first).

    Examples
    --------
    >>> ax = bar_chart(["A", "B"], [3, 1], title="Two bars", xlabel="Firm",
    ...                ylabel="Sales (US dollars)")
    >>> ax.get_title(), len(ax.patches)
    ('Two bars', 2)
    """
    heights = np.asarray(values, dtype="float64")
    with style():
        ax = _labelled(ax, title=title, xlabel=xlabel, ylabel=ylabel)
        bars = (ax.barh if horizontal else ax.bar)(
            [str(x) for x in labels], heights,
            color=list(colors) if colors is not None else PALETTE[0])
        ax.bar_label(bars, labels=[value_format.format(v) for v in heights], padding=3)
        ax.grid(axis="y" if horizontal else "x", visible=False)
        if horizontal:
            ax.invert_yaxis()  # first label on top
    return ax


def cost_components(components: Mapping[str, float], *, title: str, unit: str = "US dollars",
                    ax=None):
    """Horizontal bars of the parts of a cost (in *unit*) and their total.

    Examples
    --------
    >>> ax = cost_components({"Pre-training": 5.328, "Context extension": 0.238,
    ...                       "Post-training": 0.01}, title="V3's training bill",
    ...                      unit="million US dollars")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Pre-training', 'Context extension', 'Post-training', 'Total']
    """
    values = np.asarray(list(components.values()), dtype="float64")
    colors = [PALETTE[i % (len(PALETTE) - 1)] for i in range(len(values))] + [OKABE_ITO["black"]]
    return bar_chart([*map(str, components), "Total"], [*values, values.sum()], title=title,
                     xlabel=f"Cost ({unit})", ylabel="Component", ax=ax, horizontal=True,
                     colors=colors)


def line_chart(x, series: Mapping[str, Sequence[float]], *, title: str, xlabel: str,
               ylabel: str, ax=None, markers: bool = False):
    """One line per series (label -> y values) against a shared x; *markers* adds shapes.

    Examples
    --------
    >>> ax = line_chart([0, 1, 2], {"open": [0, 1, 4], "closed": [0, 1, 2]},
    ...                 title="Adoption", xlabel="Year", ylabel="Users (millions)")
    >>> [line.get_label() for line in ax.get_lines()]
    ['open', 'closed']
    """
    with style():
        ax = _labelled(ax, title=title, xlabel=xlabel, ylabel=ylabel)
        for k, (name, ys) in enumerate(series.items()):
            ax.plot(x, ys, label=str(name), color=PALETTE[k % len(PALETTE)],
                    linestyle=("-", "--", "-.", ":")[k % 4],
                    marker=_SHAPES[k % len(_SHAPES)] if markers else None)
        if len(series) > 1:
            ax.legend()
    return ax


def heatmap(values, row_labels: Sequence[str], col_labels: Sequence[str], *, title: str,
            xlabel: str, ylabel: str, colorbar_label: str, ax=None, annotations=None,
            vmin: float = 0.0, vmax: float = 1.0):
    """Coloured cells, each also written out: its *annotations* text, else its value.

    Examples
    --------
    >>> ax = heatmap([[1, 0.5], [0, 1]], ["Model A", "Model B"], ["weights", "code"],
    ...              title="Openness scorecard", xlabel="Dimension", ylabel="Model",
    ...              colorbar_label="Openness (0 closed, 1 open)")
    >>> [t.get_text() for t in ax.texts]
    ['1', '0.5', '0', '1']
    """
    grid = np.asarray(values, dtype="float64")
    with style():
        ax = _labelled(ax, title=title, xlabel=xlabel, ylabel=ylabel)
        image = ax.imshow(grid, vmin=vmin, vmax=vmax, aspect="auto")  # the style's cividis
        ax.set_xticks(range(len(col_labels)), labels=[str(c) for c in col_labels], rotation=30,
                      ha="right")
        ax.set_yticks(range(len(row_labels)), labels=[str(r) for r in row_labels])
        ax.grid(False)
        for (i, j), value in np.ndenumerate(grid):
            dark = np.isfinite(value) and image.norm(value) < 0.5
            label = f"{value:.2g}" if annotations is None else str(annotations[i][j])
            # In-cell labels stay out of the layout: constrained layout need not measure them.
            ax.text(j, i, label, ha="center", va="center",
                    color="white" if dark else "black", fontsize=9, in_layout=False)
        ax.figure.colorbar(image, ax=ax).set_label(_text("colorbar_label", colorbar_label))
    return ax


def as_date(value) -> _dt.date:
    """A date from a date, a datetime or a period (``YYYY`` is mid-year, ``YYYY-MM`` mid-month).

    Examples
    --------
    >>> as_date("2024-07"), as_date("2025")
    (datetime.date(2024, 7, 15), datetime.date(2025, 7, 1))
    """
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    try:
        if len(text) == 4:
            return _dt.date(int(text), 7, 1)  # a year: mid-year
        if len(text) == 7:
            return _dt.date(int(text[:4]), int(text[5:7]), 15)  # a month: mid-month
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"dates must be dates or strings YYYY, YYYY-MM or YYYY-MM-DD; "
                         f"got {value!r}") from None


def timeline(dates, labels: Sequence[str], *, title: str, categories=None, ax=None,
             xlabel: str = "Date"):
    """Events on a time axis (*dates* as :func:`as_date` reads them), labels staggered;
    *categories* get one colour and marker each, with a legend.

    Examples
    --------
    >>> ax = timeline(["2022-10-07", "2023-10"], ["Chip rule", "Update"],
    ...               title="US chip export rules")
    >>> [t.get_text() for t in ax.texts]
    ['Chip rule', 'Update']
    """
    days = [as_date(d) for d in dates]
    kinds = [str(c) for c in categories] if categories is not None else ["event"] * len(days)
    kind_list = list(dict.fromkeys(kinds))
    with style():
        ax = _labelled(ax, title=title, xlabel=xlabel)
        ax.axhline(0, color=OKABE_ITO["black"], linewidth=1)
        for rank, k in enumerate(sorted(range(len(days)), key=lambda k: days[k])):
            c, level = kind_list.index(kinds[k]), (1, -1, 2, -2, 3, -3)[rank % 6]
            ax.vlines(days[k], 0, level, color="0.6", linewidth=0.8)
            ax.plot(days[k], 0, linestyle="none", marker=_SHAPES[c % len(_SHAPES)],
                    color=PALETTE[c % len(PALETTE)],
                    label=kinds[k] if kinds[k] not in ax.get_legend_handles_labels()[1] else None)
            ax.text(days[k], level, str(labels[k]), ha="center",
                    va="bottom" if level > 0 else "top", fontsize=9)
        ax.set_ylim(-4, 4)
        ax.yaxis.set_visible(False)
        ax.spines["left"].set_visible(False)
        ax.grid(False)
        if categories is not None:
            ax.legend(loc="upper left", ncols=min(len(kind_list), 4))
    return ax


def verdict_scorecard(counts=None, *, ax=None, title: str = "Verdicts on each article's claims"):
    """Stacked bars of the verdicts per article (*counts*: :func:`course.claims.status_counts`),
    each segment labelled with its count.

    Examples
    --------
    >>> ax = verdict_scorecard()
    >>> [t.get_text() for t in ax.get_yticklabels()][0]
    'free-software-strategy'
    """
    from .claims import TYPO, status_counts

    counts = status_counts() if counts is None else counts
    ax = figure(8.0, 3.8)[1] if ax is None else ax
    # A colour and a hatch per verdict (colour is never the only cue); a typo is never "wrong".
    looks = {"accurate": ("#009E73", ""), "loose": ("#E69F00", "//"), "wrong": ("#D55E00", "xx"),
             "unverifiable": ("#56B4E9", ".."), TYPO: ("#BBBBBB", "oo")}
    left = [0] * len(counts)
    with style():
        for status in (s for s in looks if s in counts.columns):
            widths = [int(v) for v in counts[status]]
            ax.barh(counts.index, widths, left=left, color=looks[status][0], hatch=looks[status][1],
                    edgecolor="#000000", linewidth=0.8, label=status, height=0.68)
            for k, width in enumerate(widths):
                if width:
                    ax.text(left[k] + width / 2, k, str(width), ha="center", va="center",
                            fontsize=9, fontweight="bold", bbox={
                                "boxstyle": "round,pad=0.15", "facecolor": "white",
                                "edgecolor": "none", "alpha": 0.85})
            left = [a + b for a, b in zip(left, widths, strict=True)]
        ax.invert_yaxis()  # first article on top
        ax.grid(axis="y", visible=False)
        most = max(left, default=1)
        ax.set(xticks=range(0, most + 1, 2 if most > 8 else 1), xlim=(0, most * 1.45),
               title=title, xlabel="Claims checked (count)", ylabel="Article")
        ax.legend(title="Verdict", loc="lower right", fontsize=9, title_fontsize=9)
    return ax


def canvas_png(canvas, compress_level: int = 6) -> bytes:
    """The PNG of what an Agg *canvas* last drew (no second draw, as savefig would do)."""
    from PIL import Image

    width, height = canvas.get_width_height(physical=True)
    buffer = io.BytesIO()
    Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0,
                     1).save(buffer, format="png", compress_level=compress_level)
    return buffer.getvalue()


def to_png(fig, dpi: float | None = None) -> bytes:
    """A figure as PNG bytes (with the Agg renderer, whatever the backend).

    Examples
    --------
    >>> fig, ax = figure(2, 1)
    >>> to_png(fig)[:4]
    b'\\x89PNG'
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with style():
        if isinstance(fig.canvas, FigureCanvasAgg) and dpi in (None, fig.dpi):
            fig.canvas.draw()  # one draw does the layout and the rendering
            return canvas_png(fig.canvas)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi or fig.dpi)
    return buffer.getvalue()


def _alt(alt) -> str:
    if not isinstance(alt, str):
        raise TypeError(f"alt must be a string describing the chart; got {alt!r}")
    if not alt.strip():
        raise ValueError("alt must describe what the chart shows and its main finding, "
                         "for readers who cannot see it; got an empty string")
    return " ".join(alt.split())


def figure_html(fig, alt: str, caption: str | None = None, png: bytes | None = None,
                style: str = "") -> str:
    """An HTML ``<figure>`` with the chart as a PNG ``<img>``, its *alt* text and a *caption*.

    Examples
    --------
    >>> page = figure_html(figure(2, 1)[0], alt='Costs "fell" <fast>')
    >>> 'alt="Costs &quot;fell&quot; &lt;fast&gt;"' in page
    True
    """
    data = base64.b64encode(png if png is not None else to_png(fig)).decode("ascii")
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    # mathjax_ignore: a caption such as "$5.6M vs $100M" is money, not maths.
    return (f'<figure class="course-figure mathjax_ignore" style="{style}">'
            f'<img src="data:image/png;base64,{data}" '
            f'alt="{html.escape(_alt(alt), quote=True)}" style="max-width:100%;height:auto" '
            f'width="{int(round(fig.get_figwidth() * fig.dpi))}">{cap}</figure>')


class FigureDisplay:
    """A figure ready to display: HTML with alt text, PNG and plain-text fallbacks."""

    def __init__(self, fig, alt: str, caption: str | None = None):
        self.alt, self.caption, self.png = _alt(alt), caption, to_png(fig)
        self.html = figure_html(fig, self.alt, caption, png=self.png)

    def _repr_mimebundle_(self, include=None, exclude=None):
        text = f"[Figure: {self.alt}]" + (f" {self.caption}" if self.caption else "")
        return {"text/html": self.html, "image/png": base64.b64encode(self.png).decode("ascii"),
                "text/plain": text}


def show(fig, alt: str, caption: str | None = None) -> None:
    """Display *fig* with *alt* text (what it shows and its main finding), then close it."""
    from IPython.display import display

    display(FigureDisplay(fig, alt, caption))
    if pyplot := sys.modules.get("matplotlib.pyplot"):  # close it only where pyplot is in use
        pyplot.close(fig)
