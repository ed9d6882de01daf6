"""Markdown for exercise text, to safe HTML (with mistune) and to plain text.

HTML is escaped; links open in a new tab. No maths markup: "$5.6M to $100M" is two amounts.
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["to_html", "to_text"]

_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM = re.compile(r"(?<![\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])")


@cache
def _markdown():
    import mistune

    class Renderer(mistune.HTMLRenderer):
        def link(self, text, url, title=None):
            return super().link(text, url, title).replace(
                "<a ", '<a target="_blank" rel="noopener" ', 1)

    return mistune.create_markdown(escape=True, renderer=Renderer(escape=True))


def to_html(text: str) -> str:
    """Render Markdown to HTML; any HTML in *text* is escaped.

    Examples
    --------
    >>> to_html("Is it **open**? <script>")
    '<p>Is it <strong>open</strong>? &lt;script&gt;</p>'
    """
    return _markdown()(text).strip()


def to_text(text: str) -> str:
    """Markdown as plain text: emphasis and code marks dropped, links keep their address.

    Examples
    --------
    >>> to_text("See **the [report](https://arxiv.org/abs/2412.19437)**.")
    'See the report (https://arxiv.org/abs/2412.19437).'
    """
    text = _LINK.sub(r"\1 (\2)", text.strip())
    return re.sub(r"`([^`\n]+)`", r"\1", _EM.sub(r"\1", _BOLD.sub(r"\1", text)))
