"""The site: the MkDocs plugin, the page generators, their templates and the calculator's bundle."""
