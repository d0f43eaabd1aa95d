"""How the handbook names a protocol's stages, events, limits' anchors to a reader.

The short views (flowchart boxes, summary tables, handouts, the static table)
and the calculator's form all name them through these, so each is said once.

Standard library only, so it runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

from typing import Any

from .model import Protocol, Stage
from .timescale import STAGE_EVENT_PREFIX, Timescale
from .wording import (
    DEFINITION_NOTE,
    anchor_ambiguous,
    anchor_from,
    anchor_unstated,
    began_means,
    date_name,
    dates_needed,
    day_began,
    if_known,
    not_the_start,
    own_stage_start,
    urgent_hint,
    when_began,
)

__all__ = [
    "stage_in_sentence",
    "event_label",
    "event_question",
    "definition_note",
    "limit_anchor",
    "questions_for",
    "dates_needed_for",
    "urgent_question_hint",
]


def stage_in_sentence(protocol: Protocol, stage: Stage) -> str:
    """ "stage 2", "step 4 (urgent)": a stage named inside a sentence."""
    label = stage.label(protocol.stage_word)
    return label[:1].lower() + label[1:]


def event_label(protocol: Protocol, event_id: str) -> str:
    """How a page names an event: "the day Stage 1 began", "notification to the Business Office"."""
    if event_id.startswith(STAGE_EVENT_PREFIX):
        try:
            stage = protocol.stage(event_id[len(STAGE_EVENT_PREFIX) :])
        except KeyError:
            return event_id
        return day_began(stage_in_sentence(protocol, stage))
    try:
        return protocol.event(event_id).name
    except KeyError:
        return event_id


def event_question(protocol: Protocol, event_id: str) -> dict[str, Any]:
    """The question a reader answers with the date of an event, in the
    procedure's terms. A stage's start is always asked by the stage's name
    (the protocol's own question for it, where it has one, under it); another
    event of a stage says it is not that stage's start."""
    if event_id.startswith(STAGE_EVENT_PREFIX):
        stage = protocol.stage(event_id[len(STAGE_EVENT_PREFIX) :])
        text = when_began(stage_in_sentence(protocol, stage), stage.title)
        hint = began_means(stage.began) if stage.began else None
        return {"event": event_id, "question": text, "name": event_label(protocol, event_id), "hint": hint}
    event = protocol.event(event_id)
    hint = event.hint
    if event.stage is not None:
        start = not_the_start(event_label(protocol, protocol.stage(event.stage).event_id))
        hint = f"{start} {hint}" if hint else start
    return {"event": event.id, "question": event.question, "name": event.name, "hint": hint}


def definition_note(protocol: Protocol) -> dict[str, str] | None:
    """What the source says a working day is, where that skips less than the
    handbook does, and what the handbook counts: said beside every answer and
    on the partnership's page."""
    definition = protocol.calendar.definition
    if definition is None or definition.skips_bank_holidays or not definition.quote:
        return None
    return {"quote": definition.quote[0], "text": DEFINITION_NOTE.format(quote=definition.quote[0])}


def limit_anchor(protocol: Protocol, ts: Timescale, *, always: bool = False, compact: bool = False) -> str | None:
    """What a computed limit counts from, as a short view of it says it: "of
    stage 1" (the source's words), "from the day stage 2 began (handbook's
    reading)", "of step 3, read by the handbook as from the day step 4
    (urgent) began". None for a limit in words only and, unless `always`,
    where the limit's own wording already says it: read alone, a limit never
    invites counting from another day. `compact` (a flowchart's box, where
    the stage is the box's own) says "this stage's start"."""
    if ts.within is None:
        return None
    cf = ts.counted_from
    own_stage = any(s.id == cf.stage and ts in s.timescales for s in protocol.stages)
    if compact and own_stage:
        label = own_stage_start(protocol.stage_word)
    else:
        label = event_label(protocol, cf.event_id)
    said = cf.text is not None and " ".join(cf.text.split()).casefold() in " ".join(ts.wording.split()).casefold()
    if cf.reading == "unstated":
        return anchor_unstated(label)
    if cf.reading == "ambiguous":
        if compact:
            return anchor_ambiguous(label, cf.text, compact=True)
        return anchor_ambiguous(label, cf.text if cf.text and (always or not said) else None)
    if said and not always:
        return None
    if cf.text and cf.text.startswith("of "):
        return cf.text
    return anchor_from(label)


def questions_for(protocol: Protocol, stage: Stage) -> list[dict[str, Any]]:
    """The dates, other than the day the stage began, that its deadlines count from."""
    seen = {stage.event_id}
    out = []
    for ts in stage.timescales:
        event = ts.counted_from.event_id
        if ts.within is not None and event not in seen:
            seen.add(event)
            out.append(event_question(protocol, event))
    return out


def dates_needed_for(protocol: Protocol, stage: Stage) -> dict[str, Any]:
    """Said before the form's questions: the dates the stage asks for, its
    start first, each named as a message names it. Empty where its procedure
    gives no computed timescale at all."""
    if not any(t.within is not None for s in protocol.stages for t in s.timescales):
        return {"intro": "", "dates": []}
    start = date_name(event_label(protocol, stage.event_id))
    others = [if_known(date_name(q["name"])) for q in questions_for(protocol, stage)]
    return {"intro": dates_needed(stage.label(protocol.stage_word), 1 + len(others)), "dates": [start, *others]}


def urgent_question_hint(protocol: Protocol) -> str | None:
    """Under "Is the disagreement urgent?": the source's headings of its urgent
    and non-urgent routes; None where the procedure does not branch on it."""
    headings = [s.quote[0] for s in protocol.stages if s.branch in ("urgent", "non-urgent") and s.quote]
    return urgent_hint(protocol.stage_word, headings) if headings else None
