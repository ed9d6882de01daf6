"""A small, safe Markdown subset for exercise text: to HTML and to plain text.

Bank authors write prompts, feedback and solutions in Markdown. This renders the part
of Markdown they need — paragraphs, ``-`` and ``1.`` lists, ``>`` quotes, ``**bold**``,
``*italics*``, ``code`` and ``[links](https://…)`` — and escapes everything else, so a
bank entry can never inject markup. A dollar sign is just a dollar sign: there is no
maths markup (write 6·N·D or 10²⁵ in Unicode), and the widget shows text with
``mathjax_ignore`` so MathJax leaves amounts such as "$5.6M to $100M" alone.
"""

from __future__ import annotations

import html
import re

__all__ = ["to_html", "to_text"]

_PROTECT = re.compile(r"(`[^`\n]+`)")
_LINK = re.compile(r"\[([^\]\n]+)\]\(((?:https?://|\.{0,2}/|[\w-]+\.ipynb)[^)\s]*)\)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM = re.compile(r"(?<![\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])")
_BULLET = re.compile(r"^\s*[-*] +")
_NUMBERED = re.compile(r"^\s*\d+[.)] +")


def _inline(text: str) -> str:
    parts = _PROTECT.split(text)
    out = []
    for index, part in enumerate(parts):
        if index % 2:  # a protected span
            out.append(f"<code>{html.escape(part[1:-1])}</code>")
            continue
        part = html.escape(part, quote=False)
        part = _LINK.sub(lambda m: f'<a href="{html.escape(m.group(2))}" target="_blank" '
                                   f'rel="noopener">{m.group(1)}</a>', part)
        part = _BOLD.sub(r"<strong>\1</strong>", part)
        part = _EM.sub(r"<em>\1</em>", part)
        out.append(part)
    return "".join(out)


def _items(lines: list[str], marker: re.Pattern) -> list[str]:
    items: list[str] = []
    for line in lines:
        if marker.match(line) or not items:
            items.append(marker.sub("", line, count=1))
        else:
            items[-1] += " " + line.strip()
    return items


def to_html(text: str) -> str:
    """Render a Markdown subset to HTML; all other markup is escaped.

    Examples
    --------
    >>> to_html("Is it **open**?")
    '<p>Is it <strong>open</strong>?</p>'
    >>> to_html("- one\\n- `two`")
    '<ul><li>one</li><li><code>two</code></li></ul>'
    >>> to_html("<script>x</script>")
    '<p>&lt;script&gt;x&lt;/script&gt;</p>'
    """
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if _BULLET.match(lines[0]):
            items = _items(lines, _BULLET)
            blocks.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
        elif _NUMBERED.match(lines[0]):
            items = _items(lines, _NUMBERED)
            blocks.append("<ol>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ol>")
        elif lines[0].lstrip().startswith(">"):
            inner = " ".join(line.lstrip().removeprefix(">").strip() for line in lines)
            blocks.append(f"<blockquote>{_inline(inner)}</blockquote>")
        else:
            blocks.append("<p>" + _inline(" ".join(line.strip() for line in lines)) + "</p>")
    return "".join(blocks)


def to_text(text: str) -> str:
    """Render a Markdown subset to plain text (links keep their address).

    Examples
    --------
    >>> to_text("See **the [report](https://arxiv.org/abs/2412.19437)**.")
    'See the report (https://arxiv.org/abs/2412.19437).'
    """
    text = _LINK.sub(r"\1 (\2)", text.strip())
    text = _BOLD.sub(r"\1", text)
    text = _EM.sub(r"\1", text)
    return re.sub(r"`([^`\n]+)`", r"\1", text)
