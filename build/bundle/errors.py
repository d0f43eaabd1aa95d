"""The error a bundling step raises, with the hint that says how to fix it."""

from __future__ import annotations

__all__ = ["BundleError", "SETUP_HINT"]

#: What to do when something the bundle needs is not installed.
SETUP_HINT = "run the set-up first: bash scripts/setup.sh"


class BundleError(RuntimeError):
    """The calculator cannot be bundled; the message says why and what to do."""
