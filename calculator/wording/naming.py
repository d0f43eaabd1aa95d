"""How a stage's start, a limit's anchor are named in a sentence."""

from __future__ import annotations

__all__ = ["day_began", "when_began", "own_stage_start", "anchor_unstated", "anchor_ambiguous", "anchor_from"]


def day_began(stage: str) -> str:
    """ "the day stage 2 began": the event a stage's start is."""
    return f"the day {stage} began"


def when_began(stage: str, title: str) -> str:
    """The form's question for a stage's start, where the source gives none."""
    return f"When did {stage} ({title}) begin?"


def own_stage_start(stage_word: str) -> str:
    """ "this stage's start": a flowchart's box naming its own stage's start."""
    return f"this {stage_word.lower()}'s start"


def anchor_unstated(label: str) -> str:
    return f"from {label} (handbook's reading)"


def anchor_ambiguous(label: str, words: str | None = None, *, compact: bool = False) -> str:
    """ "of stage 3, read by the handbook as from …", or in a box "from … (handbook's reading of “…”)"."""
    if compact:
        return f"from {label} (handbook's reading of “{words}”)" if words else f"from {label}"
    return f"{words + ', ' if words else ''}read by the handbook as from {label}"


def anchor_from(label: str) -> str:
    return f"from {label}"
