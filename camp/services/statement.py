"""A member's itemised statement (``camp statement CAMP MEMBER``, SPEC section 11).

Day by day: every check-in with its window, status, factor and points, the streak
bonus, the pair's bonus, the adjustments with their reasons and the running total. The
total is the member's points on the leaderboard as of the same day, to the point: the
same stored check-in points, the same streak rule (:func:`camp.scoring.daily_streaks`)
and the same adjustments. A pair's bonus is the pair's, not the member's: it is shown
beside the member's total, never in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pendulum

from camp.calendar import camp_days, progress
from camp.clock import from_utc_text
from camp.db import Database
from camp.errors import CampError
from camp.models import COUNTED_STATUSES, Camp, Scoring
from camp.ramp import exact_decimal
from camp.scoring import daily_streaks
from camp.services.camps import get_camp
from camp.services.members import find_member
from camp.services.totals import leave_masks

__all__ = [
    "DayLine",
    "Statement",
    "StatementCheckin",
    "member_statement",
    "render_statement_text",
]


def _factor(scoring: Scoring, status: str) -> Decimal:
    if status == "on_time":
        return Decimal(1)
    if status == "late":
        return exact_decimal(scoring.late_factor)
    if status == "makeup":
        return exact_decimal(scoring.makeup_factor)
    return Decimal(0)


@dataclass(frozen=True)
class StatementCheckin:
    """One recorded check-in of the day (counted or not)."""

    id: int
    at: pendulum.DateTime
    window: str | None
    status: str
    factor: Decimal
    points: int
    score: float | None

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "window": self.window,
            "status": self.status,
            "counted": self.status in COUNTED_STATUSES,
            "factor": str(self.factor),
            "points": self.points,
            "score": self.score,
        }


@dataclass(frozen=True)
class DayLine:
    """One day of the statement. ``status``: ``counted``, ``excused`` (leave),
    ``missed``, ``pending`` (still open) or ``upcoming``; ``points`` is what the day
    adds to the member's total, ``total`` the running total after it."""

    day: int
    date: str
    status: str
    checkins: tuple[StatementCheckin, ...]
    streak: int
    streak_bonus: int
    pair_bonus: int
    adjustments: tuple[tuple[int, str], ...]
    points: int
    total: int

    def to_json(self) -> dict:
        return {
            "day": self.day,
            "date": self.date,
            "status": self.status,
            "checkins": [c.to_json() for c in self.checkins],
            "streak": self.streak,
            "streak_bonus": self.streak_bonus,
            "pair_bonus": self.pair_bonus,
            "adjustments": [{"points": p, "reason": r} for p, r in self.adjustments],
            "points": self.points,
            "total": self.total,
        }


@dataclass(frozen=True)
class Statement:
    """A member's statement as of the end of ``as_of_day``."""

    camp: str
    member: str
    pair: str | None
    as_of_day: int
    days: tuple[DayLine, ...]
    checkin_points: int
    streak_bonus: int
    adjustments: int
    pair_bonus: int
    unplaced: tuple[StatementCheckin, ...] = field(default=())
    #: The camp's language (``camp.language``): the words of the text statement.
    language: str = "en"

    @property
    def points(self) -> int:
        """The member's total: what the leaderboard shows."""
        return self.checkin_points + self.streak_bonus + self.adjustments

    def to_json(self) -> dict:
        """The JSON of ``camp statement --json``."""
        return {
            "camp": self.camp,
            "member": self.member,
            "pair": self.pair,
            "as_of_day": self.as_of_day,
            "points": self.points,
            "checkin_points": self.checkin_points,
            "streak_bonus": self.streak_bonus,
            "adjustments": self.adjustments,
            "pair_bonus": self.pair_bonus,
            "days": [d.to_json() for d in self.days],
            "outside": [c.to_json() for c in self.unplaced],
        }


def _counted_mask(db: Database, member_ids: list[int], up_to: int) -> dict[int, int]:
    marks = ",".join("?" * len(member_ids))
    masks: dict[int, int] = dict.fromkeys(member_ids, 0)
    for member_id, day in db.execute(
        f"SELECT DISTINCT member_id, day FROM checkins WHERE member_id IN ({marks}) "
        "AND status IN ('on_time', 'late', 'makeup') AND day BETWEEN 1 AND ?",
        [*member_ids, up_to],
    ):
        masks[member_id] |= 1 << (day - 1)
    return masks


