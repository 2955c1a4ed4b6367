"""Self-contained HTML pages: the leaderboard (with the camp report below it) and the camp
report alone. One file each, inline CSS and SVG, no scripts and no external resources,
so a page can be uploaded to a group chat, opened offline or printed."""

from __future__ import annotations

import math
from html import escape

from camp.exporters.report_md import overview_rows, percent, platform_name, report_labels
from camp.exporters.text import title_lines
from camp.labels import MEDALS
from camp.leaderboard import Leaderboard
from camp.report import CampReport

__all__ = [
    "FONT_STACK",
    "completion_svg",
    "render_leaderboard_html",
    "render_report_html",
    "streak_svg",
]

#: System fonts only (nothing is downloaded); the CJK families make Chinese names render
#: on macOS, Windows and Linux alike.
FONT_STACK = (
    '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, '
    '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", '
    '"Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif'
)

# "zh" alone leaves the choice between Simplified and Traditional glyphs to the browser.
_HTML_LANG = {"zh": "zh-CN", "en": "en"}

_CSS = f"""
:root {{ --accent: #2563eb; --gold: #d97706; --ink: #1f2933; --muted: #6b7280;
  --line: #e5e7eb; --warn: #b45309; --ok: #15803d; }}
* {{ box-sizing: border-box; }}
body {{ margin: 0; background: #f5f6f8; color: var(--ink); font-family: {FONT_STACK};
  font-size: 15px; line-height: 1.45; }}
main {{ max-width: 960px; margin: 0 auto; padding: 24px 16px 48px; }}
h1 {{ font-size: 1.6em; margin: 0 0 4px; }}
h2 {{ font-size: 1.25em; margin: 32px 0 12px; }}
h3 {{ font-size: 1.05em; margin: 24px 0 8px; }}
.when {{ color: var(--muted); margin: 0 0 16px; }}
.card {{ background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 16px;
  box-shadow: 0 1px 2px rgba(0, 0, 0, .04); margin-bottom: 16px; overflow-x: auto; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left;
  vertical-align: top; }}
th {{ font-size: .85em; color: var(--muted); font-weight: 600; white-space: nowrap; }}
td.num, th.num {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
td.rank {{ white-space: nowrap; font-variant-numeric: tabular-nums; }}
td.points {{ font-weight: 700; }}
.members {{ color: var(--muted); font-size: .85em; }}
tr.mvp td {{ background: #fff7e6; }}
tr.mvp td:first-child {{ box-shadow: inset 4px 0 0 var(--gold); }}
tr.mvp td.name {{ font-weight: 700; }}
.badge {{ display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: .85em;
  white-space: nowrap; border: 1px solid currentColor; }}
.badge.ok {{ color: var(--ok); }}
.badge.warn {{ color: var(--warn); }}
tr.own td {{ font-weight: 600; }}
.figures {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr));
  gap: 12px; }}
.figure {{ border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }}
.figure .value {{ font-size: 1.3em; font-weight: 700; }}
.figure .label {{ color: var(--muted); font-size: .85em; }}
.more, .mvp-line, .empty {{ margin: 10px 0 0; }}
.mvp-line {{ font-weight: 700; }}
svg.chart {{ width: 100%; height: auto; display: block; }}
svg text {{ font-family: {FONT_STACK}; font-size: 11px; fill: var(--muted); }}
svg .grid {{ stroke: var(--line); stroke-width: 1; }}
svg .axis {{ stroke: #9ca3af; stroke-width: 1; }}
svg .area {{ fill: var(--accent); fill-opacity: .15; stroke: none; }}
svg .line {{ fill: none; stroke: var(--accent); stroke-width: 2.5; stroke-linejoin: round; }}
svg .point {{ fill: #fff; stroke: var(--accent); stroke-width: 2; }}
svg .bar {{ fill: var(--accent); fill-opacity: .8; }}
svg text.value {{ fill: var(--ink); font-weight: 600; }}
ul.names {{ margin: 4px 0 0; padding-left: 20px; }}
@media print {{
  @page {{ margin: 12mm; }}
  body {{ background: none; font-size: 11pt; }}
  main {{ max-width: none; padding: 0; }}
  .card {{ background: none; border: none; box-shadow: none; padding: 0; overflow: visible; }}
  tr.mvp td {{ background: none; }}
  tr.mvp td:first-child {{ box-shadow: none; border-left: 3px solid #000; }}
  thead {{ display: table-header-group; }}
  tr, .figure, svg.chart, .chart-box {{ break-inside: avoid; page-break-inside: avoid; }}
  h2, h3 {{ break-after: avoid; page-break-after: avoid; }}
}}
"""


