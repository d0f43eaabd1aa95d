"""Comparing two versions of a protocol file by meaning, not by line.

`compare.diff_protocols` names every difference (`change.Change`) with the
due dates it moves (`due_dates`, from a working day: `reference_start`);
`output` writes them for the terminal, `revisions` reads a version from any
file or at a git revision, `folders` pairs two folders' files by partnership,
`saved_files` compares a folder with its published version (as last
recorded) for the live preview, and `command` is `handbook diff`. The
preview's page of changes is the site's (handbook_site.changes_page).
"""
