"""Where the course's data lives: the single place that finds ``data/``.

Everything that reads a data file asks this module for the path. The folder is
``data/`` beside the ``course`` package, unless the environment variable
``COURSE_DATA_DIR`` names another folder (tests use this to feed broken files).
Nothing here touches the network or depends on the working directory.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ENV_VAR", "LocatedError", "data_dir", "data_path", "project_root", "stamps"]

ENV_VAR = "COURSE_DATA_DIR"


class LocatedError(ValueError):
    """A mistake in a data file; the message starts with where it is.

    Subclasses list in ``places`` the parts of a location after the file (a row and a
    column, an exercise and a field); each becomes an attribute, None when not given.
    """

    places: tuple[str, ...] = ()

    def __init__(self, message: str, *, file: str, **where):
        self.file, text = file, file
        for name in self.places:
            value = where.get(name)
            setattr(self, name, value)
            if value is not None:
                label = name.removesuffix("_id")
                text += f", {label} {value}" if isinstance(value, int) else f", {label} {value!r}"
        super().__init__(f"{text}: {message}")
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The course data folder: ``$COURSE_DATA_DIR``, else ``data/`` beside the package.

    A missing folder raises ``FileNotFoundError`` saying how to fix it.

    Examples
    --------
    >>> data_dir().name
    'data'
    """
    override = os.environ.get(ENV_VAR)
    if override:
        path = Path(override).expanduser().resolve()
        if not path.is_dir():
            raise FileNotFoundError(
                f"{ENV_VAR} is set to {override!r}, which is not a folder. "
                f"Point it at the course's data/ folder, or unset it."
            )
        return path
    path = _PACKAGE_ROOT / "data"
    if not path.is_dir():
        raise FileNotFoundError(
            f"The course data folder was not found at {path}. Install the course from its "
            f"repository with `pip install -e .`, or set {ENV_VAR} to the data/ folder."
        )
    return path


def data_path(*parts: str) -> Path:
    """Return the path of a file or folder below ``data/`` (``"articles", "x.txt"``).

    Examples
    --------
    >>> data_path("facts.csv").name
    'facts.csv'
    """
    return data_dir().joinpath(*parts)


def project_root() -> Path:
    """Return the course repository's root (the folder that holds ``notebooks/``).

    Examples
    --------
    >>> (project_root() / "notebooks").is_dir()
    True
    """
    return _PACKAGE_ROOT


def stamps(*paths: Path) -> tuple:
    """Each file's modification time and size (None if missing): a cache key for its content.

    Caches of what is read from data files are keyed by these stamps, so an edited file
    is read again and an unchanged one is not.

    Examples
    --------
    >>> stamps(data_path("no-such-table.csv"))
    (None,)
    """
    result = []
    for path in paths:
        try:
            stat = path.stat()
            result.append((stat.st_mtime_ns, stat.st_size))
        except OSError:
            result.append(None)
    return tuple(result)