def _page(language: str, title: str, body: list[str]) -> str:
    lang = _HTML_LANG.get(language, language or "en")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{escape(lang)}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            "<main>",
            *body,
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _rank_text(rank: int) -> str:
    medal = MEDALS.get(rank)
    return f"{medal} {rank}" if medal else str(rank)


def _leaderboard_rows(board: Leaderboard) -> list[str]:
    champions = {e.name for e in board.mvp}
    rows = []
    for e in board.entries:
        mvp = e.name in champions
        name = escape(e.name) + (' <span class="crown" title="MVP">👑</span>' if mvp else "")
        # A team (or a pair with a name of its own) lists who is in it.
        if board.by != "member" and e.name != " & ".join(e.members):
            name += f'<div class="members">{escape(" · ".join(e.members))}</div>'
        row_class = ' class="mvp"' if mvp else ""
        rows.append(
            f"<tr{row_class}>"
            f'<td class="rank">{_rank_text(e.rank)}</td>'
            f'<td class="name">{name}</td>'
            f'<td class="num points">{e.points}</td>'
            f'<td class="num">{e.on_time}</td>'
            f'<td class="num">{e.late}</td>'
            f'<td class="num">{e.makeup}</td>'
            f'<td class="num">{e.streak}</td>'
            f'<td class="num">{e.best_streak}</td>'
            "</tr>"
        )
    return rows


def _leaderboard_section(board: Leaderboard, words: dict) -> list[str]:
    if not board.entries:
        return [
            '<section class="card leaderboard">',
            f'<p class="empty">{escape(words["empty"])}</p>',
            "</section>",
        ]
    headers = [
        ("rank", words["rank"]),
        ("name", words[board.by]),
        ("num", words["points"]),
        ("num", words["on_time"]),
        ("num", words["late"]),
        ("num", words["makeup"]),
        ("num", words["streak"]),
        ("num", words["best_streak"]),
    ]
    head = "".join(f'<th class="{cls}">{escape(text)}</th>' for cls, text in headers)
    parts = [
        '<section class="card leaderboard">',
        "<table>",
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
        *_leaderboard_rows(board),
        "</tbody>",
        "</table>",
    ]
    hidden = board.total_entries - len(board.entries)
    if hidden > 0:
        parts.append(f'<p class="more">{escape(words["more"].format(n=hidden))}</p>')
    champions = board.mvp
    if champions:
        separator = "、" if board.camp.definition.language == "zh" else ", "
        names = escape(separator.join(e.name for e in champions))
        parts.append(f'<p class="mvp-line">👑 {escape(words["mvp"])}: {names}</p>')
    parts.append("</section>")
    return parts


def render_leaderboard_html(board: Leaderboard, report: CampReport | None = None) -> str:
    """The leaderboard as one self-contained HTML page, the camp report below it when given.

    Medals for the first three ranks, the MVP rows highlighted, every name escaped.
    """
    words = report_labels(board.camp.definition.language)
    title, when = title_lines(board)
    body = [
        "<header>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="when">{escape(when)}</p>',
        "</header>",
        *_leaderboard_section(board, words),
    ]
    if report is not None:
        body += _report_sections(report, words, with_top=False)
    return _page(board.camp.definition.language, title, body)


def render_report_html(report: CampReport) -> str:
    """The camp report as one self-contained HTML page (figures, charts, top 10)."""
    words = report_labels(report.language)
    title = f"📊 {report.camp['name']} · {words['report']}"
    body = [
        "<header>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="when">{escape(_when(report, words))}</p>',
        "</header>",
        *_report_sections(report, words, with_top=True, heading=False),
    ]
    return _page(report.language, title, body)


def _when(report: CampReport, words: dict) -> str:
    camp = report.camp
    day = (
        words["day"].format(day=camp["as_of_day"], days=camp["days"])
        if camp["as_of_day"] >= 1
        else words["before_start"]
    )
    return f"{day} · {words['dates'].format(start=camp['start'], end=camp['end'])}"


