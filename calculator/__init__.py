"""Escalation Handbook calculator: protocols as data, working-day deadlines.

Standard library only at run time, so the same package runs in CPython and in
the reader's browser under Pyodide.
"""

__version__ = "0.1.0"
