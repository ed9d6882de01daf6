"""One self-contained HTML page (inline CSS, no scripts, nothing remote), for reports.

The class report (``python -m course report``) writes its summary with :func:`page`; the
course website is built by Sphinx (:mod:`course.site`) and does not use it.
"""

from __future__ import annotations

import html

__all__ = ["page"]

_CSS = """
:root { --ink: #1b1b1b; --muted: #4d4d4d; --line: #d0d0d0; --blue: #0072B2;
        --orange: #E69F00; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
       font: 17px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header.site, footer.site, main { max-width: 64rem; margin: 0 auto; padding: 0 1rem; }
header.site, footer.site { padding-top: .75rem; padding-bottom: .75rem; color: var(--muted); }
header.site { border-bottom: 1px solid var(--line); }
footer.site { border-top: 1px solid var(--line); margin-top: 2rem; font-size: .9rem; }
a { color: var(--blue); }
a:focus { outline: 3px solid var(--orange); outline-offset: 2px; }
table { border-collapse: collapse; margin: 1rem 0; font-size: .95rem; }
th, td { border: 1px solid var(--line); padding: .3rem .6rem; text-align: left;
         vertical-align: top; }
th { background: #f2f2f2; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: var(--muted); font-style: italic; }
.error { color: #a33a00; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
img { max-width: 100%; height: auto; }
"""


def page(title: str, body: str, *, header: str = "", footer: str = "") -> str:
    """Return a complete HTML page: *title* (plain text), and HTML for body, header, footer.

    Examples
    --------
    >>> text = page("Costs & prices", "<p>Hi</p>")
    >>> "<title>Costs &amp; prices</title>" in text, "<main" in text, "http" in text
    (True, True, False)
    """
    for name, value in (("title", title), ("body", body), ("header", header),
                        ("footer", footer)):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a str; got {type(value).__name__}")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f'<header class="site">{header}</header>\n<main id="content">\n{body}\n</main>\n'
        f'<footer class="site">{footer}</footer>\n</body>\n</html>\n'
    )