def _report_sections(
    report: CampReport, words: dict, *, with_top: bool, heading: bool = True
) -> list[str]:
    parts = []
    if heading:
        parts += [
            f"<h2>📊 {escape(words['report'])}</h2>",
            f'<p class="when">{escape(_when(report, words))}</p>',
        ]
    figures = "".join(
        f'<div class="figure"><div class="value">{escape(value)}</div>'
        f'<div class="label">{escape(label)}</div></div>'
        for label, value in overview_rows(report, words)
    )
    parts += [
        '<section class="card overview">',
        f"<h3>{escape(words['overview'])}</h3>",
        f'<div class="figures">{figures}</div>',
        "</section>",
    ]
    parts += _guidance_section(report, words)
    parts += ['<section class="card completion">', f"<h3>{escape(words['completion'])}</h3>"]
    if report.completion:
        parts.append(f'<div class="chart-box">{completion_svg(report, words)}</div>')
    else:
        parts.append(f'<p class="empty">{escape(words["no_days"])}</p>')
    parts.append("</section>")
    parts += [
        '<section class="card streaks">',
        f"<h3>{escape(words['streaks'])}</h3>",
        f'<div class="chart-box">{streak_svg(report, words)}</div>',
        "</section>",
    ]
    if with_top:
        parts += _top_section(report, words)
    parts += _names_section(report, words)
    return parts


def _guidance_section(report: CampReport, words: dict) -> list[str]:
    rows = []
    for g in report.guidance:
        name = escape(platform_name(g["platform"], words))
        if g["own"]:
            name = f'{name} <span class="members">({escape(words["own"])})</span>'
        row_class = ' class="own"' if g["own"] else ""
        rows.append(
            f"<tr{row_class}>"
            f"<td>{name}</td><td>{escape(g['rule'])}</td>"
            f'<td><span class="badge {escape(g["status"])}">{escape(words[g["status"]])}</span></td>'
            f"<td>{escape(g['message'])}</td></tr>"
        )
    head = "".join(
        f"<th>{escape(words[key])}</th>" for key in ("platform", "rule", "status", "note")
    )
    return [
        '<section class="card health">',
        f"<h3>{escape(words['health'])}</h3>",
        "<table>",
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
        "</section>",
    ]


def _top_section(report: CampReport, words: dict) -> list[str]:
    parts = [
        '<section class="card top">',
        f"<h3>🏆 {escape(words['top'].format(n=len(report.top)))}</h3>",
    ]
    if not report.top:
        return [*parts, f'<p class="empty">{escape(words["empty"])}</p>', "</section>"]
    rows = [
        f'<tr><td class="rank">{_rank_text(t["rank"])}</td>'
        f'<td class="name">{escape(t["name"])}</td><td class="num points">{t["points"]}</td></tr>'
        for t in report.top
    ]
    head = (
        f'<th class="rank">{escape(words["rank"])}</th><th>{escape(words["name"])}</th>'
        f'<th class="num">{escape(words["points"])}</th>'
    )
    return [
        *parts,
        "<table>",
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
        "</section>",
    ]


def _names_section(report: CampReport, words: dict) -> list[str]:
    parts = ['<section class="card names">']
    for key, names in (("warned", report.warned), ("removed", report.removed)):
        parts.append(f"<h3>{escape(words[key])} ({len(names)})</h3>")
        if names:
            items = "".join(f"<li>{escape(name)}</li>" for name in names)
            parts.append(f'<ul class="names">{items}</ul>')
        else:
            parts.append(f"<p>{escape(words['none'])}</p>")
    parts.append("</section>")
    return parts


# Chart geometry in SVG user units; the SVG scales to the page width through its viewBox.
_WIDTH, _HEIGHT = 640, 260
_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 16, 20, 40
_MAX_LABELS = 15  # day labels under the axis before they are thinned out


