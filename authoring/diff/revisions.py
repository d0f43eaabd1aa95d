"""A version of a protocol file read from a git revision (`REV:PATH`) or a file path.

A version at a revision is checked exactly as the checker checks a file:
under its own file name, beside the source text it quotes (from the same
revision), its problems reported as `REV:PATH`. Git is run with
`--end-of-options`, so a revision is never read as one of its options, and
what it prints is read no further than a protocol file's bound.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import yaml

from calculator.model import Protocol

from .. import places
from ..checked import load_protocol
from ..edition_files import is_edition_file
from ..reading.file_text import MAX_FILE_BYTES, MAX_SOURCE_BYTES, read_source_text
from ..reading.problems import ProtocolError

__all__ = ["DiffError", "split_revision", "new_since", "load_version", "load_any_file", "load_revision", "slug_of"]


class DiffError(Exception):
    """Bad input for `handbook diff`; its text is printed as it stands."""


def split_revision(spec: str) -> tuple[str, str] | None:
    """("REV", "PATH") for "REV:PATH", None for a plain file path."""
    if os.path.exists(spec) or ":" not in spec:
        return None
    rev, _, path = spec.partition(":")
    if not rev or not path:
        return None
    if rev.startswith("-"):  # git would read it as one of its options
        raise DiffError(f"{spec}: a revision cannot start with '-'; expected REV:PATH, e.g. HEAD:{path}")
    return rev, path


def _git_show(rev: str, path: str, cwd: Path | None = None, limit: int | None = None) -> str:
    """The text of PATH (relative to `cwd`, default the current folder) at git
    revision REV; over `limit` bytes (default: a protocol file's bound) is refused."""
    limit = MAX_FILE_BYTES if limit is None else limit
    git_path = path if path.startswith(("./", "../")) or os.path.isabs(path) else f"./{path}"
    if os.path.isabs(git_path):
        raise DiffError(f"{rev}:{path}: give PATH relative to the current folder")
    if rev.startswith("-"):
        raise DiffError(f"{rev}:{path}: a revision cannot start with '-'; expected REV:PATH")
    try:
        # --end-of-options: whatever REV holds, git reads it as a revision.
        with subprocess.Popen(
            ["git", "show", "--end-of-options", f"{rev}:{git_path}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
        ) as proc:
            out = proc.stdout.read(limit + 1) if proc.stdout else b""
            if len(out) > limit:
                proc.kill()
                proc.communicate()
                raise DiffError(
                    f"{rev}:{path}: the file is over {limit:,} bytes at that revision; "
                    f"a protocol file is expected to be under {MAX_FILE_BYTES:,}"
                )
            _, err = proc.communicate()
    except OSError as exc:
        raise DiffError(f"{rev}:{path}: cannot run git ({exc.strerror or exc})") from None
    if proc.returncode != 0:
        message = " ".join((err.decode("utf-8", "replace") or "git show failed").split())
        raise DiffError(f"{rev}:{path}: {message}")
    return out.decode("utf-8", "replace")


def new_since(rev: str, path: str, cwd: Path | None = None) -> bool:
    """True when REV is a commit that does not have PATH (a file added since)."""
    git_path = path if path.startswith(("./", "../")) else f"./{path}"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
            capture_output=True,
            cwd=cwd,
        )
        if commit.returncode != 0:
            return False
        found = subprocess.run(
            ["git", "cat-file", "-e", "--end-of-options", f"{rev}:{git_path}"], capture_output=True, cwd=cwd
        )
    except OSError:
        return False
    return found.returncode != 0


def _load_file(path: Path, shown_as: str | None = None) -> Protocol:
    try:
        return load_protocol(path)
    except ProtocolError as exc:
        text = str(exc)
        if shown_as is not None:
            text = text.replace(str(path), shown_as)
        raise DiffError(text) from None
    except OSError as exc:
        raise DiffError(f"{shown_as or path}: cannot read the file ({exc.strerror or exc})") from None


def load_version(spec: str) -> Protocol:
    """A protocol from a file path (whatever its name) or from `REV:PATH` at a git revision."""
    revision = split_revision(spec)
    if revision is None:
        if not os.path.isfile(spec):
            raise DiffError(f"{spec}: no such file (expected a protocol file, a folder of them, or REV:PATH)")
        return load_any_file(Path(spec))
    rev, path = revision
    return load_revision(rev, path)


def slug_of(text: str) -> str | None:
    """The slug a protocol file's text gives itself, if it can be read."""
    try:
        slug = yaml.safe_load(text)["slug"]
    except Exception:  # an invalid file: the checker says what is wrong with it
        return None
    return slug if isinstance(slug, str) and slug and "/" not in slug and not slug.startswith(".") else None


def load_any_file(path: Path) -> Protocol:
    """The protocol in `path`, whatever the file is called (a backup copy,
    "salford-old.yaml"; an earlier edition is read where it is): checked as `<slug>.yaml`, beside the source text it
    quotes, found beside the file or else in the protocols folder in use."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return _load_file(path)
    slug = slug_of(text)
    if slug is None or path.name == f"{slug}.yaml" or is_edition_file(path):  # an edition is checked in place
        return _load_file(path)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / f"{slug}.yaml"
        copy.write_text(text, encoding="utf-8")
        _copy_source_from_folders(text, Path(tmp), (path.parent, places.protocols_folder().folder))
        return _load_file(copy, shown_as=str(path))


def _named_source(text: str, folder: Path) -> tuple[str, Path] | None:
    """The source text a protocol's `document.source` names, and where its copy
    goes in `folder`; None where the file names none, or one outside `folder`.
    Anything odd is left for the checker to report."""
    try:
        source = yaml.safe_load(text)["document"]["source"]
    except Exception:  # an invalid file: the checker says what is wrong with it
        return None
    if not isinstance(source, str) or not source:
        return None
    target = (folder / source).resolve()
    if folder.resolve() not in target.parents:
        return None
    return source, target


def _copy_source_from_folders(text: str, folder: Path, places_to_look: tuple[Path, ...]) -> None:
    """Put the source text the protocol names beside its copy in `folder`,
    from the first of `places_to_look` that has it (read as the check reads it)."""
    named = _named_source(text, folder)
    if named is None:
        return
    source, target = named
    for where in places_to_look:
        found, _ = read_source_text(where, source)
        if found is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(found, encoding="utf-8")
            return


def load_revision(rev: str, path: str, cwd: Path | None = None) -> Protocol:
    """The protocol at PATH (relative to `cwd`) as it was at git revision REV."""
    text = _git_show(rev, path, cwd)
    # Check that version exactly as the checker checks a file: under the same
    # file name, beside the source text it quotes (from the same revision);
    # then report any problem as REV:PATH.
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / Path(path).name
        copy.write_text(text, encoding="utf-8")
        _copy_source_text(rev, path, text, Path(tmp), cwd)
        return _load_file(copy, shown_as=f"{rev}:{path}")


def _copy_source_text(rev: str, path: str, text: str, folder: Path, cwd: Path | None = None) -> None:
    """Put the source text a protocol's `document.source` names beside its copy
    in `folder`, taken from the same revision (or, if it is not there, from the
    working copy). Anything odd is left for the checker to report."""
    named = _named_source(text, folder)
    if named is None:
        return
    source, target = named
    beside = os.path.join(os.path.dirname(path), source)
    try:
        content = _git_show(rev, beside, cwd, limit=MAX_SOURCE_BYTES)
    except DiffError:
        # Read as the check reads it: only from inside the protocols folder, bounded.
        found, _ = read_source_text(Path(cwd or ".") / os.path.dirname(path), source)
        if found is None:
            return
        content = found
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")
