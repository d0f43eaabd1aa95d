"""The calculator's code folder is named by a digest of the code: a change to
any file of it is a new folder, which servers may let browsers keep for ever."""

from __future__ import annotations

import re

from build.code_folder import CODE, code_folder


def _code(folder, files):
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return code_folder(folder)


def test_the_folder_is_the_code_s_place_and_twelve_hex_digits_of_its_digest():
    assert re.fullmatch(rf"{CODE}/[0-9a-f]{{12}}", code_folder())


def test_any_change_to_the_code_is_a_new_folder_and_the_same_code_the_same_one(tmp_path):
    files = {"worker.js": "export const a = 1;\n", "form.js": "export const b = 2;\n"}
    same = _code(tmp_path / "a", files)
    assert _code(tmp_path / "b", dict(files)) == same
    assert _code(tmp_path / "c", {**files, "form.js": "export const b = 3;\n"}) != same
    assert _code(tmp_path / "d", {**files, "new.js": ""}) != same
    assert _code(tmp_path / "e", {"worker.js": files["worker.js"]}) != same
    # The same bytes under another name are another file.
    assert _code(tmp_path / "f", {"worker2.js": files["worker.js"], "form.js": files["form.js"]}) != same