def _fmt(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _label_step(count: int) -> int:
    return max(1, math.ceil(count / _MAX_LABELS))


def completion_svg(report: CampReport, words: dict) -> str:
    """The completion rate per day as an SVG line and area chart (0-100% axis, day labels)."""
    days = report.completion
    plot_w = _WIDTH - _LEFT - _RIGHT
    plot_h = _HEIGHT - _TOP - _BOTTOM
    base = _TOP + plot_h

    # The first and last points sit inside the plot, clear of the axis labels.
    inset = 24

    def x(index: int) -> float:
        if len(days) == 1:
            return _LEFT + plot_w / 2
        return _LEFT + inset + (plot_w - 2 * inset) * index / (len(days) - 1)

    def y(rate: float) -> float:
        return _TOP + plot_h * (1 - min(max(rate, 0.0), 1.0))

    title = escape(words["completion"])
    parts = [
        f'<svg class="chart completion-chart" viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" aria-label="{title}">',
        f"<title>{title}</title>",
    ]
    for tick in (0, 25, 50, 75, 100):
        ty = _fmt(y(tick / 100))
        parts.append(
            f'<line class="grid" x1="{_LEFT}" y1="{ty}" x2="{_WIDTH - _RIGHT}" y2="{ty}"/>'
        )
        parts.append(
            f'<text class="y-label" x="{_LEFT - 6}" y="{ty}" text-anchor="end" '
            f'dominant-baseline="middle">{tick}%</text>'
        )
    parts.append(
        f'<line class="axis" x1="{_LEFT}" y1="{base}" x2="{_WIDTH - _RIGHT}" y2="{base}"/>'
    )
    parts.append(f'<line class="axis" x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{base}"/>')
    points = [(x(i), y(d["rate"])) for i, d in enumerate(days)]
    line = " ".join(f"{_fmt(px)},{_fmt(py)}" for px, py in points)
    first_x, last_x = _fmt(points[0][0]), _fmt(points[-1][0])
    parts.append(f'<polygon class="area" points="{first_x},{base} {line} {last_x},{base}"/>')
    parts.append(f'<polyline class="line" points="{line}"/>')
    step = _label_step(len(days))
    show_values = len(days) <= _MAX_LABELS
    for i, (d, (px, py)) in enumerate(zip(days, points, strict=True)):
        day_label = escape(words["day_short"].format(day=d["day"]))
        tip = escape(
            f"{day_label} {d['date']}: {percent(d['rate'])} ({d['counted']}/{d['members']})"
        )
        parts.append(
            f'<circle class="point" cx="{_fmt(px)}" cy="{_fmt(py)}" r="3.5">'
            f"<title>{tip}</title></circle>"
        )
        if show_values:
            parts.append(
                f'<text class="value" x="{_fmt(px)}" y="{_fmt(py - 9)}" '
                f'text-anchor="middle">{percent(d["rate"])}</text>'
            )
        if i % step == 0 or i == len(days) - 1:
            parts.append(
                f'<text class="x-label" x="{_fmt(px)}" y="{base + 18}" '
                f'text-anchor="middle">{day_label}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def streak_svg(report: CampReport, words: dict) -> str:
    """Members per best-streak length as an SVG bar chart (every length from 0 to the longest)."""
    distribution = report.streak_distribution
    longest = max(distribution, default=0)
    lengths = list(range(longest + 1))
    counts = [distribution.get(n, 0) for n in lengths]
    top = max(counts, default=0) or 1
    plot_w = _WIDTH - _LEFT - _RIGHT
    plot_h = _HEIGHT - _TOP - _BOTTOM
    base = _TOP + plot_h
    slot = plot_w / len(lengths)
    bar_w = max(min(slot * 0.7, 48), 2)
    title = escape(words["streaks"])
    parts = [
        f'<svg class="chart streak-chart" viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" aria-label="{title}">',
        f"<title>{title}</title>",
        f'<line class="axis" x1="{_LEFT}" y1="{base}" x2="{_WIDTH - _RIGHT}" y2="{base}"/>',
    ]
    step = _label_step(len(lengths))
    for i, (length, count) in enumerate(zip(lengths, counts, strict=True)):
        cx = _LEFT + slot * (i + 0.5)
        height = plot_h * count / top
        tip = escape(f"{words['streak_days']}: {length} · {words['members']}: {count}")
        parts.append(
            f'<rect class="bar" x="{_fmt(cx - bar_w / 2)}" y="{_fmt(base - height)}" '
            f'width="{_fmt(bar_w)}" height="{_fmt(height)}"><title>{tip}</title></rect>'
        )
        if count:
            parts.append(
                f'<text class="value" x="{_fmt(cx)}" y="{_fmt(base - height - 5)}" '
                f'text-anchor="middle">{count}</text>'
            )
        if i % step == 0 or i == len(lengths) - 1:
            parts.append(
                f'<text class="x-label" x="{_fmt(cx)}" y="{base + 16}" '
                f'text-anchor="middle">{length}</text>'
            )
    axis_title = escape(words["streak_days"])
    parts.append(
        f'<text class="axis-title" x="{_LEFT + plot_w / 2:.0f}" y="{_HEIGHT - 4}" '
        f'text-anchor="middle">{axis_title}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
