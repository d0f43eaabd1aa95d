"""Authoring: the `handbook` command, with all it needs to read, check or compare protocol files."""
