"""The running app with its own type, for the screens and views that call its methods.

Textual types ``node.app`` as a plain ``App``: :func:`camp_app` is the one place that
says it is the :class:`~tui.app.CampApp` (its database, its data version, open_camp).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.message_pump import MessagePump

if TYPE_CHECKING:
    # tui.app imports every screen, and the screens import this module.
    from tui.app import CampApp

__all__ = ["camp_app"]


def camp_app(node: MessagePump) -> CampApp:
    """The app ``node`` runs in: the screens and views only ever run in a CampApp."""
    return cast("CampApp", node.app)
