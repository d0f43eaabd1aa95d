"""Where each generated page lives, for the links from one page to another.

Pure: every link the handbook writes is relative to the page it is on, so the
built folder can be served from any path (see docs/publishing.md).
"""

from __future__ import annotations

__all__ = ["Links"]


class Links:
    """Source paths and URLs of the generated pages, for one site."""

    def __init__(self, use_directory_urls: bool = True) -> None:
        self.use_directory_urls = use_directory_urls

    # Source paths (inside docs/, virtual) ------------------------------------
    @staticmethod
    def partnership_src(slug: str) -> str:
        return f"partnerships/{slug}.md"

    @staticmethod
    def form_src(slug: str, form_id: str) -> str:
        return f"forms/{slug}-{form_id}.md"

    @staticmethod
    def source_text_src(slug: str) -> str:
        return f"sources/{slug}.txt"

    # URLs, relative to the site root ---------------------------------------
    def url(self, src: str) -> str:
        """The URL MkDocs gives the page built from `src`."""
        if not src.endswith(".md"):
            return src
        stem = src[:-3]
        if stem == "index" or stem.endswith("/index"):
            return stem[:-5]
        return f"{stem}/" if self.use_directory_urls else f"{stem}.html"

    def base(self, src: str) -> str:
        """The prefix that leads from the page built from `src` to the site root."""
        return "../" * self.url(src).count("/")

    def href(self, from_src: str, to_src: str, fragment: str = "") -> str:
        """A relative link from one page to another (or a file)."""
        target = self.base(from_src) + self.url(to_src)
        return (target or "./") + (f"#{fragment}" if fragment else "")
