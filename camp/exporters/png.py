"""PNG images for the group chat: the leaderboard card and the closing certificate.

Chats show images on a light or a dark background, so each image has a light and a
dark theme whose colours keep text readable (contrast 4.5:1 or more). Medals, the MVP
crown, streak flames and the seal are drawn as shapes, the same on every machine; emoji
in names are drawn by a colour emoji font or as placeholders (camp.exporters.fonts).
Names shrink to fit their column before they are cut, and a cut keeps the end that
tells them apart.
Everything is drawn at twice the size and scaled down, which smooths the circles and
polygons that Pillow itself does not anti-alias.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from camp.calendar import camp_days
from camp.errors import CampError
from camp.exporters.fonts import (
    EmojiFont,
    FontChoice,
    FontSet,
    Run,
    font_set_for,
    graphemes,
    load_font,
    placeholder_colour,
    runs,
)
from camp.labels import board_when, labels_for
from camp.leaderboard import Leaderboard
from camp.models import Camp
from camp.scoring import Standing

__all__ = [
    "CARD_THEMES",
    "CARD_WIDTH",
    "CERTIFICATE_SIZE",
    "CERTIFICATE_THEMES",
    "Canvas",
    "CardTheme",
    "CertificateTheme",
    "contrast_ratio",
    "leaderboard_pages",
    "render_certificate_png",
    "render_leaderboard_png",
]

RGB = tuple[int, int, int]

CARD_WIDTH = 1080
CERTIFICATE_SIZE = (1600, 1131)  # A4 landscape: 297 / 210 ≈ 1600 / 1131

# Drawing happens at this multiple of the final size, then is scaled down.
_SCALE = 2


@dataclass(frozen=True)
class CardTheme:
    """Colours of the leaderboard card."""

    background: RGB
    text: RGB
    muted: RGB
    stripe: RGB  # every other row
    rule: RGB
    header: RGB  # the title band
    header_text: RGB
    header_muted: RGB
    band: RGB  # the MVP rows
    band_muted: RGB  # secondary text on the MVP rows
    crown: RGB
    flame: RGB
    flame_core: RGB


@dataclass(frozen=True)
class CertificateTheme:
    """Colours of the certificate."""

    background: RGB
    text: RGB
    muted: RGB
    accent: RGB  # border, rules, MVP badge
    badge_text: RGB
    seal: RGB


CARD_THEMES: dict[str, CardTheme] = {
    "light": CardTheme(
        background=(255, 255, 255),
        text=(31, 35, 40),
        muted=(87, 96, 106),
        stripe=(246, 248, 250),
        rule=(216, 222, 228),
        header=(36, 50, 74),
        header_text=(255, 255, 255),
        header_muted=(190, 200, 215),
        band=(255, 224, 130),
        band_muted=(87, 96, 106),
        crown=(184, 134, 11),
        flame=(230, 81, 0),
        flame_core=(255, 193, 7),
    ),
    "dark": CardTheme(
        background=(22, 27, 34),
        text=(230, 237, 243),
        muted=(145, 155, 166),
        stripe=(28, 34, 42),
        rule=(48, 54, 61),
        header=(13, 17, 23),
        header_text=(255, 255, 255),
        header_muted=(160, 172, 186),
        band=(96, 72, 8),
        band_muted=(226, 208, 160),
        crown=(255, 205, 70),
        flame=(255, 120, 40),
        flame_core=(255, 213, 79),
    ),
}

CERTIFICATE_THEMES: dict[str, CertificateTheme] = {
    "light": CertificateTheme(
        background=(251, 247, 238),
        text=(45, 38, 30),
        muted=(105, 92, 76),
        accent=(176, 137, 48),
        badge_text=(45, 38, 30),
        seal=(190, 40, 40),
    ),
    "dark": CertificateTheme(
        background=(30, 28, 24),
        text=(242, 234, 216),
        muted=(192, 182, 162),
        accent=(212, 175, 85),
        badge_text=(30, 28, 24),
        seal=(230, 85, 70),
    ),
}

# Medal colours are the same in both themes; the number on them is always dark.
_MEDALS: dict[int, RGB] = {1: (232, 184, 40), 2: (192, 197, 206), 3: (205, 127, 50)}
_MEDAL_TEXT: RGB = (40, 32, 10)

# Words the text formats do not need (camp.labels holds the shared ones).
_WORDS: dict[str, dict] = {
    "en": {
        "page": "Page {page}/{pages}",
        "streak": "{n} days",
        "certificate": "Certificate of Achievement",
        "presented": "This certificate is presented to",
        "ranked": "Ranked {ordinal} of {total} {unit}",
        "units": {"member": "members", "pair": "pairs", "team": "teams"},
        "stats": ("Points", "On-time days", "Best streak (days)"),
        "seal": "COMPLETED",
        "dates": "{first} – {last}",
    },
    "zh": {
        "page": "第 {page}/{pages} 页",
        "streak": "{n} 天",
        "certificate": "结营证书",
        "presented": "兹授予",
        "ranked": "{kind}排名第 {rank} 名（共 {total} {unit}）",
        "units": {"member": "人", "pair": "对", "team": "组"},
        "stats": ("积分", "准时打卡天数", "最长连续天数"),
        "seal": "结营纪念",
        "dates": "{first} 至 {last}",
    },
}

_ELLIPSIS = "…"
# An emoji is drawn this many times the text size tall (colour fonts' pictures are a
# little larger than their size), and a placeholder advances this many text sizes.
_EMOJI_HEIGHT = 0.9
_PLACEHOLDER_ADVANCE = 1.08

# Leaderboard card layout, in final pixels.
_PAD = 48
_HEADER_H = 190
_HEADS_H = 54  # column headings under the title band
_ROW_H = 76
_FOOTER_H = 76
_EMPTY_H = 180
_RANK_X = _PAD + 34  # centre of the rank column
_NAME_X = _PAD + 96
_POINTS_END = 830  # right edge of the points column
_STREAK_X = 870


def contrast_ratio(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio of two colours (1 to 21; 4.5 or more reads well)."""

    def luminance(colour: RGB) -> float:
        def channel(value: int) -> float:
            v = value / 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(v) for v in colour)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _emoji_scale(px: float, native: int) -> float:
    return px * _EMOJI_HEIGHT / native


