"""The stages form a route forward: no cycle among them, each reachable from
the first."""

from __future__ import annotations

from ..reading.yaml_paths import yaml_path
from .context import Context
from .words import PathKey

__all__ = ["check"]

#: Each stage's id -> the stages its `next` leads to, each with where it is named.
Edges = dict[str, list[tuple[str, PathKey]]]


def check(ctx: Context) -> None:
    """No cycle among the stages (each reported once, where it closes); every
    stage but the first is reached from it through `next`. Run only when
    every reference resolves."""
    stages = ctx.items(("stages",))
    if not stages:
        return
    order: list[str] = []
    where: dict[str, PathKey] = {}
    edges: Edges = {}
    for p, stage in stages:
        if stage.get("id") is None:
            return
        ident = str(stage["id"])
        order.append(ident)
        where[ident] = p
        edges[ident] = []
        for n, transition in ctx.items(p + ("next",)):
            for q, target in ctx.strings(n, transition, "stage"):
                edges[ident].append((target, q))
    _cycles(ctx, order, edges)
    _unreachable(ctx, order, edges, where)


def _cycles(ctx: Context, order: list[str], edges: Edges) -> None:
    """Depth-first; each cycle reported once, where it closes."""
    state: dict[str, int] = {}
    stack: list[str] = []
    reported: set[frozenset[str]] = set()

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target, q in edges.get(node, []):
            if state.get(target) == 1:
                cycle = stack[stack.index(target) :] + [target]
                members = frozenset(cycle)
                if members not in reported:
                    reported.add(members)
                    ctx.error(
                        q,
                        f"{yaml_path(q)}: the stages form a cycle "
                        f"({' → '.join(cycle)}); escalation only moves on to a "
                        f"later stage",
                    )
            elif target not in state and target in edges:
                visit(target)
        stack.pop()
        state[node] = 2

    for ident in order:
        if ident not in state:
            visit(ident)


def _unreachable(ctx: Context, order: list[str], edges: Edges, where: dict[str, PathKey]) -> None:
    """Every stage after the first is reached from it."""
    first = order[0]
    seen = {first}
    todo = [first]
    while todo:
        for target, _ in edges.get(todo.pop(), []):
            if target in edges and target not in seen:
                seen.add(target)
                todo.append(target)
    for ident in order[1:]:
        if ident not in seen:
            label = "the last stage" if ident == order[-1] else "stage"
            ctx.error(
                where[ident] + ("id",),
                f"{yaml_path(where[ident])}: {label} '{ident}' cannot be reached from "
                f"the first stage '{first}' (no stage's next leads to it)",
            )
