"""Reading the corpus as data: words, distinctive terms, voices and keywords in context.

Counts refer to the clean paragraphs a student sees with ``course.quote``. References (in
data/references.bib): ``monroe2008fightin`` (log-odds), ``brysbaert2019reading`` (reading rate).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .articles import article
from .articles import article_ids as _all_ids

__all__ = ["ANONYMOUS", "Context", "READING_WPM", "ROLE_GROUPS", "STOPWORDS",
           "anonymous_sources", "corpus_stats", "distinctive_terms", "keyword_counts",
           "keyword_pattern", "kwic", "collocates", "paragraph_lengths", "reading_minutes",
           "term_counts", "tokenize", "voices"]

#: Average silent reading rate of English non-fiction, words per minute (Brysbaert, 2019).
READING_WPM = 238

#: Common English function words, left out of term counts (course/stopwords.txt).
STOPWORDS: frozenset[str] = frozenset(
    Path(__file__).with_name("stopwords.txt").read_text(encoding="utf-8").split())

_TOKEN = re.compile(r"(?:[a-z]\.){2,}|[a-z0-9]+(?:['-][a-z0-9]+)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def _ids(article_ids_: list[str] | tuple[str, ...] | None) -> list[str]:
    return _all_ids() if article_ids_ is None else [article(x).id for x in article_ids_]


def tokenize(text: str, *, stopwords: bool = True) -> list[str]:
    """Split text into lower-case words; ``stopwords=False`` leaves out :data:`STOPWORDS`.

    Examples
    --------
    >>> tokenize("DeepSeek’s R1 is open-source, the U.S. said.", stopwords=False)
    ['deepseek', 'r1', 'open-source', 'u.s.', 'said']
    """
    words = [w.removesuffix("'s") for w in _TOKEN.findall(text.lower().translate(_APOSTROPHES))]
    return words if stopwords else [w for w in words if w not in STOPWORDS]


def term_counts(text: str, *, stopwords: bool = False) -> Counter:
    """Count the words with a letter; stopwords and single letters are left out by default.

    Examples
    --------
    >>> term_counts("The model, the MODEL and the data.").most_common()
    [('model', 2), ('data', 1)]
    """
    return Counter(w for w in tokenize(text) if any(c.isalpha() for c in w)
                   and (stopwords or w not in STOPWORDS and len(w) > 1))


def reading_minutes(words: int | float, wpm: float = READING_WPM) -> float:
    """Minutes to read *words* at *wpm* words per minute.

    Examples
    --------
    >>> round(reading_minutes(1190), 1)
    5.0
    """
    return words / wpm


def paragraph_lengths(article_id: str) -> list[int]:
    """Words in each paragraph of one article (whitespace-separated, as in ``load_articles``).

    Examples
    --------
    >>> paragraph_lengths("winds-of-change")[:3]
    [125, 125, 221]
    """
    return [len(p.split()) for p in article(article_id).paragraphs]


def corpus_stats():
    """One row per article: words, paragraphs, paragraph length, vocabulary, reading time.

    Examples
    --------
    >>> stats = corpus_stats()
    >>> list(stats["id"])[:2], int(stats["paragraphs"].sum())
    (['free-software-strategy', 'winds-of-change'], 94)
    """
    import pandas as pd

    rows = []
    for aid in _all_ids():
        lengths = paragraph_lengths(aid)
        words = sum(lengths)
        rows.append({"id": aid, "words": words, "paragraphs": len(lengths),
                     "mean_paragraph": round(words / len(lengths), 1),
                     "longest_paragraph": max(lengths),
                     "unique_terms": len(term_counts(article(aid).text)),
                     "reading_minutes": round(reading_minutes(words), 1)})
    return pd.DataFrame(rows)


def _log_odds_z(y_i: int, n_i: int, y_j: int, n_j: int, a_w: float, a_0: float) -> float:
    """The z-score of word counts *y_i* of *n_i* against *y_j* of *n_j*, prior *a_w* of *a_0*."""
    delta = (math.log((y_i + a_w) / (n_i + a_0 - y_i - a_w))
             - math.log((y_j + a_w) / (n_j + a_0 - y_j - a_w)))
    return delta / math.sqrt(1 / (y_i + a_w) + 1 / (y_j + a_w))


def distinctive_terms(article_id: str, n: int = 10, *, prior: float = 1.0):
    """The *n* terms (used at least twice) that most set one article apart.

    ``z`` is the weighted log-odds ratio with an informative Dirichlet prior (Monroe,
    Colaresi and Quinn, 2008), each term smoothed by its corpus count times *prior*. It ranks
    terms; it is not a significance test (hundreds of terms are scored at once, words come in
    bursts, and the prior is a choice), so a score of 2 is not "significant".

    Examples
    --------
    >>> top = distinctive_terms("meta-validated", 3)
    >>> list(top["term"])[0], bool(top["z"].is_monotonic_decreasing)
    ('meta', True)
    """
    import pandas as pd

    counts = {aid: term_counts(article(aid).text) for aid in _all_ids()}
    mine = counts[article(article_id).id]
    rest = sum((c for aid, c in counts.items() if aid != article_id), Counter())
    total = mine + rest
    n_i, n_j, n_all = sum(mine.values()), sum(rest.values()), sum(total.values())
    rows = [{"term": w, "count": mine[w], "rest": rest[w],
             "z": _log_odds_z(mine[w], n_i, rest[w], n_j, prior * total[w], prior * n_all)}
            for w in mine if mine[w] >= 2]
    table = pd.DataFrame(rows, columns=["term", "count", "rest", "z"])
    table = table.sort_values(["z", "term"], ascending=[False, True], kind="stable")
    return table.head(n).reset_index(drop=True)


#: Role words in a person's introduction, checked in this order; the first group whose
#: word appears gives the person's role group.
ROLE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("investor", ("venture", "investor", "investors", "fund")),
    ("academic", ("professor", "lecturer", "university", "academic", "researcher")),
    ("analyst", ("analyst", "economist")),
    ("official", ("minister", "regulator", "official", "spokesperson", "spokesman",
                  "government", "agency", "commission")),
    ("executive", ("ceo", "chief", "president", "director", "head", "founder", "founded",
                   "executive", "chairman", "manager", "officer")),
)
_NAME = r"[A-Z][^\W\d_]+(?: [A-Z]\.)?(?: [A-Z][^\W\d_]+){1,2}"
_INTRO = re.compile(rf"(?P<name>{_NAME}), (?P<role>[^,:;.“”\"]+)")
_SPEECH = re.compile(r"\b(said|says|say|according to|noted|notes|remarked|commented|stated|"
                     r"told|pointed out|highlights|argued|argues|added|explained)\b", re.I)
_QUOTATION = re.compile(r"[“\"]([^“”\"]+)[”\"]")

#: Phrases that attribute a statement to unnamed people: "by some analyst estimates",
#: "experts say", "critics, who caution", and the agentless "it has been noted".
ANONYMOUS = re.compile(
    r"\b(?:by|according to)\s+(?:(?:some|many|industry)\s+)?(?:analyst|expert|observer)s?"
    r"(?:\s+estimates)?"
    r"|\b(?:(?:some|many|other|corporate|industry|tech|technology)\s+){0,3}"
    r"(?:analysts|experts|observers|critics|skeptics|sceptics|investors|executives)"
    r"(?:\s+and\s+tech\s+experts)?,?(?:\s+who)?\s+(?:say|said|saying|are calling|remain|"
    r"have voiced|caution|may point|warn|argue|believe)\b"
    r"|\b(?:has|have) been noted\b", re.I)


def _quotations(text: str) -> list[str]:
    return [q for q in _QUOTATION.findall(text) if len(q.split()) >= 4]


def _introductions(paragraphs) -> dict[str, tuple[str, str]]:
    """``{name: (role, group)}`` for every person introduced as "Name, role," in a text."""
    found: dict[str, tuple[str, str]] = {}
    for text in paragraphs:
        for match in _INTRO.finditer(text):
            name, role = match.group("name"), match.group("role").strip()
            words = set(tokenize(" ".join(text[:match.start()].split()[-3:] + [role])))
            group = next((group for group, cues in ROLE_GROUPS if words & set(cues)), None)
            if group is not None and name not in found:
                found[name] = (role, group)
    return found


def _mentions(paragraphs: tuple[str, ...], name: str) -> dict[int, str]:
    """``{paragraph number: how}`` for each paragraph naming *name* (or a part of it)."""
    keys = tuple(part for part in name.split() if len(part) > 2)
    found = {}
    for number, text in enumerate(paragraphs, start=1):
        if not any(re.search(rf"\b{re.escape(part)}\b", text) for part in keys):
            continue
        after = paragraphs[number] if number < len(paragraphs) else ""
        follows = text.rstrip().endswith(":") and after.lstrip().startswith(("“", '"'))
        if _quotations(text) or (follows and _quotations(after)):
            found[number] = "quoted"
        elif any(any(k in sentence for k in keys) and _SPEECH.search(sentence)
                 for sentence in re.split(r"(?<=[.!?”\"])\s+(?=[“\"A-Z])", text)):
            found[number] = "paraphrased"
        else:
            found[number] = "named"
    return found


def voices(article_ids: list[str] | None = None):
    """Named people in the articles, their role and whether they are quoted.

    A person is introduced as newspapers do, "Name, role," with a role word from
    :data:`ROLE_GROUPS`; later paragraphs may use part of the name ("according to Liang").
    ``how`` is the strongest over all mentions: "quoted" (four words or more, in the paragraph
    or the next one after a colon), "paraphrased" (a speech verb in the sentence naming them),
    else "named".

    Examples
    --------
    >>> v = voices(["meta-validated"])
    >>> list(zip(v["person"], v["group"], v["how"]))  # doctest: +NORMALIZE_WHITESPACE
    [('Ragavan Srinivasan', 'executive', 'quoted'), ('Yann LeCun', 'executive', 'quoted'),
     ('Chris V. Nicholson', 'investor', 'quoted'), ('Clément Delangue', 'executive', 'quoted')]
    """
    import pandas as pd

    rows = []
    for aid in _ids(article_ids):
        paragraphs = article(aid).paragraphs
        for name, (role, group) in _introductions(paragraphs).items():
            found = _mentions(paragraphs, name)
            how = max(found.values(), key=["named", "paraphrased", "quoted"].index,
                      default="named")
            rows.append({"article_id": aid, "person": name, "role": role, "group": group,
                         "how": how, "paragraphs": list(found)})
    return pd.DataFrame(rows, columns=["article_id", "person", "role", "group", "how",
                                       "paragraphs"])


def anonymous_sources(article_ids: list[str] | None = None):
    """``article_id, paragraph, phrase`` of statements attributed to unnamed groups.

    Examples
    --------
    >>> a = anonymous_sources(["china-android-moment"])
    >>> list(a["phrase"])[:2]
    ['Some experts are calling', 'According to industry observers']
    """
    import pandas as pd

    rows = [{"article_id": aid, "paragraph": k, "phrase": m.group(0)}
            for aid in _ids(article_ids)
            for k, text in enumerate(article(aid).paragraphs, start=1)
            for m in ANONYMOUS.finditer(text)]
    return pd.DataFrame(rows, columns=["article_id", "paragraph", "phrase"])


def keyword_pattern(keyword: str) -> re.Pattern:
    """The regular expression that finds *keyword* as whole words, in any case.

    Spaces match any whitespace, a hyphen must be there, and ``*`` ending a word matches
    any ending (``open-weight*``); never inside a longer word or hyphenated compound.

    Examples
    --------
    >>> p = keyword_pattern("open source")
    >>> [m.group(0) for m in p.finditer("Open Source, open-source, open  source")]
    ['Open Source', 'open  source']
    """
    words = keyword.translate(_APOSTROPHES).split()
    if not any(c.isalnum() for c in keyword):
        raise ValueError(f"keyword must contain a letter or digit, e.g. 'open source'; "
                         f"got {keyword!r}")
    if len(keyword) > 60:
        raise ValueError(f"keyword must be at most 60 characters; got {len(keyword)}")
    if not all(word.rstrip("*") for word in words):
        raise ValueError(f"keyword: '*' must follow a word, as in 'open-weight*'; "
                         f"got {keyword!r}")
    parts = [re.escape(word.rstrip("*")).replace("'", "['’]")
             + (r"[\w'’-]*" if word.endswith("*") else "") for word in words]
    return re.compile(r"(?<![\w'’-])" + r"\s+".join(parts) + r"(?![\w-])", re.I)


@dataclass(frozen=True)
class Context:
    """One hit of a keyword: ``left + match + right`` is a passage of the paragraph."""

    article_id: str
    paragraph: int
    left: str
    match: str
    right: str
    at_start: bool = False  #: the left context reaches the start of the paragraph
    at_end: bool = False  #: the right context reaches the end of the paragraph


def kwic(keyword: str, width: int = 6, article_ids: list[str] | None = None) -> list[Context]:
    """Every occurrence of *keyword* (see :func:`keyword_pattern`) with *width* words of
    context on each side, within its paragraph.

    Examples
    --------
    >>> hit = kwic("open-weight*", 3)[0]
    >>> hit.article_id, hit.paragraph, hit.left, hit.match, hit.right
    ('free-software-strategy', 18, '“', 'Open-weight', ' models lack built-in')
    """
    pattern = keyword_pattern(keyword)
    before = re.compile(rf"(?:\S+\s+){{0,{width}}}\S*$")
    after = re.compile(rf"\S*(?:\s+\S+){{0,{width}}}")
    hits = []
    for aid in _ids(article_ids):
        for number, text in enumerate(article(aid).paragraphs, start=1):
            for m in pattern.finditer(text):
                left = before.search(text, 0, m.start()).group(0)
                right = after.match(text, m.end()).group(0)
                hits.append(Context(aid, number, left, m.group(0), right,
                                    at_start=len(left) == m.start(),
                                    at_end=m.end() + len(right) == len(text)))
    return hits


def keyword_counts(keywords: list[str] | tuple[str, ...] | str, *, per: int | None = None):
    """How often each keyword occurs in each article (rates per *per* words if given).

    Examples
    --------
    >>> table = keyword_counts(["open source", "open-source"])
    >>> [int(x) for x in table.sum()]
    [4, 47]
    """
    import pandas as pd

    if isinstance(keywords, str):
        keywords = [keywords]
    texts = pd.Series({aid: article(aid).text for aid in _all_ids()}).rename_axis("article_id")
    table = pd.DataFrame({k: texts.str.count(keyword_pattern(k)) for k in keywords})
    if per is not None:
        table = table.mul(per).div(texts.str.split().str.len(), axis=0)
    return table


def collocates(hits: list[Context], n: int = 8) -> list[tuple[str, int]]:
    """The terms most often found in the contexts of *hits*, but not in the keyword itself.

    Examples
    --------
    >>> collocates(kwic("open source", 5), 2)
    [('deepseek', 2), ('models', 2)]
    """
    counts: Counter = Counter()
    for hit in hits:
        own = set(tokenize(hit.match))
        counts.update(w for w in term_counts(f"{hit.left} {hit.right}").elements()
                      if w not in own)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
