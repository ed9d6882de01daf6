"""The five news articles: loading, cleaning, paragraphs and cited quotations.

The files are shipped as collected, page furniture and all; :data:`RULES` say what cleaning
removes and :func:`removals` shows it, so a reader can check that no sentence was lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .data import cached_on_files, data_path, templates
from .tables import load_table

__all__ = ["Article", "Removal", "Rule", "RULES", "article", "article_ids", "clean",
           "load_articles", "quote", "removals"]


@dataclass(frozen=True)
class Rule:
    """A cleaning rule: *test* is a regular expression, or a function of the line and *meta*
    (the article's row of ``articles.csv``); a rule that ``ends_article`` removes the matching
    line and everything after it."""

    name: str
    removes: str
    test: str | Callable[[str, dict], bool]
    ends_article: bool = False

    def matches(self, line: str, meta: dict) -> bool:
        if isinstance(self.test, str):
            return re.search(self.test, line) is not None
        return self.test(line, meta)


def _is_author_block(line: str, meta: dict) -> bool:
    author = meta["author"]
    return author != "unknown" and (
        line == author or line.startswith((f"{author} is ", f"Write to {author} ")))


_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or",
                "the", "to", "vs.", "with"}


def _is_heading(line: str, meta: dict) -> bool:
    words = line.split()
    ending = line.removesuffix("U.S.")  # an abbreviation, not a full stop
    if not words or len(words) > 10 or ending[-1] in ".,;:!\"”'’" or line.startswith("-"):
        return False
    content = [w.lstrip("(") for w in words if w.lower().lstrip("(") not in _SMALL_WORDS]
    return bool(content) and all(w[:1].isupper() or w[:1].isdigit() for w in content)


RULES: tuple[Rule, ...] = (
    Rule("title", "the headline, which is kept as the article's title",
         lambda line, meta: line == meta["title"]),
    Rule("capture-date", "the date the page was captured ('Today : …'), not published",
         r"^Today\s*:"),
    Rule("dateline", "a line that is only a date (kept in articles.csv as the date)",
         r"^\d{1,2} (January|February|March|April|May|June|July|August|September|October|"
         r"November|December) \d{4}$"),
    Rule("image-caption", "image captions with a picture credit", r"\(Image: [^)]*\)$"),
    Rule("navigation", "site navigation and section labels",
         r"^(Summary|Related content|Technology|more|topics|MINT SPECIALS)$"),
    Rule("promotion", "advertising and calls to action for the hosting site",
         r"^(Experience the full potential of|Ready to embark on|Catch all the )"),
    Rule("author-block", "the sign-off, author bio and everything after it (newsletter "
         "blurbs, reader comments)", _is_author_block, ends_article=True),
    Rule("heading", "section headings, kept as headings rather than paragraphs", _is_heading),
)


@dataclass(frozen=True)
class Removal:
    """One line the cleaning removed (line numbers are 1-based)."""

    line: int
    rule: str
    text: str


_BULLET = re.compile(r"[•-]\s+(.+)")  # a bullet item on one line


def clean(raw_text: str, meta: dict) -> tuple[list[str], list[tuple[int, str]], list[Removal]]:
    """Paragraphs, ``(paragraph number, heading)`` pairs and removed lines of a raw text.

    *meta* is the article's row of ``articles.csv``; bullet items become paragraphs.

    Examples
    --------
    >>> raw = ("Big news\\nPart One\\nFirst line, broken\\nmid-sentence.\\n-\\nAn item.\\n"
    ...        "Ann Lee is a writer")
    >>> paragraphs, headings, removed = clean(raw, {"title": "Big news", "author": "Ann Lee"})
    >>> paragraphs, headings, [r.rule for r in removed]  # doctest: +NORMALIZE_WHITESPACE
    (['First line, broken mid-sentence.', 'An item.'], [(1, 'Part One')],
     ['title', 'heading', 'author-block'])
    """
    paragraphs, headings, removed = [], [], []
    pending_bullet = False
    lines = raw_text.splitlines()
    for number, raw_line in enumerate(lines, start=1):
        line = " ".join(raw_line.split())
        if not line:
            continue
        if line == "-":  # a bullet marker on its own line: the item follows
            pending_bullet = True
            continue
        rule = next((r for r in RULES if r.matches(line, meta)), None)
        if rule is not None and not pending_bullet:
            if rule.ends_article:
                removed.extend(Removal(n, rule.name, " ".join(t.split()))
                               for n, t in enumerate(lines[number - 1:], start=number)
                               if t.strip())
                break
            removed.append(Removal(number, rule.name, line))
            if rule.name == "heading":
                headings.append((len(paragraphs) + 1, line))
            continue
        bullet = _BULLET.match(line)
        if bullet or pending_bullet:
            paragraphs.append(bullet.group(1) if bullet else line)
        elif paragraphs and not paragraphs[-1].endswith((".", "!", "?", ":", "”", '"')) \
                and line[0].islower():
            paragraphs[-1] += " " + line  # a sentence broken across two lines
        else:
            paragraphs.append(line)
        pending_bullet = False
    return paragraphs, headings, removed


@dataclass(frozen=True)
class Article:
    """One article: metadata from ``articles.csv`` (``"unknown"`` where unknown), the raw
    text, clean ``paragraphs`` (cited by 1-based number), ``headings`` and ``removed``."""

    id: str
    title: str
    outlet: str
    author: str
    published: str
    file: str
    stance: str
    raw_text: str
    paragraphs: tuple[str, ...]
    headings: tuple[tuple[int, str], ...]
    removed: tuple[Removal, ...]

    @property
    def text(self) -> str:
        """The clean text: paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)

    @property
    def label(self) -> str:
        """The title, or whose piece it is when untitled."""
        return self.title if self.title != "unknown" else f"Untitled opinion piece by {self.author}"

    @property
    def citation(self) -> str:
        """Title (else the label), author, outlet and date, as far as they are known."""
        titled = self.title != "unknown"
        parts = [f"“{self.title}”" if titled else self.label, self.author if titled else "unknown",
                 self.outlet, self.published if self.published != "unknown" else "date unknown"]
        return ", ".join(p for p in parts if p != "unknown")

    def paragraph(self, number: int) -> str:
        """Paragraph *number* (1-based), with a clear error when out of range."""
        if not 1 <= number <= len(self.paragraphs):
            raise ValueError(f"Article {self.id!r} has paragraphs 1 to {len(self.paragraphs)}; "
                             f"got paragraph={number}")
        return self.paragraphs[number - 1]

    def __repr__(self) -> str:
        return f"Article({self.id!r}, {len(self.paragraphs)} paragraphs)"


