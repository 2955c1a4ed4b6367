"""Dialogs: the modal boxes opened over a screen, on one base with one set of styles."""

from __future__ import annotations

from tui.dialogs.base import Dialog

__all__ = ["Dialog"]
