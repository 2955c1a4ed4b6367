"""camp: a study-camp / check-in task engine.

The engine never imports the terminal UI; the CLI, the TUI and the scheduler all go
through ``camp.services``.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
