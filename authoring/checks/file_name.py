"""A protocol's slug is its file's name (an earlier edition's: its folder's, under `editions/`)."""

from __future__ import annotations

from pathlib import Path

from ..edition_files import is_edition_file, slug_of
from .context import Context

__all__ = ["check"]


def check(ctx: Context) -> None:
    """The slug matches the file name (without `.yaml`), or an edition's folder."""
    slug = ctx.data.get("slug")
    stem = slug_of(ctx.path)
    if isinstance(slug, str) and slug != stem and is_edition_file(ctx.path):
        ctx.error(
            ("slug",),
            f"slug: '{slug}' does not match the folder '{Path(ctx.path).parent.name}' this edition is in; "
            f"expected slug '{stem}' (an earlier edition is kept in editions/<slug>/)",
        )
    elif isinstance(slug, str) and slug != stem:
        ctx.error(
            ("slug",),
            f"slug: '{slug}' does not match the file name "
            f"'{Path(ctx.path).name}'; expected slug '{stem}' (or rename "
            f"the file to '{slug}.yaml')",
        )
