"""The printable forms: one page per form a procedure names, with the list of them.

Pure: a protocol and a form in, Markdown out. On screen the page says when the
form is used, where it goes and what the source says of it; printed, it is the
blank form alone, its one-line fields two to a row, on as few A4 pages as its
fields need."""

from __future__ import annotations

import jinja2

from calculator.model import Form, FormField, Protocol, Role

from .links import Links

__all__ = ["render_form", "render_forms_index", "field_groups"]

INDEX_SRC = "forms/index.md"


def _role(protocol: Protocol, role_id: str) -> Role:
    try:
        return protocol.role(role_id)
    except KeyError:
        return Role(id=role_id, title=role_id.replace("-", " "))


def field_groups(fields: tuple[FormField, ...]) -> list[tuple[bool, list[FormField]]]:
    """The fields in order, runs of one-line fields grouped (short, fields), so
    that a printed form sets them two to a row."""
    groups: list[tuple[bool, list[FormField]]] = []
    for f in fields:
        short = f.lines <= 1
        if groups and groups[-1][0] == short and short:
            groups[-1][1].append(f)
        else:
            groups.append((short, [f]))
    return groups


def render_form(template: jinja2.Template, protocol: Protocol, form: Form, links: Links) -> str:
    src = links.form_src(protocol.slug, form.id)
    page = links.href(src, links.partnership_src(protocol.slug))
    stages = [
        {"label": s.label(protocol.stage_word), "href": f"{page}#stage-{s.id}"}
        for s in protocol.stages
        if form.id in s.forms
    ]
    return template.render(
        protocol=protocol,
        form=form,
        partnership_href=page,
        stages=stages,
        send_to=[_role(protocol, r) for r in form.send_to],
        field_groups=field_groups(form.fields),
    )


def render_forms_index(template: jinja2.Template, protocols: list[Protocol], links: Links) -> str:
    groups = [
        {
            "protocol": p,
            "forms": [{"form": f, "href": links.href(INDEX_SRC, links.form_src(p.slug, f.id))} for f in p.forms],
        }
        for p in protocols
        if p.forms
    ]
    return template.render(groups=groups)
