"""The settlement ledger as a PNG table, to post in the group chat (``camp settle
--format png``): the rules, a row a member, the balancing totals."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from camp.exporters.fonts import font_set_for, load_font
from camp.stakes import COLUMNS, Settlement, render_settlement_text

__all__ = ["render_settlement_png"]

_PAD = 32
_ROW = 40
_SIZE = 22


def render_settlement_png(settlement: Settlement, *, font: str | None = None) -> bytes:
    """The ledger drawn as a table; ``font`` is the camp's font setting, if any."""
    text = render_settlement_text(settlement).splitlines()
    head, foot = text[:2], text[-1]
    rows = [list(COLUMNS)] + [line.cells() for line in settlement.lines]
    fonts = font_set_for([*head, foot, *(cell for row in rows for cell in row)], font)
    body = load_font(fonts.primary, _SIZE)
    bold = load_font(fonts.primary, _SIZE + 4)
    widths = [max(int(body.getlength(row[i])) for row in rows) + 28 for i in range(len(COLUMNS))]
    width = max(
        sum(widths) + 2 * _PAD,
        *(int(bold.getlength(text)) + 2 * _PAD for text in (*head, foot)),
    )
    height = _PAD * 2 + _ROW * (len(rows) + 4)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    y = _PAD
    draw.text((_PAD, y), head[0], fill="#1f2937", font=bold)
    y += _ROW
    draw.text((_PAD, y), head[1], fill="#4b5563", font=body)
    y += _ROW * 3 // 2
    for index, row in enumerate(rows):
        if index % 2 == 1:
            draw.rectangle((_PAD - 8, y - 6, width - _PAD + 8, y + _ROW - 10), fill="#f3f4f6")
        x = _PAD
        for column, cell in enumerate(row):
            colour = "#111827" if index else "#6b7280"
            if column >= 2:  # amounts and counts align right
                draw.text(
                    (x + widths[column] - 28 - body.getlength(cell), y),
                    cell,
                    fill=colour,
                    font=body,
                )
            else:
                draw.text((x, y), cell, fill=colour, font=body)
            x += widths[column]
        y += _ROW
    y += _ROW // 2
    draw.text((_PAD, y), foot, fill="#1f2937", font=bold)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
