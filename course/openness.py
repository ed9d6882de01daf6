"""The openness scorecard: how open each model in ``models.csv`` is, dimension by dimension.
A score is a weighted mean of :data:`DIMENSIONS` scores; no choice of weights makes a
definition, so :func:`meets_osaid` checks the OSI's Definition separately."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .checks import check_number
from .tables import OPENNESS_COLUMNS, SCHEMAS, load_table

__all__ = ["DIMENSIONS", "LABELS", "OSAID_REQUIREMENTS", "dimension_score", "heatmap_grid",
           "meets_osaid", "ranking", "scorecard"]

DIMENSIONS: tuple[str, ...] = OPENNESS_COLUMNS  # columns of models.csv

LABELS: dict[str, str] = {"weights": "Weights", "code": "Code", "data_info": "Data information",
                          "licence_type": "Licence", "commercial_use": "Commercial use",
                          "usage_cap": "Usage cap", "use_policy": "Use policy"}

#: What the OSI's Open Source AI Definition 1.0 asks of a release, in ``models.csv``'s terms.
OSAID_REQUIREMENTS: dict[str, str] = {"weights": "open", "code": "full", "data_info": "full",
                                      "licence_type": "osi-approved"}


def dimension_score(column: str, value: str) -> float:
    """Score one openness dimension from 1 (most open) to 0: ``1 - i / (k - 1)`` for the
    *i*-th of the column's *k* allowed values (most open first).

    Examples
    --------
    >>> dimension_score("weights", "open"), dimension_score("weights", "gated")
    (1.0, 0.5)
    """
    if not isinstance(column, str) or column not in DIMENSIONS:
        raise ValueError(f"column must be one of {', '.join(DIMENSIONS)}; got {column!r}")
    allowed = SCHEMAS["models"].column(column).allowed
    if value not in allowed:
        raise ValueError(f"value {value!r} is not allowed in column {column!r}; "
                         f"allowed values: {', '.join(allowed)}")
    return 1 - allowed.index(value) / (len(allowed) - 1)


def _weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """One weight (>= 0) per dimension from a mapping, dimensions left out 0; None: all 1."""
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
        out[key] = check_number(f"the weight of {key!r}", value, minimum=0, array=False)
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
    """The scorecard, one row per model and dimension; *weights* maps dimensions to weights
    (>= 0; left out: 0; None: all 1), *models* lists ids in the order wanted (None: all).

    Examples
    --------
    >>> card = scorecard(models=["llama-3.1-405b"])
    >>> list(card[["dimension", "value", "score"]].head(2).itertuples(index=False, name=None))
    [('weights', 'gated', 0.5), ('code', 'inference', 0.5)]
    """
    import pandas as pd

    w = _weights(weights)
    rows = [{"model": row["id"], "name": row["name"], "dimension": d, "label": LABELS[d],
             "value": row[d], "score": dimension_score(d, row[d]), "weight": w[d]}
            for _, row in _models(models).iterrows() for d in DIMENSIONS]
    return pd.DataFrame(rows)


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
    """Models ranked by weighted openness score (0 to 1), most open first (ties share a rank),
    and whether each meets the OSI's Definition (``osaid``); arguments as for :func:`scorecard`.

    Examples
    --------
    >>> top = ranking({"weights": 1, "code": 1, "data_info": 1}).head(3)
    >>> top[["rank", "name"]].to_dict("list"), top["score"].round(3).tolist()
    ({'rank': [1, 1, 3], 'name': ['OLMo 2 13B', 'Pythia 12B', 'DeepSeek-R1']}, [1.0, 1.0, 0.667])
    """
    card = scorecard(weights, models)
    relative = card["weight"] / card["weight"].max()  # scale-free, even for tiny weights
    weighted = (card["score"] * relative).groupby(card["model"], sort=False).sum()
    table = _models(models)
    out = table[["id", "name", "organisation"]].rename(columns={"id": "model"})
    out["score"] = (weighted / relative.groupby(card["model"], sort=False).sum()).to_numpy()
    out["osaid"] = [_meets(row) for _, row in table.iterrows()]
    out = out.sort_values(["score", "name"], ascending=[False, True], kind="stable",
                          key=lambda c: c.round(12) if c.name == "score" else c.str.casefold())
    out.insert(0, "rank", out["score"].round(12).rank(method="min", ascending=False)
               .astype(int).to_numpy())
    return out.reset_index(drop=True)


def _cell_text(value: str) -> str:
    """Long hyphenated words break after the hyphen."""
    return value.replace("-", "-\n", 1) if len(value) > 9 else value


def heatmap_grid(weights: Mapping[str, float] | None = None,
                 models: Sequence[str] | None = None) -> dict:
    """What the scorecard heatmap shows, ranked: ``models`` (ids), ``rows`` (names),
    ``columns``, ``values`` (scores, weighted last), ``annotations`` and ``ranking``.

    Examples
    --------
    >>> grid = heatmap_grid({"weights": 2, "code": 1}, models=["gpt-4o", "deepseek-r1"])
    >>> grid["rows"], grid["columns"][:3], grid["annotations"][0][-1]
    (['DeepSeek-R1', 'GPT-4o'], ['Weights ×2', 'Code ×1', 'Data information (off)'], '0.83')
    """
    ranked = ranking(weights, models)
    w = _weights(weights)
    table = _models(models).set_index("id")
    values = np.array([[dimension_score(d, table.at[r.model, d]) for d in DIMENSIONS] + [r.score]
                       for r in ranked.itertuples()])
    annotations = [[_cell_text(table.at[r.model, d]) for d in DIMENSIONS] + [f"{r.score:.2f}"]
                   for r in ranked.itertuples()]
    columns = [f"{LABELS[d]} ×{w[d]:g}" if w[d] else f"{LABELS[d]} (off)" for d in DIMENSIONS]
    return {"models": list(ranked["model"]), "rows": list(ranked["name"]),
            "columns": columns + ["Weighted score"], "values": values,
            "annotations": annotations, "ranking": ranked}
