"""Copies of the real protocol files, each under a slug of its own: many partnerships, for work at scale."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

__all__ = ["REAL_PROTOCOLS", "make_protocols"]

REAL_PROTOCOLS = Path(__file__).resolve().parents[2] / "protocols"


def make_protocols(count: int, folder: Path, scenarios: bool = False) -> list[str]:
    """Write `count` protocols made from the real ones; returns their slugs.

    Copy k of `lscp.yaml` becomes `lscp-k.yaml` with slug `lscp-k`, name
    "LSCP (copy k)" and its own copy of the source text, so every page,
    form and source file of the site is distinct. With `scenarios`, the real
    training scenarios too, each for the first copy of its partnership.
    """
    real = sorted(REAL_PROTOCOLS.glob("*.yaml"))
    if not real:
        raise SystemExit(f"no protocol files in {REAL_PROTOCOLS}")
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    slugs = []
    for i in range(count):
        original = real[i % len(real)]
        copy = i // len(real) + 1
        stem = original.stem
        slug = f"{stem}-{copy}"
        text = original.read_text(encoding="utf-8")
        text, n_slug = re.subn(rf"(?m)^slug: {re.escape(stem)}\s*$", f"slug: {slug}", text)
        text, n_name = re.subn(
            r"(?m)^name: (.+?)\s*$",
            lambda m, copy=copy: "name: " + json.dumps(f"{m.group(1).strip(chr(34))} (copy {copy})"),
            text,
            count=1,
        )
        source = REAL_PROTOCOLS / "sources" / f"{stem}.txt"
        text, n_source = re.subn(
            rf"(?m)^(\s+source: )sources/{re.escape(stem)}\.txt\s*$", rf"\g<1>sources/{slug}.txt", text
        )
        if (n_slug, n_name, n_source) != (1, 1, 1) or not source.is_file():
            raise SystemExit(
                f"{original}: cannot make a synthetic copy (expected one top-level "
                f"slug, name and document.source: sources/{stem}.txt)"
            )
        (folder / f"{slug}.yaml").write_text(text, encoding="utf-8")
        shutil.copyfile(source, folder / "sources" / f"{slug}.txt")
        slugs.append(slug)
    if scenarios:
        _copy_scenarios(folder)
    return slugs


def _copy_scenarios(folder: Path) -> None:
    """The real training scenarios, each for the first copy of its partnership."""
    (folder / "scenarios").mkdir(parents=True, exist_ok=True)
    for path in sorted((REAL_PROTOCOLS / "scenarios").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        found = re.search(r"(?m)^protocol: (\S+)\s*$", text)
        if found is None or not path.stem.startswith(found.group(1)):
            raise SystemExit(f"{path}: expected a top-level protocol: that begins its file name")
        slug = found.group(1)
        text = text[: found.start()] + f"protocol: {slug}-1" + text[found.end() :]
        name = f"{slug}-1{path.stem[len(slug) :]}.yaml"
        (folder / "scenarios" / name).write_text(text + ("\n" if not text.endswith("\n") else ""), encoding="utf-8")
