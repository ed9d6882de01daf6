"""The fact-check explorer: every claim in ``claims.csv`` with its verdict and evidence.

The module also holds the scorecard helpers notebook 08 uses on their own:
:func:`status_counts` (claims per article and verdict, computed from the table) and
:func:`scorecard` (the same counts as stacked bars), and :func:`claim_report`, one
claim's verdict, correction and evidence as plain text.
"""

from __future__ import annotations

import textwrap

from ..articles import article_ids
from ..facts import CONFIDENCE
from ..tables import load_table
from ._base import Explorer, dropdown
from .corpus import article_options

__all__ = ["COLOURS", "Claims", "HATCHES", "STATUSES", "claim_report", "claims",
           "dates_chart", "scorecard", "status_counts"]

#: The four verdicts of ``claims.csv``, from best to worst supported.
STATUSES = ("accurate", "loose", "wrong", "unverifiable")
#: One Okabe-Ito colour per verdict.
COLOURS = {"accurate": "#009E73", "loose": "#E69F00", "wrong": "#D55E00",
           "unverifiable": "#56B4E9"}
#: One hatch per verdict, so that colour is never the only cue.
HATCHES = {"accurate": "", "loose": "//", "wrong": "xx", "unverifiable": ".."}

_FADED = 0.22
_LISTED = 5  # other matching claims listed in the explorer's summary


def _claims_table(claims=None):
    import pandas as pd

    table = load_table("claims") if claims is None else claims
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"claims must be a DataFrame like load_table('claims'); got {claims!r}")
    missing = [c for c in ("article_id", "status") if c not in table.columns]
    if missing:
        raise ValueError(f"claims lacks the column(s) {', '.join(missing)}; it has: "
                         f"{', '.join(map(str, table.columns))}")
    unknown = sorted(set(table["status"]) - set(STATUSES))
    if unknown:
        raise ValueError(f"claims has status value(s) {', '.join(map(repr, unknown))}; "
                         f"allowed: {', '.join(STATUSES)}")
    return table


def status_counts(claims=None):
    """Claims per article (rows, in corpus order) and verdict (columns, :data:`STATUSES`).

    Parameters
    ----------
    claims : pandas.DataFrame, optional
        A claims table with ``article_id`` and ``status`` columns; default
        ``load_table("claims")``.

    Returns
    -------
    pandas.DataFrame
        Whole-number counts; an article or verdict with no claims counts 0.

    Examples
    --------
    >>> counts = status_counts()
    >>> list(counts.columns)
    ['accurate', 'loose', 'wrong', 'unverifiable']
    >>> int(counts.to_numpy().sum()) == len(load_table("claims"))
    True
    >>> int(counts.loc["winds-of-change", "wrong"])
    1
    """
    import pandas as pd

    table = _claims_table(claims)
    order = article_ids()
    order += sorted(set(table["article_id"]) - set(order))
    counts = pd.crosstab(table["article_id"], table["status"])
    counts = counts.reindex(index=order, columns=list(STATUSES), fill_value=0).astype(int)
    counts.index.name, counts.columns.name = "article", "verdict"
    return counts


def _draw_bars(ax, counts):
    """Stacked horizontal bars of *counts*; return ({(article, status): bar}, [labels])."""
    bars, labels = {}, []
    left = [0] * len(counts.index)
    rows = list(counts.index)
    for status in STATUSES:
        widths = [int(v) for v in counts[status]]
        drawn = ax.barh(rows, widths, left=left, color=COLOURS[status], hatch=HATCHES[status],
                        edgecolor="#000000", linewidth=0.8, label=status, height=0.68)
        for k, (bar, width) in enumerate(zip(drawn, widths, strict=True)):
            bars[(rows[k], status)] = bar
            if width:
                labels.append(ax.text(left[k] + width / 2, k, str(width), ha="center",
                                      va="center", fontsize=9, fontweight="bold",
                                      bbox={"boxstyle": "round,pad=0.15", "facecolor": "white",
                                            "edgecolor": "none", "alpha": 0.85}))
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.invert_yaxis()  # first article on top
    ax.grid(axis="y", visible=False)
    most = max(left, default=0)
    ax.set_xticks(range(0, most + 1, 2 if most > 8 else 1))
    ax.legend(title="Verdict", loc="lower right", fontsize=9, title_fontsize=9)
    return bars, labels


