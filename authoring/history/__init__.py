"""The reader-facing change history of each partnership, recorded in the repository by `handbook record`.

`entries` is the history as typed data; `history_file` reads (checked against
`protocols/history.schema.json`) and writes one partnership's file;
`baseline` keeps the copy of each protocol as last recorded, the version the
next record compares with; `record` is the command; `pending` says which
files changed since their last record. The build reads these files, never git.
"""
