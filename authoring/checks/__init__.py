"""The rules of `handbook check`, one family of them per module.

`schema` loads the protocol JSON Schema, `schema_errors` puts its errors in
an author's words; `meaning` runs the rules the schema cannot state, each
family in a module of its own over one shared `context.Context`. The runner
is `authoring.check`.
"""
