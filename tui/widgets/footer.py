"""The footer of every screen: Textual's, built again only when the keys it shows change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter

__all__ = ["Footer"]


class Footer(TextualFooter):
    """Textual's footer, rebuilt only when what it shows would differ.

    Textual's footer recomposes (a widget per key) after every refresh of the bindings:
    each focus change, mount and loading indicator, several in one frame each running
    again with the same keys. Opening the dashboard rebuilt it three times, a third of
    the time from the app's start to its first rows. This one rebuilds at most once per
    refresh of the screen, and not at all when the keys, their labels and whether they
    are enabled are what it shows already.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: What the last compose showed (``None`` before the bindings were ready).
        self._shown: object = None
        self._rebuild_pending = False

    def _keys_to_show(self) -> object:
        """Everything :meth:`compose` reads, as a value to compare."""
        app = self.app
        active = self.screen.active_bindings  # worked out afresh at each look
        keys = tuple(
            (binding, enabled, tooltip, app.get_key_display(binding))
            for (_, binding, enabled, tooltip) in active.values()
            if binding.show
        )
        palette = active.get(app.COMMAND_PALETTE_BINDING)
        return (
            keys,
            None if palette is None else palette[1:],
            self.show_command_palette and app.ENABLE_COMMAND_PALETTE,
            self.combine_groups,
        )

    def compose(self) -> ComposeResult:
        self._shown = self._keys_to_show() if self._bindings_ready else None
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._rebuild_pending = False
        if self.is_attached and self._keys_to_show() != self._shown:
            await self.recompose()
