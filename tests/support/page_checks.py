"""One visit to a built page that records what every page must never do: ask
another host for anything, break a rule of the site's Content-Security-Policy,
get an error from the server, throw an error, or store anything."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Watch:
    """What a page did while it was watched (see `watch`)."""

    csp: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def problems(self, page) -> dict[str, list]:
        """Every kind of problem seen so far, with the page's storage and the
        requests to other hosts (`page.external_requests`, from the `page`
        fixture): each list is empty on a page that behaves."""
        stored = page.evaluate("() => [localStorage.length, sessionStorage.length, document.cookie]")
        return {
            "requests to another host": list(page.external_requests),
            "Content-Security-Policy": list(self.csp),
            "server errors": list(self.failed),
            "script errors": list(self.errors),
            "stored": [] if stored == [0, 0, ""] else [stored],
        }


def watch(page) -> Watch:
    """Start recording, on `page`, what `Watch.problems` reports."""
    seen = Watch()
    page.on(
        "console",
        lambda m: seen.csp.append(m.text) if "Content Security Policy" in m.text or "Refused to" in m.text else None,
    )
    page.on("response", lambda r: seen.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    return seen


def no_problems(found: dict[str, list]) -> bool:
    return not any(found.values())
