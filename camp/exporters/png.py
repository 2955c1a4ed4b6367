"""PNG images for the group chat: the leaderboard card and the closing certificate.

Chats show images on a light or a dark background, so each image has a light and a
dark theme whose colours keep text readable (contrast 4.5:1 or more). The font has no
emoji, so medals, the MVP crown, streak flames and the seal are drawn as shapes.
Everything is drawn at twice the size and scaled down, which smooths the circles and
polygons that Pillow itself does not anti-alias.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from camp.calendar import camp_days
from camp.errors import CampError
from camp.exporters.fonts import FontChoice, drawable, find_font, load_font
from camp.labels import labels_for
from camp.leaderboard import Leaderboard
from camp.models import Camp
from camp.scoring import Standing

__all__ = [
    "CARD_THEMES",
    "CARD_WIDTH",
    "CERTIFICATE_SIZE",
    "CERTIFICATE_THEMES",
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

# Leaderboard card layout, in final pixels.
_PAD = 48
_HEADER_H = 190
_HEADS_H = 54  # column headings under the title band
_ROW_H = 76
_FOOTER_H = 76
_EMPTY_H = 180
_RANK_X = _PAD + 34  # centre of the rank column
_NAME_X = _PAD + 96
_NAME_END = 660
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


class _Canvas:
    """A Pillow drawing in final-pixel coordinates, drawn at ``_SCALE`` times the size."""

    def __init__(self, size: tuple[int, int], background: RGB, font: FontChoice):
        self.size = size
        self.choice = font
        self.image = Image.new("RGB", (size[0] * _SCALE, size[1] * _SCALE), background)
        self.draw = ImageDraw.Draw(self.image)

    def font(self, size: int) -> ImageFont.FreeTypeFont:
        return load_font(self.choice, size * _SCALE)

    def clean(self, text: str, size: int) -> str:
        """``text`` on one line, without what the font cannot draw."""
        return drawable(" ".join(text.split()), self.font(size))

    def width(self, text: str, size: int) -> float:
        return self.font(size).getlength(self.clean(text, size)) / _SCALE

    def fit(self, text: str, size: int, max_width: float) -> str:
        """``text`` cut with an ellipsis so that it is at most ``max_width`` wide."""
        text = self.clean(text, size)
        font = self.font(size)
        limit = max_width * _SCALE
        if font.getlength(text) <= limit:
            return text
        ellipsis = _ELLIPSIS if drawable(_ELLIPSIS, font) else "..."
        lo, hi = 0, len(text)
        # The longest prefix that still fits with the ellipsis after it.
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if font.getlength(text[:mid].rstrip() + ellipsis) <= limit:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo].rstrip() + ellipsis

    def text(
        self,
        xy: tuple[float, float],
        text: str,
        size: int,
        fill: RGB,
        anchor: str = "la",
        bold: bool = False,
    ) -> None:
        x, y = xy
        self.draw.text(
            (x * _SCALE, y * _SCALE),
            self.clean(text, size),
            font=self.font(size),
            fill=fill,
            anchor=anchor,
            # The CJK fonts have one weight: a thin outline of the same colour stands in.
            stroke_width=1 if bold else 0,
            stroke_fill=fill,
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


def _entry_name(entry: Standing, by: str) -> str:
    """What the card shows for an entry: a pair shows both of its members' names."""
    if by == "pair" and len(entry.members) >= 2:
        return " & ".join(entry.members)
    return entry.name


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
    and the date of the as-of day.
    """
    pages = leaderboard_pages(board, per_page)
    if not 1 <= page <= pages:
        raise CampError(f"Page {page} does not exist; the leaderboard has {pages} page(s).")
    colours: CardTheme = _theme(CARD_THEMES, theme)
    camp = board.camp
    language = camp.definition.language
    labels = labels_for(language)
    words = _WORDS.get(language, _WORDS["en"])
    font = font or find_font(camp.definition.font)

    rows = board.entries[(page - 1) * per_page : page * per_page]
    hidden = board.total_entries - len(board.entries)
    more_line = hidden > 0 and page == pages and bool(rows)
    body = _HEADS_H + _ROW_H * (len(rows) + more_line) + 16 if rows else _EMPTY_H
    height = _HEADER_H + body + _FOOTER_H
    canvas = _Canvas((CARD_WIDTH, height), colours.background, font)

    # Title band.
    canvas.rect((0, 0, CARD_WIDTH, _HEADER_H), fill=colours.header)
    canvas.rect((0, _HEADER_H - 6, CARD_WIDTH, _HEADER_H), fill=_MEDALS[1])
    title = canvas.fit(camp.name, 50, CARD_WIDTH - 2 * _PAD)
    canvas.text((_PAD, 74), title, 50, colours.header_text, anchor="lm", bold=True)
    if board.as_of_day >= 1:
        when = labels["day"].format(day=board.as_of_day, days=camp.days)
    else:
        when = labels["before_start"]
    subtitle = f"{labels['leaderboard']} · {labels['by'][board.by]} · {when}"
    canvas.text((_PAD, 138), subtitle, 28, colours.header_muted, anchor="lm")

    y = _HEADER_H
    if not rows:
        canvas.text(
            (CARD_WIDTH / 2, y + _EMPTY_H / 2), labels["empty"], 34, colours.muted, anchor="mm"
        )
        y += _EMPTY_H
    else:
        heads_y = y + _HEADS_H / 2 + 4
        canvas.text((_RANK_X, heads_y), labels["rank"], 22, colours.muted, anchor="mm")
        canvas.text((_NAME_X, heads_y), labels[board.by], 22, colours.muted, anchor="lm")
        canvas.text((_POINTS_END, heads_y), labels["points"], 22, colours.muted, anchor="rm")
        canvas.text((_STREAK_X, heads_y), labels["streak"], 22, colours.muted, anchor="lm")
        y += _HEADS_H
        canvas.line([(_PAD, y), (CARD_WIDTH - _PAD, y)], colours.rule, 2)
        for i, entry in enumerate(rows):
            _draw_row(canvas, colours, words, labels, board.by, entry, y, stripe=i % 2 == 1)
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


def _draw_row(
    canvas: _Canvas,
    colours: CardTheme,
    words: dict,
    labels: dict,
    by: str,
    entry: Standing,
    top: float,
    *,
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

    crown_size = 34
    room = _NAME_END - _NAME_X - (crown_size + 14 if mvp else 0)
    name = canvas.fit(_entry_name(entry, by), 32, room) or "—"
    canvas.text((_NAME_X, mid), name, 32, colours.text, anchor="lm", bold=mvp)
    if mvp:
        crown_x = _NAME_X + canvas.width(name, 32) + 14
        _crown(canvas, crown_x, mid - 2, crown_size, colours.crown)

    # Points: the number, then a smaller unit, on one baseline.
    baseline = mid + 12
    unit = labels["pts"]
    canvas.text((_POINTS_END, baseline), unit, 22, muted, anchor="rs")
    number_end = _POINTS_END - canvas.width(unit, 22) - 8
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
    font = font or find_font(camp.definition.font)
    width, height = CERTIFICATE_SIZE
    centre_x = width / 2
    canvas = _Canvas(CERTIFICATE_SIZE, colours.background, font)

    # Border: a heavy outer frame, a thin inner one, diamonds in the inner corners.
    canvas.rect((36, 36, width - 36, height - 36), outline=colours.accent, width=8)
    canvas.rect((58, 58, width - 58, height - 58), outline=colours.accent, width=2)
    for cx, cy in ((58, 58), (width - 58, 58), (58, height - 58), (width - 58, height - 58)):
        canvas.polygon([(cx, cy - 14), (cx + 14, cy), (cx, cy + 14), (cx - 14, cy)], colours.accent)

    canvas.text((centre_x, 150), canvas.fit(camp.name, 40, 1200), 40, colours.muted, anchor="mm")
    canvas.text((centre_x, 250), words["certificate"], 80, colours.text, anchor="mm", bold=True)
    # An ornament under the title: two rules and a diamond.
    canvas.line([(centre_x - 220, 322), (centre_x - 22, 322)], colours.accent, 2)
    canvas.line([(centre_x + 22, 322), (centre_x + 220, 322)], colours.accent, 2)
    canvas.polygon(
        [(centre_x, 312), (centre_x + 10, 322), (centre_x, 332), (centre_x - 10, 322)],
        colours.accent,
    )

    canvas.text((centre_x, 400), words["presented"], 30, colours.muted, anchor="mm")
    # A long name gets a smaller size before it is cut.
    full_name = _entry_name(entry, by)
    name_size = next((size for size in (88, 76, 64) if canvas.width(full_name, size) <= 1200), 64)
    name = canvas.fit(full_name, name_size, 1200) or "—"
    canvas.text((centre_x, 500), name, name_size, colours.text, anchor="mm", bold=True)
    rule_half = max(260, canvas.width(name, name_size) / 2 + 40)
    canvas.line([(centre_x - rule_half, 566), (centre_x + rule_half, 566)], colours.accent, 2)
    if by == "team" and entry.members:
        members = canvas.fit(", ".join(entry.members), 26, 1100)
        canvas.text((centre_x, 600), members, 26, colours.muted, anchor="mm")

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

    first, last = dates
    when = words["dates"].format(first=_long_date(first, language), last=_long_date(last, language))
    canvas.text((centre_x, 975), when, 28, colours.muted, anchor="mm")

    _seal(canvas, (width - 215, height - 195), 100, colours.seal, words["seal"], last.year)
    return canvas.png()


def _seal(
    canvas: _Canvas, centre: tuple[float, float], radius: float, colour: RGB, word: str, year: int
) -> None:
    """A round seal: double ring, star, the word above and the year below, tilted a little."""
    size = int(radius * 2 + 8)
    seal = _Canvas((size, size), (0, 0, 0), canvas.choice)
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
