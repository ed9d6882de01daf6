"""course.plots: explicit style, palette, labelled helpers, and alt text on every figure."""

from __future__ import annotations

import base64
import html
import subprocess
import sys
import textwrap

import matplotlib
import nbformat
import pytest
from matplotlib.colors import to_hex
from nbclient import NotebookClient

from course import plots


def test_importing_the_course_changes_no_global_state():
    code = textwrap.dedent("""
        import matplotlib
        before = dict(matplotlib.rcParams)
        backend = matplotlib.get_backend()
        import course, course.plots, course.explorers
        ex = course.explorers.elasticity()
        with course.plots.style():
            pass
        after = dict(matplotlib.rcParams)
        changed = sorted(k for k in before if str(before[k]) != str(after[k]))
        import sys
        print(changed, matplotlib.get_backend() == backend, "matplotlib.pyplot" in sys.modules)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"MPLBACKEND": "Agg", "PATH": ""})
    assert out.stdout.split() == ["[]", "True", "False"]


def test_style_is_a_context_and_apply_style_is_explicit():
    before = matplotlib.rcParams["axes.titlesize"]
    with plots.style():
        assert matplotlib.rcParams["axes.titlesize"] == 13
        assert [to_hex(c) for c in matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]] \
            == [c.lower() for c in plots.PALETTE]
    assert matplotlib.rcParams["axes.titlesize"] == before
    with matplotlib.rc_context():
        plots.apply_style()
        assert matplotlib.rcParams["image.cmap"] == "cividis"
    assert matplotlib.rcParams["axes.titlesize"] == before


def check_labelled(ax) -> None:
    """Raise ``ValueError`` unless *ax* has a title and labelled axes."""
    missing = []
    if not any(ax.get_title(loc) for loc in ("center", "left", "right")):
        missing.append("a title")
    if not ax.get_xlabel():
        missing.append("an x-axis label")
    if ax.yaxis.get_visible() and not ax.get_ylabel():
        missing.append("a y-axis label")
    if missing:
        raise ValueError("the chart lacks: " + ", ".join(missing))


def labelled(ax):
    check_labelled(ax)
    return ax


def test_helpers_draw_on_a_new_agg_figure_or_on_the_given_axes():
    ax = labelled(plots.bar_chart(["a", "b"], [1, 2], title="T", xlabel="X (u)",
                                  ylabel="Y (u)"))
    assert type(ax.figure.canvas).__name__ == "FigureCanvasAgg"
    fig, (left, right) = plots.figure(8, 3, ncols=2)
    assert plots.line_chart([1, 2], {"s": [1, 2]}, title="L", xlabel="x (s)", ylabel="y (m)",
                            ax=left) is left
    assert plots.cost_components({"a": 1.0, "b": 2.0}, title="C", ax=right) is right
    assert right.get_xlabel() == "Cost (US dollars)"
    assert [round(p.get_width(), 6) for p in right.patches] == [1.0, 2.0, 3.0]  # parts, total


def test_bars_use_the_palette_and_write_their_values():
    ax = plots.bar_chart(["a", "b"], [1500, 20], title="T", xlabel="X", ylabel="Y (USD)")
    assert to_hex(ax.patches[0].get_facecolor()) == plots.PALETTE[0].lower()
    assert [t.get_text() for t in ax.texts] == ["1.5e+03", "20"]


def test_line_chart_distinguishes_series_without_colour():
    ax = plots.line_chart([0, 1, 2], {"open": [0, 1, 2], "closed": [0, 2, 3]}, title="T",
                          xlabel="Year", ylabel="Users (millions)", markers=True)
    styles = [(line.get_linestyle(), line.get_marker()) for line in ax.get_lines()]
    assert styles[0] != styles[1]
    assert ax.get_legend() is not None


def test_heatmap_writes_every_cell():
    ax = plots.heatmap([[1, 0], [0.5, 1]], ["A", "B"], ["weights", "code"], title="Scorecard",
                       xlabel="Dimension", ylabel="Model", colorbar_label="Score (0-1)",
                       annotations=[["open", "none"], ["gated", "full"]])
    assert [t.get_text() for t in ax.texts] == ["open", "none", "gated", "full"]
    labelled(ax)


def test_timeline_accepts_periods_and_categories():
    ax = plots.timeline(["2022-10-07", "2023-03", "2025"], ["rule", "chip", "later"],
                        categories=["export-control", "release", "export-control"],
                        title="Timeline")
    assert [t.get_text() for t in ax.texts] == ["rule", "chip", "later"]
    assert len(ax.get_legend().get_texts()) == 2
    labelled(ax)  # the y axis is hidden, so it needs no label


@pytest.mark.parametrize(("call", "error", "fragment"), [
    (lambda: plots.bar_chart(["a"], [1], title="", xlabel="x", ylabel="y"), ValueError,
     "title must be a non-empty string"),
    (lambda: plots.timeline(["last year"], ["x"], title="t"), ValueError, "YYYY-MM-DD"),
])
def test_bad_arguments(call, error, fragment):
    with pytest.raises(error, match=fragment):
        call()


def test_check_labelled_names_what_is_missing():
    fig, ax = plots.figure()
    ax.set_title("Only a title")
    with pytest.raises(ValueError, match="lacks: an x-axis label, a y-axis label"):
        check_labelled(ax)


def test_to_png_matches_savefig_pixel_for_pixel():
    import io

    import numpy as np
    from PIL import Image

    fig, ax = plots.figure()
    plots.bar_chart(["Open", "Closed"], [3, 1], ax=ax, title="Two bars", xlabel="Model",
                    ylabel="Count (models)")
    fast = plots.to_png(fig)
    buffer = io.BytesIO()
    with plots.style():
        fig.savefig(buffer, format="png", dpi=fig.dpi)
    pixels = [np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))
              for png in (fast, buffer.getvalue())]
    assert pixels[0].shape == pixels[1].shape == (400, 700, 4)
    assert np.array_equal(*pixels)
    assert plots.to_png(fig, dpi=50)[:4] == b"\x89PNG"  # another resolution goes by savefig


def test_figure_html_embeds_a_png_with_escaped_alt():
    fig, ax = plots.figure(3, 2)
    page = plots.figure_html(fig, 'Costs "fell" <sharply> & fast', caption="Source: V3 report")
    assert 'alt="Costs &quot;fell&quot; &lt;sharply&gt; &amp; fast"' in page
    data = page.split('base64,', 1)[1].split('"', 1)[0]
    assert base64.b64decode(data)[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<figcaption>Source: V3 report</figcaption>" in page


def test_display_bundle_has_html_png_and_the_alt_as_text():
    fig, ax = plots.figure(3, 2)
    bundle = plots.FigureDisplay(fig, "  A chart\nof costs ")._repr_mimebundle_()
    assert set(bundle) == {"text/html", "image/png", "text/plain"}
    assert bundle["text/plain"] == "[Figure: A chart of costs]"
    assert base64.b64decode(bundle["image/png"])[:4] == b"\x89PNG"


@pytest.mark.parametrize(("alt", "error"), [("", ValueError), ("   ", ValueError),
                                            (None, TypeError), (42, TypeError)])
def test_an_empty_or_missing_alt_is_refused(alt, error):
    fig, ax = plots.figure(3, 2)
    with pytest.raises(error, match="alt"):
        plots.show(fig, alt)


def test_show_in_a_real_kernel_displays_once_with_alt_and_closes_the_figure():
    source = textwrap.dedent("""
        import matplotlib.pyplot as plt
        from course import plots
        with plots.style():
            fig, ax = plt.subplots()
            plots.line_chart([0, 1], {"a": [0, 1]}, title="Rise", xlabel="t (s)",
                             ylabel="y (m)", ax=ax)
        plots.show(fig, alt="A line rising from 0 to 1.")
        print(plt.get_fignums())
    """)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    outputs = nb.cells[0].outputs
    shown = [o for o in outputs if o.output_type == "display_data"]
    assert len(shown) == 1  # not twice: the figure was closed before the cell ended
    data = shown[0].data
    assert f'alt="{html.escape("A line rising from 0 to 1.")}"' in data["text/html"]
    assert data["text/plain"] == "[Figure: A line rising from 0 to 1.]"
    assert "image/png" in data
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert printed.strip() == "[]"
