"""The build's work on the Pyodide runtime (build/bundle/ with
build/pyodide_runtime.mjs under Node): the trimmed standard library, the
memory snapshot's safeguards, and the precompressed copies."""

from __future__ import annotations

import gzip
import json
import logging
import zipfile
from pathlib import Path

import pytest

from handbook_site.bundle import assemble, errors, node, precompress, snapshot

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    """The calculator bundled alone into an empty folder (the build's caches
    make this quick after the first build on a machine)."""
    from authoring.checked import load_protocols

    site = tmp_path_factory.mktemp("bundled")
    assemble.bundle_calculator(site, load_protocols(ROOT / "protocols"), ROOT / "protocols")
    return site


def _runtime(site_dir: Path) -> tuple[dict, Path]:
    manifest = json.loads((site_dir / "assets" / "calculator" / "manifest.json").read_text(encoding="utf-8"))
    return manifest, site_dir / "assets" / "pyodide" / manifest["pyodide"]["version"]


def test_the_trimmed_standard_library_holds_bytecode_of_what_the_calculator_imports_and_little_else(bundled):
    manifest, runtime = _runtime(bundled)
    with zipfile.ZipFile(runtime / manifest["pyodide"]["stdlib"]) as zf:
        names = set(zf.namelist())
        full = set(zipfile.ZipFile(runtime / "python_stdlib.zip").namelist())
        assert all(n.endswith(".pyc") for n in names)
        # What the calculator's modules import, and what Pyodide's start-up does.
        for needed in (
            "json/__init__.pyc",
            "datetime.pyc",
            "dataclasses.pyc",
            "re/__init__.pyc",
            "_pyodide/_base.pyc",
            "pyodide/__init__.pyc",
            "traceback.pyc",
        ):
            assert needed in names, needed
        # Nothing it never imports.
        for unused in ("unittest/__init__.pyc", "http/server.pyc", "sqlite3/__init__.pyc", "email/parser.pyc"):
            assert unused not in names, unused
        assert len(names) < len([n for n in full if n.endswith(".py")]) / 3
        # Compiled by Pyodide's own interpreter: its magic number (Python 3.14), unchecked hash-based.
        data = zf.read("json/__init__.pyc")
        assert int.from_bytes(data[4:8], "little") == 0b01


def test_a_snapshot_larger_than_a_restore_takes_is_left_out_with_the_reason(tmp_path, monkeypatch):
    for name in ("stdlib.zip", "wheel.whl"):
        (tmp_path / name).write_bytes(b"x")

    def fake_node(command, job):
        Path(job["out"]).write_bytes(b"snapshot")
        return {"written": True, "size": snapshot.SNAPSHOT_MAX_BYTES + 1}

    monkeypatch.setattr(node, "run", fake_node)
    monkeypatch.setattr(snapshot, "pyodide_version", lambda *_: "0.0.0-test")
    path, why = snapshot.memory_snapshot(
        ROOT / "node_modules" / "pyodide",
        tmp_path / "stdlib.zip",
        tmp_path / "wheel.whl",
        {"protocols": tmp_path, "nonworking": tmp_path},
        root=tmp_path,
    )
    assert path is None
    assert "larger than a restore can take" in why


def test_a_snapshot_whose_answers_differ_after_restoring_is_left_out(tmp_path, monkeypatch):
    for name in ("stdlib.zip", "wheel.whl"):
        (tmp_path / name).write_bytes(b"x")
    monkeypatch.setattr(
        node,
        "run",
        lambda command, job: {
            "written": False,
            "reason": "the answers after restoring it differ from the normal start's",
        },
    )
    monkeypatch.setattr(snapshot, "pyodide_version", lambda *_: "0.0.0-test")
    path, why = snapshot.memory_snapshot(
        ROOT / "node_modules" / "pyodide",
        tmp_path / "stdlib.zip",
        tmp_path / "wheel.whl",
        {"protocols": tmp_path, "nonworking": tmp_path},
        root=tmp_path,
    )
    assert path is None and "differ" in why
    # Remembered for the next build with the same inputs, without running Node again.
    monkeypatch.setattr(node, "run", lambda command, job: pytest.fail("ran Node again"))
    assert snapshot.memory_snapshot(
        ROOT / "node_modules" / "pyodide",
        tmp_path / "stdlib.zip",
        tmp_path / "wheel.whl",
        {"protocols": tmp_path, "nonworking": tmp_path},
        root=tmp_path,
    ) == (None, why)


def test_precompressed_copies_decompress_to_the_file(tmp_path):
    original = tmp_path / "data.json"
    original.write_text(json.dumps({"x": list(range(2000))}), encoding="utf-8")
    precompress.precompress([original], root=tmp_path)
    assert gzip.decompress(original.with_name("data.json.gz").read_bytes()) == original.read_bytes()
    import subprocess  # brotli: decoded with Node's zlib, as Python has no brotli of its own

    decoded = subprocess.run(
        [
            "node",
            "-e",
            "process.stdout.write(require('zlib').brotliDecompressSync(require('fs').readFileSync(process.argv[1])))",
            str(original.with_name("data.json.br")),
        ],
        capture_output=True,
        check=True,
    ).stdout
    assert decoded == original.read_bytes()


def test_the_build_warns_when_the_snapshot_is_left_out(bundled, monkeypatch, caplog):
    monkeypatch.setattr(snapshot, "memory_snapshot", lambda *a, **k: (None, "a test says so"))
    from authoring.checked import load_protocols

    protocols = load_protocols(ROOT / "protocols")
    site = bundled
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.handbook"):
        manifest = assemble.bundle_calculator(site, protocols, ROOT / "protocols")
    assert manifest["pyodide"]["snapshot"] is None
    assert not list(_runtime(site)[1].glob("snapshot-*"))
    assert any("snapshot is left out (a test says so)" in r.getMessage() for r in caplog.records)


def test_the_snapshot_file_gives_its_length_and_a_file_that_is_not_one_is_named(tmp_path):
    from authoring.checked import load_protocols

    site = tmp_path / "site"
    assemble.bundle_calculator(site, load_protocols(ROOT / "protocols"), ROOT / "protocols")
    found, runtime = _runtime(site)
    entry = found["pyodide"]["snapshot"]
    assert entry, "the build left the snapshot out"
    path = runtime / entry["file"]
    assert entry["length"] == snapshot.snapshot_length(path) > 4 * path.stat().st_size
    for name, data in (("plain.bin", b"not gzip at all"), ("other.bin", gzip.compress(b"\0" * 64))):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(errors.BundleError, match=name):
            snapshot.snapshot_length(tmp_path / name)
