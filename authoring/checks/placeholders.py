"""No value of a protocol is still a placeholder marked TODO (what `handbook
new` writes)."""

from __future__ import annotations

import re
from typing import Any

from ..reading.yaml_paths import yaml_path
from .context import Context
from .words import PathKey

__all__ = ["check"]

#: A placeholder still to fill (what `handbook new` writes).
_TODO = re.compile(r"\bTODO\b")


def check(ctx: Context) -> None:
    """An error at each text that still holds TODO."""

    def walk(value: Any, p: PathKey) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, p + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, p + (i,))
        elif isinstance(value, str) and _TODO.search(value):
            ctx.error(
                p,
                f'{yaml_path(p)}: still a placeholder ("{_clip(value)}"); expected '
                f"what the source says, in place of the TODO",
            )

    walk(ctx.data, ())


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
