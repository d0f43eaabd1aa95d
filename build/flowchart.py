"""A partnership's escalation flowchart as inline SVG, drawn from its stages.

Pure: a `Protocol` in, SVG text out, no JavaScript. The chart is derived from
the stages' `next` transitions, never drawn by hand: stages run top to bottom
joined by "not resolved" arrows, stages a transition splits into (urgent /
non-urgent) sit side by side with their condition on the arrow, and every
stage has its own "Resolved: record and close" exit. Each box shows the
stage's timescales in the source's terms and says so in words where the
source contradicts itself.

`steps()` gives the same structure as data for the chart's text alternative.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape

from calculator.model import IN_WORDS, Protocol, Stage, Timescale

__all__ = ["Step", "steps", "svg", "short_timescale", "when_label"]

# Geometry, in viewBox units. The chart is drawn 720 units wide and shown at
# the content width, so 1 unit is about 1 CSS pixel on a desktop page.
WIDTH = 720
MARGIN = 12
MAIN_RIGHT = 456            # stage boxes live between MARGIN and MAIN_RIGHT
EXIT_LEFT = 540             # "resolved" terminals live right of this
EXIT_WIDTH = WIDTH - MARGIN - EXIT_LEFT
COLUMN_GAP = 24
ROW_GAP = 64                # room for an arrow and its label between rows
EXIT_GAP = 44               # box to terminal below it, in rows of several boxes
PAD = 12
TITLE_SIZE = 19
TEXT_SIZE = 17
LINE = 1.3                  # line height, in font sizes
CHAR = 0.56                 # average glyph width, in font sizes (sans-serif)

INK = "#111111"
BOX_FILL = "#ffffff"
BOX_STROKE = "#1a237e"
EXIT_FILL = "#e6f4ea"
EXIT_STROKE = "#1b5e20"
WARN_FILL = "#fff4e5"
WARN_STROKE = "#8a4b00"
FONT = "Arial, Helvetica, 'Liberation Sans', sans-serif"

RESOLVED_TEXT = ("Resolved:", "record and close")


def when_label(when: str) -> str:
    """The words on an arrow for a transition's condition."""
    return {"unresolved": "not resolved", "urgent": "if urgent",
            "non-urgent": "if non-urgent"}.get(when, when.replace("-", " "))


def short_timescale(ts: Timescale) -> str:
    """A timescale shortened for a box: "within 5 working days", "immediately"."""
    if ts.within is not None:
        text = f"within {ts.within.describe()}"
    elif ts.in_words:
        text = IN_WORDS.get(ts.in_words, ts.in_words.replace("-", " "))
    else:
        text = ts.wording
    if ts.repeats:
        text += f" ({ts.repeats})"
    return text


@dataclass
class Step:
    """One stage as the chart and its text alternative show it."""

    stage: Stage
    label: str
    timescales: list[tuple[str, bool]]       # (short text, in conflict?)
    exits: list[tuple[str, str, str]]        # (condition words, target id, target label)
    conflict: bool
    row: int = 0
    column: int = 0
    columns: int = 1
    preds: list[str] = field(default_factory=list)

    def sentence(self) -> str:
        """What the chart shows of this stage, in words (after its label and title)."""
        parts = []
        if self.timescales:
            parts.append("Timescale: " + "; ".join(
                f"{t} (conflicting: see the stage)" if c else t for t, c in self.timescales) + ".")
        else:
            parts.append("No timescale in the source.")
        if self.conflict:
            parts.append("The source contradicts itself here.")
        parts.append("If resolved: record and close.")
        if self.exits:
            parts += [f"{words.capitalize()}: go to {label}." for words, _, label in self.exits]
        else:
            parts.append("If not resolved: this is the last stage.")
        return " ".join(parts)


def steps(protocol: Protocol) -> list[Step]:
    """The stages in order, with their rows and columns in the chart."""
    labels = {s.id: s.label(protocol.stage_word) for s in protocol.stages}
    out: list[Step] = []
    for stage in protocol.stages:
        timescales = [(short_timescale(t), protocol.conflict_for(stage.id, t.id) is not None)
                      for t in stage.timescales]
        exits = [(when_label(t.when), t.stage, labels.get(t.stage, t.stage)) for t in stage.next]
        out.append(Step(stage=stage, label=labels[stage.id], timescales=timescales, exits=exits,
                        conflict=any(c for _, c in timescales)
                        or any(c.stage == stage.id for c in protocol.conflicts)))
    # Rows: a stage sits one row below the lowest stage that leads to it; a
    # stage nothing leads to goes below everything placed so far.
    by_id = {s.stage.id: s for s in out}
    for s in out:
        for _, target, _ in s.exits:
            if target in by_id:
                by_id[target].preds.append(s.stage.id)
    row_of: dict[str, int] = {}
    last = -1
    for s in out:
        placed = [row_of[p] for p in s.preds if p in row_of]
        s.row = max(placed) + 1 if placed else last + 1
        row_of[s.stage.id] = s.row
        last = max(last, s.row)
    rows: dict[int, list[Step]] = {}
    for s in out:
        rows.setdefault(s.row, []).append(s)
    for members in rows.values():
        for i, s in enumerate(members):
            s.column, s.columns = i, len(members)
    return out


