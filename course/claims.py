"""The fact-check as data: verdicts per article, and one claim's verdict and evidence.

``claims.csv`` holds every checkable claim of the five articles with the course's verdict
(:data:`course.tables.VERDICTS`), a correction and the facts behind it. Notebook 08 counts
the verdicts per article (:func:`status_counts`) and reads single claims in full
(:func:`claim_report`); the chart of the counts is :func:`course.plots.verdict_scorecard`.
"""

from __future__ import annotations

from .articles import article_ids
from .facts import CONFIDENCE
from .formatting import did_you_mean
from .tables import VERDICTS, load_table, records

__all__ = ["claim_report", "report_lines", "status_counts"]


def status_counts(claims=None):
    """Claims per article (rows, in corpus order) and verdict (columns, best first).

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

    table = load_table("claims") if claims is None else claims
    order = article_ids()
    order += sorted(set(table["article_id"]) - set(order))
    counts = pd.crosstab(table["article_id"], table["status"])
    counts = counts.reindex(index=order, columns=list(VERDICTS), fill_value=0).astype(int)
    counts.index.name, counts.columns.name = "article", "verdict"
    return counts


def report_lines(row: dict, facts: dict[str, dict]) -> list[str]:
    """One claim as lines of text: where it is, the verdict, each fact with its source."""
    lines = [f"[{row['article_id']} ¶{row['paragraph']}] “{row['quote']}”",
             f"Verdict: {row['status'].upper()}. {row['correction']}"]
    for fid in row["fact_ids"] or ():
        fact = facts[fid]
        level = fact["confidence"]
        flag = " (unverified)" if level == "NV" else ""
        lines.append(f"Evidence {fid} [{level}: {CONFIDENCE[level]}]: {fact['statement']} "
                     f"Source: {fact['source']}, {fact['locator']}{flag}.")
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
    rows = {row["id"]: row for row in records("claims")}
    if claim_id not in rows:
        raise ValueError(f"There is no claim {claim_id!r} in claims.csv."
                         + did_you_mean(str(claim_id), rows))
    facts = {row["id"]: row for row in records("facts")}
    return "\n".join(report_lines(rows[claim_id], facts))
