"""The camp report: members, retention curve, punctuality, streaks, conversion and the
group-health guidance of SPEC section 1, as of the end of any day."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pendulum

from camp.db import Database
from camp.models import COUNTED_STATUSES
from camp.services.camps import camp_days
from camp.services.standings import standings_as_of

__all__ = [
    "ACTIVE_WINDOW_DAYS",
    "GUIDANCE_PLATFORMS",
    "CampReport",
    "camp_report",
    "group_guidance",
]

#: A member is "active" when they counted on at least one of this many days up to the
#: as-of day.
ACTIVE_WINDOW_DAYS = 3

#: Platforms that SPEC section 1 gives a group-health rule for, in reference order.
GUIDANCE_PLATFORMS = ("b2b", "wechat", "qq")

_TOP = 10


@dataclass(frozen=True)
class _Rule:
    max_members: int
    min_active: float | None  # share of active members below which a group is unhealthy
    active_text: str  # how the rule states the active share, e.g. "5-10%"


# SPEC section 1: a B2B group stays at or under 100 members; a WeChat group near 200
# with about 20% active; a QQ group near 1,000 with 5-10% active. "Near" is read as a
# ceiling: a smaller group is fine, a bigger one should be split.
_RULES: dict[str, _Rule] = {
    "b2b": _Rule(100, None, ""),
    "wechat": _Rule(200, 0.20, "20%"),
    "qq": _Rule(1000, 0.05, "5-10%"),
}

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "rule_size_max": "at most {n} members",
        "rule_size_near": "about {n} members, {share} active",
        "size_ok": "{members} members: within the {n} this group type holds well.",
        "size_big": "{members} members: more than the {n} this group type holds well; "
        "split the group.",
        "active_ok": "{share} active in the last {days} days: at or above {target}.",
        "active_low": "{share} active in the last {days} days: below {target}; "
        "revive the group or clear silent members.",
        "active_unknown": "activity is measured from day 1 on.",
        "join": " ",
    },
    "zh": {
        "rule_size_max": "不超过 {n} 人",
        "rule_size_near": "约 {n} 人，活跃 {share}",
        "size_ok": "{members} 人：在此类群合适的 {n} 人以内。",
        "size_big": "{members} 人：超过此类群合适的 {n} 人，建议拆分群。",
        "active_ok": "近 {days} 天活跃 {share}：达到 {target}。",
        "active_low": "近 {days} 天活跃 {share}：低于 {target}，需要激活群或清理沉默成员。",
        "active_unknown": "活跃度从第 1 天开始统计。",
        "join": "",
    },
}


def _percent(share: float) -> str:
    # Whole percent, halves rounded up like the scoring rules.
    return f"{int(share * 100 + 0.5)}%"


def group_guidance(
    platform: str, members: int, active_share: float | None, language: str = "en"
) -> list[dict]:
    """SPEC section 1's group-health rules applied to a group of ``members`` members.

    One entry per platform with a rule: ``{"platform", "rule", "status", "message",
    "own"}``; the camp's own platform comes first with ``own`` true, the others follow
    for reference. ``active_share`` is ``None`` before day 1 (nothing to measure yet).
    """
    words = _WORDS.get(language, _WORDS["en"])
    order = [p for p in GUIDANCE_PLATFORMS if p == platform]
    order += [p for p in GUIDANCE_PLATFORMS if p != platform]
    guidance = []
    for name in order:
        rule = _RULES[name]
        if rule.min_active is None:
            text = words["rule_size_max"].format(n=rule.max_members)
        else:
            text = words["rule_size_near"].format(n=f"{rule.max_members:,}", share=rule.active_text)
        size_ok = members <= rule.max_members
        key = "size_ok" if size_ok else "size_big"
        parts = [words[key].format(members=f"{members:,}", n=f"{rule.max_members:,}")]
        active_ok = True
        if rule.min_active is not None:
            if active_share is None:
                parts.append(words["active_unknown"])
            else:
                active_ok = active_share >= rule.min_active
                parts.append(
                    words["active_ok" if active_ok else "active_low"].format(
                        share=_percent(active_share),
                        days=ACTIVE_WINDOW_DAYS,
                        target=_percent(rule.min_active),
                    )
                )
        guidance.append(
            {
                "platform": name,
                "rule": text,
                "status": "ok" if size_ok and active_ok else "warn",
                "message": words["join"].join(parts),
                "own": name == platform,
            }
        )
    return guidance


@dataclass(frozen=True)
class CampReport:
    """Figures of a camp as of the end of ``camp["as_of_day"]`` (plain data, JSON-ready).

    Rates are shares 0..1 of the members not removed; ``completion`` is the retention
    curve, one entry per day up to the as-of day.
    """

    camp: dict  # slug, name, language, platform, start, end, days, as_of_day
    members: dict  # total, active, warned, removed
    active_share: float
    guidance: list[dict]  # platform, rule, status ("ok" | "warn"), message, own
    completion: list[dict]  # day, date, rate, counted, members
    on_time_rate: float | None  # None before the first counted check-in
    streak_distribution: dict[int, int]  # best streak length -> members
    makeups_used: int
    warned: list[str]
    removed: list[str]
    conversion: dict | None  # converted, members, rate; None when nobody is marked
    top: list[dict]  # name, rank, points

    @property
    def language(self) -> str:
        return self.camp["language"]

    def to_json(self) -> dict:
        """The report as JSON-ready plain data (streak lengths become string keys)."""
        return {
            "camp": dict(self.camp),
            "members": dict(self.members),
            "active_share": self.active_share,
            "guidance": [dict(g) for g in self.guidance],
            "completion": [dict(c) for c in self.completion],
            "on_time_rate": self.on_time_rate,
            "streak_distribution": {str(k): v for k, v in self.streak_distribution.items()},
            "makeups_used": self.makeups_used,
            "warned": list(self.warned),
            "removed": list(self.removed),
            "conversion": dict(self.conversion) if self.conversion else None,
            "top": [dict(t) for t in self.top],
        }


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def camp_report(
    db: Database, slug: str, *, now: pendulum.DateTime, day: int | None = None
) -> CampReport:
    """The report of camp ``slug`` as of the end of ``day`` (default: the current day).

    Figures about check-ins count the members not removed; the conversion figure counts
    every member who took part, removed or not (they may still have bought).
    """
    board = standings_as_of(db, slug, now=now, day=day)
    camp = board.camp
    as_of = board.as_of_day
    days = camp_days(camp)
    statuses = dict(
        db.execute(
            "SELECT status, COUNT(*) FROM members WHERE camp_id = ? GROUP BY status", [camp.id]
        ).fetchall()
    )
    present = statuses.get("active", 0) + statuses.get("warned", 0)
    counted = tuple(sorted(COUNTED_STATUSES))
    marks = ", ".join("?" * len(counted))
    per_day = dict(
        db.execute(
            f"""
            SELECT c.day, COUNT(DISTINCT c.member_id)
            FROM checkins c JOIN members m ON m.id = c.member_id
            WHERE c.camp_id = ? AND c.day BETWEEN 1 AND ? AND c.status IN ({marks})
                AND m.status != 'removed'
            GROUP BY c.day
            """,
            [camp.id, as_of, *counted],
        ).fetchall()
    )
    recent = db.execute(
        f"""
        SELECT COUNT(DISTINCT c.member_id)
        FROM checkins c JOIN members m ON m.id = c.member_id
        WHERE c.camp_id = ? AND c.day BETWEEN ? AND ? AND c.status IN ({marks})
            AND m.status != 'removed'
        """,
        [camp.id, as_of - ACTIVE_WINDOW_DAYS + 1, as_of, *counted],
    ).fetchone()[0]
    active_share = _share(recent, present)
    completion = [
        {
            "day": d.number,
            "date": d.date.isoformat(),
            "rate": _share(per_day.get(d.number, 0), present),
            "counted": per_day.get(d.number, 0),
            "members": present,
        }
        for d in days[:as_of]
    ]
    entries = board.entries
    on_time = sum(e.on_time for e in entries)
    scored = sum(e.on_time + e.late + e.makeup for e in entries)
    names = {
        status: [
            row[0]
            for row in db.execute(
                "SELECT name FROM members WHERE camp_id = ? AND status = ? ORDER BY id",
                [camp.id, status],
            )
        ]
        for status in ("warned", "removed")
    }
    total = sum(statuses.values())
    converted = db.execute(
        "SELECT COUNT(*) FROM members WHERE camp_id = ? AND converted != 0", [camp.id]
    ).fetchone()[0]
    conversion = (
        {"converted": converted, "members": total, "rate": _share(converted, total)}
        if converted
        else None
    )
    definition = camp.definition
    return CampReport(
        camp={
            "slug": camp.slug,
            "name": camp.name,
            "language": definition.language,
            "platform": definition.platform,
            "start": camp.start.isoformat(),
            "end": days[-1].date.isoformat() if days else camp.start.isoformat(),
            "days": camp.days,
            "as_of_day": as_of,
        },
        members={
            "total": total,
            "active": statuses.get("active", 0),
            "warned": statuses.get("warned", 0),
            "removed": statuses.get("removed", 0),
        },
        active_share=active_share,
        guidance=group_guidance(
            definition.platform,
            present,
            active_share if as_of >= 1 else None,
            definition.language,
        ),
        completion=completion,
        on_time_rate=on_time / scored if scored else None,
        streak_distribution=dict(sorted(Counter(e.best_streak for e in entries).items())),
        makeups_used=sum(e.makeup for e in entries),
        warned=names["warned"],
        removed=names["removed"],
        conversion=conversion,
        top=[{"name": e.name, "rank": e.rank, "points": e.points} for e in entries[:_TOP]],
    )
