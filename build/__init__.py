"""The handbook's site, made by MkDocs from the protocol files.

In it: the MkDocs plugin, the page generators, their templates, the calculator's bundle."""
