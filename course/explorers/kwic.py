"""Keyword in context: type a word or phrase, see where and how the articles use it.

Examples
--------
>>> from course import explorers
>>> ex = explorers.kwic()
>>> ex.result["total"], ex.result["counts"]["free-software-strategy"]
(47, 14)
>>> ex.set(keyword="open weights")
>>> ex.result["total"], ex.summary_text.startswith("No article uses 'open weights'")
(0, True)
"""

from __future__ import annotations

from .. import text
from ..articles import article, article_ids
from ._base import Bars, Explorer, dropdown, nice_ceil, number, text_box
from .corpus import article_options

__all__ = ["Kwic"]

_COLLOCATES = 8
_SHOWN = 6
_BLUE, _GREY, _ORANGE = "#0072B2", "#BBBBBB", "#E69F00"


class Kwic(Explorer):
    """Explorer of a keyword: hits per article, the words around it, and the contexts."""

    name = "kwic"
    title = "Keyword in context"
    intro = ("Type a word or phrase and press Enter. Capitals do not matter; a hyphen does "
             "('open-source' and 'open source' are different spellings); end a word with * "
             "to match any ending ('open-weight*'). The left chart counts the hits per 1,000 "
             "words of each article; the right one shows the words found most often near "
             "the keyword; the summary lists the first contexts.")
    figsize, grid = (9.0, 4.2), {"ncols": 2}

    def _make_controls(self):
        self._ids = article_ids()
        self._words = {aid: len(article(aid).text.split()) for aid in self._ids}
        return {
            "keyword": text_box("Keyword or phrase", "open-source", "e.g. open weights"),
            "width": number("Words of context each side", 5, 1, 15, 1, integer=True),
            "article": dropdown("Contexts from", article_options(("All five articles", "all")),
                                "all"),
        }

    def _setup(self):
        hits_ax, near_ax = self.axes
        self._hits = Bars(hits_ax, self._ids, _BLUE, fontsize=9)
        hits_ax.set(title="Where the keyword occurs", xlabel="Hits per 1,000 words",
                    ylabel="Article")
        self._near = Bars(near_ax, range(_COLLOCATES), _ORANGE, fontsize=9)
        self._empty = near_ax.text(0.5, 0.5, "", transform=near_ax.transAxes, ha="center",
                                   va="center", fontsize=10)
        near_ax.set(ylim=(_COLLOCATES - 0.5, -0.5), yticks=[], title="Words found near it",
                    xlabel="Times within the context window (count)",
                    ylabel="Nearby term, most frequent first")
        self._dynamic = [*self._hits.artists, *self._near.artists, self._empty]

    def _compute(self, v):
        keyword = " ".join(v["keyword"].split())
        if not keyword:
            raise ValueError("type a word or phrase in the keyword box, e.g. open source")
        hits = text.kwic(keyword, v["width"])  # ValueError with a friendly message if bad
        counts = {aid: sum(1 for h in hits if h.article_id == aid) for aid in self._ids}
        chosen = [h for h in hits if v["article"] in ("all", h.article_id)]
        return {"keyword": keyword, "width": v["width"], "article": v["article"],
                "counts": counts,
                "rates": {aid: 1000 * counts[aid] / self._words[aid] for aid in self._ids},
                "hits": chosen, "total": len(hits),
                "near": text.collocates(chosen, _COLLOCATES)}

    def _draw(self, r):
        hits_ax, near_ax = self.axes
        counts, near = r["counts"], r["near"]
        self._hits.update([r["rates"][aid] for aid in self._ids],
                          [f" {counts[aid]} hit{'' if counts[aid] == 1 else 's'}"
                           for aid in self._ids])
        for bar, aid in zip(self._hits.bars, self._ids, strict=True):
            bar.set_color(_BLUE if r["article"] in ("all", aid) else _GREY)
        hits_ax.set_xlim(0, nice_ceil(max(max(r["rates"].values()) * 1.35, 1)))
        self._near.update([c for _, c in near], [f" {w} ({c})" for w, c in near])
        self._empty.set_text("" if near else f"no hits here, so no words\nwithin {r['width']} "
                                             "words of it to show")
        near_ax.set_xlim(0, nice_ceil(max((c for _, c in near), default=1) * 1.9))

    def _describe(self, r):
        keyword, counts, width = r["keyword"], r["counts"], r["width"]
        where = "the five articles" if r["article"] == "all" else r["article"]
        top = ", ".join(w for w, _ in r["near"][:3])
        spread = ", ".join(f"{aid} {n}" for aid, n in counts.items())
        alt = (f"Bar charts for the keyword '{keyword}'. Left: hits per 1,000 words in each "
               f"article (hits: {spread}). Right: "
               + (f"the terms found most often within {width} words of it in {where}, led by "
                  f"{top}." if top else
                  f"no nearby terms within {width} words to show for {where}."))
        if r["total"] == 0:
            return (f"No article uses '{keyword}' (matched as whole words, in any case), so "
                    f"there are no contexts of {width} words from {where} to show. Try another "
                    "spelling, or end a word with * to match any ending."), alt
        lines = [f"'{keyword}': {r['total']} hit{'s' if r['total'] != 1 else ''} in "
                 f"{sum(1 for n in counts.values() if n)} of 5 articles ({spread})."]
        if not r["hits"]:
            lines.append(f"None in {r['article']}: choose another article to see contexts.")
            return "\n".join(lines), alt
        near = ", ".join(f"{w} ({n})" for w, n in r["near"]) or "none (only common words)"
        lines.append(f"Most frequent terms within {width} words of it in {where}: {near}.")
        for hit in r["hits"][:_SHOWN]:
            lines.append(f"[{hit.article_id} ¶{hit.paragraph}] {'' if hit.at_start else '…'}"
                         f"{hit.left}[{hit.match}]{hit.right}{'' if hit.at_end else '…'}")
        if len(r["hits"]) > _SHOWN:
            lines.append(f"… and {len(r['hits']) - _SHOWN} more: course.text.kwic"
                         f"('{keyword}') lists them all.")
        return "\n".join(lines), alt
