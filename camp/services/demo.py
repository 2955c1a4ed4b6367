"""A ready-made demo camp, so a newcomer sees the product work with one command."""

from __future__ import annotations

import random

import pendulum

from camp.calendar import camp_days
from camp.db import Database, write_transaction
from camp.services.camps import create_camp, delete_camp
from camp.services.checkins import adjust_points, record_checkin
from camp.services.members import add_members, auto_pair

__all__ = ["DEMO_MEMBERS", "DEMO_SLUG", "build_demo"]

DEMO_SLUG = "demo"
DEMO_MEMBERS = [
    "Alice",
    "Bob",
    "小明",
    "小红",
    "Chen Jing",
    "Daniel",
    "林晓",
    "王芳",
    "Emma",
    "Farid",
    "Grace",
    "张伟",
    "Hiro",
    "Isabel",
    "李娜",
    "Jonas",
    "Kavya",
    "刘洋",
    "Leo",
    "Mei",
]


def build_demo(db: Database, *, now: pendulum.DateTime, reset: bool = False) -> bool:
    """Create the demo camp (a copywriting CP week that started four days ago).

    Returns False, changing nothing, when it already exists and ``reset`` is not set.
    Everything is written in one transaction: a crash leaves no half-built demo.
    """
    exists = db.execute("SELECT 1 FROM camps WHERE slug = ?", [DEMO_SLUG]).fetchone()
    if exists and not reset:
        return False
    rng = random.Random(2026)
    with write_transaction(db):
        if exists:
            delete_camp(db, DEMO_SLUG)
        start = now.in_tz("Asia/Shanghai").subtract(days=4).date()
        camp = create_camp(
            db,
            "copywriting-cp",
            name="Copywriting CP week (demo)",
            start=start,
            now=now,
            slug=DEMO_SLUG,
        )
        add_members(db, DEMO_SLUG, DEMO_MEMBERS, now=now)
        auto_pair(db, DEMO_SLUG, now=now)
        # Each member gets a habit: reliable, a bit late, or fading away.
        habits = {
            name: rng.choice(["steady", "steady", "steady", "late", "fading"])
            for name in DEMO_MEMBERS
        }
        habits["Alice"], habits["Bob"] = "steady", "steady"
        missed_by_makeup = None
        for day in camp_days(camp):
            for slot in day.slots:
                for name in DEMO_MEMBERS:
                    habit = habits[name]
                    roll = rng.random()
                    if habit == "fading" and day.number > 2 and roll < 0.7:
                        continue
                    if roll < 0.08 and name not in ("Alice", "Bob"):
                        if missed_by_makeup is None and day.number < 3:
                            missed_by_makeup = (name, day.number)
                        continue
                    if habit == "late" and roll < 0.5 and slot.late_until is not None:
                        at = slot.due.add(minutes=rng.randint(5, 55))
                    else:
                        at = slot.open.add(minutes=rng.randint(0, 200))
                        if at > slot.due:
                            at = slot.due.subtract(minutes=rng.randint(1, 30))
                    if at > now:
                        continue
                    record_checkin(
                        db, DEMO_SLUG, name, now=now, at=at, text="#打卡 done", source="manual"
                    )
            # The operator's nightly "best copy" top three keeps the board lively.
            if all(slot.closes <= now for slot in day.slots):
                regulars = [n for n in DEMO_MEMBERS if habits[n] != "fading"]
                for points, winner in zip((5, 3, 2), rng.sample(regulars, 3), strict=True):
                    adjust_points(
                        db,
                        DEMO_SLUG,
                        winner,
                        points,
                        reason=f"best copy of night {day.number}",
                        now=now,
                        day=day.number,
                    )
        if missed_by_makeup is not None:
            name, day_number = missed_by_makeup
            record_checkin(
                db, DEMO_SLUG, name, now=now, makeup_day=day_number, text="补卡: was travelling"
            )
    return True
