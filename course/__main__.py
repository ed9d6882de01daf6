"""``python -m course``: see :mod:`course.cli`."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
