"""Authoring: reading, checking and comparing protocol files, and the `handbook` command."""
