"""The corpus at a glance: one article's paragraph lengths and most frequent terms.

Examples
--------
>>> from course import explorers
>>> ex = explorers.corpus()
>>> ex.result["article"], len(ex.result["lengths"]), ex.result["terms"][0]
('free-software-strategy', 20, ('ai', 16))
>>> ex.set(stopwords=True)
>>> ex.result["terms"][0][0]
'the'
"""

from __future__ import annotations

from .. import text
from ..articles import article, article_ids
from ._base import Bars, Explorer, checkbox, dropdown, nice_ceil, number

__all__ = ["Corpus", "article_options"]

_MAX_TERMS = 15


def article_options(first: tuple[str, str] | None = None) -> list[tuple[str, str]]:
    """Drop-down options for the articles, after *first*: ``(id · short title, id)`` pairs.

    Examples
    --------
    >>> article_options()[0]
    ('free-software-strategy · How a free software strategy…', 'free-software-strategy')
    """
    options = [first] if first else []
    for aid in article_ids():
        label = article(aid).label
        short = label if len(label) <= 40 else label[:39].rsplit(" ", 1)[0] + "…"
        options.append((f"{aid} · {short}", aid))
    return options


def _known(value: str, what: str) -> str:
    return value if value != "unknown" else f"{what} unknown"


class Corpus(Explorer):
    """Explorer of one article: words per paragraph, and the terms it uses most."""

    name = "corpus"
    title = "One article at a glance"
    intro = ("Choose an article. The left chart shows how long each paragraph is; the right "
             "one the words the article uses most. Tick the box to count common words such "
             "as 'the' and 'of' as well, and see what they do to the list.")
    figsize, grid = (9.0, 4.2), {"ncols": 2, "width_ratios": (3, 2)}

    def _make_controls(self):
        ids = article_ids()
        self._lengths = {aid: text.paragraph_lengths(aid) for aid in ids}
        self._counts = {(aid, keep): text.term_counts(article(aid).text, stopwords=keep)
                        for aid in ids for keep in (False, True)}
        return {
            "article": dropdown("Article", article_options(), ids[0]),
            "n_terms": number("Terms to show", 8, 3, _MAX_TERMS, 1, integer=True),
            "stopwords": checkbox("Count common words (the, of, and …)"),
        }

    def _setup(self):
        lengths_ax, terms_ax = self.axes
        most = max(len(v) for v in self._lengths.values())
        self._paragraphs = Bars(lengths_ax, range(1, most + 1), "#0072B2", horizontal=False)
        self._mean_line = lengths_ax.axhline(0, color="#D55E00", linewidth=2, linestyle="--")
        self._mean_text = lengths_ax.text(most + 0.4, 0, "", ha="right", va="bottom",
                                          color="#000000", fontsize=9)
        top = max(max(v) for v in self._lengths.values())
        lengths_ax.set(xlim=(0.4, most + 0.6), ylim=(0, nice_ceil(top * 1.05)),
                       title="Words in each paragraph", xlabel="Paragraph number",
                       ylabel="Length (words)")
        self._terms = Bars(terms_ax, range(_MAX_TERMS), "#009E73", fontsize=9)
        terms_ax.set(yticks=[], title="Most frequent terms", xlabel="Times used (count)",
                     ylabel="Term, most frequent first")
        self._dynamic = [*self._paragraphs.bars, self._mean_line, self._mean_text,
                         *self._terms.artists]

    def _compute(self, v):
        aid = v["article"]
        lengths = self._lengths[aid]
        words = sum(lengths)
        item = article(aid)
        return {"article": aid, "label": item.label, "outlet": item.outlet,
                "author": item.author, "published": item.published,
                "lengths": lengths, "words": words, "mean": words / len(lengths),
                "longest": max(range(len(lengths)), key=lengths.__getitem__) + 1,
                "minutes": text.reading_minutes(words),
                "terms": self._counts[(aid, v["stopwords"])].most_common(v["n_terms"]),
                "stopwords": v["stopwords"]}

    def _draw(self, r):
        lengths_ax, terms_ax = self.axes
        self._paragraphs.update(r["lengths"], [""] * len(r["lengths"]))  # bars, no labels
        self._mean_line.set_ydata([r["mean"]] * 2)
        self._mean_text.set(y=r["mean"] + 2, text=f"mean {r['mean']:.0f} words")
        terms = r["terms"]
        self._terms.update([c for _, c in terms], [f" {t} ({c})" for t, c in terms])
        most = max((c for _, c in terms), default=1)
        terms_ax.set(xlim=(0, nice_ceil(most * 1.9)),  # room for the words beside the bars
                     ylim=(max(len(terms), 5) - 0.5, -0.5))

    def _describe(self, r):
        lengths, terms = r["lengths"], r["terms"]
        which = ("all words counted, common ones included" if r["stopwords"]
                 else "common words such as 'the' left out")
        top = terms[0] if terms else ("none", 0)
        return "\n".join([
            f"{r['label']} [{r['article']}] — {_known(r['outlet'], 'outlet')}, "
            f"{_known(r['published'], 'date')}, {_known(r['author'], 'author')}.",
            f"{r['words']:,} words in {len(lengths)} paragraphs: {r['mean']:.0f} words "
            f"on average, the longest is paragraph {r['longest']} "
            f"({lengths[r['longest'] - 1]} words). About {r['minutes']:.0f} minutes to "
            f"read at {text.READING_WPM} words a minute.",
            f"Most frequent terms ({which}): {', '.join(f'{t} ({c})' for t, c in terms)}.",
        ]), (f"Two bar charts for the article {r['article']}. Left: words in each of its "
             f"{len(lengths)} paragraphs, from {min(lengths)} to {max(lengths)}, mean "
             f"{r['mean']:.0f}. Right: its {len(terms)} most frequent terms"
             f"{' including common words' if r['stopwords'] else ''}, led by "
             f"'{top[0]}' used {top[1]} times.")