def scorecard(counts=None, *, ax=None, title: str = "Verdicts on each article's claims"):
    """Stacked bars of the verdicts per article, each segment labelled with its count.

    Parameters
    ----------
    counts : pandas.DataFrame, optional
        Output of :func:`status_counts`; computed from ``claims.csv`` by default.
    ax : matplotlib Axes, optional
        Where to draw; a new figure if None.
    title : str
        What the chart shows.

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> ax = scorecard()
    >>> [t.get_text() for t in ax.get_yticklabels()][0]
    'free-software-strategy'
    >>> ax.get_xlabel()
    'Claims checked (count)'
    """
    from .. import plots

    counts = status_counts() if counts is None else counts
    if list(counts.columns) != list(STATUSES):
        raise ValueError(f"counts must have the columns {', '.join(STATUSES)} (use "
                         f"status_counts()); got {', '.join(map(str, counts.columns))}")
    if not isinstance(title, str) or not title.strip():
        raise ValueError(f"title must say what the chart shows; got {title!r}")
    if ax is None:
        _, ax = plots.figure(8.0, 3.8)
    with plots.style():
        _draw_bars(ax, counts)
        most = int(counts.sum(axis=1).max()) if len(counts) else 1
        ax.set_xlim(0, most * 1.45)
        ax.set_title(title)
        ax.set_xlabel("Claims checked (count)")
        ax.set_ylabel("Article")
    return ax


def dates_chart(articles, events, *, ax=None,
                title: str = "When the articles were written, against the events they report"):
    """Each article's date (shown, or the earliest it can be) against dated events.

    Parameters
    ----------
    articles : pandas.DataFrame
        One row per article: ``id``, ``date`` (a date or ISO string) and ``shown`` (True
        when the article prints its date; False when ``date`` is only the earliest date it
        can have been written, inferred from an event it mentions).
    events : sequence of (date, label)
        Events to mark as vertical lines, labelled at the top.
    ax : matplotlib Axes, optional
    title : str

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"id": ["a", "b"], "date": ["2025-01-29", "2025-01-20"],
    ...                      "shown": [True, False]})
    >>> ax = dates_chart(rows, [("2025-01-27", "Nvidia falls")])
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['a', 'b']
    """
    import datetime as dt

    import matplotlib.dates

    from .. import plots

    if not isinstance(title, str) or not title.strip():
        raise ValueError(f"title must say what the chart shows; got {title!r}")
    missing = [c for c in ("id", "date", "shown") if c not in articles.columns]
    if missing:
        raise ValueError(f"articles lacks the column(s) {', '.join(missing)}")
    days = [plots._as_date(d) for d in articles["date"]]
    marks = [(plots._as_date(d), str(label)) for d, label in events]
    if ax is None:
        _, ax = plots.figure(10.0, 5.2)
    with plots.style():
        first = min(days + [d for d, _ in marks])
        last = max(days + [d for d, _ in marks]) + dt.timedelta(days=18)
        for k, (day, shown) in enumerate(zip(days, articles["shown"], strict=True)):
            if shown:
                ax.plot([day], [k], marker="D", markersize=9, linestyle="none",
                        color=plots.OKABE_ITO["vermillion"],
                        label="date printed in the article" if k == 0 or
                        "date printed in the article" not in ax.get_legend_handles_labels()[1]
                        else None)
            else:
                ax.annotate("", xy=(last, k), xytext=(day, k),
                            arrowprops={"arrowstyle": "->", "color": plots.OKABE_ITO["blue"],
                                        "linewidth": 2, "linestyle": "--"})
                ax.plot([day], [k], marker="o", markersize=8, linestyle="none",
                        color=plots.OKABE_ITO["blue"],
                        label=None if "written on or after this date (inferred)"
                        in ax.get_legend_handles_labels()[1]
                        else "written on or after this date (inferred)")
        gap = (last - first) * 0.03  # labels closer than this are nudged apart
        placed = None
        for day, label in sorted(marks):
            ax.axvline(day, color="0.45", linewidth=1, linestyle=":")
            placed = day if placed is None or day - placed >= gap else placed + gap
            ax.text(placed, -0.7, label, rotation=90, ha="center", va="bottom", fontsize=8.5,
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85,
                          "pad": 1})
        ax.set_yticks(range(len(days)), labels=list(articles["id"]))
        ax.set_ylim(len(days) - 0.4, -4.4)
        ax.set_xlim(first - dt.timedelta(days=6), last + dt.timedelta(days=4))
        ax.xaxis.set_major_locator(matplotlib.dates.MonthLocator())
        ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("1 %b %Y"))
        ax.grid(axis="y", visible=False)
        ax.legend(loc="upper center", bbox_to_anchor=(0.45, -0.13), fontsize=9, ncols=2)
        ax.set_title(title)
        ax.set_xlabel("Date")
        ax.set_ylabel("Article")
    return ax


