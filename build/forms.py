"""One printable page per form a procedure names, and the list of them.
Pure: a protocol and a form in, Markdown out."""

from __future__ import annotations

import jinja2

from calculator.model import Form, Protocol, Role

from links import Links

__all__ = ["render_form", "render_forms_index"]

INDEX_SRC = "forms/index.md"


def _role(protocol: Protocol, role_id: str) -> Role:
    try:
        return protocol.role(role_id)
    except KeyError:
        return Role(id=role_id, title=role_id.replace("-", " "))


def render_form(template: jinja2.Template, protocol: Protocol, form: Form, links: Links) -> str:
    src = links.form_src(protocol.slug, form.id)
    page = links.href(src, links.partnership_src(protocol.slug))
    stages = [{"label": s.label(protocol.stage_word), "href": f"{page}#stage-{s.id}"}
              for s in protocol.stages if form.id in s.forms]
    return template.render(protocol=protocol, form=form, partnership_href=page, stages=stages,
                           send_to=[_role(protocol, r) for r in form.send_to])


def render_forms_index(template: jinja2.Template, protocols: list[Protocol], links: Links) -> str:
    groups = [{"protocol": p,
               "forms": [{"form": f, "href": links.href(INDEX_SRC, links.form_src(p.slug, f.id))}
                         for f in p.forms]}
              for p in protocols if p.forms]
    return template.render(groups=groups)
