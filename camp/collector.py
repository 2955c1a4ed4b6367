"""Python's cycle collector held off while camp builds something big of plain values.

An import allocates millions of small objects (messages, rows, fingerprints) and a board
of 100,000 members hundreds of thousands of tuples, none of them in a cycle. The
collector would walk every one of them, again and again as they age: a third of an
import's reading time and half its unpickling, a fifth of a big board's. What does form
a cycle meanwhile is collected once the work is over.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off inside the block, and back as it was after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
