"""A protocol's slug is its file's name."""

from __future__ import annotations

from pathlib import Path

from .context import Context

__all__ = ["check"]


def check(ctx: Context) -> None:
    """The slug matches the file name (without `.yaml`)."""
    slug = ctx.data.get("slug")
    stem = Path(ctx.path).stem
    if isinstance(slug, str) and slug != stem:
        ctx.error(
            ("slug",),
            f"slug: '{slug}' does not match the file name "
            f"'{Path(ctx.path).name}'; expected slug '{stem}' (or rename "
            f"the file to '{slug}.yaml')",
        )
