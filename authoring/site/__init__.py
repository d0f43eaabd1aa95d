"""The site through MkDocs, for authors: `handbook build`, `handbook serve`, the server settings."""
