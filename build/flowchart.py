"""A partnership's escalation flowchart as inline SVG, drawn from its stages.

Pure: a `Protocol` in, SVG text out, no JavaScript. The chart is derived from
the stages' `next` transitions, never drawn by hand: stages run top to bottom
joined by "not resolved" arrows, and stages a transition splits into sit side
by side, each arrow carrying the source's own words for when that route is
taken (the chart takes no route by default). Each box says what each of the
stage's timescales is for, in the source's terms, says so in words where the
source contradicts itself, and shows what the source says happens once the
disagreement is resolved at that stage, and nothing where it says nothing.

`steps()` gives the same structure as data for the chart's text alternative.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from html import escape

from calculator.model import IN_WORDS, Protocol, Stage, Transition
from calculator.naming import limit_anchor
from calculator.timescale import Timescale
from calculator.wording import NO_TIMESCALE_SHORT

__all__ = [
    "Step",
    "steps",
    "svg",
    "short_timescale",
    "when_label",
    "condition_words",
    "if_resolved",
    "Line",
    "Box",
    "wrap",
    "text_element",
    "box_height",
    "arrow",
    "stage_box",
    "svg_element",
]

# Geometry, in viewBox units. The chart is drawn 720 units wide and shown at
# the content width, so 1 unit is about 1 CSS pixel on a desktop page.
WIDTH = 720
COMPACT_WIDTH = 400  # the compact chart: stage names only, for a printed page
MARGIN = 12
COLUMN_GAP = 24
ARROW_GAP = 32  # room above and below the bend of an arrow between rows
PAD = 12
TITLE_SIZE = 19
TEXT_SIZE = 17
LABEL_SIZE = 17  # the words on an arrow
LINE = 1.3  # line height, in font sizes
CHAR = 0.56  # average glyph width, in font sizes (sans-serif)

INK = "#111111"
BOX_FILL = "#ffffff"
BOX_STROKE = "#1a237e"
WARN_FILL = "#fff4e5"
WARN_STROKE = "#8a4b00"
FONT = "Arial, Helvetica, 'Liberation Sans', sans-serif"

#: One line of a box's text: the words, their font size, their weight.
Line = tuple[str, float, str]

_HEADING_NUMBER = re.compile(r"^\s*(?:step|stage|level)\s+[0-9a-z]+\s*[-\u2013\u2014:.]?\s*", re.I)


def when_label(when: str) -> str:
    """Short handbook words for a transition's kind ("not resolved", "if urgent")."""
    return {"unresolved": "not resolved", "urgent": "if urgent", "non-urgent": "if non-urgent"}.get(
        when, when.replace("-", " ")
    )


def condition_words(protocol: Protocol, transition: Transition) -> str:
    """The words on an arrow: "not resolved" for the plain way on, and for a
    route a stage splits into, the source's own words for it in quotation
    marks: the transition's `condition` where the protocol gives one, else the
    heading the source gives the stage it leads to, without its number
    ("Non-urgent and/or lessons learned")."""
    given = getattr(transition, "condition", None)
    if given:
        return f"\u201c{given}\u201d"
    if transition.when == "unresolved":
        return when_label(transition.when)
    try:
        target = protocol.stage(transition.stage)
    except KeyError:
        return when_label(transition.when)
    heading = _HEADING_NUMBER.sub("", target.quote[0]).strip() if target.quote else ""
    return f"\u201c{heading}\u201d" if heading else when_label(transition.when)


def if_resolved(stage: Stage) -> tuple:
    """What the source says happens once the disagreement is resolved at this
    stage (statements with `.text` and `.quote`); empty where it says nothing."""
    return tuple(getattr(stage, "if_resolved", None) or ())


