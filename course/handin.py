"""Hand your progress in from a notebook: export it beside the notebooks, with a link to
download (notebook 00)."""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path

from .data import project_root
from .progress import store

__all__ = ["ExportNotice", "export_for_instructor"]


@dataclass(frozen=True)
class ExportNotice:
    """What :func:`export_for_instructor` did, ready to display in a notebook."""

    path: Path | None
    message: str

    def _repr_html_(self) -> str:
        if self.path is None:
            return f"<p><strong>Not exported.</strong> {html.escape(self.message)}</p>"
        try:
            href = Path(os.path.relpath(self.path, Path.cwd())).as_posix()
        except ValueError:  # another drive on Windows
            href = self.path.as_uri()
        return (f"<p><strong>Progress exported:</strong> <a href='{html.escape(href)}' "
                f"download>{html.escape(self.path.name)}</a> — {html.escape(self.message)}</p>")

    def __repr__(self) -> str:
        return self.message if self.path is None else \
            f"Progress exported to {self.path}. {self.message}"


def export_for_instructor(student: str | None = None,
                          folder: str | os.PathLike | None = None) -> ExportNotice:
    """Export your progress into *folder* (default: ``notebooks/``, or the working folder);
    return a link to display, or what went wrong."""
    shared = store()
    try:
        if folder is None:
            folder = project_root() / "notebooks"
            folder = folder if folder.is_dir() else Path.cwd()
        folder = Path(folder).expanduser()
        if not folder.is_dir():
            raise ValueError(f"{folder} is not a folder")
        path = shared.export(folder, student=student)
    except (OSError, ValueError, TypeError) as error:
        return ExportNotice(None, f"Your progress could not be exported ({error}). Try another "
                                  "folder: export_for_instructor(folder='…').")
    return ExportNotice(path, "Download this file (right-click it in the file browser and "
                              "choose Download) and send it to your instructor." +
                        (f" Note: {shared.notice}" if shared.notice else ""))
