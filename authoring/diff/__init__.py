"""Comparing two versions of a protocol file by meaning, not by line.

`compare.diff_protocols` names every difference (`change.Change`) with the
due dates it moves (`due_dates`); `output` writes them for the terminal,
`revisions` reads a version at a git revision, `working_copy` compares a
folder with its last commit for the live preview, and `command` is `handbook
diff`. The preview's page of changes is the site's (handbook_site.changes_page).
"""