def short_timescale(ts: Timescale, protocol: Protocol, with_anchor: bool = True) -> str:
    """A timescale shortened for a box, with what it counts from: "within 5
    working days of stage 1", "immediately". Where the source gives one limit
    two ways ("48 hours (2 working days)"), its own wording, so neither
    reading is hidden. `with_anchor=False` where a view says what it counts
    from beside it."""
    anchor = f" {limit_anchor(protocol, ts, always=True, compact=True)}" if with_anchor else ""
    if getattr(ts, "also", ()):
        text = f"{ts.wording}{anchor}"
    elif ts.within is not None:
        text = f"within {ts.within.describe()}{anchor}"
    elif ts.in_words:
        text = IN_WORDS.get(ts.in_words, ts.in_words.replace("-", " "))
    else:
        text = ts.wording
    if ts.repeats:
        text += f" ({ts.repeats})"
    return text


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class Step:
    """One stage as the chart and its text alternative show it."""

    stage: Stage
    label: str
    timescales: list[tuple[str, str, bool]]  # (what it is for, short text, in conflict?)
    exits: list[tuple[str, str, str]]  # (condition words, target id, target label)
    conflict: bool
    word: str  # the procedure's word for a stage, in lower case ("step")
    resolved: list[str] = field(default_factory=list)  # what the source says follows resolution
    row: int = 0
    column: int = 0
    columns: int = 1
    preds: list[str] = field(default_factory=list)

    def sentence(self) -> str:
        """What the chart shows of this stage, in words (after its label and title)."""
        parts = []
        if self.timescales:
            parts.append(
                "Timescales: "
                + "; ".join(
                    f"{what}: {t}" + (f" (conflicting: see the {self.word})" if c else "")
                    for what, t, c in self.timescales
                )
                + "."
            )
        else:
            parts.append(f"{NO_TIMESCALE_SHORT}.")
        if self.conflict:
            parts.append("The source contradicts itself here.")
        parts += [f"If resolved: {_sentence_case(text).rstrip('.')}." for text in self.resolved]
        if self.exits:
            parts += [
                f"{'If not resolved' if words == 'not resolved' else words}: go to {label}."
                for words, _, label in self.exits
            ]
        else:
            parts.append(f"The source names no further {self.word}.")
        return " ".join(parts)


def steps(protocol: Protocol) -> list[Step]:
    """The stages in order, with their rows and columns in the chart."""
    labels = {s.id: s.label(protocol.stage_word) for s in protocol.stages}
    out: list[Step] = []
    for stage in protocol.stages:
        timescales = [
            (t.action, short_timescale(t, protocol), protocol.conflict_for(stage.id, t.id) is not None)
            for t in stage.timescales
        ]
        exits = [(condition_words(protocol, t), t.stage, labels.get(t.stage, t.stage)) for t in stage.next]
        out.append(
            Step(
                stage=stage,
                label=labels[stage.id],
                timescales=timescales,
                exits=exits,
                conflict=any(c for _, _, c in timescales) or any(c.stage == stage.id for c in protocol.conflicts),
                word=protocol.stage_word.lower(),
                resolved=[s.text for s in if_resolved(stage)],
            )
        )
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


def wrap(text: str, width: float, size: float) -> list[str]:
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


def text_element(x: float, y: float, lines: list[Line], anchor: str = "start") -> str:
    """A <text> of several lines (text, size, weight), first baseline at y."""
    parts = []
    dy = 0.0
    for i, (line, size, weight) in enumerate(lines):
        attrs = f'x="{x:.0f}"' + (f' dy="{dy:.1f}"' if i else "")
        parts.append(f'<tspan {attrs} font-size="{size:g}" font-weight="{weight}">{escape(line)}</tspan>')
        dy = size * LINE
    return f'<text x="{x:.0f}" y="{y:.1f}" text-anchor="{anchor}" fill="{INK}">' + "".join(parts) + "</text>"


@dataclass
class Box:
    """A stage's box in viewBox units, with its lines of text."""

    x: float
    y: float
    w: float
    h: float
    lines: list[Line]

    @property
    def cx(self) -> float:
        return self.x + self.w / 2


def _stage_lines(step: Step, width: float, compact: bool = False) -> list[Line]:
    """The lines of a stage box: label, title, each timescale with what it is
    for, a conflict warning, then what the source says follows resolution
    (compact: the label and title only)."""
    inner = width - 2 * PAD
    lines: list[Line] = [(t, TITLE_SIZE, "bold") for t in wrap(step.label, inner, TITLE_SIZE)]
    lines += [(t, TITLE_SIZE, "normal") for t in wrap(step.stage.title, inner, TITLE_SIZE)]
    if compact:
        return lines
    for what, text, conflict in step.timescales:
        words = f"{what}: {text}" + (" (conflicting)" if conflict else "")
        for i, t in enumerate(wrap(words, inner - TEXT_SIZE, TEXT_SIZE)):
            lines.append((("\u2022 " if i == 0 else "\u2003") + t, TEXT_SIZE, "normal"))
    if not step.timescales:
        lines += [(t, TEXT_SIZE, "normal") for t in wrap(NO_TIMESCALE_SHORT, inner, TEXT_SIZE)]
    if step.conflict:
        lines += [(t, TEXT_SIZE, "bold") for t in wrap("Warning: conflict in the source", inner, TEXT_SIZE)]
    if step.resolved:
        lines.append(("If resolved:", TEXT_SIZE, "bold"))
        for text in step.resolved:
            for i, t in enumerate(wrap(_sentence_case(text), inner - TEXT_SIZE, TEXT_SIZE)):
                lines.append((("\u2022 " if i == 0 else "\u2003") + t, TEXT_SIZE, "normal"))
    return lines


