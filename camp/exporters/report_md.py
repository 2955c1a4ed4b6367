"""The camp report as Markdown: figures, group-health guidance, the completion curve as
a text bar chart, streaks and the top of the leaderboard."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from camp.exporters.markdown import md_text
from camp.labels import MEDALS, labels_for
from camp.report import ACTIVE_WINDOW_DAYS, CampReport
from camp.textwidth import display_width, pad

__all__ = [
    "BAR_WIDTH",
    "REPORT_LABELS",
    "bar",
    "completion_chart",
    "overview_rows",
    "percent",
    "platform_name",
    "render_report_markdown",
    "report_labels",
]

#: Blocks of a full (100%) bar in the text chart.
BAR_WIDTH = 20

REPORT_LABELS: dict[str, dict] = {
    "en": {
        "report": "Camp report",
        "overview": "Overview",
        "figure": "Figure",
        "value": "Value",
        "members": "Members",
        "members_value": "{total} ({active} active · {warned} warned · {removed} removed)",
        "active_share": "Active in the last {days} days",
        "on_time_rate": "On-time rate",
        "makeups_used": "Makeups used",
        "leave_days": "Leave days (excused)",
        "outcomes": "Outcomes",
        "outcomes_value": "{perfect} perfect · {passed} passed · {failed} failed",
        "outcomes_pending": " · {pending} still open",
        "conversion": "Conversion",
        "conversion_value": "{converted}/{members} ({rate})",
        "dates": "{start} – {end}",
        "health": "Group health",
        "platform": "Platform",
        "rule": "Rule",
        "status": "Status",
        "note": "Note",
        "own": "this camp",
        "ok": "✅ OK",
        "warn": "⚠️ Check",
        "completion": "Daily completion",
        "day_short": "D{day}",
        "day_col": "Day",
        "date": "Date",
        "counted": "Checked in",
        "rate": "Rate",
        "streaks": "Best streaks",
        "streak_days": "Best streak (days)",
        "top": "Top {n}",
        "warned": "Warned",
        "removed": "Removed",
        "none": "none",
        "colon": ": ",
        "no_days": "No day has started yet.",
        "platforms": {"b2b": "B2B", "wechat": "WeChat", "qq": "QQ"},
    },
    "zh": {
        "report": "营期报告",
        "overview": "概况",
        "figure": "指标",
        "value": "数值",
        "members": "成员",
        "members_value": "{total}（活跃 {active} · 警告 {warned} · 移除 {removed}）",
        "active_share": "近 {days} 天活跃",
        "on_time_rate": "准时率",
        "makeups_used": "已用补卡",
        "leave_days": "请假天数（不计缺卡）",
        "outcomes": "结营结果",
        "outcomes_value": "全勤 {perfect} · 合格 {passed} · 未合格 {failed}",
        "outcomes_pending": " · 待定 {pending}",
        "conversion": "转化",
        "conversion_value": "{converted}/{members}（{rate}）",
        "dates": "{start} 至 {end}",
        "health": "群健康",
        "platform": "平台",
        "rule": "规则",
        "status": "状态",
        "note": "说明",
        "own": "本营",
        "ok": "✅ 良好",
        "warn": "⚠️ 注意",
        "completion": "每日完成率",
        "day_short": "第{day}天",
        "day_col": "天",
        "date": "日期",
        "counted": "打卡人数",
        "rate": "完成率",
        "streaks": "最长连续打卡",
        "streak_days": "最长连续（天）",
        "top": "前 {n} 名",
        "warned": "已警告",
        "removed": "已移除",
        "none": "无",
        "colon": "：",
        "no_days": "尚未开营。",
        "platforms": {"b2b": "B2B", "wechat": "微信", "qq": "QQ"},
    },
}


def report_labels(language: str) -> dict:
    """The report's words and the leaderboard's words of ``language`` (English when unknown)."""
    return {**labels_for(language), **REPORT_LABELS.get(language, REPORT_LABELS["en"])}


def percent(share: float | None) -> str:
    """A share 0..1 as a whole percent (halves rounded up); an em dash for no figure."""
    if share is None:
        return "—"
    return f"{int(share * 100 + 0.5)}%"


def bar(share: float, width: int = BAR_WIDTH) -> str:
    """A text bar: ``█`` for the share of ``width``, ``░`` for the rest."""
    filled = min(max(int(share * width + 0.5), 0), width)
    return "█" * filled + "░" * (width - filled)


def platform_name(platform: str, words: dict) -> str:
    """How the report names a chat platform."""
    return words["platforms"].get(platform, platform)


def _cell(text: object) -> str:
    """A cell of a table: text the report wrote, with values from the data escaped
    already (:func:`camp.exporters.markdown.md_text`), on one line."""
    return str(text).replace("\n", " ")


def _names(names: Sequence[str], separator: str, words: dict) -> str:
    return separator.join(md_text(name) for name in names) or words["none"]


def _table(
    header: Sequence[str], align: Sequence[str], rows: Iterable[Sequence[object]]
) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _when(report: CampReport, words: dict) -> str:
    camp = report.camp
    if camp["as_of_day"] >= 1:
        return words["day"].format(day=camp["as_of_day"], days=camp["days"])
    return words["before_start"]


def overview_rows(report: CampReport, words: dict) -> list[tuple[str, str]]:
    """(figure, value) pairs of the report's overview, shared by the Markdown and HTML pages."""
    rows = [
        (words["members"], words["members_value"].format(**report.members)),
        (words["active_share"].format(days=ACTIVE_WINDOW_DAYS), percent(report.active_share)),
        (words["on_time_rate"], percent(report.on_time_rate)),
        (words["makeups_used"], str(report.makeups_used)),
    ]
    if report.leave_days:
        rows.append((words["leave_days"], str(report.leave_days)))
    if report.outcomes is not None:
        value = words["outcomes_value"].format(**report.outcomes)
        if report.outcomes["pending"]:
            value += words["outcomes_pending"].format(**report.outcomes)
        rows.append((words["outcomes"], value))
    if report.conversion is not None:
        conversion = report.conversion
        rows.append(
            (
                words["conversion"],
                words["conversion_value"].format(
                    converted=conversion["converted"],
                    members=conversion["members"],
                    rate=percent(conversion["rate"]),
                ),
            )
        )
    return rows


