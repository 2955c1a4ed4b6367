"""The settlement ledger as a PNG table, to post in the group chat (``camp settle
--format png``): the rules, a row a member, the balancing totals."""

from __future__ import annotations

from camp.exporters.fonts import font_set_for
from camp.exporters.png import Canvas
from camp.stakes import Settlement, render_settlement_text

__all__ = ["render_settlement_png"]

_PAD = 32
_ROW = 40
_SIZE = 22
_WHITE = (255, 255, 255)
_INK = (0x1F, 0x29, 0x37)
_MUTED = (0x4B, 0x55, 0x63)
_STRIPE = (0xF3, 0xF4, 0xF6)
_TEXT = (0x11, 0x18, 0x27)
_HEAD = (0x6B, 0x72, 0x80)


def render_settlement_png(settlement: Settlement, *, font: str | None = None) -> bytes:
    """The ledger drawn as a table; ``font`` is the camp's font setting, if any. Names
    are drawn as on the cards (emoji in colour, or a placeholder; never a blank box)."""
    text = render_settlement_text(settlement).splitlines()
    head, foot = text[:2], text[-1]
    rows = [list(settlement.headings())] + [
        settlement.shown_cells(line) for line in settlement.lines
    ]
    fonts = font_set_for([*head, foot, *(cell for row in rows for cell in row)], font)
    measure = Canvas((1, 1), _WHITE, fonts)
    widths = [
        max(int(measure.width(row[i], _SIZE)) for row in rows) + 28 for i in range(len(rows[0]))
    ]
    width = max(
        sum(widths) + 2 * _PAD,
        *(int(measure.width(line, _SIZE + 4)) + 2 * _PAD for line in (*head, foot)),
    )
    height = _PAD * 2 + _ROW * (len(rows) + 4)
    canvas = Canvas((width, height), _WHITE, fonts)
    y = _PAD
    canvas.text((_PAD, y), head[0], _SIZE + 4, _INK)
    y += _ROW
    canvas.text((_PAD, y), head[1], _SIZE, _MUTED)
    y += _ROW * 3 // 2
    for index, row in enumerate(rows):
        if index % 2 == 1:
            canvas.rect((_PAD - 8, y - 6, width - _PAD + 8, y + _ROW - 10), fill=_STRIPE)
        x = _PAD
        colour = _TEXT if index else _HEAD
        for column, cell in enumerate(row):
            if column >= 2:  # amounts and counts align right
                canvas.text((x + widths[column] - 28, y), cell, _SIZE, colour, anchor="ra")
            else:
                canvas.text((x, y), cell, _SIZE, colour)
            x += widths[column]
        y += _ROW
    y += _ROW // 2
    canvas.text((_PAD, y), foot, _SIZE + 4, _INK)
    return canvas.png()
