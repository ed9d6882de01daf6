"""Checks of the numbers passed to the course's public models: each error names the argument,
the value and what is allowed. Numbers may be Python or NumPy scalars or array-likes;
booleans, strings, ``None``, NaN and infinities are refused."""

from __future__ import annotations

import functools
import inspect
import numbers
import operator

import numpy as np

__all__ = ["NON_NEGATIVE", "POSITIVE", "check_number", "checked"]

#: Rules for :func:`checked`: a number >= 0, and a number > 0.
NON_NEGATIVE = {"minimum": 0}
POSITIVE = {"minimum": 0, "min_open": True}
_COMPARE = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}


def _type_error(name: str, value, allowed: str) -> TypeError:
    return TypeError(f"{name} must be {allowed}; got {value!r} ({type(value).__name__})")


def check_number(name: str, value, *, minimum: float | None = None,
                 maximum: float | None = None, min_open: bool = False,
                 max_open: bool = False, array: bool = True, ndim: int | None = None):
    """*value* (the argument called *name*) as a float or float array, checked.

    Bounds are inclusive unless ``min_open``/``max_open``; ``array=False`` refuses
    array-likes; ``ndim`` (1 or 2) asks for a non-empty array of that many dimensions.
    A wrong type raises ``TypeError``, a wrong value ``ValueError``.

    Examples
    --------
    >>> check_number("price", -1, minimum=0)
    Traceback (most recent call last):
    ...
    ValueError: price must be a finite number >= 0; got -1
    """
    bounds = [(symbol, bound) for symbol, bound in ((">" if min_open else ">=", minimum),
                                                    ("<" if max_open else "<=", maximum))
              if bound is not None]
    allowed = f"a finite number {' and '.join(f'{s} {b:g}' for s, b in bounds)}".rstrip()
    shape = {1: "a list or 1-D array", 2: "a 2-D array"}.get(ndim)
    scalar = isinstance(value, numbers.Real) and not shape
    if scalar and isinstance(value, bool):
        raise _type_error(name, value, f"{allowed}, not a bool")
    if scalar:
        try:
            arr = np.float64(value)
        except OverflowError:
            raise ValueError(f"{name} must be {allowed}; got {value!r}, which is too large"
                             ) from None
    elif not array or isinstance(value, (str, bytes, dict, set)) or not hasattr(value, "__len__"):
        what = f"{shape} of numbers" if shape else \
            allowed + (" or an array of such numbers" if array else "")
        raise _type_error(name, value, what)
    else:
        what = f"{shape or 'an array'} of numbers"
        try:
            arr = np.asarray(value)
        except ValueError:
            raise ValueError(f"{name} must be {what} (rows of equal length); got {value!r}"
                             ) from None
        if arr.dtype.kind not in "iuf":
            kind = "bools" if arr.dtype.kind == "b" else f"values of type {arr.dtype}"
            raise TypeError(f"{name} must be {what}; got {value!r}, which holds {kind}")
        arr = arr.astype("float64")
        if shape and (arr.ndim != ndim or arr.size == 0):
            raise ValueError(f"{name} must be {shape} (non-empty); got shape {arr.shape}")
    ok = np.isfinite(arr)
    with np.errstate(invalid="ignore"):
        for symbol, bound in bounds:
            ok &= _COMPARE[symbol](arr, bound)
    if scalar and not ok:
        raise ValueError(f"{name} must be {allowed}; got {value!r}")
    if not np.all(ok):
        index = tuple(int(k) for k in np.argwhere(~ok)[0])
        where = f" at index {index[0] if len(index) == 1 else index}" if arr.ndim else ""
        raise ValueError(f"{name} must contain only values that are {allowed}; "
                         f"got {float(arr[index])!r}{where}")
    return float(arr) if scalar else arr


def checked(*, array: bool = True, **rules):
    """Decorate a numeric model: check each argument named in *rules* with :func:`check_number`
    (an argument whose default is None may be None); with *array*, broadcast them together
    and return a float when every argument was a scalar, else an array.

    Examples
    --------
    >>> @checked(x=NON_NEGATIVE, y={})
    ... def add(x, y):
    ...     return x + y
    >>> add(1, 2), add([1, 2], 3).tolist()
    (3.0, [4.0, 5.0])
    """
    def decorate(model):
        signature = inspect.signature(model)

        @functools.wraps(model)
        def run(*args, **kwargs):
            given = signature.bind(*args, **kwargs)
            given.apply_defaults()
            values = {name: check_number(name, given.arguments[name], array=array, **rule)
                      for name, rule in rules.items() if given.arguments[name] is not None
                      or signature.parameters[name].default is not None}
            if not array:
                return model(**given.arguments | values)
            try:
                arrays = np.broadcast_arrays(*values.values())
            except ValueError:
                shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in values.items())
                raise ValueError(f"the array arguments must have shapes that broadcast "
                                 f"together; got {shapes}") from None
            value = model(**given.arguments | dict(zip(values, arrays, strict=True)))
            if all(np.ndim(v) == 0 for v in given.arguments.values()):
                return float(value)
            return np.asarray(value, dtype="float64")
        return run
    return decorate
