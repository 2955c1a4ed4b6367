"""Small helpers around Textual workers."""

from __future__ import annotations

from textual.dom import DOMNode

__all__ = ["still_loading"]


def still_loading(node: DOMNode, group: str) -> bool:
    """True while a worker of ``group`` started by ``node`` has not finished.

    A thread cannot be interrupted mid-query, so a live refresh that finds the
    previous load still running skips its turn instead of starting another thread.
    """
    return any(
        worker.node is node and worker.group == group and not worker.is_finished
        for worker in node.app.workers
    )