# Drawing -------------------------------------------------------------------

def _wrap(text: str, width: float, size: float) -> list[str]:
    """Greedy word wrap to a width in viewBox units."""
    per_line = max(8, int(width / (size * CHAR)))
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= per_line or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def _text(x: float, y: float, lines: list[tuple[str, float, str]], anchor: str = "start") -> str:
    """A <text> of several lines (text, size, weight), first baseline at y."""
    parts = []
    dy = 0.0
    for i, (line, size, weight) in enumerate(lines):
        attrs = f'x="{x:.0f}"' + (f' dy="{dy:.1f}"' if i else "")
        parts.append(f'<tspan {attrs} font-size="{size:g}" font-weight="{weight}">{escape(line)}</tspan>')
        dy = size * LINE
    return (f'<text x="{x:.0f}" y="{y:.1f}" text-anchor="{anchor}" fill="{INK}">'
            + "".join(parts) + "</text>")


@dataclass
class _Box:
    x: float
    y: float
    w: float
    h: float
    lines: list[tuple[str, float, str]]

    @property
    def cx(self) -> float:
        return self.x + self.w / 2


def _stage_lines(step: Step, width: float) -> list[tuple[str, float, str]]:
    inner = width - 2 * PAD
    lines = [(step.label, TITLE_SIZE, "bold")]
    lines += [(t, TITLE_SIZE, "normal") for t in _wrap(step.stage.title, inner, TITLE_SIZE)]
    for text, conflict in step.timescales:
        words = f"{text} (conflicting)" if conflict else text
        for i, t in enumerate(_wrap(words, inner - TEXT_SIZE, TEXT_SIZE)):
            lines.append((("\u2022 " if i == 0 else "\u2003") + t, TEXT_SIZE, "normal"))
    if not step.timescales:
        lines += [(t, TEXT_SIZE, "normal") for t in _wrap("No timescale in the source", inner, TEXT_SIZE)]
    if step.conflict:
        lines += [(t, TEXT_SIZE, "bold") for t in _wrap("Warning: conflict in the source", inner, TEXT_SIZE)]
    return lines


def _height(lines: list[tuple[str, float, str]]) -> float:
    return 2 * PAD + sum(size * LINE for _, size, _ in lines)


def _arrow(points: list[tuple[float, float]], marker: str) -> str:
    d = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return (f'<polyline points="{d}" fill="none" stroke="{INK}" stroke-width="2.5" '
            f'marker-end="url(#{marker})"/>')


def _terminal(x: float, y: float, w: float, h: float, stage_id: str) -> str:
    return (f'<g class="fc-exit" data-stage="{escape(stage_id)}">'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{h / 2:.1f}" '
            f'fill="{EXIT_FILL}" stroke="{EXIT_STROKE}" stroke-width="2"/>'
            + _text(x + w / 2, y + h / 2 - TEXT_SIZE * LINE / 2 + TEXT_SIZE * 0.35,
                    [(RESOLVED_TEXT[0], TEXT_SIZE, "bold"), (RESOLVED_TEXT[1], TEXT_SIZE, "normal")],
                    anchor="middle")
            + "</g>")


