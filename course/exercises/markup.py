"""Markdown for exercise text, to safe HTML (with mistune) and to plain text.

HTML is escaped; links open in a new tab. No maths markup: "$5.6M to $100M" is two amounts.
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["escape", "macros", "rendered", "to_html", "to_text"]

_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM = re.compile(r"(?<![\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])")
_PUNCTUATION = r"([!-/:-@\[-`{-~])"  # ASCII punctuation, which Markdown lets a backslash escape
_ESCAPED = re.compile(r"\\" + _PUNCTUATION)


@cache
def _markdown():
    import mistune

    class Renderer(mistune.HTMLRenderer):
        def link(self, text, url, title=None):
            return super().link(text, url, title).replace(
                "<a ", '<a target="_blank" rel="noopener" ', 1)

    return mistune.create_markdown(escape=True, renderer=Renderer(escape=True))


@cache
def macros():
    """The macros of ``course/templates/exercise.html`` (a ``markdown`` filter renders text)."""
    from markupsafe import Markup

    from ..data import templates_with

    env = templates_with({"markdown": lambda text: Markup(to_html(text))})
    return env.get_template("exercise.html").module


def to_html(text: str) -> str:
    """Render Markdown to HTML; any HTML in *text* is escaped.

    Examples
    --------
    >>> to_html("Is it **open**? <script>")
    '<p>Is it <strong>open</strong>? &lt;script&gt;</p>'
    """
    return _markdown()(text).strip()


def to_text(text: str) -> str:
    """Markdown as plain text: emphasis, code and quote marks dropped, links keep their address.

    Examples
    --------
    >>> to_text("See **the [report](https://arxiv.org/abs/2412.19437)**.")
    'See the report (https://arxiv.org/abs/2412.19437).'
    """
    text = _ESCAPED.sub(lambda m: f"\0{ord(m[1])}\0", text.strip())  # kept as typed
    text = _LINK.sub(r"\1 (\2)", re.sub(r"(?m)^> ?", "", text))
    text = re.sub(r"`([^`\n]+)`", r"\1", _EM.sub(r"\1", _BOLD.sub(r"\1", text)))
    return re.sub(r"\0(\d+)\0", lambda m: chr(int(m[1])), text)


def escape(text: str) -> str:
    r"""*text* with its punctuation escaped, so that Markdown shows it as typed.

    Examples
    --------
    >>> escape("2*3*4 <b>"), to_text(escape("2*3*4 <b>"))
    ('2\\*3\\*4 \\<b\\>', '2*3*4 <b>')
    """
    return re.sub(_PUNCTUATION, r"\\\1", text)


def rendered(markdown: str, css_class: str) -> tuple[str, str]:
    r"""*markdown* as plain text, one line per block, and as HTML in a ``div`` of *css_class*.

    Examples
    --------
    >>> rendered("**Rated** *loose*.\n\n- a fact", "course-evidence")[0]
    'Rated loose.\n- a fact'
    """
    text = re.sub(r" *\n\s*\n| +\n", "\n", to_text(markdown))
    return text, f"<div class='{css_class}'>{to_html(markdown)}</div>"