def completion_chart(report: CampReport, words: dict) -> list[str]:
    """One text bar per day: label, bar, percent, counted/members."""
    labels = [words["day_short"].format(day=c["day"]) for c in report.completion]
    width = max((display_width(label) for label in labels), default=0)
    lines = []
    for label, c in zip(labels, report.completion, strict=True):
        lines.append(
            f"{pad(label, width)} {bar(c['rate'])} {percent(c['rate']):>4} "
            f"{c['counted']}/{c['members']}"
        )
    return lines


def render_report_markdown(report: CampReport) -> str:
    """The camp report as Markdown in the camp's language."""
    words = report_labels(report.language)
    camp = report.camp
    lines = [
        f"## 📊 {md_text(camp['name'])} · {words['report']}",
        "",
        f"*{_when(report, words)} · {words['dates'].format(start=camp['start'], end=camp['end'])}*",
        "",
        f"### {words['overview']}",
        "",
        *_table([words["figure"], words["value"]], [":---", "---:"], overview_rows(report, words)),
        "",
        f"### {words['health']}",
        "",
    ]
    health_rows = []
    for g in report.guidance:
        name = platform_name(g["platform"], words)
        if g["own"]:
            name = f"**{name}** ({words['own']})"
        health_rows.append([name, g["rule"], words[g["status"]], g["message"]])
    lines += _table(
        [words["platform"], words["rule"], words["status"], words["note"]],
        [":---", ":---", ":---", ":---"],
        health_rows,
    )
    lines += ["", f"### {words['completion']}", ""]
    if report.completion:
        lines += _table(
            [words["day_col"], words["date"], words["counted"], words["rate"]],
            ["---:", ":---", "---:", "---:"],
            [
                [c["day"], c["date"], f"{c['counted']}/{c['members']}", percent(c["rate"])]
                for c in report.completion
            ],
        )
        lines += ["", "```text", *completion_chart(report, words), "```"]
    else:
        lines.append(words["no_days"])
    lines += ["", f"### {words['streaks']}", ""]
    lines += _table(
        [words["streak_days"], words["members"]],
        ["---:", "---:"],
        [[length, count] for length, count in report.streak_distribution.items()],
    )
    lines += ["", f"### 🏆 {words['top'].format(n=len(report.top))}", ""]
    if report.top:
        lines += _table(
            [words["rank"], words["name"], words["points"]],
            ["---:", ":---", "---:"],
            [
                [
                    f"{MEDALS.get(t['rank'], '')} {t['rank']}".strip(),
                    md_text(t["name"]),
                    t["points"],
                ]
                for t in report.top
            ],
        )
    else:
        lines.append(words["empty"])
    separator = "、" if report.language == "zh" else ", "
    lines += [
        "",
        f"**{words['warned']}**{words['colon']}{_names(report.warned, separator, words)}",
        "",
        f"**{words['removed']}**{words['colon']}{_names(report.removed, separator, words)}",
    ]
    return "\n".join(lines) + "\n"