def box_height(lines: list[Line]) -> float:
    """A box's height for its lines, with its padding."""
    return 2 * PAD + sum(size * LINE for _, size, _ in lines)


def arrow(points: list[tuple[float, float]], marker: str) -> str:
    """An arrow along `points`, its head the marker of id `marker`."""
    d = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return f'<polyline points="{d}" fill="none" stroke="{INK}" stroke-width="2.5" marker-end="url(#{marker})"/>'


def _label_lines(words: str, width: float) -> list[Line]:
    return [(t, LABEL_SIZE, "normal") for t in wrap(words, width, LABEL_SIZE)]


def svg(protocol: Protocol, title_id: str, desc_id: str, describedby: str | None = None, compact: bool = False) -> str:
    """The flowchart as an <svg> element (no XML declaration), ready to inline.
    `compact`: half as wide, each box with its stage's label and title only
    (for a printed page that lists the timescales beside it)."""
    width = COMPACT_WIDTH if compact else WIDTH
    chart = steps(protocol)
    marker = f"fc-arrow-{protocol.slug}"
    rows: dict[int, list[Step]] = {}
    for s in chart:
        rows.setdefault(s.row, []).append(s)
    widths = {
        row: (width - 2 * MARGIN - (len(members) - 1) * COLUMN_GAP) / len(members) for row, members in rows.items()
    }
    labels = _arrow_labels(chart, widths)
    start, start_h = _start(width)
    body = [start]
    boxes: dict[str, Box] = {}
    y = MARGIN + start_h
    for row in sorted(rows):
        y = _lay_row(rows[row], widths[row], labels, y, compact, boxes)
    body += [stage_box(s, boxes[s.stage.id]) for row in sorted(rows) for s in rows[row]]
    # Arrows between stages, drawn once every box has its place.
    if chart:
        body.append(arrow([(width / 2, MARGIN + start_h), (width / 2, boxes[chart[0].stage.id].y - 4)], marker))
    body += _edges(chart, boxes, labels, marker)
    return svg_element(protocol, chart, width, math.ceil(y + MARGIN), (title_id, desc_id, describedby), body)


def _start(width: float) -> tuple[str, float]:
    """The starting point, and its height."""
    start_w, start_h = min(300.0, width - 2 * MARGIN), 2 * PAD + TEXT_SIZE * LINE
    start_x = width / 2 - start_w / 2
    text = text_element(
        start_x + start_w / 2,
        MARGIN + PAD + TEXT_SIZE * 0.95,
        [("A professional disagreement", TEXT_SIZE, "bold")],
        anchor="middle",
    )
    return (
        f'<g class="fc-start"><rect x="{start_x:.1f}" y="{MARGIN}" width="{start_w:.1f}" '
        f'height="{start_h:.1f}" rx="{start_h / 2:.1f}" fill="{BOX_FILL}" stroke="{INK}" '
        f'stroke-width="2"/>' + text + "</g>"
    ), start_h


def _arrow_labels(chart: list[Step], widths: dict[int, float]) -> dict[tuple[str, str], list[Line]]:
    """The words on each arrow, wrapped to the half of the box right of the
    arrow's last leg, by (from, to)."""
    labels: dict[tuple[str, str], list[Line]] = {}
    for s in chart:
        for words, target, _ in s.exits:
            t = next((c for c in chart if c.stage.id == target), None)
            if t is not None:
                labels[(s.stage.id, target)] = _label_lines(words, widths[t.row] / 2 - PAD - 10)
    return labels


