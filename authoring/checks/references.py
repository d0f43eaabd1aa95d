"""Ids used once each, every reference to one naming an entry that exists:
stages, roles, forms, events, a conflict's timescales, an added contact's role."""

from __future__ import annotations

from ..reading.yaml_paths import yaml_path
from .context import Context
from .words import PathKey, suggest

__all__ = ["check"]

Ids = dict[str, PathKey]


def check(ctx: Context) -> None:
    """Each id unique of its kind; each reference to a stage, role, form,
    event or timescale (an added contact's role too) names one the file has."""
    roles = ctx.ids(ctx.items(("roles",)), "role")
    forms = ctx.ids(ctx.items(("forms",)), "form")
    stage_ids = ctx.ids(ctx.items(("stages",)), "stage")
    # Timescale ids are unique within the file (so within each stage too).
    ctx.ids(ctx.all_timescales(), "timescale")
    _in_stages(ctx, roles, forms, stage_ids)
    events = _events(ctx)
    _counted_from(ctx, stage_ids, events)
    for p, form_entry in ctx.items(("forms",)):
        _known(ctx, ctx.strings(p, form_entry, "send_to"), "role", roles)
    for p, added in ctx.items(("added_contacts",)):
        _known(ctx, ctx.strings(p, added, "role"), "role", roles)
    if stage_ids:  # with no stages at all, the schema has said so once
        _conflicts(ctx, stage_ids)


def _known(ctx: Context, named: list[tuple[PathKey, str]], kind: str, known: Ids) -> None:
    """Each id `named` is a `kind` of the file's."""
    for q, ident in named:
        if ident not in known:
            ctx.unknown(q, kind, ident, known)


def _in_stages(ctx: Context, roles: Ids, forms: Ids, stage_ids: Ids) -> None:
    """A stage's roles and forms, its transitions' stages and contacts."""
    for p, stage in ctx.items(("stages",)):
        _known(ctx, ctx.strings(p, stage, "involved"), "role", roles)
        _known(ctx, ctx.strings(p, stage, "forms"), "form", forms)
        for n, transition in ctx.items(p + ("next",)):
            _known(ctx, ctx.strings(n, transition, "stage"), "stage", stage_ids)
            _known(ctx, ctx.strings(n, transition, "contacts"), "role", roles)
        for n, _ in ctx.items(p + ("next",)):
            for q, contact in ctx.items(n + ("contacts",)):
                contact_role = contact.get("role")
                if isinstance(contact_role, str) and contact_role not in roles:
                    ctx.unknown(q + ("role",), "role", contact_role, roles)


def _events(ctx: Context) -> Ids:
    """The events' ids, none of them a stage's own start."""
    events = ctx.ids(ctx.items(("events",)), "event")
    for ident, p in events.items():
        if ident.startswith("stage-"):
            ctx.error(
                p + ("id",),
                f"{yaml_path(p + ('id',))}: event id '{ident}' starts with "
                f"'stage-', which names the day a stage began; expected "
                f"another id",
            )
    return events


def _counted_from(ctx: Context, stage_ids: Ids, events: Ids) -> None:
    """What each timescale counts from: a stage or an event of the file's."""
    for p, t in ctx.all_timescales():
        counted = t.get("from")
        if not isinstance(counted, dict):
            continue
        from_stage = counted.get("stage")
        if from_stage is not None and str(from_stage) not in stage_ids:
            ctx.unknown(p + ("from", "stage"), "stage", str(from_stage), stage_ids)
        event = counted.get("event")
        if isinstance(event, str) and event not in events:
            ctx.unknown(p + ("from", "event"), "event", event, events)


def _conflicts(ctx: Context, stage_ids: Ids) -> None:
    """A conflict's stage, and its timescales among that stage's."""
    for p, conflict in ctx.items(("conflicts",)):
        conflict_stage = conflict.get("stage")
        if conflict_stage is None:
            continue
        target = str(conflict_stage)
        if target not in stage_ids:
            ctx.unknown(p + ("stage",), "stage", target, stage_ids)
            continue
        stage_path = stage_ids[target]
        timescale_ids = list(dict.fromkeys(str(t.get("id")) for _, t in ctx.items(stage_path + ("timescales",))))
        for q, ident in ctx.strings(p, conflict, "timescales"):
            if ident not in timescale_ids:
                listing = f"its timescales are: {', '.join(timescale_ids)}" if timescale_ids else "it has no timescales"
                ctx.error(
                    q,
                    f"{yaml_path(q)}: stage '{target}' has no timescale '{ident}' "
                    f"({listing}){suggest(ident, timescale_ids)}",
                )
