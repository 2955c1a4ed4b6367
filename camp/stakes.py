"""A deposit camp's settlement (SPEC section 11, ``[stakes]``): pure, exact to the cent.

Each member paid ``deposit``; each missed day costs ``fine_per_miss`` (never more than
the deposit). ``refund = "deposit_minus_fines"`` pays the rest back (``"none"``: nothing).
What is not refunded is the pool: split in equal shares among the perfect records
(``split_among_perfect``) or every finisher (``split_among_finishers``), or ``kept``.
Shares are whole cents, rounded down; the cents left over, and a pool nobody shares,
are kept by the organiser. So, always: deposits = refunds + shares + kept.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from camp.models import Stakes

__all__ = [
    "CENT",
    "COLUMNS",
    "Settlement",
    "StakeLine",
    "render_settlement_csv",
    "render_settlement_text",
    "settle",
]

CENT = Decimal("0.01")

#: The words of the text and PNG settlements, by the camp's language (the CSV and the
#: JSON keep their English names: other tools read them).
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Settlement of {camp} · as of day {day} ({state})",
        "final": "final",
        "open": "not final: the camp is not over",
        "rules": "Deposit {deposit} · fine {fine} a missed day · refund: {refund} · pool: {pool}",
        "totals": "Deposits {deposits} = refunds {refunds} + pool shares {shares} + kept {kept}",
        "deposit_minus_fines": "the deposit less the fines",
        "none": "none",
        "split_among_perfect": "split among the perfect records",
        "split_among_finishers": "split among everyone who finished",
        "kept": "kept by the organiser",
    },
    "zh": {
        "title": "{camp} 押金结算 · 截至第 {day} 天（{state}）",
        "final": "最终结果",
        "open": "尚未最终：营期还没结束",
        "rules": "押金 {deposit} · 每缺一天扣 {fine} · 退还：{refund} · 奖池：{pool}",
        "totals": "押金合计 {deposits} = 退还 {refunds} + 奖池分成 {shares} + 留存 {kept}",
        "deposit_minus_fines": "押金减去罚款",
        "none": "不退",
        "split_among_perfect": "全勤者平分",
        "split_among_finishers": "完成者平分",
        "kept": "归组织者",
    },
}
#: The column headings and outcomes of a Chinese text or PNG settlement.
_ZH_HEADINGS = ("成员", "结果", "缺勤天数", "押金", "罚款", "退还", "分成", "合计退还")
_ZH_OUTCOMES = {"perfect": "全勤", "passed": "合格", "failed": "未合格", "pending": "进行中"}


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT)


#: The ledger's columns, in the text, CSV and PNG settlements alike.
COLUMNS: tuple[str, ...] = (
    "name",
    "outcome",
    "missed",
    "deposit",
    "fines",
    "refund",
    "share",
    "payout",
)


@dataclass(frozen=True)
class StakeLine:
    """One member's money: ``payout`` is what they get back (refund + share)."""

    name: str
    outcome: str
    missed: int
    deposit: Decimal
    fines: Decimal
    refund: Decimal
    share: Decimal

    @property
    def payout(self) -> Decimal:
        return self.refund + self.share

    def cells(self) -> list[str]:
        """The line as the ledger's columns (:data:`COLUMNS`) show it."""
        return [
            self.name,
            self.outcome,
            str(self.missed),
            str(self.deposit),
            str(self.fines),
            str(self.refund),
            str(self.share),
            str(self.payout),
        ]

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "outcome": self.outcome,
            "missed": self.missed,
            "deposit": str(self.deposit),
            "fines": str(self.fines),
            "refund": str(self.refund),
            "share": str(self.share),
            "payout": str(self.payout),
        }