@lru_cache(maxsize=512)
def _emoji_tile(emoji: EmojiFont, cluster: str, px: int) -> Image.Image:
    """``cluster`` drawn in colour by ``emoji`` at its own size, scaled for text of ``px``."""
    font = emoji.font()
    ascent, descent = font.getmetrics()
    native = Image.new("RGBA", (max(1, math.ceil(font.getlength(cluster))), ascent + descent))
    ImageDraw.Draw(native).text((0, 0), cluster, font=font, embedded_color=True)
    scale = _emoji_scale(px, emoji.size)
    size = (max(1, round(native.width * scale)), max(1, round(native.height * scale)))
    return native.resize(size, Image.Resampling.LANCZOS)


def _distinguishing(clusters: list[str], others: Iterable[str]) -> tuple[int, int]:
    """What a cut must keep of a name so that it still differs from each of ``others``
    that shares its beginning: ``(clusters at the start, clusters at the end)``, either
    of which is enough (0: nothing to keep)."""
    head = tail = 0
    for other in others:
        theirs = list(graphemes(" ".join(other.split())))
        if theirs == clusters:
            continue
        shortest = min(len(clusters), len(theirs))
        prefix = 0
        while prefix < shortest and clusters[prefix] == theirs[prefix]:
            prefix += 1
        if prefix < 3:
            continue  # the beginnings already differ
        suffix = 0
        while suffix < shortest - prefix and clusters[-1 - suffix] == theirs[-1 - suffix]:
            suffix += 1
        head, tail = max(head, prefix + 1), max(tail, suffix + 1)
    return head, tail


