"""CSV safe to open in a spreadsheet, which runs a cell starting with a :data:`TRIGGERS` character
as a formula ("CSV injection", OWASP: a student named ``=HYPERLINK(...)`` could make an
instructor's spreadsheet fetch a web address); an apostrophe in front makes it text."""

from __future__ import annotations

import os
import re

__all__ = ["TRIGGERS", "safe_cell", "write_csv"]

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value):
    """*value* as a spreadsheet will read it as data, never as a formula.

    Examples
    --------
    >>> safe_cell("@SUM(A1)"), safe_cell("Ana"), safe_cell(-3.5), safe_cell("-3.5")
    ("'@SUM(A1)", 'Ana', -3.5, '-3.5')
    """
    if isinstance(value, str) and value.startswith(TRIGGERS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def write_csv(frame, path: str | os.PathLike) -> None:
    """Write a DataFrame to *path* as UTF-8 CSV without its index, text made safe.

    Examples
    --------
    >>> import pandas as pd, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "names.csv"
    >>> write_csv(pd.DataFrame({"student": ["=1+1", "Ana"], "score": [-2, 0.66666]}), out)
    >>> print(out.read_text())
    student,score
    '=1+1,-2
    Ana,0.6667
    <BLANKLINE>
    """
    from pandas.api.types import is_numeric_dtype

    safe = frame.rename(columns=lambda name: safe_cell(str(name))).apply(
        lambda column: column if is_numeric_dtype(column) else column.map(safe_cell))
    safe.to_csv(path, index=False, encoding="utf-8", lineterminator="\n", float_format="%.4g")
