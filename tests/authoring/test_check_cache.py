"""The check kept on disk between runs: used only while everything the check read is the same."""

from __future__ import annotations

import datetime as dt
import shutil
import types
from pathlib import Path

import pytest

from authoring import check_cache, checked, places
from authoring.reading.problems import ProtocolError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    """A copy of the real protocols, a cache of its own, and no check kept in this process."""
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(checked, "_clean", {})
    shutil.copytree(ROOT / "protocols", tmp_path / "protocols")
    return tmp_path / "protocols"


def _fresh_run(monkeypatch) -> list[str]:
    """As in a new process: nothing kept in memory; the files the check runs on are listed."""
    monkeypatch.setattr(checked, "_clean", {})
    ran: list[str] = []
    real = checked.check_file

    def counted(path, **kw):
        ran.append(Path(path).name)
        return real(path, **kw)

    monkeypatch.setattr(checked, "check_file", counted)
    return ran


def test_a_clean_file_is_checked_once_across_runs(folder, monkeypatch):
    first = checked.protocol_data(folder / "salford.yaml")
    ran = _fresh_run(monkeypatch)
    assert checked.protocol_data(folder / "salford.yaml") == first
    assert ran == []
    assert list((folder.parent / "cache" / "checked").iterdir())


@pytest.mark.parametrize("changed", ["file", "source", "schema", "day", "code"])
def test_a_change_to_anything_the_check_read_checks_the_file_again(folder, monkeypatch, changed):
    path = folder / "salford.yaml"
    checked.load_protocol(path)
    ran = _fresh_run(monkeypatch)
    if changed == "file":  # made invalid: the error is reported, not the kept data
        path.write_text(path.read_text(encoding="utf-8").replace("implemented: 2014-05-15", "implemented: 0"))
    elif changed == "source":  # a quoted sentence gone from the source
        source = folder / "sources" / "salford.txt"
        source.write_text(source.read_text(encoding="utf-8").replace("Date of implementation", "Date"))
    elif changed == "schema":
        schema = folder.parent / "schema.json"
        schema.write_text(places.PROTOCOL_SCHEMA.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        monkeypatch.setattr(places, "PROTOCOL_SCHEMA", schema)
    elif changed == "day":
        monkeypatch.setattr(checked, "dt", types.SimpleNamespace(date=_Tomorrow))
    else:
        monkeypatch.setattr(check_cache, "_code", lambda: "other code")
    if changed in ("file", "source"):
        with pytest.raises(ProtocolError):
            checked.load_protocol(path)
    else:
        checked.load_protocol(path)
    assert ran == ["salford.yaml"]


class _Tomorrow(dt.date):
    @classmethod
    def today(cls):
        return dt.date.today() + dt.timedelta(days=1)


def test_a_damaged_entry_or_no_cache_is_a_check(folder, monkeypatch):
    checked.load_protocol(folder / "salford.yaml")
    for entry in (folder.parent / "cache" / "checked").iterdir():
        entry.write_bytes(b"\x80\x04not a pickle")
    ran = _fresh_run(monkeypatch)
    checked.load_protocol(folder / "salford.yaml")
    assert ran == ["salford.yaml"]

    monkeypatch.setenv("HANDBOOK_CACHE_DIR", "")
    ran = _fresh_run(monkeypatch)
    checked.load_protocol(folder / "lscp.yaml")
    checked.load_protocol(folder / "lscp.yaml")
    assert ran == ["lscp.yaml"]  # once: this process's own memory
    assert not [e for e in (folder.parent / "cache" / "checked").iterdir() if "lscp" in e.name]


def test_an_entry_holding_anything_but_data_is_refused(folder, monkeypatch, tmp_path):
    import pickle

    path = folder / "salford.yaml"
    checked.load_protocol(path)
    (entry,) = (folder.parent / "cache" / "checked").iterdir()
    entry.write_bytes(pickle.dumps(([], Path("/"))))
    assert check_cache.checked_before(path.resolve(), places.PROTOCOL_SCHEMA, dt.date.today()) is None
