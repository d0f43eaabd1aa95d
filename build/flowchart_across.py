"""A partnership's whole flowchart laid out across a projected screen, readable from the back of a room.

Pure: a `Protocol` in, SVG text out. The partnership page's chart runs top to
bottom and says everything about each stage; on a 4:3 projector that squeezes
its text to a few pixels. This chart says less so that it can be read: each
stage's label and title, and the words on each arrow, no timescales (the
full-screen view shows those a stage at a time). The stages run left to right
in rows of at most three; the stages a transition splits into sit one above
the other in the same place; an arrow's words sit above the box it leads to.
Drawn 1100 units wide with 22-unit text, it keeps its text at 18 CSS pixels
or more wherever it is shown at 900 pixels wide or more.
"""

from __future__ import annotations

import math
from html import escape

from calculator.model import Protocol

from . import flowchart
from .flowchart import Box, Line, Step

__all__ = ["WIDTH", "SIZE", "svg"]

WIDTH = 1100
SIZE = 22  # every line of text, in viewBox units
LINE = 1.3  # line height, in font sizes
PAD = 12
LEFT = 44  # room left of the first column for an arrow from the row above
RIGHT = 12
TOP = 12
GAP = 76  # between columns, for the arrows
ROW_GAP = 56  # between rows, for an arrow back to the left
STACK_GAP = 20  # between the stages a transition splits into
MAX_PER_ROW = 3


def _groups(chart: list[Step]) -> list[list[Step]]:
    """The stages by depth: each group the stages one transition further on."""
    groups: dict[int, list[Step]] = {}
    for s in chart:
        groups.setdefault(s.row, []).append(s)
    return [groups[r] for r in sorted(groups)]


def _words_into(chart: list[Step], width: float) -> dict[str, list[Line]]:
    """The words on the arrows into each stage, wrapped to its box's width."""
    words: dict[str, list[str]] = {}
    for s in chart:
        for said, target, _ in s.exits:
            seen = words.setdefault(target, [])
            if said not in seen:
                seen.append(said)
    return {
        target: [(t, SIZE, "normal") for said in saids for t in flowchart.wrap(said, width - 2, SIZE)]
        for target, saids in words.items()
    }


def _box_lines(step: Step, width: float) -> list[Line]:
    """A box's lines: the stage's label, then its title."""
    inner = width - 2 * PAD
    lines: list[Line] = [(t, SIZE, "bold") for t in flowchart.wrap(step.label, inner, SIZE)]
    lines += [(t, SIZE, "normal") for t in flowchart.wrap(step.stage.title, inner, SIZE)]
    return lines


def _lay_out(
    groups: list[list[Step]], words: dict[str, list[Line]], per_row: int, col_w: float
) -> tuple[dict[str, Box], list[float]]:
    """Every stage's box, and the bottom of each row of the grid."""
    boxes: dict[str, Box] = {}
    bottoms: list[float] = []
    y: float = TOP
    for start in range(0, len(groups), per_row):
        row = groups[start : start + per_row]
        first_words = max((len(words.get(g[0].stage.id, ())) for g in row), default=0)
        top = y + first_words * SIZE * LINE + (6 if first_words else 0)
        first_h = max(flowchart.box_height(_box_lines(g[0], col_w)) for g in row)
        bottom = top + first_h
        for col, group in enumerate(row):
            x = LEFT + col * (col_w + GAP)
            below = top
            for i, s in enumerate(group):
                lines = _box_lines(s, col_w)
                if i:
                    below += STACK_GAP + len(words.get(s.stage.id, ())) * SIZE * LINE + 6
                h = first_h if i == 0 else flowchart.box_height(lines)
                boxes[s.stage.id] = Box(x, below, col_w, h, lines)
                below += h
            bottom = max(bottom, below)
        bottoms.append(bottom)
        y = bottom + ROW_GAP
    return boxes, bottoms


def _route(src: Box, dst: Box, bottoms: list[float]) -> list[tuple[float, float]]:
    """An arrow's points: on along the row into the box's left side, or down
    below the row, back to the left and into the next row's box."""
    if dst.x > src.x:
        end = (dst.x - 4, dst.y + dst.h / 2)
        start = (src.x + src.w, src.y + src.h / 2)
        if abs(start[1] - end[1]) < 1:
            return [start, end]
        bend = src.x + src.w + GAP / 2
        return [start, (bend, start[1]), (bend, end[1]), end]
    below = min(b for b in bottoms if b >= src.y + src.h - 0.5) + ROW_GAP / 2
    return [
        (src.cx, src.y + src.h),
        (src.cx, below),
        (LEFT / 2, below),
        (LEFT / 2, dst.y + dst.h / 2),
        (dst.x - 4, dst.y + dst.h / 2),
    ]


def svg(protocol: Protocol, title_id: str, desc_id: str, describedby: str | None = None) -> str:
    """The chart as an <svg> element, its stages' boxes marked as the
    partnership page's are (`.fc-stage[data-stage]`), to inline."""
    chart = flowchart.steps(protocol)
    groups = _groups(chart)
    per_row = max(1, math.ceil(len(groups) / max(1, math.ceil(len(groups) / MAX_PER_ROW))))
    col_w = (WIDTH - LEFT - RIGHT - (per_row - 1) * GAP) / per_row
    words = _words_into(chart, col_w)
    boxes, bottoms = _lay_out(groups, words, per_row, col_w)
    marker = f"fc-across-arrow-{protocol.slug}"
    body = [flowchart.stage_box(s, boxes[s.stage.id]) for s in chart]
    labelled: set[str] = set()
    for s in chart:
        for _, target, _ in s.exits:
            if target not in boxes:
                continue
            dst = boxes[target]
            label = [] if target in labelled else words[target]
            labelled.add(target)
            body.append(
                f'<g class="fc-edge" data-from="{escape(s.stage.id)}" data-to="{escape(target)}">'
                + flowchart.arrow(_route(boxes[s.stage.id], dst, bottoms), marker)
                + (
                    flowchart.text_element(dst.x, dst.y - 6 - (len(label) - 1) * SIZE * LINE - SIZE * 0.3, label)
                    if label
                    else ""
                )
                + "</g>"
            )
    height = math.ceil((bottoms[-1] if bottoms else TOP) + TOP)
    return flowchart.svg_element(
        protocol, chart, WIDTH, height, (title_id, desc_id, describedby), body, marker=marker
    ).replace('class="flowchart-svg"', 'class="flowchart-svg flowchart-across"', 1)
