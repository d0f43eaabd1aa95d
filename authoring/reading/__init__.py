"""Reading protocol files: bytes within bounds, YAML with the place of every value, problems in words."""
