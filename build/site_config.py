"""The paths mkdocs.yml gives, read relative to mkdocs.yml's own folder.

The protocols folder is $HANDBOOK_PROTOCOLS (set by `handbook build` and
`handbook serve` to the folder `authoring.places` chose: `--protocols DIR`,
else ./protocols, else the project's own), else `extra.protocols_dir` in
mkdocs.yml, else protocols/ beside mkdocs.yml (plain `mkdocs build`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from authoring import places

__all__ = ["config_folder", "protocols_dir", "snippets_from_the_config_folder"]


def config_folder(config: Any) -> Path:
    """mkdocs.yml's folder: what its relative paths are relative to."""
    return Path(config.config_file_path).resolve().parent if config.config_file_path else places.PROJECT


def protocols_dir(config: Any) -> Path:
    """The folder of protocol files this build reads."""
    configured = os.environ.get("HANDBOOK_PROTOCOLS") or (config.extra or {}).get("protocols_dir")
    base = config_folder(config)
    return (base / configured).resolve() if configured else base / "protocols"


def snippets_from_the_config_folder(config: Any) -> None:
    """pymdownx.snippets reads its `base_path` relative to the current folder;
    mkdocs.yml's (docs/deploy, whose settings docs/publishing.md shows) is
    meant relative to mkdocs.yml, as MkDocs' own paths are. So the build
    works from any folder."""
    options = (config.mdx_configs or {}).get("pymdownx.snippets")
    if not options or not options.get("base_path"):
        return
    paths = options["base_path"]
    options["base_path"] = [str(config_folder(config) / p) for p in ([paths] if isinstance(paths, str) else paths)]