class _Canvas:
    """A Pillow drawing in final-pixel coordinates, drawn at ``_SCALE`` times the size.

    Text is laid out in runs (see :func:`camp.exporters.fonts.runs`): each piece in the
    font that draws it, emoji as colour pictures or placeholders.
    """

    def __init__(self, size: tuple[int, int], background: RGB, fonts: FontSet):
        self.size = size
        self.fonts = fonts
        self.image = Image.new("RGB", (size[0] * _SCALE, size[1] * _SCALE), background)
        self.draw = ImageDraw.Draw(self.image)

    def font(self, size: int, choice: FontChoice | None = None) -> ImageFont.FreeTypeFont:
        return load_font(choice or self.fonts.primary, size * _SCALE)

    def runs(self, text: str) -> list[Run]:
        """``text`` on one line, in runs."""
        return runs(" ".join(text.split()), self.fonts)

    def _run_width(self, run: Run, size: int) -> float:
        """The advance of ``run`` at ``size``, in drawing pixels."""
        if run.kind == "text":
            return self.font(size, run.font).getlength(run.text)
        if run.kind == "emoji" and self.fonts.emoji is not None:
            emoji = self.fonts.emoji
            return emoji.font().getlength(run.text) * _emoji_scale(size * _SCALE, emoji.size)
        return size * _SCALE * _PLACEHOLDER_ADVANCE

    def width(self, text: str, size: int) -> float:
        return sum(self._run_width(run, size) for run in self.runs(text)) / _SCALE

    def fit(
        self,
        text: str,
        size: int,
        max_width: float,
        *,
        min_size: int | None = None,
        others: Iterable[str] = (),
    ) -> tuple[str, int]:
        """``text`` and the size to draw it at so that it is at most ``max_width`` wide:
        the size shrinks (to ``min_size``) before the text is cut, and a cut keeps the
        end that tells the text apart from ``others`` (the names beside it)."""
        text = " ".join(text.split())
        smallest = min(size, min_size or size)
        for candidate in range(size, smallest - 1, -1):
            if self.width(text, candidate) <= max_width:
                return text, candidate
        return self.cut(text, smallest, max_width, others), smallest

    def cut(self, text: str, size: int, max_width: float, others: Iterable[str] = ()) -> str:
        """``text`` with its middle replaced by an ellipsis so that it fits ``max_width``
        (``text`` itself when it fits): the beginning and the end stay, and the end is
        long enough to differ from the end of every one of ``others`` that begins the
        same way (or, when that end is too long, the beginning reaches the difference)."""
        if self.width(text, size) <= max_width:
            return text
        clusters = list(graphemes(text))
        ellipsis = _ELLIPSIS if "…" in self.runs(_ELLIPSIS)[0].text else "..."
        room = max_width - self.width(ellipsis, size)

        def head(n: int) -> str:
            return "".join(clusters[:n]).rstrip()

        def tail(n: int) -> str:
            return "".join(clusters[len(clusters) - n :]).lstrip() if n else ""

        def fits(h: int, t: int) -> bool:
            return self.width(head(h), size) + self.width(tail(t), size) <= room

        head_needed, tail_needed = _distinguishing(clusters, others)
        # The end takes up to two fifths of the room, more when that is what differs;
        # when the differing end is too long, the beginning is kept up to the difference.
        t = 0
        while t < len(clusters) - 1 and self.width(tail(t + 1), size) <= room * 0.4:
            t += 1
        h = 0
        if tail_needed > t and fits(1, tail_needed):
            t = tail_needed
        elif tail_needed > t and fits(head_needed, 1):
            h = head_needed
            t = max((n for n in range(1, t + 1) if fits(h, n)), default=1)
        while h + t < len(clusters) and fits(h + 1, t):
            h += 1
        if h == 0 and t == 0:
            return ellipsis
        return head(h) + ellipsis + tail(t)

    def text(
        self,
        xy: tuple[float, float],
        text: str,
        size: int,
        fill: RGB,
        anchor: str = "la",
        bold: bool = False,
    ) -> None:
        """Draw ``text`` at ``xy``; ``anchor`` as Pillow's (horizontal l/m/r, vertical
        a/m/s/d), applied to the whole line."""
        pieces = self.runs(text)
        widths = [self._run_width(run, size) for run in pieces]
        x, y = xy[0] * _SCALE, xy[1] * _SCALE
        horizontal, vertical = anchor[0], anchor[1]
        x -= {"l": 0, "m": sum(widths) / 2, "r": sum(widths)}[horizontal]
        primary = self.font(size)
        ascent, descent = primary.getmetrics()
        middle = {
            "a": y + (ascent + descent) / 2,
            "m": y,
            "s": y - (ascent - descent) / 2,
            "d": y - (ascent + descent) / 2,
        }[vertical]
        for run, advance in zip(pieces, widths, strict=True):
            if run.kind == "text":
                self.draw.text(
                    (x, y),
                    run.text,
                    font=self.font(size, run.font),
                    fill=fill,
                    anchor="l" + vertical,
                    # Most fonts here have one weight: a thin outline of the same colour
                    # stands in for bold.
                    stroke_width=1 if bold else 0,
                    stroke_fill=fill,
                )
            elif run.kind == "emoji" and self.fonts.emoji is not None:
                tile = _emoji_tile(self.fonts.emoji, run.text, size * _SCALE)
                top = round(middle - tile.height / 2)
                self.image.paste(tile, (round(x), top), tile)
            else:
                self._placeholder(run.text, x, middle, size * _SCALE)
            x += advance

    def _placeholder(self, cluster: str, x: float, middle: float, px: float) -> None:
        """An emoji no font here draws: a rounded tile with a face, coloured by which
        emoji it stands for, as wide as a character (never a gap or a double space)."""
        side = px * 0.86
        left = x + px * (_PLACEHOLDER_ADVANCE - 0.86) / 2
        top = middle - side / 2
        colour = placeholder_colour(cluster)
        self.draw.rounded_rectangle(
            (left, top, left + side, top + side), radius=side * 0.26, fill=colour
        )
        white = (255, 255, 255)
        eye = side * 0.08
        for eye_x in (left + side * 0.34, left + side * 0.66):
            eye_y = top + side * 0.4
            self.draw.ellipse((eye_x - eye, eye_y - eye, eye_x + eye, eye_y + eye), fill=white)
        self.draw.arc(
            (left + side * 0.28, top + side * 0.34, left + side * 0.72, top + side * 0.74),
            start=20,
            end=160,
            fill=white,
            width=max(1, round(side * 0.07)),
        )

    def rect(
        self,
        box: tuple[float, float, float, float],
        fill: RGB | None = None,
        outline: RGB | None = None,
        width: float = 1,
        radius: float = 0,
    ) -> None:
        scaled = tuple(v * _SCALE for v in box)
        self.draw.rounded_rectangle(
            scaled,
            radius=radius * _SCALE,
            fill=fill,
            outline=outline,
            width=round(width * _SCALE),
        )

    def circle(
        self,
        centre: tuple[float, float],
        radius: float,
        fill: RGB | None = None,
        outline: RGB | None = None,
        width: float = 1,
    ) -> None:
        x, y = centre
        box = (
            (x - radius) * _SCALE,
            (y - radius) * _SCALE,
            (x + radius) * _SCALE,
            (y + radius) * _SCALE,
        )
        self.draw.ellipse(box, fill=fill, outline=outline, width=round(width * _SCALE))

    def polygon(self, points: list[tuple[float, float]], fill: RGB) -> None:
        self.draw.polygon([(x * _SCALE, y * _SCALE) for x, y in points], fill=fill)

    def line(self, points: list[tuple[float, float]], fill: RGB, width: float = 1) -> None:
        self.draw.line(
            [(x * _SCALE, y * _SCALE) for x, y in points], fill=fill, width=round(width * _SCALE)
        )

    def png(self) -> bytes:
        out = self.image.resize(self.size, Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        out.save(buffer, format="PNG")
        return buffer.getvalue()


#: The drawing surface of the cards, for other images of camp (the settlement's table):
#: text in the fonts that draw it, emoji in colour or as placeholders.
Canvas = _Canvas


def _crown(canvas: _Canvas, x: float, cy: float, size: float, fill: RGB) -> None:
    """A three-pointed crown ``size`` wide, its left edge at ``x``, centred on ``cy``."""
    h = size * 0.75
    top, bottom = cy - h / 2, cy + h / 2
    base = bottom - h * 0.28
    canvas.polygon(
        [
            (x, base),
            (x, top + h * 0.2),
            (x + size * 0.27, top + h * 0.5),
            (x + size * 0.5, top),
            (x + size * 0.73, top + h * 0.5),
            (x + size, top + h * 0.2),
            (x + size, base),
        ],
        fill,
    )
    canvas.rect((x, base + h * 0.08, x + size, bottom), fill=fill, radius=h * 0.06)
    for tip_x, tip_y in ((x, top + h * 0.2), (x + size * 0.5, top), (x + size, top + h * 0.2)):
        canvas.circle((tip_x, tip_y), size * 0.08, fill=fill)


def _flame(canvas: _Canvas, x: float, cy: float, size: float, outer: RGB, core: RGB) -> None:
    """A flame ``size`` tall, its left edge at ``x``, centred on ``cy``."""

    def teardrop(cx: float, bottom: float, width: float, height: float) -> list:
        # A round bottom of radius width / 2 that narrows to a point at the top.
        r = width / 2
        centre_y = bottom - r
        points = [
            (cx + r * math.cos(math.radians(a)), centre_y + r * math.sin(math.radians(a)))
            for a in range(-20, 201, 10)
        ]
        points.append((cx - r * 0.55, centre_y - height * 0.45))
        points.append((cx - r * 0.05, bottom - height))
        points.append((cx + r * 0.75, centre_y - height * 0.4))
        return points

    width = size * 0.72
    cx, bottom = x + width / 2, cy + size / 2
    canvas.polygon(teardrop(cx, bottom, width, size), outer)
    canvas.polygon(teardrop(cx, bottom - size * 0.06, width * 0.5, size * 0.55), core)


def _medal(canvas: _Canvas, centre: tuple[float, float], rank: int) -> None:
    colour = _MEDALS[rank]
    canvas.circle(centre, 25, fill=colour)
    # A lighter ring inside the rim, as on a struck medal.
    ring = tuple(min(255, v + 40) for v in colour)
    canvas.circle(centre, 20, outline=ring, width=2)  # type: ignore[arg-type]
    canvas.text(centre, str(rank), 26, _MEDAL_TEXT, anchor="mm", bold=True)


def _theme(themes: dict, theme: str):
    try:
        return themes[theme]
    except KeyError:
        raise CampError(
            f"Theme {theme!r} does not exist; use one of: {', '.join(themes)}."
        ) from None


def _entry_lines(entry: Standing, by: str) -> list[str]:
    """What the card shows for an entry, one line's text each: a pair shows both of its
    members' names (the second line, when it takes two, begins with the ``&``)."""
    if by == "pair" and len(entry.members) >= 2:
        return [entry.members[0], "& " + " & ".join(entry.members[1:])]
    return [entry.name]


def _entry_name(entry: Standing, by: str) -> str:
    return " ".join(_entry_lines(entry, by))


def _as_of_date(camp: Camp, as_of_day: int) -> dt.date:
    days = camp_days(camp)
    if as_of_day < 1 or not days:
        return camp.start
    return days[min(as_of_day, len(days)) - 1].date


def leaderboard_pages(board: Leaderboard, per_page: int = 25) -> int:
    """How many cards the leaderboard takes at ``per_page`` rows per card (1 when empty)."""
    if per_page < 1:
        raise CampError(f"per_page must be 1 or more, not {per_page}.")
    return max(1, math.ceil(len(board.entries) / per_page))


# Text sizes of a row's name: it shrinks from the first to the second before it is cut;
# a pair that does not fit on one line takes two, each in the smaller sizes.
_NAME_SIZES = (32, 25)
_PAIR_LINE_SIZES = (26, 21)
_CROWN = 34


@dataclass(frozen=True)
class _Columns:
    """Where a page's columns are: the points move right when no row has a streak,
    and the names end before the widest points of the page, so neither pushes the other."""

    name_end: float
    points_end: float
    streaks: bool


def _card_texts(board: Leaderboard, rows: list[Standing], words: dict, labels: dict) -> list[str]:
    """Every text a card draws, for choosing its fonts."""
    texts = [board.camp.name, labels["leaderboard"], labels["by"][board.by], labels["empty"]]
    texts += [labels["day"], labels["before_start"], labels["rank"], labels[board.by]]
    if board.period:
        texts.append(labels["days"])
    texts += [labels["points"], labels["streak"], labels["pts"], labels["more"], words["page"]]
    texts += [words["streak"], board.camp.slug, "0123456789·-/…"]
    for entry in rows:
        texts += _entry_lines(entry, board.by)
    return texts


def render_leaderboard_png(
    board: Leaderboard,
    *,
    theme: str = "light",
    font: FontChoice | None = None,
    page: int = 1,
    per_page: int = 25,
) -> bytes:
    """Page ``page`` of the leaderboard as a PNG card, 1080 pixels wide.

    A title band (camp name, what is ranked, the day), then one row per entry: rank
    (a medal for 1-3), name, points and current streak; MVP rows sit on a gold band
    with a crown. The footer shows the page when there are several, the camp's slug
    and the date of the as-of day. ``font`` (else the camp's ``font`` setting, else
    ``CAMP_FONT``) must draw all the card's text but its emoji; without one the fonts
    are found (see :func:`camp.exporters.fonts.font_set_for`).
    """
    pages = leaderboard_pages(board, per_page)
    if not 1 <= page <= pages:
        raise CampError(f"Page {page} does not exist; the leaderboard has {pages} page(s).")
    colours: CardTheme = _theme(CARD_THEMES, theme)
    camp = board.camp
    language = camp.definition.language
    labels = labels_for(language)
    words = _WORDS.get(language, _WORDS["en"])

    rows = board.entries[(page - 1) * per_page : page * per_page]
    texts = _card_texts(board, rows, words, labels)
    fonts = _font_set(texts, font, camp.definition.font)
    hidden = board.total_entries - len(board.entries)
    more_line = hidden > 0 and page == pages and bool(rows)
    body = _HEADS_H + _ROW_H * (len(rows) + more_line) + 16 if rows else _EMPTY_H
    height = _HEADER_H + body + _FOOTER_H
    canvas = _Canvas((CARD_WIDTH, height), colours.background, fonts)

    # Title band.
    canvas.rect((0, 0, CARD_WIDTH, _HEADER_H), fill=colours.header)
    canvas.rect((0, _HEADER_H - 6, CARD_WIDTH, _HEADER_H), fill=_MEDALS[1])
    title, title_size = canvas.fit(camp.name, 50, CARD_WIDTH - 2 * _PAD, min_size=38)
    canvas.text((_PAD, 74), title, title_size, colours.header_text, anchor="lm", bold=True)
    when = board_when(labels, board.as_of_day, camp.days, board.first_day, board.period)
    subtitle = f"{labels['leaderboard']} · {labels['by'][board.by]} · {when}"
    canvas.text((_PAD, 138), subtitle, 28, colours.header_muted, anchor="lm")

    y = _HEADER_H
    if not rows:
        canvas.text(
            (CARD_WIDTH / 2, y + _EMPTY_H / 2), labels["empty"], 34, colours.muted, anchor="mm"
        )
        y += _EMPTY_H
    else:
        columns = _columns(canvas, rows, labels["pts"])
        heads_y = y + _HEADS_H / 2 + 4
        canvas.text((_RANK_X, heads_y), labels["rank"], 22, colours.muted, anchor="mm")
        canvas.text((_NAME_X, heads_y), labels[board.by], 22, colours.muted, anchor="lm")
        points_head = columns.points_end
        canvas.text((points_head, heads_y), labels["points"], 22, colours.muted, anchor="rm")
        if columns.streaks:
            canvas.text((_STREAK_X, heads_y), labels["streak"], 22, colours.muted, anchor="lm")
        y += _HEADS_H
        canvas.line([(_PAD, y), (CARD_WIDTH - _PAD, y)], colours.rule, 2)
        names = [line for entry in rows for line in _entry_lines(entry, board.by)]
        names += [_entry_name(entry, board.by) for entry in rows]
        for i, entry in enumerate(rows):
            _draw_row(
                canvas, colours, words, labels, board.by, entry, y, columns, names, i % 2 == 1
            )
            y += _ROW_H
        if more_line:
            canvas.text(
                (_NAME_X, y + _ROW_H / 2),
                labels["more"].format(n=hidden),
                26,
                colours.muted,
                anchor="lm",
            )
            y += _ROW_H
        y += 16

    # Footer.
    canvas.line([(_PAD, y), (CARD_WIDTH - _PAD, y)], colours.rule, 2)
    footer_y = y + _FOOTER_H / 2
    if pages > 1:
        page_text = words["page"].format(page=page, pages=pages)
        canvas.text((_PAD, footer_y), page_text, 22, colours.muted, anchor="lm")
    stamp = f"{camp.slug} · {_as_of_date(camp, board.as_of_day).isoformat()}"
    canvas.text((CARD_WIDTH - _PAD, footer_y), stamp, 22, colours.muted, anchor="rm")
    return canvas.png()


def _font_set(texts: list[str], font: FontChoice | None, setting: str | None) -> FontSet:
    """The fonts of an image: ``font`` when the caller gives one (checked like the
    operator's), else the camp's setting, ``CAMP_FONT`` or what is installed."""
    return font_set_for(texts, setting, font=font)


def _columns(canvas: _Canvas, rows: list[Standing], unit: str) -> _Columns:
    streaks = any(entry.streak >= 2 for entry in rows)
    points_end = _POINTS_END if streaks else CARD_WIDTH - _PAD
    widest = max(canvas.width(str(entry.points), 34) for entry in rows)
    points_width = widest + 8 + canvas.width(unit, 22)
    return _Columns(points_end - points_width - 28, points_end, streaks)


def _draw_row(
    canvas: _Canvas,
    colours: CardTheme,
    words: dict,
    labels: dict,
    by: str,
    entry: Standing,
    top: float,
    columns: _Columns,
    names: list[str],
    stripe: bool,
) -> None:
    mid = top + _ROW_H / 2
    mvp = entry.rank == 1
    muted = colours.band_muted if mvp else colours.muted
    if mvp:
        canvas.rect((0, top, CARD_WIDTH, top + _ROW_H), fill=colours.band)
    elif stripe:
        canvas.rect((0, top, CARD_WIDTH, top + _ROW_H), fill=colours.stripe)

    if entry.rank in _MEDALS:
        _medal(canvas, (_RANK_X, mid), entry.rank)
    else:
        canvas.text((_RANK_X, mid), str(entry.rank), 28, muted, anchor="mm")

    room = columns.name_end - _NAME_X - (_CROWN + 14 if mvp else 0)
    lines = _entry_lines(entry, by)
    one_line, size = canvas.fit(" ".join(lines), _NAME_SIZES[0], room, min_size=_NAME_SIZES[1])
    if len(lines) == 1 or canvas.width(" ".join(lines), size) <= room:
        placed = [(one_line or "—", size, mid)]
    else:
        big, small = _PAIR_LINE_SIZES
        fitted = [canvas.fit(line, big, room, min_size=small, others=names) for line in lines]
        line_size = min(s for _, s in fitted)
        placed = [
            (canvas.cut(text, line_size, room, names), line_size, mid + offset)
            for (text, _), offset in zip(fitted, (-15, 15), strict=True)
        ]
    for text, text_size, line_y in placed:
        canvas.text((_NAME_X, line_y), text, text_size, colours.text, anchor="lm", bold=mvp)
    if mvp:
        crown_x = _NAME_X + max(canvas.width(t, s) for t, s, _ in placed) + 14
        _crown(canvas, crown_x, mid - 2, _CROWN, colours.crown)

    # Points: the number, then a smaller unit, on one baseline.
    baseline = mid + 12
    unit = labels["pts"]
    canvas.text((columns.points_end, baseline), unit, 22, muted, anchor="rs")
    number_end = columns.points_end - canvas.width(unit, 22) - 8
    canvas.text((number_end, baseline), str(entry.points), 34, colours.text, anchor="rs", bold=True)

    # As in the text format, a streak shows from two days on.
    if entry.streak >= 2:
        _flame(canvas, _STREAK_X, mid, 30, colours.flame, colours.flame_core)
        streak = words["streak"].format(n=entry.streak)
        canvas.text((_STREAK_X + 32, mid), streak, 26, colours.text, anchor="lm")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _long_date(day: dt.date, language: str) -> str:
    if language == "zh":
        return f"{day.year} 年 {day.month} 月 {day.day} 日"
    return f"{day.day} {day:%B} {day.year}"


def _star(centre: tuple[float, float], outer: float, inner: float) -> list:
    cx, cy = centre
    points = []
    for k in range(10):
        r = outer if k % 2 == 0 else inner
        angle = math.radians(-90 + 36 * k)
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return points


def render_certificate_png(
    camp: Camp,
    entry: Standing,
    *,
    by: str,
    total_entries: int,
    dates: tuple[dt.date, dt.date],
    theme: str = "light",
    font: FontChoice | None = None,
) -> bytes:
    """A 1600×1131 closing-ceremony certificate for one entry, in the camp's language.

    It names the member (or the pair's members, or the team), the rank out of
    ``total_entries`` (with an MVP badge for rank 1), points, on-time days and best
    streak, and the camp's ``dates`` (first and last day), inside a border with a seal.
    """
    colours: CertificateTheme = _theme(CERTIFICATE_THEMES, theme)
    language = camp.definition.language
    labels = labels_for(language)
    words = _WORDS.get(language, _WORDS["en"])
    unit = words["units"].get(by, "")
    kind = labels["by"].get(by, "")
    # Chinese text puts a space between a Latin word such as "CP" and the characters after it.
    if language == "zh" and kind[-1:].isascii():
        kind += " "
    ranked = words["ranked"].format(
        kind=kind,
        rank=entry.rank,
        ordinal=_ordinal(entry.rank),
        total=total_entries,
        unit=unit,
    )
    first, last = dates
    when = words["dates"].format(first=_long_date(first, language), last=_long_date(last, language))
    lines = _entry_lines(entry, by)
    team = ", ".join(entry.members) if by == "team" and entry.members else ""
    texts = [camp.name, words["certificate"], words["presented"], ranked, when, team]
    texts += [labels["mvp"], words["seal"], str(last.year), *words["stats"], *lines, "0123456789"]
    fonts = _font_set(texts, font, camp.definition.font)
    width, height = CERTIFICATE_SIZE
    centre_x = width / 2
    canvas = _Canvas(CERTIFICATE_SIZE, colours.background, fonts)

    # Border: a heavy outer frame, a thin inner one, diamonds in the inner corners.
    canvas.rect((36, 36, width - 36, height - 36), outline=colours.accent, width=8)
    canvas.rect((58, 58, width - 58, height - 58), outline=colours.accent, width=2)
    for cx, cy in ((58, 58), (width - 58, 58), (58, height - 58), (width - 58, height - 58)):
        canvas.polygon([(cx, cy - 14), (cx + 14, cy), (cx, cy + 14), (cx - 14, cy)], colours.accent)

    camp_name, camp_size = canvas.fit(camp.name, 40, 1200, min_size=30)
    canvas.text((centre_x, 150), camp_name, camp_size, colours.muted, anchor="mm")
    canvas.text((centre_x, 250), words["certificate"], 80, colours.text, anchor="mm", bold=True)
    # An ornament under the title: two rules and a diamond.
    canvas.line([(centre_x - 220, 322), (centre_x - 22, 322)], colours.accent, 2)
    canvas.line([(centre_x + 22, 322), (centre_x + 220, 322)], colours.accent, 2)
    canvas.polygon(
        [(centre_x, 312), (centre_x + 10, 322), (centre_x, 332), (centre_x - 10, 322)],
        colours.accent,
    )

    canvas.text((centre_x, 400), words["presented"], 30, colours.muted, anchor="mm")
    # A long name gets a smaller size before it is cut; a pair too long for one line
    # takes two.
    one_line = " ".join(lines)
    name, name_size = canvas.fit(one_line, 88, 1200, min_size=60)
    if len(lines) == 1 or canvas.width(one_line, name_size) <= 1200:
        placed = [(name or "—", name_size, 500.0)]
    else:
        fitted = [canvas.fit(line, 60, 1200, min_size=44, others=lines) for line in lines]
        line_size = min(size for _, size in fitted)
        placed = [
            (canvas.cut(text, line_size, 1200, lines), line_size, line_y)
            for (text, _), line_y in zip(fitted, (452.0, 522.0), strict=True)
        ]
    for text, text_size, line_y in placed:
        canvas.text((centre_x, line_y), text, text_size, colours.text, anchor="mm", bold=True)
    widest = max(canvas.width(text, text_size) for text, text_size, _ in placed)
    rule_half = max(260, widest / 2 + 40)
    canvas.line([(centre_x - rule_half, 566), (centre_x + rule_half, 566)], colours.accent, 2)
    if team:
        members, members_size = canvas.fit(team, 26, 1100, min_size=22)
        canvas.text((centre_x, 600), members, members_size, colours.muted, anchor="mm")

    rank_size = 36
    rank_y = 668
    if entry.rank == 1:
        # An MVP badge, then the rank line, centred together.
        badge = labels["mvp"]
        badge_w = canvas.width(badge, 30) + 44
        gap = 18
        total_w = badge_w + gap + canvas.width(ranked, rank_size)
        left = centre_x - total_w / 2
        canvas.rect(
            (left, rank_y - 25, left + badge_w, rank_y + 25), fill=colours.accent, radius=25
        )
        canvas.text(
            (left + badge_w / 2, rank_y), badge, 30, colours.badge_text, anchor="mm", bold=True
        )
        canvas.text((left + badge_w + gap, rank_y), ranked, rank_size, colours.text, anchor="lm")
    else:
        canvas.text((centre_x, rank_y), ranked, rank_size, colours.text, anchor="mm")

    # Three figures side by side, thin rules between them.
    figures = (entry.points, entry.on_time, entry.best_streak)
    spacing = 340
    for k, (label, value) in enumerate(zip(words["stats"], figures, strict=True)):
        x = centre_x + (k - 1) * spacing
        canvas.text((x, 790), str(value), 60, colours.text, anchor="mm", bold=True)
        canvas.text((x, 852), label, 26, colours.muted, anchor="mm")
        if k:
            divider_x = x - spacing / 2
            canvas.line([(divider_x, 760), (divider_x, 870)], colours.accent, 2)

    canvas.text((centre_x, 975), when, 28, colours.muted, anchor="mm")

    _seal(canvas, (width - 215, height - 195), 100, colours.seal, words["seal"], last.year)
    return canvas.png()


def _seal(
    canvas: _Canvas, centre: tuple[float, float], radius: float, colour: RGB, word: str, year: int
) -> None:
    """A round seal: double ring, star, the word above and the year below, tilted a little."""
    size = int(radius * 2 + 8)
    seal = _Canvas((size, size), (0, 0, 0), canvas.fonts)
    # Drawn as a mask on its own canvas so that it can be rotated before it is pasted.
    white = (255, 255, 255)
    middle = (size / 2, size / 2)
    seal.circle(middle, radius, outline=white, width=6)
    seal.circle(middle, radius - 12, outline=white, width=2)
    seal.polygon(_star(middle, radius * 0.3, radius * 0.12), white)
    word_size = 26 if seal.width(word, 26) <= radius * 1.3 else 20
    seal.text((size / 2, size / 2 - radius * 0.52), word, word_size, white, anchor="mm", bold=True)
    seal.text((size / 2, size / 2 + radius * 0.55), str(year), 24, white, anchor="mm", bold=True)
    mask = seal.image.convert("L").rotate(-12, resample=Image.Resampling.BICUBIC)
    # Slightly transparent, as ink on paper.
    mask = mask.point(lambda v: v * 0.85)
    x, y = centre
    corner = (round((x - size / 2) * _SCALE), round((y - size / 2) * _SCALE))
    canvas.image.paste(Image.new("RGB", mask.size, colour), corner, mask)
