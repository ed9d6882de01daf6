"""The fact-check explorer: every claim in ``claims.csv`` with its verdict and evidence.

Examples
--------
>>> from course import explorers
>>> ex = explorers.claims()
>>> ex.set(article="winds-of-change", status="wrong")  # the claim box follows the filters
>>> [row["id"] for row in ex.result["matches"]], ex.values["claim"]
(['r1-released-nov-2024'], 'r1-released-nov-2024')
"""

from __future__ import annotations

import textwrap

from ..claims import TYPO, report_lines, status_counts, verdict_of
from ..plots import verdict_scorecard
from ..tables import VERDICTS, records, rows_by_id
from ._base import Explorer, dropdown
from .corpus import article_options

__all__ = ["Claims"]

_LISTED = 5  # other matching claims listed in the explorer's summary


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
        # A typo is filtered, counted and drawn as its own "verdict", never as wrong.
        self._rows = [{**row, "status": verdict_of(row)} for row in records("claims")]
        self._by_id = {row["id"]: row for row in self._rows}
        self._facts = rows_by_id("facts")
        self._counts = status_counts()
        verdicts = ([("All verdicts", "all")] + [(s.capitalize(), s) for s in VERDICTS]
                    + [("Typo (not a claim)", TYPO)])
        claim = dropdown("Claim to read in full", self._options("all", "all"),
                         self._rows[0]["id"])
        claim.layout.grid_column = "1 / -1"  # a whole row: the claims' labels are long
        controls = {
            "article": dropdown("Article", article_options(("All five articles", "all")),
                                "all"),
            "status": dropdown("Verdict", verdicts, "all"),
            "claim": claim,
        }
        for name in ("article", "status"):  # the claim box follows them before the update
            controls[name].observe(lambda _change: self._sync_claims(), names="value")
        return controls

    def _matches(self, article_id: str, status: str) -> list[dict]:
        return [row for row in self._rows if article_id in ("all", row["article_id"])
                and status in ("all", row["status"])]

    def _options(self, article_id: str, status: str) -> list[tuple[str, str]]:
        options = [(f"{row['article_id']} ¶{row['paragraph']} · {_short(row['quote'], 56)}",
                    row["id"]) for row in self._matches(article_id, status)]
        return options or [("(no claim matches these filters)", "")]

    def _sync_claims(self) -> None:
        """Offer the claims that match the filters in the claim box (without an update)."""
        box = self.controls["claim"]
        options = self._options(self.controls["article"].value, self.controls["status"].value)
        if list(box.options) == options:
            return
        keep = box.value if box.value in [v for _, v in options] else options[0][1]
        with self._muted():
            box.options, box.value = options, keep

    def _assign(self, values: dict) -> None:
        """Filters first, so that the claim box offers the claim asked for."""
        super()._assign(dict(sorted(values.items(), key=lambda item: item[0] == "claim")))

    def _setup(self):
        ax, typos = self.axes, int(self._counts[TYPO].sum())
        verdict_scorecard(self._counts, ax=ax, title=(
            f"Verdicts on the articles' {len(self._rows) - typos} claims"
            + (f" (and {typos} typo{'s' if typos != 1 else ''})" if typos else "")))
        ax.set_xlim(0, int(self._counts.sum(axis=1).max()) * 1.75)  # room for the note
        self._bars = {(aid, bars.get_label()): bar for bars in ax.containers
                      for aid, bar in zip(self._counts.index, bars, strict=True)}
        self._star, = ax.plot([], [], linestyle="none", marker="*", markersize=15,
                              color="#000000", markeredgecolor="white")
        self._note = ax.text(0, 0, "", va="center", ha="left", fontsize=9)
        self._dynamic = [*self._bars.values(), *ax.texts, self._star]  # texts: counts, note
        # the counts never change: the alt text's part for them is written once
        self._totals = "; ".join(
            f"{aid} {int(n.sum())} ("
            + ", ".join(f"{int(n[s])} {s}" for s in self._counts.columns if n[s]) + ")"
            for aid, n in self._counts.iterrows())

    def _compute(self, v):
        chosen = self._matches(v["article"], v["status"])
        tally = {s: sum(1 for r in chosen if r["status"] == s) for s in self._counts.columns}
        return {**v, "matches": chosen, "tally": tally, "claim": self._by_id.get(v["claim"])}

    def _draw(self, r):
        for (aid, status), bar in self._bars.items():
            on = r["article"] in ("all", aid) and r["status"] in ("all", status)
            bar.set_alpha(1.0 if on else 0.22)
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
        self._note.set(position=(total + 0.4, y), text=f"◀ reading: {row['id']}\n   ({status})")

    def _describe(self, r):
        total, found, row = len(self._rows), r["matches"], r["claim"]
        where = (("all five articles" if r["article"] == "all" else r["article"]) + ", "
                 + ("every verdict" if r["status"] == "all" else f"verdict '{r['status']}'"))
        shown = ("every bar in full colour" if r["article"] == r["status"] == "all" else
                 f"full colour for {where}, the rest faded")
        reading = (f" A star marks the claim being read, {row['id']}, "
                   f"{'an' if row['status'][:1] in 'aeiou' else 'a'} {row['status']} claim from "
                   f"{row['article_id']}." if row else " No claim matches, so none is marked.")
        alt = (f"Stacked bar chart of the verdicts on each article's claims: {self._totals}. "
               f"Shown: {shown}.{reading}")
        if not found:
            return (f"No claim matches ({where}): of {total} claims, none from this article has "
                    "this verdict. Choose another article or verdict."), alt
        tally = ", ".join(f"{n} {s}" for s, n in r["tally"].items() if n)
        lines = [f"{len(found)} of {total} claims match ({where}): {tally}.",
                 f"Reading claim {found.index(row) + 1} of {len(found)}:",
                 *report_lines(row, self._facts)]
        others = [x for x in found if x["id"] != row["id"]]
        if others:
            lines.append("Other matching claims (choose one above to read it in full):")
            lines += [f"· [{x['article_id']} ¶{x['paragraph']}] “{_short(x['quote'], 90)}” "
                      f"— {x['status']}" for x in others[:_LISTED]]
            if len(others) > _LISTED:
                lines.append(f"… and {len(others) - _LISTED} more in the claim box.")
        return "\n".join(lines), alt
