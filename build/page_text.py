"""Text from a protocol or scenario file, made safe for a generated page.

Every field of a protocol or scenario file is text: the schema declares none
of them Markdown or HTML. The generated pages are Markdown with blocks of
HTML, so a field's text may land in either: in a heading (`# NAME`), where
Markdown would turn `[x](javascript:…)` into a link and `{: onclick=… }` into
an attribute, or inside an HTML block, where `<script>` would be a script.

`escape` writes the HTML characters as entities (as Jinja's autoescape does,
so ordinary text comes out byte for byte as before) and every character that
means something to Markdown or its extensions (links and images, attribute
lists, code, emphasis, backslash escapes) as a numeric
character reference, with line breaks too, so the text can never start a
Markdown line of its own. A browser shows the same characters either way.

Pure and standard library only: the build's templates (build/templating.py)
and the preview's page of changes (build/changes_page.py) both use it.
"""

from __future__ import annotations

__all__ = ["escape"]

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}
_MARKDOWN = "\\`*_{}[]\n\r"
_TABLE = str.maketrans({**_HTML, **{c: f"&#{ord(c)};" for c in _MARKDOWN}})


def escape(text: object) -> str:
    """`text` (anything: it is made a string) as inert text for a generated
    page: HTML entities for `& < > " '`, character references for Markdown's
    special characters and for line breaks."""
    return str(text).translate(_TABLE)
