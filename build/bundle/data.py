"""The calculator's data as JSON files: the protocols being built, with their nations' non-working days."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from authoring.checked import load_editions, protocol_data
from authoring.edition_files import edition_files
from authoring.holiday_table import build_table
from calculator.model import Protocol

from .errors import BundleError

__all__ = ["protocols_json", "tables_json", "write_json", "gzip_beside"]


def _protocol_files(protocols_dir: Path) -> list[Path]:
    return sorted(p for p in Path(protocols_dir).iterdir() if p.is_file() and p.suffix in (".yaml", ".yml"))


def protocols_json(protocols: list[Protocol], protocols_dir: Path) -> dict[str, Any]:
    """Each protocol being built, as its file's checked data, by slug; with
    its earlier editions' data, oldest first, under `editions` where it has any."""
    wanted = [p.slug for p in protocols]
    found: dict[str, Any] = {}
    # Only the protocols being built: the preview builds beside a file that
    # does not check (its slug is its file name, as the check requires).
    for path in _protocol_files(protocols_dir):
        if path.stem not in wanted:
            continue
        data = protocol_data(path)
        if data.get("slug") in wanted:
            load_editions(protocols[wanted.index(data["slug"])], protocols_dir)  # each checked, and in order
            earlier = [protocol_data(f) for f in edition_files(protocols_dir, data["slug"])]
            found[data["slug"]] = {**data, "editions": earlier} if earlier else data
    missing = [slug for slug in wanted if slug not in found]
    if missing:
        raise BundleError(f"{protocols_dir}: no protocol file for {', '.join(missing)}")
    return {slug: found[slug] for slug in wanted}


def tables_json(protocols: list[Protocol]) -> dict[str, Any]:
    """The non-working-day table of each nation the protocols name."""
    nations = sorted({p.calendar.nation for p in protocols})
    return {nation: build_table(nation).as_dict() for nation in nations}


def write_json(path: Path, data: Any) -> int:
    """Write `data` as compact JSON; its size in bytes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False, default=str)
    path.write_text(text, encoding="utf-8")
    return path.stat().st_size


def gzip_beside(path: Path) -> None:
    """`NAME.gz` beside a small file that changes with every build (the data)."""
    target = path.with_name(path.name + ".gz")
    target.write_bytes(gzip.compress(path.read_bytes(), 9, mtime=0))
