"""The fact-check as data (``claims.csv``): verdicts per article, one claim with its evidence."""

from __future__ import annotations

from .articles import article_ids
from .facts import CONFIDENCE, Fact
from .formatting import did_you_mean
from .tables import VERDICTS, load_table, rows_by_id

__all__ = ["TYPO", "claim_report", "report_lines", "status_counts", "verdict_of"]

TYPO = "typo"
"""What a typo counts as in the scorecards: its own column, never a verdict such as wrong."""


def verdict_of(row) -> str:
    """A claim's verdict (``status``), or :data:`TYPO` for a typo ("CIA" for "AI").

    Examples
    --------
    >>> verdict_of({"status": "wrong", "kind": "typo"}), verdict_of({"status": "loose"})
    ('typo', 'loose')
    """
    return TYPO if row.get("kind") == TYPO else row["status"]


def status_counts(claims=None):
    """Claims per article (rows, in corpus order) and verdict (columns, best first, then typos).

    Examples
    --------
    >>> status_counts().loc["meta-validated"].tolist()  # accurate, loose, wrong, ..., typo
    [6, 1, 0, 0, 1]
    """
    import pandas as pd

    table = load_table("claims") if claims is None else claims
    verdicts = pd.Series([verdict_of(row) for row in table.to_dict("records")], index=table.index)
    counts = pd.crosstab(table["article_id"], verdicts, rownames=["article"], colnames=["verdict"])
    return counts.reindex(index=article_ids(), columns=[*VERDICTS, TYPO], fill_value=0).astype(int)


def report_lines(row: dict, facts: dict[str, dict]) -> list[str]:
    """One claim as lines of text: where it is, the verdict, each fact with its source."""
    verdict = ("TYPO (not rated as a claim)"
               if verdict_of(row) == TYPO else row["status"].upper())
    lines = [f"[{row['article_id']} ¶{row['paragraph']}] “{row['quote']}”",
             f"Verdict: {verdict}. {row['correction']}"]
    for fid in row["fact_ids"] or ():
        fact = Fact(**facts[fid])
        lines.append(f"Evidence {fid} [{fact.confidence}: {CONFIDENCE[fact.confidence]}]: "
                     f"{fact.statement} Source: {fact.citation}.")
    return lines


def claim_report(claim_id: str) -> str:
    """One claim as plain text: where, what it says, verdict, evidence.

    Examples
    --------
    >>> print(claim_report("nvidia-one-fifth").splitlines()[1])
    Verdict: LOOSE. Nvidia fell about 17% on 27 January 2025 ($142.62 to $118.42), ...
    """
    rows = rows_by_id("claims")
    if claim_id not in rows:
        raise ValueError(f"There is no claim {claim_id!r} in claims.csv."
                         + did_you_mean(str(claim_id), rows))
    return "\n".join(report_lines(rows[claim_id], rows_by_id("facts")))
