"""The openness scorecard: how open each model in ``models.csv`` is, dimension by dimension.

Seven columns of ``models.csv`` (:data:`DIMENSIONS`) describe a release: are the weights
downloadable, is the code released, is the training data documented, what kind of
licence, may it be used commercially, is there a cap on users, is there a use policy.
Each column lists its values from the most open to the least open, and
:func:`dimension_score` turns a value into a score from 1 (most open) to 0
(least open), as ``data/README.md`` documents.

A model's *weighted score* is the weighted mean of its dimension scores. Which
dimensions count, and how much, is a judgement, so the weights are an argument: the
OSI's Open Source AI Definition cares about weights, code and data information; a
business user may care more about commercial use and caps. No choice of weights turns a
score into a definition: :func:`meets_osaid` checks the Definition's components
separately.

Examples
--------
>>> table = ranking()
>>> table.loc[table["model"] == "deepseek-r1", "score"].round(3).item()
0.857
>>> sorted(table.loc[table["osaid"], "model"])
['olmo-2-13b', 'pythia-12b']
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from .tables import OPENNESS_COLUMNS, SCHEMAS, load_table

__all__ = ["DIMENSIONS", "LABELS", "OSAID_REQUIREMENTS", "check_weights", "dimension_score",
           "heatmap_grid", "meets_osaid", "ranking", "scorecard"]

#: The seven openness dimensions, columns of ``models.csv``.
DIMENSIONS: tuple[str, ...] = tuple(OPENNESS_COLUMNS)

#: Readable names of the dimensions, for tables and charts.
LABELS: dict[str, str] = {
    "weights": "Weights",
    "code": "Code",
    "data_info": "Data information",
    "licence_type": "Licence",
    "commercial_use": "Commercial use",
    "usage_cap": "Usage cap",
    "use_policy": "Use policy",
}

#: What the OSI's Open Source AI Definition 1.0 asks of a release, in the terms of
#: ``models.csv``: downloadable parameters, the full code, data information good enough
#: to rebuild the system, all under an OSI-approved licence (which rules out caps on
#: users and restrictions on fields of use).
OSAID_REQUIREMENTS: dict[str, str] = {
    "weights": "open",
    "code": "full",
    "data_info": "full",
    "licence_type": "osi-approved",
}


def dimension_score(column: str, value: str) -> float:
    """Score one openness dimension of a model from 0 (least open) to 1 (most open).

    Each column in :data:`OPENNESS_COLUMNS` lists its allowed values from the most
    open to the least open; the *i*-th of *k* values scores ``1 - i / (k - 1)``.

    Examples
    --------
    >>> dimension_score("weights", "open"), dimension_score("weights", "gated")
    (1.0, 0.5)
    """
    if not isinstance(column, str) or column not in OPENNESS_COLUMNS:
        raise ValueError(f"column must be one of {', '.join(OPENNESS_COLUMNS)}; got {column!r}")
    allowed = SCHEMAS["models"].column(column).allowed
    if value not in allowed:
        raise ValueError(f"value {value!r} is not allowed in column {column!r}; "
                         f"allowed values: {', '.join(allowed)}")
    return 1 - allowed.index(value) / (len(allowed) - 1)


def check_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """Validate dimension weights; return one weight per dimension (missing ones are 0).

    *weights* maps dimension -> weight (a finite number >= 0; not all 0); ``None`` weighs
    every dimension 1. Dimensions left out count 0, so ``{"weights": 1, "code": 1,
    "data_info": 1}`` scores only the OSI's three components.

    Examples
    --------
    >>> check_weights({"code": 2})["code"], check_weights({"code": 2})["weights"]
    (2.0, 0.0)
    >>> check_weights({"licence": 1})
    Traceback (most recent call last):
    ...
    ValueError: weights has an unknown dimension 'licence'; the dimensions are: weights, ...
    """
    if weights is None:
        return {d: 1.0 for d in DIMENSIONS}
    if not isinstance(weights, Mapping):
        raise TypeError(f"weights must be a mapping of dimension -> weight, or None; "
                        f"got {weights!r}")
    out = {d: 0.0 for d in DIMENSIONS}
    for key, value in weights.items():
        if key not in out:
            raise ValueError(f"weights has an unknown dimension {key!r}; the dimensions are: "
                             f"{', '.join(DIMENSIONS)}")
        if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
            raise TypeError(f"the weight of {key!r} must be a number >= 0; got {value!r}")
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"the weight of {key!r} must be a finite number >= 0; "
                             f"got {value!r}")
        out[key] = float(value)
    if not any(out.values()):
        raise ValueError("every weight is 0; give at least one dimension a weight above 0")
    return out


def _models(models: Sequence[str] | None):
    table = load_table("models")
    if models is None:
        return table
    known = list(table["id"])
    unknown = [m for m in models if m not in known]
    if unknown:
        raise ValueError(f"models has unknown id(s) {', '.join(map(repr, unknown))}; "
                         f"the model ids are: {', '.join(known)}")
    if not models:
        raise ValueError("models must name at least one model id (or be None for all)")
    return table.set_index("id").loc[list(models)].reset_index()


def scorecard(weights: Mapping[str, float] | None = None,
              models: Sequence[str] | None = None):
    """The scorecard as a tidy table: one row per model and dimension.

    Columns ``model, name, dimension, label, value, score, weight``. *weights* as for
    :func:`check_weights`; *models* are ids from ``models.csv`` in the order wanted (all
    by default).

    Examples
    --------
    >>> card = scorecard(models=["llama-3.1-405b"])
    >>> list(card[["dimension", "value", "score"]].head(2).itertuples(index=False, name=None))
    [('weights', 'gated', 0.5), ('code', 'inference', 0.5)]
    """
    import pandas as pd

    w = check_weights(weights)
    rows = [{"model": row["id"], "name": row["name"], "dimension": d, "label": LABELS[d],
             "value": row[d], "score": dimension_score(d, row[d]), "weight": w[d]}
            for _, row in _models(models).iterrows() for d in DIMENSIONS]
    return pd.DataFrame(rows, columns=["model", "name", "dimension", "label", "value",
                                       "score", "weight"])


def meets_osaid(model: str) -> bool:
    """Whether a model's release has every component of :data:`OSAID_REQUIREMENTS`.

    Examples
    --------
    >>> meets_osaid("deepseek-r1"), meets_osaid("olmo-2-13b")
    (False, True)
    """
    return _meets(_models([model]).iloc[0])


def _meets(row) -> bool:
    return all(row[d] == v for d, v in OSAID_REQUIREMENTS.items())


def ranking(weights: Mapping[str, float] | None = None,
            models: Sequence[str] | None = None):
    """Models ranked by weighted openness score, most open first.

    Columns ``rank`` (ties share one), ``model``, ``name``, ``organisation``, ``score``
    (the weighted mean, 0 to 1) and ``osaid`` (meets the OSI's Definition, whatever the
    weights). Arguments as for :func:`scorecard`.

    Examples
    --------
    >>> top = ranking({"weights": 1, "code": 1, "data_info": 1}).head(3)
    >>> top[["rank", "name"]].to_dict("list"), top["score"].round(3).tolist()
    ({'rank': [1, 1, 3], 'name': ['OLMo 2 13B', 'Pythia 12B', 'DeepSeek-R1']}, [1.0, 1.0, 0.667])
    """
    card = scorecard(weights, models)
    card["relative"] = card["weight"] / card["weight"].max()  # scale-free, even for tiny weights
    card["weighted"] = card["score"] * card["relative"]
    grouped = card.groupby("model", sort=False)
    score = grouped["weighted"].sum() / grouped["relative"].sum()
    table = _models(models).set_index("id")
    out = table.loc[score.index, ["name", "organisation"]].copy()
    out["score"] = score.to_numpy(dtype="float64")
    out["osaid"] = [_meets(table.loc[m]) for m in out.index]
    out = out.rename_axis("model").reset_index()
    out["_key"], out["_name"] = -out["score"].round(12), out["name"].str.casefold()
    out = out.sort_values(["_key", "_name"], kind="stable").drop(columns=["_key", "_name"])
    out.insert(0, "rank", out["score"].round(12).rank(method="min", ascending=False)
               .astype(int).to_numpy())
    return out.reset_index(drop=True)


def _column_label(dimension: str, weight: float) -> str:
    return f"{LABELS[dimension]} ×{weight:g}" if weight else f"{LABELS[dimension]} (off)"


def _cell_text(value) -> str:
    """A table entry as a cell shows it: long hyphenated words break after the hyphen."""
    text = str(value)
    return text.replace("-", "-\n", 1) if len(text) > 9 and "-" in text else text


def heatmap_grid(weights: Mapping[str, float] | None = None,
                 models: Sequence[str] | None = None) -> dict:
    """What the scorecard heatmap shows, ranked: labels, scores and cell texts.

    Keys: ``models`` (ids, most open first), ``rows`` (names), ``columns``, ``values``
    (scores, the weighted score last), ``annotations`` (the table's entries) and
    ``ranking`` (:func:`ranking`). Arguments as for :func:`scorecard`.

    Examples
    --------
    >>> grid = heatmap_grid({"weights": 2, "code": 1}, models=["gpt-4o", "deepseek-r1"])
    >>> grid["rows"], grid["columns"][:3], grid["annotations"][0][-1]
    (['DeepSeek-R1', 'GPT-4o'], ['Weights ×2', 'Code ×1', 'Data information (off)'], '0.83')
    """
    ranked = ranking(weights, models)
    w = check_weights(weights)
    table = _models(models).set_index("id")
    order = list(ranked["model"])
    values = np.array([[dimension_score(d, table.at[m, d]) for d in DIMENSIONS] + [score]
                       for m, score in zip(order, ranked["score"], strict=True)])
    annotations = [[_cell_text(table.at[m, d]) for d in DIMENSIONS] + [f"{score:.2f}"]
                   for m, score in zip(order, ranked["score"], strict=True)]
    return {"models": order, "rows": list(ranked["name"]),
            "columns": [_column_label(d, w[d]) for d in DIMENSIONS] + ["Weighted score"],
            "values": values, "annotations": annotations, "ranking": ranked}