@dataclass(frozen=True)
class Settlement:
    """Every member's line and the totals, which balance to the cent."""

    camp: str
    as_of_day: int
    final: bool
    rules: Stakes
    lines: tuple[StakeLine, ...]
    kept: Decimal
    #: The camp's language: the words of the text and PNG settlements.
    language: str = "en"

    def headings(self) -> tuple[str, ...]:
        """The column headings of the text and PNG settlements."""
        return _ZH_HEADINGS if self.language == "zh" else COLUMNS

    def shown_cells(self, line: StakeLine) -> list[str]:
        """``line``'s cells as the text and PNG settlements show them."""
        cells = line.cells()
        if self.language == "zh":
            cells[1] = _ZH_OUTCOMES.get(cells[1], cells[1])
        return cells

    @property
    def deposits(self) -> Decimal:
        return sum((line.deposit for line in self.lines), Decimal("0.00"))

    @property
    def fines(self) -> Decimal:
        return sum((line.fines for line in self.lines), Decimal("0.00"))

    @property
    def refunds(self) -> Decimal:
        return sum((line.refund for line in self.lines), Decimal("0.00"))

    @property
    def pool(self) -> Decimal:
        """What was not refunded: forfeited deposits (the fines, or all of it)."""
        return self.deposits - self.refunds

    @property
    def shares(self) -> Decimal:
        return sum((line.share for line in self.lines), Decimal("0.00"))

    def to_json(self) -> dict:
        """The JSON of ``camp settle --format json``; amounts are decimal text."""
        return {
            "camp": self.camp,
            "as_of_day": self.as_of_day,
            "final": self.final,
            "rules": {
                "deposit": str(_cents(self.rules.deposit)),
                "fine_per_miss": str(_cents(self.rules.fine_per_miss)),
                "refund": self.rules.refund,
                "pool": self.rules.pool,
            },
            "members": [line.to_json() for line in self.lines],
            "totals": {
                "deposits": str(self.deposits),
                "fines": str(self.fines),
                "refunds": str(self.refunds),
                "pool": str(self.pool),
                "shares": str(self.shares),
                "kept": str(self.kept),
            },
        }


def settle(
    rules: Stakes,
    members: Sequence[tuple[str, str, int]],
    *,
    camp: str = "",
    as_of_day: int = 0,
    final: bool = True,
    language: str = "en",
) -> Settlement:
    """The settlement of ``members`` (name, outcome, missed days) under ``rules``."""
    deposit = _cents(rules.deposit)
    drafts = []
    for name, outcome, missed in members:
        fines = min(_cents(rules.fine_per_miss * missed), deposit)
        refund = deposit - fines if rules.refund == "deposit_minus_fines" else Decimal("0.00")
        drafts.append((name, outcome, missed, fines, refund))
    pool = sum((deposit - refund for *_, refund in drafts), Decimal("0.00"))
    sharing = {
        "split_among_perfect": ("perfect",),
        "split_among_finishers": ("perfect", "passed"),
        "kept": (),
    }[rules.pool]
    takers = sum(1 for _, outcome, *_ in drafts if outcome in sharing)
    share = (pool / takers).quantize(CENT, rounding=ROUND_DOWN) if takers else Decimal("0.00")
    lines = tuple(
        StakeLine(
            name,
            outcome,
            missed,
            deposit,
            fines,
            refund,
            share if outcome in sharing else Decimal("0.00"),
        )
        for name, outcome, missed, fines, refund in drafts
    )
    return Settlement(camp, as_of_day, final, rules, lines, pool - share * takers, language)


def render_settlement_text(settlement: Settlement) -> str:
    """The ledger as plain text in the camp's language: the rules, one line a member,
    the balancing totals."""
    rules = settlement.rules
    words = _WORDS.get(settlement.language, _WORDS["en"])
    state = words["final"] if settlement.final else words["open"]
    out = [
        words["title"].format(camp=settlement.camp, day=settlement.as_of_day, state=state),
        words["rules"].format(
            deposit=_cents(rules.deposit),
            fine=_cents(rules.fine_per_miss),
            refund=words[rules.refund],
            pool=words[rules.pool],
        ),
        "",
    ]
    header = settlement.headings()
    rows = [list(header)] + [settlement.shown_cells(line) for line in settlement.lines]
    from camp.textwidth import display_width, pad

    widths = [max(display_width(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        cells = [pad(row[0], widths[0]), pad(row[1], widths[1])]
        cells += [" " * (widths[i] - display_width(row[i])) + row[i] for i in range(2, 8)]
        out.append("  ".join(cells).rstrip())
    out += [
        "",
        words["totals"].format(
            deposits=settlement.deposits,
            refunds=settlement.refunds,
            shares=settlement.shares,
            kept=settlement.kept,
        ),
    ]
    return "\n".join(out) + "\n"


def render_settlement_csv(settlement: Settlement, *, raw: bool = False) -> str:
    """The ledger as CSV, a row a member and a last ``TOTAL`` row; names that a
    spreadsheet would run as a formula get a leading ' unless ``raw``."""
    from camp.exporters.csvfile import neutral_cell

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for line in settlement.lines:
        writer.writerow(
            [
                line.name if raw else neutral_cell(line.name),
                line.outcome,
                line.missed,
                line.deposit,
                line.fines,
                line.refund,
                line.share,
                line.payout,
            ]
        )
    writer.writerow(
        [
            "TOTAL",
            f"kept {settlement.kept}",
            sum(line.missed for line in settlement.lines),
            settlement.deposits,
            settlement.fines,
            settlement.refunds,
            settlement.shares,
            settlement.refunds + settlement.shares,
        ]
    )
    return buffer.getvalue()
