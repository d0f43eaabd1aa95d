"""A generated page's large raw HTML blocks, kept out of Markdown's parse, for the page's HTML as written.

Python-Markdown passes a block of raw HTML through unchanged, but reads it
tag by tag to find where it ends (twice: once for MkDocs' anchors, once for
`md_in_html`); the calculator's form and the comparison's table run to
megabytes at 200 partnerships. `hold` puts a short placeholder in place of
each such block, one that carries the block's `id`s (so MkDocs still checks
the links to them), and `put_back` puts the block back in the HTML, so the
page is the same, byte for byte. Only a block Markdown would pass through
whole is held: a paragraph of its own, one block-level element from its
first line to its last, with no `markdown` attribute.
"""

from __future__ import annotations

import re

__all__ = ["hold", "put_back", "LARGE"]

#: Blocks shorter than this (characters) are left to Markdown.
LARGE = 4000

_START = re.compile(r"<(div|table|form|section|figure|nav|details)[\s>]")
_ID = re.compile(r"""\sid=["']([^"'<>]+)["']""")


def _block_end(blocks: list[str], i: int) -> int | None:
    """Where the raw HTML block that opens paragraph `i` ends (its last
    paragraph; blank lines inside an element do not end it, as in
    Markdown), or None: not a block to hold. The block ends at the first
    paragraph that ends with its element's close, every one it opened closed
    (counted paragraph by paragraph: a block of many paragraphs is read once)."""
    start = _START.match(blocks[i])
    if start is None:
        return None
    tag = start.group(1)
    opening, closing = re.compile(rf"<{tag}[\s>]"), f"</{tag}>"
    opened = closed = length = 0
    for j in range(i, len(blocks)):
        if j > i:  # joined by a blank line: an opening at the end of the paragraph before counts now
            opened += blocks[j - 1].endswith(f"<{tag}")
            length += 2
        opened += len(opening.findall(blocks[j]))
        closed += blocks[j].count(closing)
        length += len(blocks[j])
        if opened == closed and "\n\n".join(blocks[i : j + 1]).rstrip("\n").endswith(closing):
            return j if length >= LARGE and not any("markdown=" in b for b in blocks[i : j + 1]) else None
    return None


def hold(markdown: str, page_key: str) -> tuple[str, dict[str, str]]:
    """The Markdown with a placeholder for each large raw HTML block, and the
    blocks by their placeholder's mark."""
    held: dict[str, str] = {}
    blocks = markdown.split("\n\n")
    out: list[str] = []
    i = 0
    while i < len(blocks):
        end = _block_end(blocks, i)
        if end is None:
            out.append(blocks[i])
            i += 1
            continue
        block = "\n\n".join(blocks[i : end + 1])
        mark = f'<div data-handbook-held="{page_key}-{len(held)}">'
        anchors = "".join(f'<a id="{a}"></a>' for a in _ID.findall(block))
        held[mark] = block.rstrip("\n")
        out.append(f"{mark}{anchors}</div>" + block[len(block.rstrip("\n")) :])
        i = end + 1
    return "\n\n".join(out), held


def put_back(html: str, held: dict[str, str]) -> str:
    """The page's HTML with each held block where its placeholder is."""
    for mark, block in held.items():
        start = html.find(mark)
        end = html.find("</div>", start) + len("</div>")
        if start < 0 or end < len("</div>"):
            raise ValueError(f"a raw HTML block's placeholder {mark} is not in the page's HTML")
        html = html[:start] + block + html[end:]
    return html
