"""How the form asks its questions: the dates a stage needs, whether the disagreement is urgent."""

from __future__ import annotations

__all__ = ["began_means", "not_the_start", "date_name", "if_known", "dates_needed", "urgent_hint", "URGENT_ROUTES"]


def began_means(question: str) -> str:
    """Under "When did stage 3 (…) begin?": the procedure's moment, as the protocol asks it."""
    return f"That is: {question[:1].lower()}{question[1:]}"


def not_the_start(start: str) -> str:
    """Under another date of the stage: which date it is not ("the day stage 3 began")."""
    return f"This is not {start}: that is asked above."


def date_name(name: str) -> str:
    """ "The date stage 3 began", "The date of the matter being formally escalated": a date in a message."""
    return f"The date {name[8:]}" if name.startswith("the day ") else f"The date of {name}"


def if_known(name: str) -> str:
    return f"{name}, if you know it"


def dates_needed(stage: str, count: int) -> str:
    """Before the questions: "Stage 3 asks for these dates:"."""
    return f"{stage[:1].upper()}{stage[1:]} asks for {'these dates' if count > 1 else 'this date'}:"


#: Under "Is the disagreement urgent?", for every procedure that branches on it.
URGENT_ROUTES = "If you do not answer, the answer shows every route."


def urgent_hint(stage_word: str, headings: list[str]) -> str:
    """What the source says counts as urgent, where it says nothing: its branches' own headings."""
    named = " and ".join(f"“{h}”" for h in headings)
    return (
        f"The procedure takes a different route at a later {stage_word.lower()} when it is. "
        f"The source does not say what counts as urgent; it heads the routes {named}."
    )