def svg(protocol: Protocol, title_id: str, desc_id: str, describedby: str | None = None) -> str:
    """The flowchart as an <svg> element (no XML declaration), ready to inline."""
    chart = steps(protocol)
    marker = f"fc-arrow-{protocol.slug}"
    term_h = 2 * PAD + 2 * TEXT_SIZE * LINE
    rows: dict[int, list[Step]] = {}
    for s in chart:
        rows.setdefault(s.row, []).append(s)

    body: list[str] = []
    boxes: dict[str, _Box] = {}

    # The starting point.
    start_text = "A professional disagreement"
    start_w, start_h = 300.0, 2 * PAD + TEXT_SIZE * LINE
    start_x = (MARGIN + MAIN_RIGHT) / 2 - start_w / 2
    body.append(f'<g class="fc-start"><rect x="{start_x:.1f}" y="{MARGIN}" width="{start_w:.1f}" '
                f'height="{start_h:.1f}" rx="{start_h / 2:.1f}" fill="{BOX_FILL}" stroke="{INK}" '
                f'stroke-width="2"/>'
                + _text(start_x + start_w / 2, MARGIN + PAD + TEXT_SIZE * 0.95,
                        [(start_text, TEXT_SIZE, "bold")], anchor="middle") + "</g>")
    y = MARGIN + start_h + ROW_GAP

    for row in sorted(rows):
        members = rows[row]
        k = len(members)
        col_w = (MAIN_RIGHT - MARGIN - (k - 1) * COLUMN_GAP) / k
        laid = []
        for s in members:
            x = MARGIN + s.column * (col_w + COLUMN_GAP)
            lines = _stage_lines(s, col_w)
            laid.append(_Box(x, y, col_w, _height(lines), lines))
        box_h = max(b.h for b in laid)
        for s, b in zip(members, laid):
            b.h = box_h
            boxes[s.stage.id] = b
            dash = ' stroke-dasharray="10 5"' if s.conflict else ""
            fill = WARN_FILL if s.conflict else BOX_FILL
            stroke = WARN_STROKE if s.conflict else BOX_STROKE
            body.append(f'<g class="fc-stage" data-stage="{escape(s.stage.id)}" '
                        f'data-row="{s.row}" data-column="{s.column}">'
                        f'<rect x="{b.x:.1f}" y="{b.y:.1f}" width="{b.w:.1f}" height="{b.h:.1f}" rx="6" '
                        f'fill="{fill}" stroke="{stroke}" stroke-width="3"{dash}/>'
                        + _text(b.x + PAD, b.y + PAD + TITLE_SIZE * 0.95, b.lines) + "</g>")
            if k == 1:
                ty = b.y + b.h / 2 - term_h / 2
                body.append(_arrow([(b.x + b.w, b.y + b.h / 2), (EXIT_LEFT - 4, b.y + b.h / 2)], marker))
                body.append(_text((b.x + b.w + EXIT_LEFT) / 2, b.y + b.h / 2 - 8,
                                  [("resolved", TEXT_SIZE - 1, "normal")], anchor="middle"))
                body.append(_terminal(EXIT_LEFT, ty, EXIT_WIDTH, term_h, s.stage.id))
            else:
                tw = min(EXIT_WIDTH, b.w - 2 * PAD)
                tx = b.x + b.w - tw
                ty = b.y + b.h + EXIT_GAP
                ax = tx + tw / 2
                body.append(_arrow([(ax, b.y + b.h), (ax, ty - 4)], marker))
                body.append(_text(ax - 8, b.y + b.h + EXIT_GAP / 2 + 6,
                                  [("resolved", TEXT_SIZE - 1, "normal")], anchor="end"))
                body.append(_terminal(tx, ty, tw, term_h, s.stage.id))
        row_h = box_h if k == 1 else box_h + EXIT_GAP + term_h
        if k == 1:
            row_h = max(row_h, term_h)
        y += row_h + ROW_GAP

    # Arrows between stages, drawn once every box has its place.
    first = chart[0].stage.id if chart else None
    if first:
        b = boxes[first]
        body.append(_arrow([(b.cx, MARGIN + start_h), (b.cx, b.y - 4)], marker))
    for s in chart:
        src = boxes[s.stage.id]
        for i, (words, target, _) in enumerate(s.exits):
            if target not in boxes:
                continue
            dst = boxes[target]
            sx = src.cx if s.columns == 1 else src.x + src.w * 0.25
            top = src.y + src.h if s.columns == 1 else src.y + src.h
            mid = dst.y - ROW_GAP / 2
            pts = [(sx, top)]
            if abs(sx - dst.cx) > 1:
                pts += [(sx, mid), (dst.cx, mid)]
            pts.append((dst.cx, dst.y - 4))
            body.append(f'<g class="fc-edge" data-from="{escape(s.stage.id)}" data-to="{escape(target)}" '
                        f'data-when="{escape(words)}">' + _arrow(pts, marker))
            lx = dst.cx + 10
            ly = dst.y - 12 if abs(sx - dst.cx) > 1 else (top + dst.y) / 2 + 6
            body.append(_text(lx, ly, [(words, TEXT_SIZE - 1, "normal")]) + "</g>")

    height = math.ceil(y - ROW_GAP + MARGIN)
    labels = ", then ".join(s.label for s in chart)
    desc = (f"{len(chart)} stages: {labels}. Each stage ends the procedure if the disagreement is "
            "resolved (record and close); if not, an arrow leads to the next stage. "
            "The list below the chart gives every step in words.")
    described = f' aria-describedby="{escape(describedby)}"' if describedby else ""
    return (f'<svg class="flowchart-svg" viewBox="0 0 {WIDTH} {height}" '
            f'width="100%" preserveAspectRatio="xMidYMin meet" role="img" '
            f'aria-labelledby="{escape(title_id)} {escape(desc_id)}"{described} '
            f'font-family="{escape(FONT)}" data-protocol="{escape(protocol.slug)}">'
            f'<title id="{escape(title_id)}">Flowchart: the escalation stages of {escape(protocol.name)}</title>'
            f'<desc id="{escape(desc_id)}">{escape(desc)}</desc>'
            f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{INK}"/>'
            f'</marker></defs>'
            + "".join(body) + "</svg>")