def _fact_index() -> dict[str, dict]:
    return {row["id"]: row for row in load_table("facts").to_dict("records")}


def _evidence_lines(fact_ids, facts: dict[str, dict]) -> list[str]:
    lines = []
    for fid in fact_ids:
        row = facts[fid]
        level = row["confidence"]
        flag = " (unverified)" if level == "NV" else ""
        lines.append(f"Evidence {fid} [{level}: {CONFIDENCE[level]}]: {row['statement']} "
                     f"Source: {row['source']}, {row['locator']}{flag}.")
    return lines


def claim_report(claim_id: str) -> str:
    """One claim as plain text: where it is, what it says, the verdict and the evidence.

    Parameters
    ----------
    claim_id : str
        An id in ``claims.csv``.

    Examples
    --------
    >>> print(claim_report("nvidia-one-fifth").splitlines()[1])
    Verdict: LOOSE. Nvidia fell about 17% on 27 January 2025 ($142.62 to $118.42), ...
    """
    if not isinstance(claim_id, str):
        raise TypeError(f"claim_id must be a claim id (str); got {claim_id!r}")
    table = load_table("claims")
    rows = table[table["id"] == claim_id]
    if rows.empty:
        import difflib

        close = difflib.get_close_matches(claim_id, list(table["id"]), n=4, cutoff=0.5)
        raise ValueError(f"There is no claim {claim_id!r} in claims.csv."
                         + (f" Did you mean: {', '.join(close)}?" if close else ""))
    return "\n".join(_report(rows.iloc[0].to_dict(), _fact_index()))


def _report(row: dict, facts: dict[str, dict]) -> list[str]:
    return [f"[{row['article_id']} ¶{row['paragraph']}] “{row['quote']}”",
            f"Verdict: {row['status'].upper()}. {row['correction']}",
            *_evidence_lines(row["fact_ids"], facts)]


def _short(text: str, width: int) -> str:
    return textwrap.shorten(text, width=width, placeholder="…")


