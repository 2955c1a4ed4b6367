"""A camp report as plain data, and the group-health rules of SPEC section 1.

The report service reads the figures from the database and builds a ``CampReport``;
the exporters and the terminal UI render it. Everything here is pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "ACTIVE_WINDOW_DAYS",
    "GUIDANCE_PLATFORMS",
    "CampReport",
    "group_guidance",
]

#: A member is "active" when they counted on at least one of this many days up to the
#: as-of day.
ACTIVE_WINDOW_DAYS = 3

#: Platforms that SPEC section 1 gives a group-health rule for, in reference order.
GUIDANCE_PLATFORMS = ("b2b", "wechat", "qq")


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
    #: Approved leave days up to the as-of day (excused, neither counted nor missed),
    #: and who took them: name, days.
    leave_days: int = 0
    on_leave: list[dict] = field(default_factory=list)
    #: Members per outcome (perfect, passed, failed; pending before the camp is over)
    #: when the camp has ``[outcomes]``, else ``None``.
    outcomes: dict | None = None

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
            "leave_days": self.leave_days,
            "on_leave": [dict(e) for e in self.on_leave],
            "outcomes": dict(self.outcomes) if self.outcomes is not None else None,
        }