def _partners(db: Database, camp: Camp, member_id: int) -> tuple[str | None, list[int]]:
    """The member's pair and its other members, when the pair board ranks it (a pair
    holding a removed member is not ranked: no pair bonus)."""
    row = db.execute(
        "SELECT p.id, p.name FROM members m JOIN pairs p ON p.id = m.pair_id WHERE m.id = ?",
        [member_id],
    ).fetchone()
    if row is None or camp.definition.group != "pair":
        return None, []
    members = db.execute("SELECT id, status FROM members WHERE pair_id = ?", [row[0]]).fetchall()
    if any(status == "removed" for _, status in members):
        return row[1], []
    return row[1], [i for i, _ in members if i != member_id]


def member_statement(
    db: Database, slug: str, member_name: str, *, now: pendulum.DateTime, day: int | None = None
) -> Statement:
    """The itemised statement of ``member_name`` as of the end of ``day`` (default:
    today), which sums to the member's points on that day's leaderboard."""
    camp = get_camp(db, slug)
    days = camp_days(camp)
    state = progress(days, now)
    if day is None:
        as_of, still_open = max(state.day, 0), state.still_open
    elif not 1 <= day <= camp.days:
        raise CampError(f"--day {day} is outside the camp's days 1..{camp.days}.")
    else:
        as_of, still_open = day, day == state.day and state.still_open
    member = find_member(db, camp, member_name)
    scoring = camp.definition.scoring
    zone = camp.timezone
    by_day: dict[int, list[StatementCheckin]] = {}
    unplaced: list[StatementCheckin] = []
    for cid, at, day_number, window, status, points, score in db.execute(
        "SELECT id, at, day, window_name, status, points, score FROM checkins "
        "WHERE member_id = ? AND (day IS NULL OR day <= ?) ORDER BY at, id",
        [member.id, as_of],
    ):
        line = StatementCheckin(
            cid,
            from_utc_text(at).in_tz(zone),
            window,
            status,
            _factor(scoring, status),
            points if status in COUNTED_STATUSES else 0,
            score,
        )
        if day_number is None:
            unplaced.append(line)
        else:
            by_day.setdefault(day_number, []).append(line)
    adjustments: dict[int, list[tuple[int, str]]] = {}
    for points, reason, adjusted_day in db.execute(
        "SELECT points, reason, day FROM adjustments WHERE member_id = ? AND day <= ? "
        "ORDER BY day, id",
        [member.id, as_of],
    ):
        adjustments.setdefault(adjusted_day, []).append((points, reason))
    pair, partners = _partners(db, camp, member.id)
    masks = _counted_mask(db, [member.id, *partners], as_of)
    mask = masks[member.id]
    both = mask
    for partner in partners:
        both &= masks[partner]
    leave = leave_masks(
        db, "camp_id = ? AND member_id = ? AND day <= ?", [camp.id, member.id, as_of]
    )
    excused = leave.get(member.id, 0) & ~mask
    streaks = daily_streaks(scoring, mask, as_of, leave.get(member.id, 0))
    lines: list[DayLine] = []
    total = checkin_total = bonus_total = adjusted_total = pair_total = 0
    for d in days[:as_of]:
        bit = 1 << (d.number - 1)
        checkins = tuple(by_day.get(d.number, ()))
        earned = sum(c.points for c in checkins)
        streak, bonus = streaks.get(d.number, (0, 0))
        adjusted = tuple(adjustments.get(d.number, ()))
        pair_bonus = scoring.pair_bonus if partners and both & bit else 0
        if mask & bit:
            status = "counted"
        elif excused & bit:
            status = "excused"
        elif d.number == as_of and still_open:
            status = "pending"
        else:
            status = "missed"
        day_points = earned + bonus + sum(p for p, _ in adjusted)
        total += day_points
        checkin_total += earned
        bonus_total += bonus
        adjusted_total += sum(p for p, _ in adjusted)
        pair_total += pair_bonus
        lines.append(
            DayLine(
                d.number,
                d.date.isoformat(),
                status,
                checkins,
                streak,
                bonus,
                pair_bonus,
                adjusted,
                day_points,
                total,
            )
        )
    return Statement(
        camp.slug,
        member.name,
        pair,
        as_of,
        tuple(lines),
        checkin_total,
        bonus_total,
        adjusted_total,
        pair_total,
        tuple(unplaced),
        camp.definition.language,
    )