class Claims(Explorer):
    """Explorer of the fact-check: filter by article and verdict, read one claim in full."""

    name = "claims"
    title = "Every claim, its verdict and its evidence"
    intro = ("Choose an article and a verdict to filter the claims; the chart keeps the "
             "matching part of each bar in full colour and fades the rest. Then pick a claim "
             "to read in full: its verdict, the correction and each fact behind it with its "
             "source and confidence (V verified, W widely reported, NV not verified). The "
             "star marks where that claim sits in the chart.")
    figsize = (8.6, 4.4)

    def _make_controls(self):
        self._rows = load_table("claims").to_dict("records")
        self._by_id = {row["id"]: row for row in self._rows}
        self._facts = _fact_index()
        self._counts = status_counts()
        verdicts = [("All verdicts", "all")] + [(s.capitalize(), s) for s in STATUSES]
        claim = dropdown("Claim to read in full", self._options("all", "all"),
                         self._rows[0]["id"])
        claim.layout.grid_column = "1 / -1"  # a whole row: the claims' labels are long
        return {
            "article": dropdown("Article", article_options(("All five articles", "all")),
                                "all"),
            "status": dropdown("Verdict", verdicts, "all"),
            "claim": claim,
        }

    # -- the claim list follows the filters
    def _matches(self, article_id: str, status: str) -> list[dict]:
        return [row for row in self._rows if article_id in ("all", row["article_id"])
                and status in ("all", row["status"])]

    def _options(self, article_id: str, status: str) -> list[tuple[str, str]]:
        found = self._matches(article_id, status)
        if not found:
            return [("(no claim matches these filters)", "")]
        return [(f"{row['article_id']} ¶{row['paragraph']} · {_short(row['quote'], 56)}",
                 row["id"]) for row in found]

    def _sync_claims(self) -> None:
        """Give the claim box the claims that match the filters (without an update)."""
        box = self.controls["claim"]
        options = self._options(self.controls["article"].value, self.controls["status"].value)
        if list(box.options) == options:
            return
        keep = box.value if box.value in [v for _, v in options] else options[0][1]
        muted, self._muted = self._muted, True
        try:
            box.options = options
            box.value = keep
        finally:
            self._muted = muted

    def update(self) -> None:
        self._sync_claims()
        super().update()

    def reset(self) -> None:
        """Restore the defaults: filters first, then the first claim (one update)."""
        muted, self._muted = self._muted, True
        try:
            for key in ("article", "status"):
                self.controls[key].value = self._defaults[key]
            self._sync_claims()
            self.controls["claim"].value = self._defaults["claim"]
        finally:
            self._muted = muted
        self.update()

    def set(self, **values) -> None:
        """Set controls, filters first, so that the claim box offers the claim asked for."""
        claim = values.pop("claim", None)
        super().set(**values)
        if claim is not None:
            super().set(claim=claim)

    def benchmark(self, n: int = 30) -> dict:
        """Time *n* updates, each choosing the next option of one drop-down in turn."""
        import time

        import numpy as np

        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"n must be a whole number >= 1; got {n!r}")
        names = list(self.controls)
        times = []
        for k in range(n):
            box = self.controls[names[k % len(names)]]
            values = [v for _, v in box.options]
            start = time.perf_counter()
            box.value = values[(values.index(box.value) + 1) % len(values)]
            times.append(time.perf_counter() - start)
        self.reset()
        ms = np.array(times) * 1000
        return {"n": len(ms), "p50_ms": float(np.percentile(ms, 50)),
                "p95_ms": float(np.percentile(ms, 95)), "max_ms": float(ms.max())}

    # -- the chart
    def _setup(self):
        ax = self.axes
        self._bars, self._labels = _draw_bars(ax, self._counts)
        most = int(self._counts.sum(axis=1).max())
        ax.set_xlim(0, most * 1.75)  # room for the "reading" note beside the bars
        ax.set_title(f"Verdicts on the articles' {len(self._rows)} claims")
        ax.set_xlabel("Claims checked (count)")
        ax.set_ylabel("Article")
        self._star, = ax.plot([], [], linestyle="none", marker="*", markersize=15,
                              color="#000000", markeredgecolor="white")
        self._note = ax.text(0, 0, "", va="center", ha="left", fontsize=9)
        self._dynamic = [*self._bars.values(), *self._labels, self._star, self._note]

    def _compute(self, v):
        chosen = self._matches(v["article"], v["status"])
        row = self._by_id.get(v["claim"])
        tally = {s: sum(1 for r in chosen if r["status"] == s) for s in STATUSES}
        return {"article": v["article"], "status": v["status"], "matches": chosen,
                "tally": tally, "claim": row}

    def _draw(self, r):
        for (aid, status), bar in self._bars.items():
            on = r["article"] in ("all", aid) and r["status"] in ("all", status)
            bar.set_alpha(1.0 if on else _FADED)
            bar.set_linewidth(0.8 if on else 0.0)
        row = r["claim"]
        if row is None:
            self._star.set_data([], [])
            self._note.set_text("")
            return
        aid, status = row["article_id"], row["status"]
        bar = self._bars[(aid, status)]
        y = list(self._counts.index).index(aid)
        self._star.set_data([bar.get_x() + bar.get_width() / 2], [y + 0.3])
        total = int(self._counts.loc[aid].sum())
        self._note.set_position((total + 0.4, y))
        self._note.set_text(f"◀ reading: {row['id']}\n   ({status})")

    def _where(self, r) -> str:
        which = "all five articles" if r["article"] == "all" else r["article"]
        verdict = "every verdict" if r["status"] == "all" else f"verdict '{r['status']}'"
        return f"{which}, {verdict}"

    def _describe(self, r):
        total, found = len(self._rows), r["matches"]
        if not found:
            return (f"No claim matches ({self._where(r)}): of {total} claims, none from this "
                    "article has this verdict. Choose another article or verdict.")
        tally = ", ".join(f"{n} {s}" for s, n in r["tally"].items() if n)
        lines = [f"{len(found)} of {total} claims match ({self._where(r)}): {tally}."]
        row = r["claim"]
        position = [x["id"] for x in found].index(row["id"]) + 1
        lines.append(f"Reading claim {position} of {len(found)}:")
        lines += _report(row, self._facts)
        others = [x for x in found if x["id"] != row["id"]]
        if others:
            lines.append("Other matching claims (choose one above to read it in full):")
            lines += [f"· [{x['article_id']} ¶{x['paragraph']}] “{_short(x['quote'], 90)}” "
                      f"— {x['status']}" for x in others[:_LISTED]]
            if len(others) > _LISTED:
                lines.append(f"… and {len(others) - _LISTED} more in the claim box.")
        return "\n".join(lines)

    def _alt(self, r):
        parts = []
        for aid in self._counts.index:
            row = self._counts.loc[aid]
            parts.append(f"{aid} {int(row.sum())} ("
                         + ", ".join(f"{int(row[s])} {s}" for s in STATUSES if row[s]) + ")")
        shown = ("every bar in full colour" if r["article"] == r["status"] == "all" else
                 f"full colour for {self._where(r)}, the rest faded")
        status = r["claim"]["status"] if r["claim"] else ""
        reading = (f" A star marks the claim being read, {r['claim']['id']}, "
                   f"{'an' if status[:1] in 'aeiou' else 'a'} {status} claim from "
                   f"{r['claim']['article_id']}."
                   if r["claim"] else " No claim matches, so none is marked.")
        return ("Stacked bar chart of the verdicts on each article's claims: "
                + "; ".join(parts) + f". Shown: {shown}." + reading)


def claims() -> Claims:
    """The fact-check explorer: filter claims by article and verdict, read one in full.

    Returns
    -------
    Claims

    Examples
    --------
    >>> ex = claims()
    >>> ex.result["claim"]["id"], len(ex.result["matches"]) == len(load_table("claims"))
    ('openai-80-percent-market', True)
    >>> ex.set(article="winds-of-change", status="wrong")
    >>> [row["id"] for row in ex.result["matches"]]
    ['r1-released-nov-2024']
    >>> ex.values["claim"]
    'r1-released-nov-2024'
    """
    return Claims()
