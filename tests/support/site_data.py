"""A copy of a built site whose calculator data for one partnership is
changed, with the manifest's sizes kept true, so a browser test can give the
calculator fields the real protocols do not have."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from authoring.site.server_config import code_folder_in
from calculator.model import Protocol
from tests.support.server import SiteServer


def code_dir(site: Path) -> Path:
    """The built site's folder of the calculator's code, named by its digest
    (assets/calculator/<digest>/; build/code_folder.py)."""
    folder = code_folder_in(site)
    assert folder, f"expected one code folder in {site}/assets/calculator"
    return site / folder


def with_protocol_data(site: Path, into: Path, slug: str, change: Callable[[dict], dict]) -> dict:
    """Copy `site` to `into`, give `slug` the data `change(its data)` returns
    in the calculator's `protocols.json` (and its `.gz`), and keep the
    manifest's sizes and total true; returns that protocol's new data."""
    shutil.copytree(site, into, symlinks=True)
    data_dir = into / "assets" / "calculator"
    path = data_dir / "protocols.json"
    old_size = path.stat().st_size
    protocols = json.loads(path.read_text(encoding="utf-8"))
    protocols[slug] = change(protocols[slug])
    path.write_text(json.dumps(protocols, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    (data_dir / "protocols.json.gz").write_bytes(gzip.compress(path.read_bytes(), 9, mtime=0))
    grown = path.stat().st_size - old_size
    for name in ("manifest.json", "manifest.js"):
        manifest = data_dir / name
        text = re.sub(r'("protocols\.json":\s*)\d+', lambda m: f"{m[1]}{old_size + grown}", manifest.read_text())
        text = re.sub(r'("total":\s*)(\d+)', lambda m: f"{m[1]}{int(m[2]) + grown}", text)
        manifest.write_text(text)
    return protocols[slug]


@contextmanager
def served_with_protocol_data(
    site: Path, into: Path, slug: str, change: Callable[[dict], dict]
) -> Iterator[tuple[str, Protocol]]:
    """`with_protocol_data`, then that copy served by the test server: its
    URL and the changed protocol."""
    data = with_protocol_data(site, into, slug, change)
    with SiteServer(into) as url:
        yield url, Protocol.from_dict(data)
