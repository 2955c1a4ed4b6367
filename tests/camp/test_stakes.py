"""Stakes (SPEC section 11): deposits, fines, refunds and the pool, exact to the cent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camp.calendar import camp_days
from camp.db import open_db
from camp.definition import parse_definition
from camp.definition.serialisation import definition_to_dict
from camp.errors import CampError, DefinitionError
from camp.models import STAKES_POOLS, STAKES_REFUNDS, Stakes
from camp.services.camps import create_camp
from camp.services.checkins import record_checkin
from camp.services.leave import grant_leave
from camp.services.members import add_members
from camp.services.settlement import settlement_of
from camp.stakes import render_settlement_csv, render_settlement_text, settle

DATA = Path(__file__).resolve().parent.parent / "data"
AFTER = pendulum.datetime(2026, 12, 20, tz="UTC")

cents = st.integers(1, 100_000).map(lambda n: Decimal(n) / 100)


@settings(max_examples=400, deadline=None)
@given(
    deposit=cents,
    fine=st.integers(0, 5_000).map(lambda n: Decimal(n) / 100),
    refund=st.sampled_from(STAKES_REFUNDS),
    pool=st.sampled_from(STAKES_POOLS),
    members=st.lists(
        st.tuples(st.sampled_from(["perfect", "passed", "failed"]), st.integers(0, 40)),
        max_size=30,
    ),
)
def test_settlement_totals_balance_to_the_cent(deposit, fine, refund, pool, members):
    rules = Stakes(deposit=deposit, fine_per_miss=fine, refund=refund, pool=pool)
    result = settle(rules, [(f"m{i}", o, m) for i, (o, m) in enumerate(members)])
    assert result.deposits == result.refunds + result.shares + result.kept
    assert result.pool == result.shares + result.kept
    assert result.kept >= 0
    for line in result.lines:
        assert 0 <= line.fines <= line.deposit == deposit
        assert line.fines == min(fine * line.missed, deposit)
        assert line.refund == (deposit - line.fines if refund == "deposit_minus_fines" else 0)
        for amount in (line.fines, line.refund, line.share, line.payout):
            assert amount == amount.quantize(Decimal("0.01"))
    takers = [line for line in result.lines if line.share]
    if takers:
        assert len({line.share for line in takers}) == 1
        assert result.kept < Decimal("0.01") * len(takers)


def test_a_worked_example():
    rules = Stakes(deposit=Decimal(100), fine_per_miss=Decimal(5))
    result = settle(
        rules,
        [("Ann", "perfect", 0), ("Ben", "perfect", 0), ("Cat", "passed", 2), ("Dan", "failed", 7)],
    )
    assert [(line.refund, line.share, line.payout) for line in result.lines] == [
        (Decimal("100.00"), Decimal("22.50"), Decimal("122.50")),
        (Decimal("100.00"), Decimal("22.50"), Decimal("122.50")),
        (Decimal("90.00"), Decimal("0.00"), Decimal("90.00")),
        (Decimal("65.00"), Decimal("0.00"), Decimal("65.00")),
    ]
    assert result.to_json()["totals"] == {
        "deposits": "400.00",
        "fines": "45.00",
        "refunds": "355.00",
        "pool": "45.00",
        "shares": "45.00",
        "kept": "0.00",
    }
    thirds = settle(
        Stakes(deposit=Decimal(10), fine_per_miss=Decimal(10)),
        [("A", "perfect", 0), ("B", "perfect", 0), ("C", "perfect", 0), ("D", "failed", 1)],
    )
    assert [line.share for line in thirds.lines[:3]] == [Decimal("3.33")] * 3
    assert thirds.kept == Decimal("0.01")
    text = render_settlement_text(result)
    assert text.splitlines()[-1] == (
        "Deposits 400.00 = refunds 355.00 + pool shares 45.00 + kept 0.00"
    )
    rows = render_settlement_csv(result).splitlines()
    assert rows[0] == "name,outcome,missed,deposit,fines,refund,share,payout"
    assert rows[-1] == "TOTAL,kept 0.00,9,400.00,45.00,355.00,45.00,400.00"


def camp_data(**stakes) -> dict:
    data = {
        "camp": {"name": "S", "days": 20},
        "windows": [{"name": "w", "open": "20:00", "due": "21:00"}],
    }
    data["stakes"] = stakes
    return data


def test_stakes_in_a_camp_file_are_checked_and_kept():
    defn = parse_definition(camp_data(deposit=99.5, fine_per_miss=5, pool="kept"))
    assert defn.stakes == Stakes(Decimal("99.5"), Decimal(5), "deposit_minus_fines", "kept")
    assert parse_definition(definition_to_dict(defn)) == defn
    for stakes, words in (
        ({}, "stakes.deposit: missing; add it, e.g. deposit = 100"),
        ({"deposit": 0}, "stakes.deposit: 0 is no deposit"),
        (
            {"deposit": 10.005},
            "stakes.deposit: 10.005 is not an amount from 0 to 1,000,000 with at most two decimals",
        ),
        ({"deposit": "100"}, 'stakes.deposit: "100" is text; write an amount'),
        ({"deposit": 100, "fine_per_miss": -1}, "stakes.fine_per_miss: -1 is not an amount"),
        ({"deposit": 100, "pool": "share"}, 'stakes.pool: "share" is not allowed'),
        ({"deposit": 100, "refund": "all"}, 'stakes.refund: "all" is not allowed'),
    ):
        with pytest.raises(DefinitionError) as caught:
            parse_definition(camp_data(**stakes))
        assert any(p.startswith(words) for p in caught.value.problems), caught.value.problems


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "stakes.db")


def stakes_camp(db, tmp_path, stakes: str = "deposit = 100\nfine_per_miss = 5\n"):
    text = (DATA / "cp.toml").read_text().replace('group = "pair"', 'group = "solo"')
    path = tmp_path / "stakes.toml"
    path.write_text(text + "\n[stakes]\n" + stakes)
    now = pendulum.datetime(2026, 11, 30, tz="UTC")
    camp = create_camp(db, str(path), name="Deposit", start=dt.date(2026, 12, 1), now=now)
    add_members(db, camp.slug, ["Ann", "Ben", "Cat"], now=now)
    plan = {"Ann": range(1, 8), "Ben": (1, 2, 4, 5, 6, 7), "Cat": (1, 2)}
    for day in camp_days(camp):
        for name, days in plan.items():
            if day.number in days:
                record_checkin(db, camp.slug, name, now=AFTER, at=day.slots[0].open.add(minutes=5))
    return camp


def test_a_camp_settles_with_leave_excused(db, tmp_path):
    camp = stakes_camp(db, tmp_path)
    grant_leave(db, camp.slug, "Ben", 3, reason="exam", now=AFTER)
    result = settlement_of(db, camp.slug, now=AFTER)
    assert result.final and result.as_of_day == 7
    lines = {line.name: (line.outcome, line.missed, str(line.payout)) for line in result.lines}
    # Cat's 5 missed days cost 25.00; Ann and Ben (on leave on day 3) share it.
    assert lines == {
        "Ann": ("perfect", 0, "112.50"),
        "Ben": ("perfect", 0, "112.50"),
        "Cat": ("failed", 5, "75.00"),
    }
    assert result.deposits == result.refunds + result.shares + result.kept
    early = settlement_of(db, camp.slug, now=pendulum.datetime(2026, 12, 3, 13, tz="UTC"))
    assert not early.final and early.as_of_day == 3


def test_a_camp_without_stakes_is_refused(db, tmp_path):
    now = pendulum.datetime(2026, 11, 30, tz="UTC")
    camp = create_camp(db, str(DATA / "cp.toml"), name="Free", start=dt.date(2026, 12, 1), now=now)
    with pytest.raises(CampError, match=r"has no \[stakes\] in its camp file"):
        settlement_of(db, camp.slug, now=AFTER)


def test_the_settlement_image_draws_a_name_with_emoji_as_the_cards_do():
    # A colour emoji font draws 👩🏽‍💻 in colour; without one it is a coloured tile.
    # Either way the name's cell holds colour, where a bare font drew grey boxes.
    import io

    from PIL import Image

    from camp.stakes_png import render_settlement_png

    rules = Stakes(deposit=Decimal(100), fine_per_miss=Decimal(5))
    settlement = settle(rules, [("Zoë 👩🏽‍💻", "perfect", 0), ("Bob", "failed", 2)], camp="s")
    image = Image.open(io.BytesIO(render_settlement_png(settlement))).convert("RGB")
    pixels = image.load()
    coloured = sum(
        1
        for x in range(0, min(image.width, 400))
        for y in range(150, 205)
        if max(pixels[x, y]) - min(pixels[x, y]) > 60
    )
    assert coloured > 30
