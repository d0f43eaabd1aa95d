"""axe-core in a Playwright page: the WCAG 2.2 AA rules and best practice,
only the violations sent back, each said in one readable block."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def violations(page) -> list[dict]:
    """axe-core's violations on the page as it is now. Its script is evaluated
    through the DevTools protocol, which the page's own Content-Security-Policy
    does not govern, so the page keeps the policy it is served with."""
    if not AXE.is_file():
        pytest.fail(f"{AXE.relative_to(ROOT)} is missing: run `bash scripts/setup.sh test`")
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    # Only the violations, collected and sent back: axe's passes hold every node
    # of a long page, which cost more to gather and send than the checks themselves.
    return page.evaluate(
        """async tags => (await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                    resultTypes: ['violations']})).violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target, failureSummary: n.failureSummary || ''}))}))""",
        TAGS,
    )


def readable(found: list[dict]) -> str:
    lines = []
    for v in found:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            summary = node["failureSummary"].splitlines()[-1].strip() if node["failureSummary"] else ""
            lines.append(f"    {' '.join(node['target'])}: {summary}")
    return "\n".join(lines)


def assert_none(page, where: str = "") -> None:
    """Fail, listing each violation, if axe-core finds any on the page now."""
    found = violations(page)
    assert found == [], f"{where}\n" + readable(found)
