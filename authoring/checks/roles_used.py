"""A role the file defines that nothing names: a warning, since a reader
never meets it on any page."""

from __future__ import annotations

from .context import Context
from .words import PathKey

__all__ = ["check"]


def check(ctx: Context) -> None:
    """Each role's id is named by a stage (`involved`), a way on
    (`contacts`), a form (`send_to`) or an added contact (`role`). Left
    alone: a file with no stages to read (the schema says so), and one naming
    a role it does not define (a misspelt id would make its role look unused)."""
    used = _named(ctx)
    defined = ctx.items(("roles",))
    if not ctx.items(("stages",)) or not used <= {str(role.get("id")) for _, role in defined}:
        return
    for p, role in defined:
        ident = role.get("id")
        if isinstance(ident, str) and ident not in used:
            ctx.warning(
                p + ("id",),
                f"role '{ident}' is defined but no stage, way on, form or added contact names it, "
                f"so no page shows it; name it where the source involves it (a stage's `involved`, "
                f"a way on's `contacts`, a form's `send_to`) or remove it",
            )


def _named(ctx: Context) -> set[str]:
    """Every role id the file names anywhere."""
    named: list[tuple[PathKey, str]] = []
    for p, stage in ctx.items(("stages",)):
        named += ctx.strings(p, stage, "involved")
        for n, way_on in ctx.items(p + ("next",)):
            named += ctx.strings(n, way_on, "contacts")
            named += [(q, str(c.get("role"))) for q, c in ctx.items(n + ("contacts",))]
    for p, form in ctx.items(("forms",)):
        named += ctx.strings(p, form, "send_to")
    for p, added in ctx.items(("added_contacts",)):
        named += ctx.strings(p, added, "role")
    return {ident for _, ident in named}
