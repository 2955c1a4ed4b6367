"""The base of every dialog: a box in the middle of the screen that Escape closes.

A dialog composes its content inside :meth:`Dialog.box` (class ``dialog``). The
box's look, the line that says what is wrong with a value, the row of buttons and the
hint under them are styled here once; a dialog's own stylesheet rules only size what is
its own (a list, a log).
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

__all__ = ["Dialog"]

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal box; Escape cancels (:meth:`action_cancel` dismisses with ``None``)."""

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
    }
    Dialog > .dialog {
        width: 60;
        height: auto;
        max-height: 90%;
        padding: 1 2;
        border: thick $primary;
        background: $surface;
    }
    Dialog > .dialog.-narrow {
        width: 50;
    }
    Dialog > .dialog.-wide {
        width: 80;
    }
    Dialog > .dialog.-wider {
        width: 96;
    }
    Dialog > .dialog.-tall {
        width: 90%;
        height: 80%;
    }
    Dialog .dialog-problem {
        height: auto;
        color: $error;
    }
    Dialog .dialog-buttons {
        height: auto;
        margin-top: 1;
    }
    Dialog .dialog-buttons > Button {
        margin-right: 2;
    }
    Dialog .dialog-hint {
        margin-top: 1;
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    @staticmethod
    def box(*, size: str = "", **kwargs) -> Vertical:
        """The dialog's box; ``size`` is ``""`` (60 columns), ``"narrow"`` (50), ``"wide"``
        (80), ``"wider"`` (96) or ``"tall"`` (most of the screen)."""
        classes = "dialog" + (f" -{size}" if size else "")
        return Vertical(classes=classes, **kwargs)

    @staticmethod
    def problem(**kwargs) -> Static:
        """The line that says what is wrong with a value (empty until then)."""
        return Static(classes="dialog-problem", markup=False, **kwargs)

    def say_problem(self, selector: str, sentence: str, focus: Widget | None = None) -> None:
        """Show ``sentence`` in the problem line ``selector``; focus the field to fix."""
        self.query_one(selector, Static).update(sentence)
        if focus is not None:
            focus.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