def _lay_row(
    members: list[Step],
    col_w: float,
    labels: dict[tuple[str, str], list[Line]],
    y: float,
    compact: bool,
    boxes: dict[str, Box],
) -> float:
    """Place a row's boxes below `y` (into `boxes`), all as tall as its
    tallest; the gap above the row grows to hold the longest words on an
    arrow into it. The row's bottom."""
    incoming = [labels[(p, m.stage.id)] for m in members for p in m.preds if (p, m.stage.id) in labels]
    label_h = max((len(ls) * LABEL_SIZE * LINE for ls in incoming), default=0)
    # Down to an arrow's bend, then its last leg with the words beside it.
    y += ARROW_GAP + max(ARROW_GAP, label_h + 16)
    laid = []
    for s in members:
        lines = _stage_lines(s, col_w, compact)
        laid.append(Box(MARGIN + s.column * (col_w + COLUMN_GAP), y, col_w, box_height(lines), lines))
    box_h = max(b.h for b in laid)
    for s, b in zip(members, laid, strict=True):
        b.h = box_h
        boxes[s.stage.id] = b
    return y + box_h


def stage_box(s: Step, b: Box) -> str:
    """A stage's box, dashed and coloured as a warning where the source contradicts itself."""
    dash = ' stroke-dasharray="10 5"' if s.conflict else ""
    fill = WARN_FILL if s.conflict else BOX_FILL
    stroke = WARN_STROKE if s.conflict else BOX_STROKE
    return (
        f'<g class="fc-stage" data-stage="{escape(s.stage.id)}" '
        f'data-row="{s.row}" data-column="{s.column}">'
        f'<rect x="{b.x:.1f}" y="{b.y:.1f}" width="{b.w:.1f}" height="{b.h:.1f}" rx="6" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="3"{dash}/>'
        + text_element(b.x + PAD, b.y + PAD + b.lines[0][1] * 0.95, b.lines)
        + "</g>"
    )


def _edges(
    chart: list[Step], boxes: dict[str, Box], labels: dict[tuple[str, str], list[Line]], marker: str
) -> list[str]:
    """An arrow from each stage to each it leads to, with its words."""
    edges = []
    for s in chart:
        src = boxes[s.stage.id]
        for words, target, _ in s.exits:
            if target not in boxes:
                continue
            dst = boxes[target]
            top = src.y + src.h
            bend = top + ARROW_GAP
            pts = [(src.cx, top)]
            bent = abs(src.cx - dst.cx) > 1
            if bent:
                pts += [(src.cx, bend), (dst.cx, bend)]
            pts.append((dst.cx, dst.y - 4))
            ly = (bend if bent else top) + 8 + LABEL_SIZE * 0.95
            edges.append(
                f'<g class="fc-edge" data-from="{escape(s.stage.id)}" data-to="{escape(target)}" '
                f'data-when="{escape(words)}">'
                + arrow(pts, marker)
                + text_element(dst.cx + 10, ly, labels[(s.stage.id, target)])
                + "</g>"
            )
    return edges


def svg_element(
    protocol: Protocol,
    chart: list[Step],
    width: float,
    height: int,
    ids: tuple[str, str, str | None],
    body: list[str],
    marker: str | None = None,
) -> str:
    """The <svg> element around the chart's `body`: its title, its description
    (`ids`: their ids, and the id of the steps in words, if any), its arrowhead
    (`marker`: its id, where a page shows two charts of one protocol)."""
    title_id, desc_id, describedby = ids
    marker = marker or f"fc-arrow-{protocol.slug}"
    names = ", then ".join(s.label for s in chart)
    word = protocol.stage_word.lower()
    desc = (
        f"{len(chart)} {word}s: {names}. An arrow leads from each {word} to the {word} that "
        "follows it if the disagreement is not resolved, labelled with when it is taken. "
        "The list below the chart gives every step in words."
    )
    described = f' aria-describedby="{escape(describedby)}"' if describedby else ""
    return (
        f'<svg class="flowchart-svg" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMidYMin meet" role="img" '
        f'aria-labelledby="{escape(title_id)} {escape(desc_id)}"{described} '
        f'font-family="{escape(FONT)}" data-protocol="{escape(protocol.slug)}">'
        f'<title id="{escape(title_id)}">Flowchart: the escalation {word}s of {escape(protocol.name)}</title>'
        f'<desc id="{escape(desc_id)}">{escape(desc)}</desc>'
        f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{INK}"/>'
        f"</marker></defs>" + "".join(body) + "</svg>"
    )
