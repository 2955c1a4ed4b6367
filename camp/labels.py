"""Words of leaderboards in the camp's language, shared by the exporters and the
announcements (plain tables, no imports)."""

from __future__ import annotations

from typing import Any

__all__ = ["LABELS", "MEDALS", "board_when", "labels_for", "plural"]

# Each language maps a word to its text; "by" maps a leaderboard kind to its name.
LABELS: dict[str, dict[str, Any]] = {
    "en": {
        "leaderboard": "Leaderboard",
        "day": "Day {day}/{days}",
        "days": "Days {first}-{last} of {days}",
        "before_start": "Before day 1",
        "rank": "Rank",
        "name": "Name",
        "member": "Member",
        "pair": "Pair",
        "team": "Team",
        "points": "Points",
        "pts": "pts",
        "on_time": "On time",
        "late": "Late",
        "makeup": "Makeup",
        "streak": "Streak",
        "best_streak": "Best",
        "mvp": "MVP",
        "empty": "No entries yet.",
        "more": "… and {n} more",
        "by": {"member": "members", "pair": "pairs", "team": "teams"},
    },
    "zh": {
        "leaderboard": "排行榜",
        "day": "第 {day}/{days} 天",
        "days": "第 {first}–{last} 天（共 {days} 天）",
        "before_start": "尚未开营",
        "rank": "名次",
        "name": "名字",
        "member": "成员",
        "pair": "CP",
        "team": "小组",
        "points": "积分",
        "pts": "分",
        "on_time": "准时",
        "late": "迟到",
        "makeup": "补卡",
        "streak": "连续",
        "best_streak": "最长",
        "mvp": "MVP",
        "empty": "暂无上榜。",
        "more": "…… 另有 {n} 位",
        "by": {"member": "个人", "pair": "CP", "team": "小组"},
    },
}

MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}


def board_when(words: dict, as_of_day: int, days: int, first_day: int = 1, period: bool = False) -> str:
    """Which days a board ranks, in ``words``' language: ``Day 4/7``, or for a period
    board (``--week``, ``--from-day``) ``Days 8–14 of 30``."""
    if as_of_day < 1:
        return words["before_start"]
    if period:
        return words["days"].format(first=first_day, last=as_of_day, days=days)
    return words["day"].format(day=as_of_day, days=days)


def labels_for(language: str) -> dict:
    """The labels of ``language`` (English when unknown)."""
    return LABELS.get(language, LABELS["en"])


def plural(count: int, noun: str) -> str:
    """``1 message``, ``2 messages``: English count and noun for reports."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"