@cached_on_files(lambda: [data_path("articles.csv"), *sorted(data_path("articles").glob("*"))])
def _all() -> dict[str, Article]:
    out = {}
    for row in load_table("articles").to_dict("records"):
        raw = data_path("articles", row["file"]).read_text(encoding="utf-8")
        paragraphs, headings, removed = clean(raw, row)
        meta = {k: str(row[k])  # a known publication date is a datetime.date: str() is ISO
                for k in ("id", "title", "outlet", "author", "published", "file", "stance")}
        out[row["id"]] = Article(**meta, raw_text=raw, paragraphs=tuple(paragraphs),
                                 headings=tuple(headings), removed=tuple(removed))
    return out


def article_ids() -> list[str]:
    """The article ids in corpus order.

    Examples
    --------
    >>> article_ids()[0]
    'free-software-strategy'
    """
    return list(_all())


def article(article_id: str) -> Article:
    """One article by id.

    Examples
    --------
    >>> article("meta-validated").paragraphs[0][:20]
    'The rise of DeepSeek'
    """
    articles = _all()
    if article_id not in articles:
        raise ValueError(f"There is no article {article_id!r}. "
                         f"The articles are: {', '.join(articles)}")
    return articles[article_id]


def load_articles():
    """The corpus as a DataFrame, one row per article (``words`` of the clean text).

    Examples
    --------
    >>> corpus = load_articles()
    >>> corpus.shape[0], bool((corpus["words"] > 500).all())
    (5, True)
    """
    import pandas as pd

    return pd.DataFrame([{
        "id": a.id, "title": a.title, "outlet": a.outlet, "author": a.author,
        "published": a.published, "stance": a.stance, "words": len(a.text.split()),
        "paragraphs": len(a.paragraphs), "text": a.text, "raw_text": a.raw_text,
    } for a in _all().values()])


def removals(article_id: str) -> list[Removal]:
    """What the cleaning removed from one article, line by line.

    Examples
    --------
    >>> [r.rule for r in removals("free-software-strategy")][:3]
    ['title', 'image-caption', 'image-caption']
    """
    return list(article(article_id).removed)


class Quote:
    """A cited passage that renders in JupyterLab, in exported HTML and as plain text."""

    def __init__(self, item: Article, paragraph: int, highlight: str | None = None):
        self.article = item
        self.paragraph = paragraph
        self.text = item.paragraph(paragraph)
        if highlight is not None and highlight not in self.text:
            raise ValueError(f"highlight {highlight!r} does not occur in paragraph {paragraph} "
                             f"of {item.id!r}")
        self.highlight = highlight

    @property
    def citation(self) -> str:
        return f"{self.article.citation}, paragraph {self.paragraph}"

    def _repr_html_(self) -> str:
        before, mark, after = (self.text.partition(self.highlight) if self.highlight
                               else (self.text, "", ""))
        return templates().get_template("quote.html").render(
            before=before, mark=mark, after=after, citation=self.citation, id=self.article.id)

    def _repr_markdown_(self) -> str:
        return f"> {self.text}\n\n— {self.citation} [{self.article.id}]"

    def __repr__(self) -> str:
        return f"“{self.text}”\n— {self.citation} [{self.article.id}]"


def quote(article_id: str, paragraph: int, *, highlight: str | None = None) -> Quote:
    """Paragraph *paragraph* (1-based) of an article, cited, with *highlight* marked.

    Examples
    --------
    >>> q = quote("meta-validated", 3)
    >>> q.citation.split(", ")[1:]
    ['2025-01-29', 'paragraph 3']
    """
    return Quote(article(article_id), paragraph, highlight)
