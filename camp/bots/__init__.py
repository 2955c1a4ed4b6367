"""Bots that hear a group chat live: each platform's protocol, nothing of the database.

A client turns the platform's updates into :class:`LiveMessage` and sends
:class:`Reply`; what a message means for a camp (a check-in, a command, activity) is
decided by ``camp.services.intake``, the same path as ``camp import``.
"""

from __future__ import annotations

from camp.bots.base import BotError, LiveMessage, Reply, Unheard

__all__ = ["BotError", "LiveMessage", "Reply", "Unheard"]