def _signed(points: int) -> str:
    return f"+{points}" if points >= 0 else str(points)


#: The words of a text statement, by language (as the camp's announcements use).
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "head": "{member}{pair} · {camp} · as of day {day}",
        "pair": " (pair {pair})",
        "day": "Day {day} {date}  {status}",
        "streak": "streak {streak}",
        "adjustment": "adjustment ({reason})",
        "pair_bonus": "pair bonus {points} (to the pair's total)",
        "sum": "= {points}, total {total}",
        "score": " score {score}",
        "outside": "Outside every window: {n} check-in(s), 0 points",
        "total": "Total {points} = check-ins {checkins} + streak bonuses {bonus} + "
        "adjustments {adjusted}",
        "to_pair": "; pair bonuses {points} go to the pair",
    },
    "zh": {
        "head": "{member}{pair} · {camp} · 截至第 {day} 天",
        "pair": "（CP：{pair}）",
        "day": "第 {day} 天 {date}  {status}",
        "streak": "连续 {streak} 天",
        "adjustment": "加减分（{reason}）",
        "pair_bonus": "CP 加分 {points}（计入 CP 总分）",
        "sum": "= {points}，累计 {total}",
        "score": " 评分 {score}",
        "outside": "不在任何打卡时段：{n} 次打卡，0 分",
        "total": "合计 {points} = 打卡 {checkins} + 连续奖励 {bonus} + 加减分 {adjusted}",
        "to_pair": "；CP 加分 {points} 计入 CP",
    },
}
_STATUS_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "counted": "已打卡",
        "missed": "缺卡",
        "excused": "请假",
        "pending": "进行中",
        "on_time": "准时",
        "late": "迟到",
        "makeup": "补卡",
        "duplicate": "重复",
        "outside": "时段外",
    },
}


def render_statement_text(statement: Statement) -> str:
    """The statement as plain text, a day a block, in the camp's language; the last line
    is the total."""
    words = _WORDS.get(statement.language, _WORDS["en"])
    status_word = _STATUS_WORDS.get(statement.language, {})

    def said(status: str) -> str:
        return status_word.get(status, status)

    pair = words["pair"].format(pair=statement.pair) if statement.pair else ""
    out = [
        words["head"].format(
            member=statement.member, pair=pair, camp=statement.camp, day=statement.as_of_day
        )
    ]
    for line in statement.days:
        out.append(words["day"].format(day=line.day, date=line.date, status=said(line.status)))
        for c in line.checkins:
            window = f" {c.window}" if c.window else ""
            score = words["score"].format(score=f"{c.score:g}") if c.score is not None else ""
            out.append(
                f"    {c.at:%H:%M}{window}  {said(c.status)} ×{c.factor}{score}  "
                f"{_signed(c.points)}"
            )
        if line.streak_bonus:
            out.append(
                f"    {words['streak'].format(streak=line.streak)}  {_signed(line.streak_bonus)}"
            )
        for points, reason in line.adjustments:
            out.append(f"    {words['adjustment'].format(reason=reason)}  {_signed(points)}")
        if line.pair_bonus:
            out.append("    " + words["pair_bonus"].format(points=_signed(line.pair_bonus)))
        out.append("    " + words["sum"].format(points=_signed(line.points), total=line.total))
    if statement.unplaced:
        out.append(words["outside"].format(n=len(statement.unplaced)))
    total = words["total"].format(
        points=statement.points,
        checkins=statement.checkin_points,
        bonus=statement.streak_bonus,
        adjusted=statement.adjustments,
    )
    if statement.pair_bonus:
        total += words["to_pair"].format(points=statement.pair_bonus)
    out.append(total)
    return "\n".join(out) + "\n"
